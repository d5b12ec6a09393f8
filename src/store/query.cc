#include "store/query.h"

#include <cstdlib>

#include "core/suggest.h"

namespace tdm::store {
namespace {

Status CoerceFilter(const ColumnSchema& column, ColumnFilter& f) {
  using Kind = ColumnFilter::Kind;
  if (f.kind == Kind::kNull) return Status::Ok();
  auto mismatch = [&] {
    return Status(StatusCode::kInvalidArgument,
                  "filter value for '" + column.name + "' must be " +
                      (column.type == ColumnType::kBoolean   ? "true or false"
                       : column.type == ColumnType::kInteger ? "a whole number"
                       : column.type == ColumnType::kFloat   ? "a number"
                                                             : "a string") +
                      ", like the field's values");
  };
  switch (column.type) {
    case ColumnType::kInteger:
    case ColumnType::kFloat:
      if (f.kind == Kind::kString) {
        char* end = nullptr;
        double v = std::strtod(f.text.c_str(), &end);
        if (f.text.empty() || *end != '\0') return mismatch();
        f.kind = Kind::kFloat;
        f.float_value = v;
      }
      if (f.kind == Kind::kBoolean) return mismatch();
      return Status::Ok();
    case ColumnType::kBoolean:
      if (f.kind != Kind::kBoolean) return mismatch();
      return Status::Ok();
    default:
      if (f.kind == Kind::kInteger) f.text = std::to_string(f.int_value);
      if (f.kind == Kind::kFloat) return mismatch();
      if (f.kind == Kind::kBoolean) return mismatch();
      f.kind = Kind::kString;
      return Status::Ok();
  }
}

}  // namespace

Status ResolveFilters(const TableSchema& table, std::vector<ColumnFilter>& filters) {
  std::vector<std::string> names;
  for (const ColumnSchema& c : table.columns) names.push_back(c.name);
  for (ColumnFilter& f : filters) {
    int index = table.FindColumn(f.column);
    if (index < 0) {
      return {StatusCode::kInvalidArgument, "filter names field '" + f.column + "', which '" +
                                                table.name + "' does not have" +
                                                DidYouMean(f.column, names)};
    }
    TDM_RETURN_IF_ERROR(CoerceFilter(table.columns[static_cast<size_t>(index)], f));
  }
  return Status::Ok();
}

Result<TableSchema> ProjectSchema(const TableSchema& table,
                                  const std::vector<std::string>& columns) {
  if (columns.empty()) return table;
  std::vector<std::string> names;
  for (const ColumnSchema& c : table.columns) names.push_back(c.name);
  for (const std::string& wanted : columns) {
    if (table.FindColumn(wanted) < 0) {
      return Status(StatusCode::kInvalidArgument, "'" + table.name + "' has no column '" + wanted +
                                                      "'" + DidYouMean(wanted, names));
    }
  }
  TableSchema projected;
  projected.name = table.name;
  for (const ColumnSchema& c : table.columns) {
    for (const std::string& wanted : columns) {
      if (c.name == wanted) {
        projected.columns.push_back(c);
        break;
      }
    }
  }
  return projected;
}

}  // namespace tdm::store
