// Reading tables back out of a SQLite database as columnar batches (show, export, health).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/sink.h"

namespace tdm::store {

// Equality on one column; the value is compared with the column's logical type.
struct ColumnFilter {
  std::string column;
  enum class Kind { kNull, kInteger, kFloat, kBoolean, kString } kind = Kind::kString;
  int64_t int_value = 0;
  double float_value = 0;
  std::string text;
};

struct SqliteQuery {
  std::string table;
  std::vector<ColumnFilter> filters;
  std::optional<int64_t> limit;
};

Result<std::unique_ptr<Source>> OpenSqliteSource(const std::string& path, const SqliteQuery& query);

// The schema of one table, from its declared column types.
Result<TableSchema> ReadSqliteSchema(const std::string& path, const std::string& table);

// Table names in creation order, and row counts.
Result<std::vector<std::string>> ListSqliteTables(const std::string& path);
Result<int64_t> CountSqliteRows(const std::string& path, const std::string& table);

}  // namespace tdm::store
