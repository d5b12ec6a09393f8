#include "store/sqlite/sqlite_sql.h"

#include <filesystem>

#include "store/sqlite/sqlite_db.h"

namespace tdm::store {

Result<SqlRows> QuerySqlite(const std::string& path, const std::string& sql, int64_t max_rows) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return Status(StatusCode::kNotFound, "database '" + path + "' does not exist");
  }
  TDM_ASSIGN_OR_RETURN(SqliteDb db, SqliteDb::Open(path, false, /*read_only=*/true));
  TDM_ASSIGN_OR_RETURN(SqliteStatement stmt, db.Prepare(sql));
  SqlRows rows;
  int columns = sqlite3_column_count(stmt.get());
  while (static_cast<int64_t>(rows.size()) < max_rows) {
    int rc = sqlite3_step(stmt.get());
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return db.Error("querying '" + path + "'");
    auto& row = rows.emplace_back();
    for (int c = 0; c < columns; ++c) {
      const unsigned char* text = sqlite3_column_text(stmt.get(), c);
      if (text == nullptr) {
        row.emplace_back(std::nullopt);
      } else {
        row.emplace_back(std::string(reinterpret_cast<const char*>(text),
                                     static_cast<size_t>(sqlite3_column_bytes(stmt.get(), c))));
      }
    }
  }
  return rows;
}

}  // namespace tdm::store
