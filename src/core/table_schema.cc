#include "core/table_schema.h"

namespace tdm {

PhysicalType PhysicalTypeOf(ColumnType type) {
  switch (type) {
    case ColumnType::kInteger:
    case ColumnType::kBoolean:
    case ColumnType::kDate:
    case ColumnType::kDateTime:
      return PhysicalType::kInt64;
    case ColumnType::kFloat:
      return PhysicalType::kDouble;
    case ColumnType::kString:
    case ColumnType::kObjectId:
    case ColumnType::kUuid:
      return PhysicalType::kString;
  }
  return PhysicalType::kString;
}

std::string_view ColumnTypeName(ColumnType type) {
  switch (type) {
    case ColumnType::kString:
      return "string";
    case ColumnType::kInteger:
      return "integer";
    case ColumnType::kFloat:
      return "float";
    case ColumnType::kBoolean:
      return "boolean";
    case ColumnType::kDate:
      return "date";
    case ColumnType::kDateTime:
      return "datetime";
    case ColumnType::kObjectId:
      return "ObjectId";
    case ColumnType::kUuid:
      return "uuid";
  }
  return "string";
}

int TableSchema::FindColumn(std::string_view column) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == column) return static_cast<int>(i);
  }
  return -1;
}

const TableSchema* FindTable(const std::vector<TableSchema>& tables, std::string_view name) {
  for (const TableSchema& t : tables) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

}  // namespace tdm
