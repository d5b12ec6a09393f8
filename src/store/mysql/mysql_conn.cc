#include "store/mysql/mysql_conn.h"

#include <errmsg.h>
#include <mysqld_error.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstdio>

namespace tdm::store {
namespace {

constexpr unsigned int kConnectTimeoutSeconds = 20;  // as for PostgreSQL (postgres_conn.cc)
// Long enough for an index build over a large table (the server says nothing until it is done),
// short enough that a server that died without closing the socket is noticed eventually.
constexpr unsigned int kReadWriteTimeoutSeconds = 3600;

// Strict mode turns truncation and bad values into errors instead of warnings. The session runs
// in UTC so that TIMESTAMP columns of foreign schemas read back as UTC too.
constexpr const char* kSessionSetup =
    "SET time_zone = '+00:00', "
    "sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION,ERROR_FOR_DIVISION_BY_ZERO'";

// The LOAD DATA LOCAL handler of a connection before a sink installs its own: it refuses, so a
// server can never make tdm send one of its files.
int RefuseInit(void** state, const char* /*file*/, void* /*userdata*/) {
  *state = nullptr;
  return 1;
}
int RefuseRead(void* /*state*/, char* /*buf*/, unsigned int /*len*/) { return -1; }
void RefuseEnd(void* /*state*/) {}
int RefuseError(void* /*state*/, char* message, unsigned int size) {
  std::snprintf(message, size, "tdm sends no files to the server");
  return CR_UNKNOWN_ERROR;
}

StatusCode CodeFor(unsigned int error) {
  switch (error) {
    case CR_CONNECTION_ERROR:
    case CR_CONN_HOST_ERROR:
    case CR_SERVER_GONE_ERROR:
    case CR_SERVER_LOST:
      return StatusCode::kUnavailable;
    case ER_BAD_DB_ERROR:
    case ER_NO_SUCH_TABLE:
      return StatusCode::kNotFound;
    case ER_DB_CREATE_EXISTS:
      return StatusCode::kFailedPrecondition;
    default:
      return StatusCode::kDatabaseError;
  }
}

}  // namespace

Result<MysqlConn> MysqlConn::Connect(const TargetUrl& url, bool local_infile) {
  MYSQL* mysql = mysql_init(nullptr);
  if (mysql == nullptr) return Status(StatusCode::kInternal, "out of memory for a MySQL client");
  MysqlConn conn(mysql, url);
  unsigned int connect_timeout = kConnectTimeoutSeconds;
  unsigned int io_timeout = kReadWriteTimeoutSeconds;
  unsigned int infile = local_infile ? 1 : 0;
  mysql_options(mysql, MYSQL_OPT_CONNECT_TIMEOUT, &connect_timeout);
  mysql_options(mysql, MYSQL_OPT_READ_TIMEOUT, &io_timeout);
  mysql_options(mysql, MYSQL_OPT_WRITE_TIMEOUT, &io_timeout);
  mysql_options(mysql, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  mysql_options(mysql, MYSQL_INIT_COMMAND, kSessionSetup);
  mysql_options(mysql, MYSQL_OPT_LOCAL_INFILE, &infile);
  if (local_infile) {
    mysql_set_local_infile_handler(mysql, RefuseInit, RefuseRead, RefuseEnd, RefuseError, nullptr);
  }
  const char* host = url.host.empty() ? nullptr : url.host.c_str();
  if (mysql_real_connect(mysql, host, url.user.c_str(), url.password.c_str(), nullptr,
                         static_cast<unsigned int>(url.port), nullptr, 0) == nullptr) {
    return Status(StatusCode::kUnavailable,
                  "cannot connect to " + url.Redacted() + ": " +
                      RedactSecrets(WithoutValues(mysql_error(mysql)), url));
  }
  return conn;
}

Status MysqlConn::Exec(std::string_view sql, std::string_view what) {
  MYSQL* mysql = mysql_.get();
  if (mysql_real_query(mysql, sql.data(), static_cast<unsigned long>(sql.size())) != 0) {
    return Error(what);
  }
  if (mysql_field_count(mysql) > 0) {
    MYSQL_RES* result = mysql_use_result(mysql);
    if (result == nullptr) return Error(what);
    while (mysql_fetch_row(result) != nullptr) {
    }
    mysql_free_result(result);
    if (mysql_errno(mysql) != 0) return Error(what);
  }
  return Status::Ok();
}

Result<std::vector<MysqlRow>> MysqlConn::Query(std::string_view sql, std::string_view what) {
  MYSQL* mysql = mysql_.get();
  if (mysql_real_query(mysql, sql.data(), static_cast<unsigned long>(sql.size())) != 0) {
    return Error(what);
  }
  std::vector<MysqlRow> rows;
  MYSQL_RES* result = mysql_use_result(mysql);
  if (result == nullptr) {
    if (mysql_field_count(mysql) == 0) return rows;
    return Error(what);
  }
  unsigned int fields = mysql_num_fields(result);
  while (MYSQL_ROW row = mysql_fetch_row(result)) {
    unsigned long* lengths = mysql_fetch_lengths(result);
    MysqlRow& out = rows.emplace_back(fields);
    for (unsigned int i = 0; i < fields; ++i) {
      if (row[i] != nullptr) out[i].emplace(row[i], lengths[i]);
    }
  }
  mysql_free_result(result);
  if (mysql_errno(mysql) != 0) return Error(what);
  return rows;
}

Status MysqlConn::Error(std::string_view what) const {
  MYSQL* mysql = mysql_.get();
  return {CodeFor(mysql_errno(mysql)),
          std::string(what) + ": " + RedactSecrets(WithoutValues(mysql_error(mysql)), url_)};
}

void MysqlConn::AppendLiteral(std::string_view value, std::string& out) const {
  size_t start = out.size();
  out.resize(start + 2 * value.size() + 3);
  out[start] = '\'';
  unsigned long written =
      mysql_real_escape_string(mysql_.get(), out.data() + start + 1, value.data(), value.size());
  out[start + 1 + written] = '\'';
  out.resize(start + 2 + written);
}

std::string MysqlConn::Literal(std::string_view value) const {
  std::string out;
  AppendLiteral(value, out);
  return out;
}

void MysqlConn::Sever() {
  my_socket socket = mysql_get_socket(mysql_.get());
  if (socket >= 0) ::shutdown(socket, SHUT_RDWR);
}

std::string QuoteName(std::string_view name) {
  std::string out = "`";
  for (char c : name) {
    out += c;
    if (c == '`') out += '`';
  }
  return out + "`";
}

std::string QualifiedName(std::string_view ns, std::string_view table) {
  return QuoteName(ns) + "." + QuoteName(table);
}

Status CheckNamespace(std::string_view ns) {
  bool legal = !ns.empty() && ns.size() <= 64;
  for (char c : ns) {
    legal = legal && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '$' || c == '-');
  }
  if (legal) return Status::Ok();
  return {StatusCode::kInvalidArgument,
          "'" + std::string(ns) +
              "' cannot name a MySQL database: use 1 to 64 letters, digits, '_', '$' or '-'"};
}

std::string WithoutValues(std::string message) {
  // Where a quoted value starts, and the texts that may follow it. The value itself may contain
  // any of these, so the last terminator is the real one.
  static constexpr std::string_view kOpenings[] = {"entry '", "value: '", "value '", "near '"};
  static constexpr std::string_view kTerminators[] = {"' for key ", "' for column ", "' at line ",
                                                      "' for function "};
  size_t open = std::string::npos;
  for (std::string_view opening : kOpenings) {
    size_t at = message.find(opening);
    if (at != std::string::npos) open = std::min(open, at + opening.size());
  }
  if (open == std::string::npos) return message;
  size_t close = std::string::npos;
  for (std::string_view terminator : kTerminators) {
    size_t at = message.rfind(terminator);
    if (at != std::string::npos && at >= open && (close == std::string::npos || at > close)) {
      close = at;
    }
  }
  std::string tail = close == std::string::npos ? "'" : message.substr(close);
  return message.substr(0, open) + "..." + tail;
}

}  // namespace tdm::store
