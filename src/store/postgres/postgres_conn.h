// Thin RAII wrappers over libpq (PGconn, PGresult) that turn its errors into Status values.
//
// Connections are made from a TargetUrl: host, port, user and password from the URL, the database
// named by the caller, and every query parameter of the URL passed through as a libpq keyword
// (sslmode, sslrootcert, ...). Errors name what the statement was for and carry libpq's primary
// message only: its DETAIL lines quote key values, and data errors (SQLSTATE class 22) are cut
// before the offending value, so no row value and no password ever reaches a Status.
#pragma once

#include <libpq-fe.h>

#include <string>
#include <string_view>
#include <vector>

#include "store/target.h"
#include "tdm/status.h"

namespace tdm::store::pg {

// SQLSTATEs the backend reacts to.
inline constexpr std::string_view kDuplicateDatabase = "42P04";
// A unique index of the catalogue: what a rename reports when a concurrent session created or
// renamed a database to the same name after the server's own duplicate check.
inline constexpr std::string_view kUniqueViolation = "23505";
inline constexpr std::string_view kInvalidCatalogName = "3D000";  // no such database
inline constexpr std::string_view kObjectInUse = "55006";
inline constexpr std::string_view kUndefinedTable = "42P01";

class PgResult {
 public:
  PgResult() = default;
  explicit PgResult(PGresult* result) : result_(result) {}
  PgResult(PgResult&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
  PgResult& operator=(PgResult&& other) noexcept;
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;
  ~PgResult();

  PGresult* get() const { return result_; }
  // A command or query that succeeded (COPY's start states count as success).
  bool ok() const;
  // The five-character SQLSTATE of a failed statement, or "" (lost connection, success).
  std::string_view sqlstate() const;

  int rows() const { return result_ ? PQntuples(result_) : 0; }
  bool IsNull(int row, int column) const { return PQgetisnull(result_, row, column) != 0; }
  std::string_view Text(int row, int column) const {
    return {PQgetvalue(result_, row, column),
            static_cast<size_t>(PQgetlength(result_, row, column))};
  }

 private:
  PGresult* result_ = nullptr;
};

class PgConn {
 public:
  PgConn() = default;
  PgConn(PgConn&& other) noexcept;
  PgConn& operator=(PgConn&& other) noexcept;
  PgConn(const PgConn&) = delete;
  PgConn& operator=(const PgConn&) = delete;
  ~PgConn();

  // Connects to database `dbname` on the server of `url`. `settings` are server settings for the
  // session ("-c name=value ..."), added to any `options` the URL gives. An unreachable server or
  // refused credentials is kUnavailable; an unknown URL parameter is kInvalidArgument.
  static Result<PgConn> Connect(const TargetUrl& url, const std::string& dbname,
                                std::string_view settings = "");

  PGconn* get() const { return conn_; }
  bool is_open() const { return conn_ != nullptr; }
  const std::string& dbname() const { return dbname_; }
  void Close();

  // Reconnects a connection the server dropped; a no-op on a healthy one.
  Status EnsureOpen();

  // Runs `sql` (any number of statements, no parameters); `purpose` ("creating table users")
  // prefixes the error.
  Status Exec(const std::string& sql, const std::string& purpose) const;

  // Runs one statement with text parameters and returns its rows.
  Result<PgResult> Query(const std::string& sql, const std::vector<std::string>& params,
                         const std::string& purpose) const;

  // Runs one statement and returns its result whatever happened, for callers that map SQLSTATEs.
  PgResult Run(const std::string& sql, const std::vector<std::string>& params = {}) const;

  // The Status for a failed result (or for the connection's last error when `result` is null).
  Status ErrorOf(const PGresult* result, const std::string& purpose,
                 StatusCode code = StatusCode::kDatabaseError) const;

 private:
  PGconn* conn_ = nullptr;
  std::string dbname_;
  std::string settings_;
  TargetUrl url_;  // to reconnect and to redact the password from libpq's messages
};

}  // namespace tdm::store::pg
