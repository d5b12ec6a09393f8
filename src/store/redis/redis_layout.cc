#include "store/redis/redis_layout.h"

#include <charconv>

#include "core/time_format.h"

namespace tdm::store {

std::string EscapeGlob(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

Status CheckNamespaceName(std::string_view ns) {
  if (ns.empty() || ns.find(':') != std::string_view::npos) {
    return Status(StatusCode::kInvalidArgument,
                  "Redis namespace '" + std::string(ns) + "' must be non-empty and hold no ':'");
  }
  return Status::Ok();
}

Status CheckTableName(std::string_view table) {
  if (table.empty() || table.find(':') != std::string_view::npos) {
    return Status(StatusCode::kInvalidArgument, "table '" + std::string(table) +
                                                    "' cannot be stored in Redis: its name must be "
                                                    "non-empty and hold no ':'");
  }
  if (table == "_ids" || table == "_meta") {
    return Status(StatusCode::kInvalidArgument, "table '" + std::string(table) +
                                                    "' cannot be stored in Redis: the name is "
                                                    "reserved for the namespace's own keys");
  }
  return Status::Ok();
}

void AppendRedisValue(const Column& column, size_t row, std::string& out) {
  char buf[32];
  switch (column.type()) {
    case ColumnType::kInteger: {
      auto end = std::to_chars(buf, buf + sizeof buf, column.GetInt(row)).ptr;
      out.append(buf, end);
      return;
    }
    case ColumnType::kFloat: {
      auto end = std::to_chars(buf, buf + sizeof buf, column.GetDouble(row)).ptr;
      out.append(buf, end);
      return;
    }
    case ColumnType::kBoolean:
      out.append(column.GetInt(row) != 0 ? "true" : "false");
      return;
    case ColumnType::kDate:
      AppendDate(column.GetInt(row), out);
      return;
    case ColumnType::kDateTime:
      AppendDateTime(column.GetInt(row), out);
      return;
    case ColumnType::kString:
    case ColumnType::kObjectId:
    case ColumnType::kUuid:
      out.append(column.GetString(row));
      return;
  }
}

bool ParseRedisValue(std::string_view text, Column& column) {
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  switch (column.type()) {
    case ColumnType::kInteger: {
      int64_t value = 0;
      auto result = std::from_chars(begin, end, value);
      if (result.ec != std::errc() || result.ptr != end) return false;
      column.AppendInt(value);
      return true;
    }
    case ColumnType::kFloat: {
      double value = 0;
      auto result = std::from_chars(begin, end, value);
      if (result.ec != std::errc() || result.ptr != end) return false;
      column.AppendDouble(value);
      return true;
    }
    case ColumnType::kBoolean:
      if (text != "true" && text != "false") return false;
      column.AppendInt(text == "true" ? 1 : 0);
      return true;
    case ColumnType::kDate:
    case ColumnType::kDateTime: {
      auto value = column.type() == ColumnType::kDate ? ParseDate(text) : ParseDateTime(text);
      if (!value) return false;
      column.AppendInt(*value);
      return true;
    }
    case ColumnType::kString:
    case ColumnType::kObjectId:
    case ColumnType::kUuid:
      column.AppendString(text);
      return true;
  }
  return false;
}

}  // namespace tdm::store
