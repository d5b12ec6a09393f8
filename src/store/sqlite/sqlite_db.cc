#include "store/sqlite/sqlite_db.h"

#include <cctype>

#include "store/file/value_format.h"

namespace tdm::store {

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    stmt_ = other.stmt_;
    other.stmt_ = nullptr;
  }
  return *this;
}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(stmt_); }

SqliteDb& SqliteDb::operator=(SqliteDb&& other) noexcept {
  if (this != &other) {
    Close();
    db_ = other.db_;
    other.db_ = nullptr;
  }
  return *this;
}

SqliteDb::~SqliteDb() { Close(); }

void SqliteDb::Close() {
  if (db_ != nullptr) sqlite3_close_v2(db_);
  db_ = nullptr;
}

Result<SqliteDb> SqliteDb::Open(const std::string& path, bool create, bool read_only) {
  SqliteDb db;
  int flags = read_only ? SQLITE_OPEN_READONLY
                        : (SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0));
  int rc = sqlite3_open_v2(path.c_str(), &db.db_, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db.db_ ? sqlite3_errmsg(db.db_) : sqlite3_errstr(rc);
    return Status(StatusCode::kDatabaseError,
                  "cannot open SQLite database '" + path + "': " + message);
  }
  sqlite3_busy_timeout(db.db_, 5000);
  return db;
}

Status SqliteDb::Exec(const std::string& sql) const {
  char* error = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) == SQLITE_OK) return Status::Ok();
  std::string message = error ? error : "unknown error";
  sqlite3_free(error);
  return {StatusCode::kDatabaseError, "SQLite: " + message};
}

Result<SqliteStatement> SqliteDb::Prepare(const std::string& sql) const {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &stmt, nullptr) !=
      SQLITE_OK) {
    return Error("preparing a statement");
  }
  return SqliteStatement(stmt);
}

Status SqliteDb::Error(const std::string& what) const {
  return {StatusCode::kDatabaseError, "SQLite error " + what + ": " + sqlite3_errmsg(db_)};
}

std::string QuoteIdentifier(std::string_view name) {
  std::string out;
  AppendSqlIdentifier(name, out);
  return out;
}

std::string_view SqliteTypeName(ColumnType type) {
  switch (type) {
    case ColumnType::kString:
      return "TEXT";
    case ColumnType::kInteger:
      return "INTEGER";
    case ColumnType::kFloat:
      return "REAL";
    case ColumnType::kBoolean:
      return "BOOLEAN";
    case ColumnType::kDate:
      return "DATE";
    case ColumnType::kDateTime:
      return "DATETIME";
    case ColumnType::kObjectId:
      return "CHAR(24)";
    case ColumnType::kUuid:
      return "UUID";
  }
  return "TEXT";
}

ColumnType ColumnTypeFromSqlite(std::string_view declared) {
  std::string t;
  for (char c : declared) t += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (t == "BOOLEAN" || t == "BOOL") return ColumnType::kBoolean;
  if (t == "DATE") return ColumnType::kDate;
  if (t == "DATETIME" || t == "TIMESTAMP") return ColumnType::kDateTime;
  if (t == "CHAR(24)" || t == "OBJECTID") return ColumnType::kObjectId;
  if (t == "UUID") return ColumnType::kUuid;
  if (t.find("INT") != std::string::npos) return ColumnType::kInteger;
  if (t.find("REAL") != std::string::npos || t.find("FLOA") != std::string::npos ||
      t.find("DOUB") != std::string::npos || t.find("NUMERIC") != std::string::npos) {
    return ColumnType::kFloat;
  }
  return ColumnType::kString;
}

}  // namespace tdm::store
