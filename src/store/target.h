// Targets: where executions are provisioned, named by URL.
//
//   sqlite:///abs/path.db, sqlite://rel/path.db, or a plain path     one SQLite file
//   postgres://user:pass@host:port/db (also postgresql://)           a PostgreSQL server
//   mysql://user:pass@host:port/db (also mariadb://)                 a MySQL/MariaDB server
//   redis://[user]:pass@host:port/N                                   database N of a Redis server
//   file:///dir?format=jsonl                                          a directory of files
//
// `${VAR}` anywhere in the text is replaced by the environment variable VAR when the URL is parsed,
// so credentials can stay in the environment (`postgres://ci:${PGPASSWORD}@db/postgres`, or the
// whole URL as `${DATABASE_URL}`). The unexpanded text is what the registry stores, and Redacted()
// is the only form that is ever printed or logged.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tdm/status.h"

namespace tdm::store {

enum class TargetKind { kSqlite, kPostgres, kMysql, kRedis, kFile };

std::string_view TargetKindName(TargetKind kind);  // sqlite | postgres | mysql | redis | file

struct TargetUrl {
  TargetKind kind = TargetKind::kSqlite;
  std::string text;  // as given, before ${VAR} expansion
  std::string user;  // percent-decoded
  std::string password;
  std::string host;
  int port = 0;          // the scheme's default when absent
  std::string database;  // PostgreSQL/MySQL database, Redis db number, SQLite/file path
  std::vector<std::pair<std::string, std::string>> params;  // query string, decoded

  // The value of query parameter `key`, or `fallback`.
  std::string Param(std::string_view key, std::string_view fallback = "") const;
  // scheme://user@host:port/database with the password (if any) shown as ***.
  std::string Redacted() const;
};

// Parses (after ${VAR} expansion) a target URL. Errors never contain the password.
Result<TargetUrl> ParseTarget(std::string_view text);

// A URL that names one database rather than a place for executions: `postgres://h/shop`,
// `mysql://h/shop`, `sqlite:///path/shop.db`, `file:///dir`, `redis://h/0?prefix=shop` (a trailing
// `:` on the prefix, as execution endpoints show it, is allowed). `server`
// is what OpenDatabase connects to (PostgreSQL's maintenance database `postgres`, so the named
// one may not exist yet) and `ns` the namespace on it.
struct NamedDatabase {
  TargetUrl server;
  std::string ns;
};
Result<NamedDatabase> SplitDatabaseUrl(const TargetUrl& url);

// Replaces ${VAR} with the environment's value; an unset variable is an error naming it.
Result<std::string> ExpandEnvironment(std::string_view text);

// Removes the password from any URL-looking substring of `message` (for errors from client
// libraries that echo connection strings).
std::string RedactSecrets(std::string message, const TargetUrl& url);

}  // namespace tdm::store
