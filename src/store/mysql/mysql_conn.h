// One client connection to a MySQL/MariaDB server (MariaDB Connector/C), with the session tdm
// relies on, and the naming and quoting rules of the backend.
//
// Every connection speaks utf8mb4, runs in UTC (`time_zone = '+00:00'`) and in strict SQL mode,
// whatever the server's defaults. Errors become Status values whose messages never hold a
// password or a row value: the server quotes offending values in some messages (duplicate keys,
// bad conversions, syntax errors), and those parts are cut out (WithoutValues).
#pragma once

#include <mysql.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/target.h"
#include "tdm/status.h"

namespace tdm::store {

// One row of a catalogue query; SQL NULL is nullopt.
using MysqlRow = std::vector<std::optional<std::string>>;

class MysqlConn {
 public:
  // Connects within 5 seconds. An unreachable server or refused credentials are kUnavailable.
  // `local_infile` allows LOAD DATA LOCAL; the connection then reads only what a handler set with
  // mysql_set_local_infile_handler feeds it, never a file the server asks for.
  static Result<MysqlConn> Connect(const TargetUrl& url, bool local_infile = false);

  MysqlConn(MysqlConn&&) noexcept = default;
  MysqlConn& operator=(MysqlConn&&) noexcept = default;
  MysqlConn(const MysqlConn&) = delete;
  MysqlConn& operator=(const MysqlConn&) = delete;
  ~MysqlConn() = default;

  MYSQL* get() const { return mysql_.get(); }
  const TargetUrl& url() const { return url_; }

  // Runs a statement and discards any rows; `what` says what was being done ("creating table
  // 'users'") and leads the error message.
  Status Exec(std::string_view sql, std::string_view what);

  // Runs a query whose result is small (catalogue lookups) and returns all of its rows.
  Result<std::vector<MysqlRow>> Query(std::string_view sql, std::string_view what);

  // The connection's last error: kUnavailable when the server went away, kNotFound for a missing
  // database or table, kFailedPrecondition for a database that exists, else kDatabaseError.
  Status Error(std::string_view what) const;
  unsigned int error_code() const { return mysql_errno(mysql_.get()); }

  // `value` as a quoted string literal (mysql_real_escape_string), appended to `out`.
  void AppendLiteral(std::string_view value, std::string& out) const;
  std::string Literal(std::string_view value) const;

  // Shuts the socket down, so that abandoning a streaming result does not read it to its end.
  // The connection is unusable afterwards.
  void Sever();

 private:
  struct Closer {
    void operator()(MYSQL* mysql) const { mysql_close(mysql); }
  };

  MysqlConn(MYSQL* mysql, TargetUrl url) : mysql_(mysql), url_(std::move(url)) {}

  std::unique_ptr<MYSQL, Closer> mysql_;
  TargetUrl url_;
};

// `name` quoted as an identifier (backticks, embedded backticks doubled).
std::string QuoteName(std::string_view name);
// `ns`.`table`
std::string QualifiedName(std::string_view ns, std::string_view table);

// A namespace is a database: 1 to 64 characters from [A-Za-z0-9_$-]; else kInvalidArgument.
Status CheckNamespace(std::string_view ns);

// A server message with the values it quotes replaced by '...': "Duplicate entry '...' for key
// 'users_email_key'", "Incorrect integer value: '...' for column `db`.`t`.`n` at row 1".
std::string WithoutValues(std::string message);

}  // namespace tdm::store
