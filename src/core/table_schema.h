// TableSchema: the shape of one table as the store layer sees it.
//
// The spec layer compiles a dataset into a TableSchema; sinks and readers use nothing else about
// the spec. Column types are logical (what the user declared); each maps to one physical
// representation inside a Batch (see batch.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tdm {

enum class ColumnType {
  kString,
  kInteger,
  kFloat,
  kBoolean,
  kDate,      // days since 1970-01-01, int64
  kDateTime,  // microseconds since 1970-01-01T00:00:00Z, int64
  kObjectId,  // 24 lowercase hex characters
  kUuid,      // 36-character canonical form
};

enum class PhysicalType { kInt64, kDouble, kString };

PhysicalType PhysicalTypeOf(ColumnType type);
std::string_view ColumnTypeName(ColumnType type);

struct ColumnSchema {
  std::string name;
  ColumnType type = ColumnType::kString;
  bool nullable = false;
  bool unique = false;
  bool primary_key = false;
};

struct ForeignKeySchema {
  std::string column;
  std::string ref_table;
  std::string ref_column;
};

struct IndexSchema {
  std::string name;
  std::vector<std::string> columns;
  bool unique = false;
};

struct TableSchema {
  std::string name;
  std::vector<ColumnSchema> columns;
  std::vector<ForeignKeySchema> foreign_keys;
  std::vector<IndexSchema> indexes;

  // Index of the named column, or -1.
  int FindColumn(std::string_view column) const;
};

// The table named `name` in `tables`, or nullptr.
const TableSchema* FindTable(const std::vector<TableSchema>& tables, std::string_view name);

}  // namespace tdm
