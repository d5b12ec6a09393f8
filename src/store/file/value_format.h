// Value formatting shared by the file writers: JSON strings, numbers, CSV fields, SQL literals.
//
// Everything appends to a caller's std::string so the writers build whole chunks of output
// without a per-value allocation or ostream call. Output is locale-free and identical everywhere.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace tdm::store {

// `text` as a quoted JSON string. Escapes '"', '\\' and control characters (\b \f \n \r \t, else
// \u00XX); every other byte, UTF-8 included, is copied as is.
void AppendJsonString(std::string_view text, std::string& out);

inline void AppendInt(int64_t value, std::string& out) {
  char buf[24];
  auto result = std::to_chars(buf, buf + sizeof(buf), value);
  out.append(buf, result.ptr);
}

// The shortest text that reads back as the same double ("0.1", "1e+300"), with ".0" added to
// integral values so they read back as floats ("7.0"). Only for finite values.
void AppendDouble(double value, std::string& out);

// An RFC 4180 field: quoted (quotes doubled) when it holds a comma, quote, CR or LF, and also when
// it is empty, so that an empty string ("") differs from NULL (an empty field).
void AppendCsvField(std::string_view text, std::string& out);

// 'text' with quotes doubled, a standard SQL string literal.
void AppendSqlString(std::string_view text, std::string& out);

// "name" with quotes doubled, a standard SQL delimited identifier.
void AppendSqlIdentifier(std::string_view name, std::string& out);

}  // namespace tdm::store
