#include "gen/providers/clock_window.h"

#include <algorithm>
#include <charconv>
#include <string>

#include "core/time_format.h"

namespace tdm::gen {
namespace {

constexpr int64_t kSecondsPerDay = 86'400;
constexpr int64_t kMaxSpanSeconds = int64_t{1000} * 365 * kSecondsPerDay;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && (a < 0)); }
int64_t CeilDiv(int64_t a, int64_t b) { return a / b + ((a % b != 0) && (a > 0)); }

Result<int64_t> Within(const FieldSpec& field) {
  std::string text = field.Option("within", "1y");
  std::optional<int64_t> span = ParseClockSpan(text);
  if (!span) {
    return Status(StatusCode::kSpecError,
                  "options.within '" + text +
                      "' is not a span such as 30d, 12h or 2y (a positive whole number and one "
                      "of s, m, h, d, w, y; at most 1000y)",
                  field.where);
  }
  return *span;
}

// Narrows `w` by the field's min/max; a window unit holds `unit` of the bounds' units (1 when the
// column stores the window's units).
Result<ClockWindow> Narrow(const FieldSpec& field, ClockWindow w, int64_t unit) {
  if (field.int_min) w.lo = std::max(w.lo, CeilDiv(*field.int_min, unit));
  if (field.int_max) w.hi = std::min(w.hi, FloorDiv(*field.int_max, unit));
  if (w.lo > w.hi) {
    return Status(StatusCode::kSpecError,
                  "min/max leave no value in the window of " + field.provider, field.where);
  }
  return w;
}

}  // namespace

std::optional<int64_t> ParseClockSpan(std::string_view text) {
  if (text.size() < 2) return std::nullopt;
  int64_t unit = 0;
  switch (text.back()) {
    case 's':
      unit = 1;
      break;
    case 'm':
      unit = 60;
      break;
    case 'h':
      unit = 3600;
      break;
    case 'd':
      unit = kSecondsPerDay;
      break;
    case 'w':
      unit = 7 * kSecondsPerDay;
      break;
    case 'y':
      unit = 365 * kSecondsPerDay;
      break;
    default:
      return std::nullopt;
  }
  std::string_view digits = text.substr(0, text.size() - 1);
  int64_t count = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), count);
  if (ec != std::errc() || end != digits.data() + digits.size() || count <= 0 ||
      count > kMaxSpanSeconds / unit) {
    return std::nullopt;
  }
  return count * unit * kMicrosPerSecond;
}

Result<ClockWindow> DateTimeWindow(const FieldSpec& field, const GenerationContext& context,
                                   ClockDirection direction) {
  TDM_ASSIGN_OR_RETURN(int64_t within, Within(field));
  int64_t now = context.reference_time;
  ClockWindow w{};
  if (direction == ClockDirection::kPast) {
    w = {CeilDiv(now - within, kMicrosPerSecond), CeilDiv(now, kMicrosPerSecond) - 1};
  } else {
    w = {FloorDiv(now, kMicrosPerSecond) + 1, FloorDiv(now + within, kMicrosPerSecond)};
  }
  return Narrow(field, w, kMicrosPerSecond);
}

Result<ClockWindow> DateWindow(const FieldSpec& field, const GenerationContext& context,
                               ClockDirection direction) {
  TDM_ASSIGN_OR_RETURN(int64_t within, Within(field));
  int64_t days = within / kMicrosPerDay;
  if (days == 0) {
    return Status(
        StatusCode::kSpecError,
        "options.within must be at least 1d for " + field.provider + ", which yields whole days",
        field.where);
  }
  int64_t today = FloorDiv(context.reference_time, kMicrosPerDay);
  ClockWindow w = direction == ClockDirection::kPast ? ClockWindow{today - days, today - 1}
                                                     : ClockWindow{today + 1, today + days};
  return Narrow(field, w, 1);
}

Result<ClockWindow> UnixTimeWindow(const FieldSpec& field, const GenerationContext& context) {
  int64_t now = context.reference_time;
  int64_t today = FloorDiv(now, kMicrosPerDay);
  CivilDate date = CivilFromDays(today);
  date.year -= 10;
  if (date.month == 2 && date.day == 29) date.day = 28;
  int64_t second_of_day = FloorDiv(now, kMicrosPerSecond) - today * kSecondsPerDay;
  ClockWindow w{DaysFromCivil(date) * kSecondsPerDay + second_of_day,
                CeilDiv(now, kMicrosPerSecond) - 1};
  return Narrow(field, w, 1);  // an integer column: its bounds are seconds already
}

}  // namespace tdm::gen
