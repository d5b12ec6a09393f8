// What a reader is asked for: one table, optional equality filters, an optional row limit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/table_schema.h"
#include "tdm/status.h"

namespace tdm::store {

// Equality on one column; the value is compared with the column's logical type.
struct ColumnFilter {
  std::string column;
  enum class Kind { kNull, kInteger, kFloat, kBoolean, kString } kind = Kind::kString;
  int64_t int_value = 0;
  double float_value = 0;
  std::string text;
};

// Checks every filter names a column of `table` (with "did you mean") and converts its value to
// the column's type: "2024" matches an integer column's 2024, and a value that cannot be of that
// type is an error rather than a silent empty result.
Status ResolveFilters(const TableSchema& table, std::vector<ColumnFilter>& filters);

struct ReadQuery {
  std::string table;
  std::vector<ColumnFilter> filters;
  std::optional<int64_t> limit;
  // Only these columns, in the table's order (empty: every column). The source's schema then
  // lists just them, without keys or indexes. Pushed down to the server where that saves work.
  std::vector<std::string> columns;
};

// `table` reduced to `columns` (in the table's order, without keys or indexes); an unknown name
// is kInvalidArgument with a "did you mean". `table` itself when `columns` is empty.
Result<TableSchema> ProjectSchema(const TableSchema& table,
                                  const std::vector<std::string>& columns);

}  // namespace tdm::store
