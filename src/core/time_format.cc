#include "core/time_format.h"

#include <cstdio>
#include <cstdlib>

namespace tdm {
namespace {

// Floor division, so that dates before 1970 map to the right day.
int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Zero-padded decimal; hot in every writer, so no printf.
void AppendPadded(int64_t value, int width, std::string& out) {
  if (value < 0) {
    out.push_back('-');
    value = -value;
    --width;
  }
  char buf[24];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value > 0);
  while (n < width) buf[n++] = '0';
  while (n > 0) out.push_back(buf[--n]);
}

bool ReadDigits(std::string_view text, size_t& pos, int count, int64_t& value) {
  value = 0;
  for (int i = 0; i < count; ++i, ++pos) {
    if (pos >= text.size() || text[pos] < '0' || text[pos] > '9') return false;
    value = value * 10 + (text[pos] - '0');
  }
  return true;
}

bool Expect(std::string_view text, size_t& pos, char c) {
  if (pos < text.size() && text[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

int DaysInMonth(int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

// Era-based conversion: 400-year eras of 146097 days, years starting in March so the leap day is
// the last day of the year.
int64_t DaysFromCivil(CivilDate date) {
  int64_t y = date.year - (date.month <= 2 ? 1 : 0);
  int64_t era = FloorDiv(y, 400);
  int64_t year_of_era = y - era * 400;
  int64_t shifted_month = (date.month + 9) % 12;
  int64_t day_of_year = (153 * shifted_month + 2) / 5 + date.day - 1;
  int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

CivilDate CivilFromDays(int64_t days) {
  days += 719468;
  int64_t era = FloorDiv(days, 146097);
  int64_t day_of_era = days - era * 146097;
  int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  int64_t shifted_month = (5 * day_of_year + 2) / 153;
  int day = static_cast<int>(day_of_year - (153 * shifted_month + 2) / 5 + 1);
  int month = static_cast<int>(shifted_month < 10 ? shifted_month + 3 : shifted_month - 9);
  int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  return {year, month, day};
}

namespace {

// Fixed-width digits into a buffer: the writers format a date per value, so this path avoids
// both printf and per-character appends.
void PutDigits(int64_t value, int width, char* out) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

// YYYY-MM-DD into out[0..10), for years 0..9999; false for other years.
bool PutDate(int64_t days, char* out) {
  CivilDate d = CivilFromDays(days);
  if (d.year < 0 || d.year > 9999) return false;
  PutDigits(d.year, 4, out);
  out[4] = '-';
  PutDigits(d.month, 2, out + 5);
  out[7] = '-';
  PutDigits(d.day, 2, out + 8);
  return true;
}

void AppendDateSlow(int64_t days, std::string& out) {
  CivilDate d = CivilFromDays(days);
  AppendPadded(d.year, 4, out);
  out.push_back('-');
  AppendPadded(d.month, 2, out);
  out.push_back('-');
  AppendPadded(d.day, 2, out);
}

}  // namespace

void AppendDate(int64_t days, std::string& out) {
  char text[10];
  if (!PutDate(days, text)) return AppendDateSlow(days, out);
  out.append(text, sizeof(text));
}

void AppendDateTime(int64_t micros, std::string& out) {
  int64_t days = FloorDiv(micros, kMicrosPerDay);
  int64_t rem = micros - days * kMicrosPerDay;
  char text[28];  // YYYY-MM-DDTHH:MM:SS.ffffffZ
  size_t size = 10;
  if (!PutDate(days, text)) {
    AppendDateSlow(days, out);
    size = 0;
  }
  int64_t seconds = rem / kMicrosPerSecond;
  int64_t fraction = rem % kMicrosPerSecond;
  text[size] = 'T';
  PutDigits(seconds / 3600, 2, text + size + 1);
  text[size + 3] = ':';
  PutDigits(seconds / 60 % 60, 2, text + size + 4);
  text[size + 6] = ':';
  PutDigits(seconds % 60, 2, text + size + 7);
  size += 9;
  if (fraction != 0) {
    text[size++] = '.';
    PutDigits(fraction, 6, text + size);
    size += 6;
  }
  text[size++] = 'Z';
  out.append(text, size);
}

std::string FormatDate(int64_t days) {
  std::string s;
  AppendDate(days, s);
  return s;
}

std::string FormatDateTime(int64_t micros) {
  std::string s;
  AppendDateTime(micros, s);
  return s;
}

std::optional<int64_t> ParseDateTime(std::string_view text) {
  size_t pos = 0;
  int64_t year = 0;
  int64_t month = 0;
  int64_t day = 0;
  if (!ReadDigits(text, pos, 4, year) || !Expect(text, pos, '-') ||
      !ReadDigits(text, pos, 2, month) || !Expect(text, pos, '-') ||
      !ReadDigits(text, pos, 2, day)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, static_cast<int>(month))) {
    return std::nullopt;
  }
  int64_t micros =
      DaysFromCivil({year, static_cast<int>(month), static_cast<int>(day)}) * kMicrosPerDay;
  if (pos == text.size()) return micros;
  if (text[pos] != 'T' && text[pos] != ' ') return std::nullopt;
  ++pos;
  int64_t hour = 0;
  int64_t minute = 0;
  int64_t second = 0;
  if (!ReadDigits(text, pos, 2, hour) || !Expect(text, pos, ':') ||
      !ReadDigits(text, pos, 2, minute)) {
    return std::nullopt;
  }
  if (Expect(text, pos, ':') && !ReadDigits(text, pos, 2, second)) return std::nullopt;
  if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
  micros += ((hour * 60 + minute) * 60 + second) * kMicrosPerSecond;
  if (Expect(text, pos, '.')) {
    int64_t fraction = 0;
    int digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 6) {
        fraction = fraction * 10 + (text[pos] - '0');
        ++digits;
      }
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    for (; digits < 6; ++digits) fraction *= 10;
    micros += fraction;
  }
  if (pos == text.size()) return micros;
  if (Expect(text, pos, 'Z')) {
    if (pos != text.size()) return std::nullopt;
    return micros;
  }
  if (text[pos] == '+' || text[pos] == '-') {
    int64_t sign = text[pos] == '+' ? 1 : -1;
    ++pos;
    int64_t oh = 0;
    int64_t om = 0;
    if (!ReadDigits(text, pos, 2, oh)) return std::nullopt;
    Expect(text, pos, ':');
    if (!ReadDigits(text, pos, 2, om) || pos != text.size()) return std::nullopt;
    return micros - sign * (oh * 60 + om) * 60 * kMicrosPerSecond;
  }
  return std::nullopt;
}

std::optional<int64_t> ParseDate(std::string_view text) {
  if (text.size() != 10) return std::nullopt;
  auto micros = ParseDateTime(text);
  if (!micros) return std::nullopt;
  return *micros / kMicrosPerDay;
}

Result<std::chrono::seconds> ParseDuration(const std::string& text) {
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  std::string unit = end ? std::string(end) : "";
  double scale = unit == "s"                   ? 1
                 : unit == "m"                 ? 60
                 : unit == "h" || unit.empty() ? 3600
                 : unit == "d"                 ? 86400
                                               : -1;
  if (text.empty() || end == text.c_str() || scale < 0 || !(value > 0)) {
    return Status(StatusCode::kInvalidArgument,
                  "duration '" + text + "' must be a positive number with s, m, h or d, e.g. 8h");
  }
  // Ten years: far beyond any retention, and far from overflowing a clock's arithmetic.
  constexpr double kLongest = 3650.0 * 86400;
  if (!(value * scale <= kLongest)) {
    return Status(StatusCode::kInvalidArgument,
                  "duration '" + text + "' is longer than 3650d (ten years)");
  }
  return std::chrono::seconds(static_cast<int64_t>(value * scale));
}

}  // namespace tdm
