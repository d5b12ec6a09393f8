// Read-only SQL inside a SQLite namespace (Database::QuerySql of the SQLite backend).
#pragma once

#include <cstdint>
#include <string>

#include "store/database.h"

namespace tdm::store {

// Runs one statement on the database file `path`, opened read-only, and returns at most
// `max_rows` rows as text. Functions installed with sqlite3_auto_extension (validate/'s regexp)
// are available. Errors name the file and SQLite's message, never a value.
Result<SqlRows> QuerySqlite(const std::string& path, const std::string& sql, int64_t max_rows);

}  // namespace tdm::store
