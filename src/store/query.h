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
};

}  // namespace tdm::store
