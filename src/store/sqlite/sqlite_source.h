// Reading tables back out of a SQLite database as columnar batches (show, export, health).
#pragma once

#include <sqlite3.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/query.h"
#include "store/sink.h"

namespace tdm::store {

class SqliteDb;

using SqliteQuery = ReadQuery;

// Appends ` WHERE a = ? AND b IS NULL` for `filters` (nothing when there are none); BindFilters
// binds their values to those placeholders, in order.
void AppendFilterClause(const std::vector<ColumnFilter>& filters, std::string& sql);
void BindFilters(sqlite3_stmt* stmt, const std::vector<ColumnFilter>& filters);

Result<std::unique_ptr<Source>> OpenSqliteSource(const std::string& path, const SqliteQuery& query);

// The schema of one table, from its declared column types.
Result<TableSchema> ReadSqliteSchema(const std::string& path, const std::string& table);
Result<TableSchema> ReadSqliteSchema(const SqliteDb& db, const std::string& table);

// Table names in creation order, and row counts.
Result<std::vector<std::string>> ListSqliteTables(const std::string& path);
Result<std::vector<std::string>> ListSqliteTables(const SqliteDb& db);
Result<int64_t> CountSqliteRows(const std::string& path, const std::string& table);

}  // namespace tdm::store
