// The windows of the relative clock providers (past_datetime, future_date, unix_time, ...): which
// instants or dates lie "within 30d before the reference time", in whole units.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "gen/field_spec.h"
#include "tdm/status.h"

namespace tdm::gen {

// An inclusive range of whole units (seconds for datetimes, days for dates).
struct ClockWindow {
  int64_t lo;
  int64_t hi;
};

enum class ClockDirection { kPast, kFuture };

// "30d" as microseconds: a positive count followed by s, m (minutes), h, d, w or y (365 days),
// at most 1000 years; nullopt for anything else.
std::optional<int64_t> ParseClockSpan(std::string_view text);

// Whole seconds strictly before (past) or after (future) the reference time and no further from
// it than the field's `within` option (default 1y), narrowed by the field's min/max (microseconds).
Result<ClockWindow> DateTimeWindow(const FieldSpec& field, const GenerationContext& context,
                                   ClockDirection direction);

// Days before (past) or after (future) the reference date, at most `within` whole days away,
// narrowed by the field's min/max (days).
Result<ClockWindow> DateWindow(const FieldSpec& field, const GenerationContext& context,
                               ClockDirection direction);

// Unix seconds from ten calendar years before the reference time to the second before it,
// narrowed by the field's min/max.
Result<ClockWindow> UnixTimeWindow(const FieldSpec& field, const GenerationContext& context);

}  // namespace tdm::gen
