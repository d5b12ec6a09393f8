// noise: a bounded, deterministic shift of numbers, dates and datetimes.
//
// The shift is drawn from a keyed hash of the original, so the same value always moves the same
// way. Numbers move by at most `spread` of their size and keep their sign (an order of magnitude
// stays an order of magnitude) and their number of decimals; dates and datetimes move by 1 to
// `max_days` days either way, never by zero, and stay valid dates.
#include <charconv>
#include <cmath>
#include <limits>

#include "mask/keyed_hash.h"
#include "mask/strategy.h"

namespace tdm::mask {
namespace {

constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr int64_t kSecondsPerDay = 86'400;

// Decimal places in the shortest form that reads back as `v` (at most 6).
int DecimalsOf(double v) {
  if (std::fabs(v) >= 1e15) return 0;  // no fractional digits left to keep
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  if (ec != std::errc()) return 0;
  std::string_view text(buf, static_cast<size_t>(end - buf));
  size_t dot = text.find('.');
  if (dot == std::string_view::npos) return 0;
  return static_cast<int>(std::min<size_t>(text.size() - dot - 1, 6));
}

class NoiseMasker : public ColumnMasker {
 public:
  NoiseMasker(const MaskRule& rule, ColumnType type)
      : hash_(rule.key), spread_(rule.spread), max_days_(rule.max_days), type_(type) {}

  Status Mask(const Column& in, size_t rows, Column& out) override {
    for (size_t r = 0; r < rows; ++r) {
      if (CopyNull(in, r, out)) continue;
      scratch_.clear();
      AppendCanonical(in, r, scratch_);
      uint64_t draw = hash_.Mac64(scratch_);
      switch (type_) {
        case ColumnType::kInteger:
          out.AppendInt(ShiftInteger(in.GetInt(r), draw));
          break;
        case ColumnType::kFloat:
          out.AppendDouble(ShiftFloat(in.GetDouble(r), draw));
          break;
        case ColumnType::kDate:
          out.AppendInt(in.GetInt(r) + DayShift(draw));
          break;
        default:  // datetime: whole seconds, so the sub-second part stays as it was
          out.AppendInt(in.GetInt(r) + SecondShift(draw) * kMicrosPerSecond);
      }
    }
    return Status::Ok();
  }

 private:
  // 1..n, and a sign from the draw's top bit.
  static int64_t SignedDraw(uint64_t draw, int64_t n) {
    int64_t magnitude = 1 + static_cast<int64_t>((draw >> 1) % static_cast<uint64_t>(n));
    return (draw >> 63) != 0 ? -magnitude : magnitude;
  }

  int64_t DayShift(uint64_t draw) const { return SignedDraw(draw, max_days_); }
  int64_t SecondShift(uint64_t draw) const { return SignedDraw(draw, max_days_ * kSecondsPerDay); }

  int64_t ShiftInteger(int64_t v, uint64_t draw) const {
    if (v == 0 || v == std::numeric_limits<int64_t>::min()) return v;
    int64_t size = v < 0 ? -v : v;
    auto bound = static_cast<int64_t>(static_cast<double>(size) * spread_);
    if (bound < 1) return v;  // too small to move without changing its magnitude
    int64_t delta = SignedDraw(draw, bound);
    // Stay on the same side of zero (and inside int64).
    if (size - (delta < 0 ? -delta : delta) <= 0 && (delta < 0) == (v > 0)) delta = -delta;
    if (v > 0 && delta > std::numeric_limits<int64_t>::max() - v) delta = -delta;
    if (v < 0 && delta < std::numeric_limits<int64_t>::min() - v) delta = -delta;
    return v + delta;
  }

  double ShiftFloat(double v, uint64_t draw) const {
    if (v == 0 || !std::isfinite(v)) return v;
    // A factor in [1 - spread, 1 + spread] from the draw's top 53 bits.
    double unit = static_cast<double>(draw >> 11) * 0x1.0p-53;
    double bound = spread_ * std::fabs(v);
    double delta = bound * (2.0 * unit - 1.0);
    double moved = v + delta;
    if (!std::isfinite(moved)) moved = v - delta;  // near the largest double: move inwards
    int decimals = DecimalsOf(v);
    if (decimals == 0 && std::fabs(v) >= 1e15) return moved;
    double scale = std::pow(10.0, decimals);
    double units = std::round(moved * scale);
    // Rounding back to the original's decimals may step past the bound: step back inside.
    if (std::fabs(units / scale - v) > bound) units -= std::copysign(1.0, units / scale - v);
    double rounded = units / scale;
    if (std::fabs(rounded - v) > bound || (rounded > 0) != (v > 0)) return v;
    return rounded;
  }

  KeyedHash hash_;
  double spread_;
  int64_t max_days_;
  ColumnType type_;
  std::string scratch_;
};

Result<std::unique_ptr<ColumnMasker>> MakeNoise(const MaskRule& rule, const ColumnSchema& column) {
  switch (column.type) {
    case ColumnType::kInteger:
    case ColumnType::kFloat:
    case ColumnType::kDate:
    case ColumnType::kDateTime:
      break;
    default:
      return Status(StatusCode::kSpecError,
                    "noise moves numbers and dates; column '" + column.name + "' is " +
                        std::string(ColumnTypeName(column.type)) + " (use hash, fpe or anonymize)");
  }
  if (column.unique || column.primary_key) {
    return Status(StatusCode::kSpecError, "column '" + column.name +
                                              "' is unique, and noise could move two values "
                                              "onto one; use fpe");
  }
  if (!(rule.spread > 0 && rule.spread < 1)) {
    return Status(StatusCode::kSpecError, "noise `spread` must be between 0 and 1 (0.1 = 10%)");
  }
  if (rule.max_days < 1 || rule.max_days > 36'500) {
    return Status(StatusCode::kSpecError, "noise `max_days` must be between 1 and 36500");
  }
  return std::unique_ptr<ColumnMasker>(new NoiseMasker(rule, column.type));
}

}  // namespace

void AddNoiseStrategy(std::vector<Strategy>& out) {
  out.push_back(
      {"noise", "a bounded deterministic shift of numbers and dates", true, false, MakeNoise});
}

}  // namespace tdm::mask
