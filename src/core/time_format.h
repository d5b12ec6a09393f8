// Calendar arithmetic and ISO-8601 text for the two temporal column types.
//
// Dates are days since 1970-01-01 and datetimes microseconds since 1970-01-01T00:00:00Z (UTC, no
// leap seconds). Formatting is locale-free and identical on every platform; every sink uses it.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "tdm/status.h"

namespace tdm {

constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;

struct CivilDate {
  int64_t year;
  int month;  // 1..12
  int day;    // 1..31
};

int64_t DaysFromCivil(CivilDate date);
CivilDate CivilFromDays(int64_t days);

// "2024-01-15"
void AppendDate(int64_t days, std::string& out);
// "2024-01-15T10:30:45Z", with ".ffffff" only when the microseconds are not zero.
void AppendDateTime(int64_t micros, std::string& out);
std::string FormatDate(int64_t days);
std::string FormatDateTime(int64_t micros);

// Accepts "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SS[.ffffff][Z|+HH:MM]" and a space instead of 'T'.
std::optional<int64_t> ParseDateTime(std::string_view text);
std::optional<int64_t> ParseDate(std::string_view text);

// "90s", "30m", "8h", "7d" (a bare number is hours).
Result<std::chrono::seconds> ParseDuration(const std::string& text);

}  // namespace tdm
