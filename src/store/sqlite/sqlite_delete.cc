#include "store/sqlite/sqlite_delete.h"

#include <filesystem>

#include "store/sqlite/sqlite_db.h"
#include "store/sqlite/sqlite_source.h"

namespace tdm::store {

Result<int64_t> DeleteSqliteRows(const std::string& path, const std::string& table,
                                 std::vector<ColumnFilter> filters) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return Status(StatusCode::kNotFound, "database '" + path + "' does not exist");
  }
  TDM_ASSIGN_OR_RETURN(SqliteDb db, SqliteDb::Open(path, false, /*read_only=*/false));
  TDM_ASSIGN_OR_RETURN(TableSchema schema, ReadSqliteSchema(db, table));
  TDM_RETURN_IF_ERROR(ResolveFilters(schema, filters));
  std::string sql = "DELETE FROM " + QuoteIdentifier(table);
  AppendFilterClause(filters, sql);
  TDM_ASSIGN_OR_RETURN(SqliteStatement del, db.Prepare(sql));
  BindFilters(del.get(), filters);
  if (sqlite3_step(del.get()) != SQLITE_DONE) {
    return db.Error("deleting rows of '" + table + "' in '" + path + "'");
  }
  return static_cast<int64_t>(sqlite3_changes(db.get()));
}

}  // namespace tdm::store
