#include "store/file/value_format.h"

#include <array>

#include "core/time_format.h"

namespace tdm::store {
namespace {

// For each byte: 0 when it is copied as is, else the letter after the backslash ('u' = \u00XX).
constexpr std::array<char, 256> MakeJsonEscapes() {
  std::array<char, 256> table{};
  for (int c = 0; c < 0x20; ++c) table[c] = 'u';
  table['\b'] = 'b';
  table['\f'] = 'f';
  table['\n'] = 'n';
  table['\r'] = 'r';
  table['\t'] = 't';
  table['"'] = '"';
  table['\\'] = '\\';
  return table;
}

constexpr std::array<char, 256> kJsonEscapes = MakeJsonEscapes();

void AppendQuoted(std::string_view text, char quote, std::string& out) {
  out.push_back(quote);
  size_t start = 0;
  for (size_t pos = text.find(quote); pos != std::string_view::npos;
       pos = text.find(quote, pos + 1)) {
    out.append(text.data() + start, pos + 1 - start);
    out.push_back(quote);
    start = pos + 1;
  }
  out.append(text.data() + start, text.size() - start);
  out.push_back(quote);
}

void PutDigits(int64_t value, int width, char* out) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

// "YYYY-MM-DD" into out[0..10); false for years that are not four digits.
bool PutDate(int64_t days, char* out) {
  CivilDate date = CivilFromDays(days);
  if (date.year < 0 || date.year > 9999) return false;
  PutDigits(date.year, 4, out);
  out[4] = '-';
  PutDigits(date.month, 2, out + 5);
  out[7] = '-';
  PutDigits(date.day, 2, out + 8);
  return true;
}

}  // namespace

void AppendIsoDate(int64_t days, std::string& out) {
  char text[10];
  if (!PutDate(days, text)) return AppendDate(days, out);  // other years: core's padding rules
  out.append(text, sizeof(text));
}

void AppendIsoDateTime(int64_t micros, std::string& out) {
  int64_t days = micros / kMicrosPerDay;
  int64_t rem = micros % kMicrosPerDay;
  if (rem < 0) {
    --days;
    rem += kMicrosPerDay;
  }
  char text[28];  // YYYY-MM-DDTHH:MM:SS.ffffffZ
  if (!PutDate(days, text)) return AppendDateTime(micros, out);
  int64_t seconds = rem / kMicrosPerSecond;
  int64_t fraction = rem % kMicrosPerSecond;
  text[10] = 'T';
  PutDigits(seconds / 3600, 2, text + 11);
  text[13] = ':';
  PutDigits(seconds / 60 % 60, 2, text + 14);
  text[16] = ':';
  PutDigits(seconds % 60, 2, text + 17);
  size_t size = 19;
  if (fraction != 0) {
    text[size++] = '.';
    PutDigits(fraction, 6, text + size);
    size += 6;
  }
  text[size++] = 'Z';
  out.append(text, size);
}

void AppendJsonString(std::string_view text, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  const char* data = text.data();
  size_t run = 0;  // start of the bytes not yet copied
  for (size_t i = 0; i < text.size(); ++i) {
    char escape = kJsonEscapes[static_cast<unsigned char>(data[i])];
    if (escape == 0) continue;
    out.append(data + run, i - run);
    run = i + 1;
    out.push_back('\\');
    out.push_back(escape);
    if (escape == 'u') {
      auto byte = static_cast<unsigned char>(data[i]);
      out.append("00", 2);
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0xf]);
    }
  }
  out.append(data + run, text.size() - run);
  out.push_back('"');
}

void AppendDouble(double value, std::string& out) {
  char buf[32];
  auto result = std::to_chars(buf, buf + sizeof(buf), value);
  out.append(buf, result.ptr);
  for (const char* p = buf; p < result.ptr; ++p) {
    if (*p == '.' || *p == 'e') return;
  }
  out.append(".0", 2);
}

void AppendCsvField(std::string_view text, std::string& out) {
  bool quote = text.empty();
  for (char c : text) quote |= c == ',' || c == '"' || c == '\r' || c == '\n';
  if (quote) {
    AppendQuoted(text, '"', out);
  } else {
    out.append(text);
  }
}

void AppendSqlString(std::string_view text, std::string& out) { AppendQuoted(text, '\'', out); }

void AppendSqlIdentifier(std::string_view name, std::string& out) { AppendQuoted(name, '"', out); }

}  // namespace tdm::store
