#include "store/postgres/postgres_types.h"

namespace tdm::store::pg {
namespace {

// char(n) stores n + VARHDRSZ in atttypmod.
constexpr int kObjectIdTypmod = 24 + 4;

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string_view PgTypeName(ColumnType type) {
  switch (type) {
    case ColumnType::kString:
      return "text";
    case ColumnType::kInteger:
      return "bigint";
    case ColumnType::kFloat:
      return "double precision";
    case ColumnType::kBoolean:
      return "boolean";
    case ColumnType::kDate:
      return "date";
    case ColumnType::kDateTime:
      return "timestamptz";
    case ColumnType::kObjectId:
      return "char(24)";
    case ColumnType::kUuid:
      return "uuid";
  }
  return "text";
}

ColumnType ColumnTypeFromPg(std::string_view type_name, int typmod) {
  if (type_name == "int2" || type_name == "int4" || type_name == "int8") {
    return ColumnType::kInteger;
  }
  if (type_name == "float4" || type_name == "float8" || type_name == "numeric") {
    return ColumnType::kFloat;
  }
  if (type_name == "bool") return ColumnType::kBoolean;
  if (type_name == "date") return ColumnType::kDate;
  if (type_name == "timestamp" || type_name == "timestamptz") return ColumnType::kDateTime;
  if (type_name == "uuid") return ColumnType::kUuid;
  if (type_name == "bpchar" && typmod == kObjectIdTypmod) return ColumnType::kObjectId;
  return ColumnType::kString;
}

std::string_view PgReadCast(ColumnType type) {
  switch (type) {
    case ColumnType::kInteger:
      return "int8";
    case ColumnType::kFloat:
      return "float8";
    case ColumnType::kBoolean:
      return "bool";
    case ColumnType::kDate:
      return "date";
    case ColumnType::kDateTime:
      return "timestamptz";
    case ColumnType::kUuid:
      return "uuid";
    case ColumnType::kString:
    case ColumnType::kObjectId:
      return "text";
  }
  return "text";
}

std::string QuoteIdentifier(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 2);
  out += '"';
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string QuoteLiteral(std::string_view value) {
  // E'' strings treat backslashes as escapes whatever standard_conforming_strings says, so
  // doubling both quote and backslash is always right.
  std::string out = "E'";
  out.reserve(value.size() + 3);
  for (char c : value) {
    if (c == '\'' || c == '\\') out += c;
    out += c;
  }
  out += '\'';
  return out;
}

std::string IdentifierProblem(std::string_view name) {
  if (name.empty()) return "is empty";
  if (name.find('\0') != std::string_view::npos) return "contains a NUL byte";
  if (name.size() > kMaxIdentifierBytes) {
    return "is " + std::to_string(name.size()) + " bytes long; PostgreSQL names are at most " +
           std::to_string(kMaxIdentifierBytes);
  }
  return "";
}

std::string LikePrefixPattern(std::string_view prefix) {
  std::string out;
  out.reserve(prefix.size() + 1);
  for (char c : prefix) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  out += '%';
  return out;
}

bool ParseUuid(std::string_view text, uint8_t out[16]) {
  int nibbles = 0;
  for (char c : text) {
    if (c == '-') continue;
    int v = HexDigit(c);
    if (v < 0 || nibbles == 32) return false;
    if (nibbles % 2 == 0) {
      out[nibbles / 2] = static_cast<uint8_t>(v << 4);
    } else {
      out[nibbles / 2] |= static_cast<uint8_t>(v);
    }
    ++nibbles;
  }
  return nibbles == 32;
}

void AppendUuid(const uint8_t bytes[16], std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 0xf];
  }
}

}  // namespace tdm::store::pg
