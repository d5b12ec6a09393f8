#include "store/file/value_inference.h"

#include <charconv>

#include "core/time_format.h"

namespace tdm::store {
namespace {

bool IsHex(char c, bool lower_only) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (!lower_only && c >= 'A' && c <= 'F');
}

bool IsObjectId(std::string_view s) {
  if (s.size() != 24) return false;
  for (char c : s) {
    if (!IsHex(c, true)) return false;
  }
  return true;
}

bool IsUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !IsHex(s[i], false)) return false;
  }
  return true;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// JSON number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?; sets `integral` when there
// is neither fraction nor exponent.
bool IsJsonNumber(std::string_view s, bool& integral) {
  size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  if (i >= s.size() || !IsDigit(s[i])) return false;
  if (s[i] == '0') {
    ++i;
  } else {
    while (i < s.size() && IsDigit(s[i])) ++i;
  }
  integral = true;
  if (i < s.size() && s[i] == '.') {
    integral = false;
    if (++i >= s.size() || !IsDigit(s[i])) return false;
    while (i < s.size() && IsDigit(s[i])) ++i;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    integral = false;
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (i >= s.size() || !IsDigit(s[i])) return false;
    while (i < s.size() && IsDigit(s[i])) ++i;
  }
  return i == s.size();
}

}  // namespace

ValueKind MergeKinds(ValueKind a, ValueKind b) {
  if (a == b || b == ValueKind::kNull) return a;
  if (a == ValueKind::kNull) return b;
  auto either = [&](ValueKind x, ValueKind y) { return (a == x && b == y) || (a == y && b == x); };
  if (either(ValueKind::kInteger, ValueKind::kFloat)) return ValueKind::kFloat;
  if (either(ValueKind::kDate, ValueKind::kDateTime)) return ValueKind::kDateTime;
  return ValueKind::kText;
}

ColumnType ColumnTypeFor(ValueKind kind) {
  switch (kind) {
    case ValueKind::kBoolean:
      return ColumnType::kBoolean;
    case ValueKind::kInteger:
      return ColumnType::kInteger;
    case ValueKind::kFloat:
      return ColumnType::kFloat;
    case ValueKind::kObjectId:
      return ColumnType::kObjectId;
    case ValueKind::kUuid:
      return ColumnType::kUuid;
    case ValueKind::kDate:
      return ColumnType::kDate;
    case ValueKind::kDateTime:
      return ColumnType::kDateTime;
    case ValueKind::kNull:
    case ValueKind::kText:
      return ColumnType::kString;
  }
  return ColumnType::kString;
}

void ClassifyString(std::string_view text, Cell& cell) {
  cell.text.assign(text);
  cell.kind = ValueKind::kText;
  if (IsObjectId(text)) {
    cell.kind = ValueKind::kObjectId;
  } else if (IsUuid(text)) {
    cell.kind = ValueKind::kUuid;
  } else if (text.size() == 10) {
    if (auto days = ParseDate(text)) {
      cell.kind = ValueKind::kDate;
      cell.number = *days;
    }
  } else if (text.size() > 10) {
    if (auto micros = ParseDateTime(text)) {
      cell.kind = ValueKind::kDateTime;
      cell.number = *micros;
    }
  }
}

void ClassifyCsvText(std::string_view text, Cell& cell) {
  bool integral = false;
  if (text.empty()) {
    cell.kind = ValueKind::kNull;
  } else if (text == "true" || text == "false") {
    cell.kind = ValueKind::kBoolean;
    cell.number = text == "true" ? 1 : 0;
    cell.text.assign(text);
  } else if (IsJsonNumber(text, integral)) {
    const char* end = text.data() + text.size();
    cell.text.assign(text);
    if (integral && std::from_chars(text.data(), end, cell.number).ec == std::errc()) {
      cell.kind = ValueKind::kInteger;
    } else if (std::from_chars(text.data(), end, cell.real).ec == std::errc()) {
      cell.kind = ValueKind::kFloat;
    } else {
      cell.kind = ValueKind::kText;  // out of double's range
    }
  } else {
    ClassifyString(text, cell);
  }
}

bool AppendCell(const Cell& cell, Column& column) {
  if (cell.kind == ValueKind::kNull) {
    column.AppendNull();
    return true;
  }
  switch (column.type()) {
    case ColumnType::kString:
      column.AppendString(cell.text);
      return true;
    case ColumnType::kInteger:
    case ColumnType::kBoolean:
    case ColumnType::kDate:
      if (ColumnTypeFor(cell.kind) != column.type()) return false;
      column.AppendInt(cell.number);
      return true;
    case ColumnType::kFloat:
      if (cell.kind == ValueKind::kFloat) {
        column.AppendDouble(cell.real);
      } else if (cell.kind == ValueKind::kInteger) {
        column.AppendDouble(static_cast<double>(cell.number));
      } else {
        return false;
      }
      return true;
    case ColumnType::kDateTime:
      if (cell.kind == ValueKind::kDateTime) {
        column.AppendInt(cell.number);
      } else if (cell.kind == ValueKind::kDate) {
        column.AppendInt(cell.number * kMicrosPerDay);
      } else {
        return false;
      }
      return true;
    case ColumnType::kObjectId:
    case ColumnType::kUuid:
      if (ColumnTypeFor(cell.kind) != column.type()) return false;
      column.AppendString(cell.text);
      return true;
  }
  return false;
}

}  // namespace tdm::store
