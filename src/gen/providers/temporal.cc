// Temporal providers. "Now" is the dataset version's pinned reference time, never the wall clock,
// so `created_at < now()` holds and the bytes stay the same on every day the spec is generated.
#include "core/time_format.h"
#include "gen/permutation.h"
#include "gen/provider_registry.h"
#include "gen/providers/provider_util.h"
#include "gen/rng.h"

namespace tdm::gen {
namespace {

constexpr int64_t kDefaultSpanDays = int64_t{3} * 365;

struct Bounds {
  int64_t lo;
  int64_t hi;
};

// Datetimes are drawn at whole seconds; bounds are in microseconds.
Bounds DateTimeSeconds(const FieldSpec& f, const GenerationContext& ctx) {
  int64_t hi = f.int_max.value_or(ctx.reference_time - kMicrosPerSecond);
  int64_t lo = f.int_min.value_or(hi - kDefaultSpanDays * kMicrosPerDay);
  auto ceil_div = [](int64_t a, int64_t b) { return a / b + ((a % b != 0) && (a > 0)); };
  auto floor_div = [](int64_t a, int64_t b) { return a / b - ((a % b != 0) && (a < 0)); };
  return {ceil_div(lo, kMicrosPerSecond), floor_div(hi, kMicrosPerSecond)};
}

Bounds DateDays(const FieldSpec& f, const GenerationContext& ctx) {
  int64_t today = ctx.reference_time / kMicrosPerDay;
  int64_t hi = f.int_max.value_or(today - 1);
  int64_t lo = f.int_min.value_or(hi - kDefaultSpanDays);
  return {lo, hi};
}

std::unique_ptr<ColumnGenerator> Uniform(uint64_t key, bool unique, Bounds b, int64_t unit) {
  if (unique) {
    KeyedPermutation perm(static_cast<uint64_t>(b.hi - b.lo) + 1, key);
    return MakeGenerator([perm, b, unit](int64_t row, Column& out) {
      out.AppendInt((b.lo + static_cast<int64_t>(perm.Apply(static_cast<uint64_t>(row)))) * unit);
    });
  }
  return MakeGenerator([key, b, unit](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    out.AppendInt(rng.Between(b.lo, b.hi) * unit);
  });
}

std::optional<uint64_t> Domain(Bounds b) {
  return b.hi < b.lo ? 0 : static_cast<uint64_t>(b.hi - b.lo) + 1;
}

}  // namespace

void RegisterTemporalProviders(ProviderRegistry& registry) {
  registry.Add({"datetime",
                "datetime",
                "instant in [min, max] at whole seconds; default: the 3 years before the "
                "reference time",
                "min, max (ISO-8601 or relative: now, now-30d), constraint \"< now()\", unique",
                {ColumnType::kDateTime},
                [](const FieldSpec& f) { return Domain(DateTimeSeconds(f, GenerationContext{})); },
                [](const ProviderArgs& a) -> Result<std::unique_ptr<ColumnGenerator>> {
                  return Uniform(a.key(), a.field.unique, DateTimeSeconds(a.field, a.context),
                                 kMicrosPerSecond);
                },
                [](const GenerationContext& ctx) {
                  Bounds b = DateTimeSeconds(FieldSpec{}, ctx);
                  return ValueRange{static_cast<double>(b.lo * kMicrosPerSecond),
                                    static_cast<double>(b.hi * kMicrosPerSecond)};
                }});
  registry.Add({"date",
                "datetime",
                "calendar date in [min, max]; default: the 3 years before the reference date",
                "min, max, constraint, unique",
                {ColumnType::kDate},
                [](const FieldSpec& f) { return Domain(DateDays(f, GenerationContext{})); },
                [](const ProviderArgs& a) -> Result<std::unique_ptr<ColumnGenerator>> {
                  return Uniform(a.key(), a.field.unique, DateDays(a.field, a.context), 1);
                },
                [](const GenerationContext& ctx) {
                  Bounds b = DateDays(FieldSpec{}, ctx);
                  return ValueRange{static_cast<double>(b.lo), static_cast<double>(b.hi)};
                }});
}

}  // namespace tdm::gen
