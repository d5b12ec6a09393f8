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

}  // namespace

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
