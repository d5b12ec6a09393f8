// Thin RAII wrappers over the SQLite C API, turning its errors into Status values.
#pragma once

#include <sqlite3.h>

#include <string>

#include "core/table_schema.h"
#include "tdm/status.h"

namespace tdm::store {

class SqliteStatement {
 public:
  SqliteStatement() = default;
  explicit SqliteStatement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  SqliteStatement(SqliteStatement&& other) noexcept : stmt_(other.stmt_) { other.stmt_ = nullptr; }
  SqliteStatement& operator=(SqliteStatement&& other) noexcept;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  ~SqliteStatement();

  sqlite3_stmt* get() const { return stmt_; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

class SqliteDb {
 public:
  SqliteDb() = default;
  SqliteDb(SqliteDb&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  SqliteDb& operator=(SqliteDb&& other) noexcept;
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;
  ~SqliteDb();

  // Opens (read-write, creating when `create`) or read-only.
  static Result<SqliteDb> Open(const std::string& path, bool create, bool read_only = false);

  sqlite3* get() const { return db_; }
  bool is_open() const { return db_ != nullptr; }
  void Close();

  Status Exec(const std::string& sql) const;
  Result<SqliteStatement> Prepare(const std::string& sql) const;
  Status Error(const std::string& what) const;

 private:
  sqlite3* db_ = nullptr;
};

std::string QuoteIdentifier(std::string_view name);

// Declared SQLite column types for tdm's logical types, and back.
std::string_view SqliteTypeName(ColumnType type);
ColumnType ColumnTypeFromSqlite(std::string_view declared);

}  // namespace tdm::store
