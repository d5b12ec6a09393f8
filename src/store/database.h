// Database: one place executions are provisioned into, whatever the backend.
//
// A Database is a connection to a target (target.h): a PostgreSQL or MySQL server, a Redis
// database, a directory of SQLite files or of plain files. Every execution lives in its own
// namespace there, so executions never see each other's data:
//
//   postgres, mysql   a database per namespace (`tdm_<execution>`)
//   redis             a key prefix per namespace (`<ns>:<table>:<id>` hashes, see redis/)
//   sqlite            a database file per namespace (the namespace is the file's path)
//   file              a directory per namespace, one file per table
//
// The caller (provision/) chooses namespace names; a Database only checks they are legal for it.
// Errors never contain a password or a row value, only names and counts.
//
// Threading: a Database is used from one thread at a time; open one per thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/table_schema.h"
#include "store/query.h"
#include "store/sink.h"
#include "store/target.h"
#include "tdm/status.h"

namespace tdm::store {

// Rows of a SQL result as text cells; std::nullopt is NULL.
using SqlRows = std::vector<std::vector<std::optional<std::string>>>;

class Database {
 public:
  virtual ~Database() = default;

  virtual const TargetUrl& url() const = 0;

  // One round trip to the server (SELECT 1, PING); the error says why it failed.
  virtual Status Ping() = 0;

  // Creates the empty namespace `ns` and returns a sink that loads it (Sink contract, sink.h).
  // A namespace that already exists is kFailedPrecondition and is left untouched. Finish() leaves
  // every table loaded, with its primary key, unique constraints, foreign keys and indexes built
  // (after the rows, for speed); Abort() drops the namespace again.
  virtual Result<std::unique_ptr<Sink>> Create(const std::string& ns) = 0;

  virtual Result<bool> Exists(const std::string& ns) = 0;

  // Removes a namespace and everything in it. A namespace that does not exist is not an error.
  virtual Status Drop(const std::string& ns) = 0;

  // Renames a namespace; kFailedPrecondition when `to` exists (and nothing changes).
  virtual Status Rename(const std::string& from, const std::string& to) = 0;

  // Copies namespace `from` into the new namespace `to`: the template fast path (PostgreSQL's
  // CREATE DATABASE ... TEMPLATE, a file copy for SQLite). kUnimplemented where there is no copy
  // cheaper than loading again.
  virtual Status Clone(const std::string& from, const std::string& to);

  // Namespaces whose names start with `prefix`, sorted.
  virtual Result<std::vector<std::string>> List(std::string_view prefix) = 0;

  // The tables of a namespace in creation order: columns with logical types (every ColumnType
  // written by a sink of this backend reads back as itself), nullability, primary key, unique
  // columns, foreign keys and secondary indexes (`indexes` lists every index except the primary
  // key's, including those that back unique columns). kNotFound for a missing namespace.
  virtual Result<std::vector<TableSchema>> Describe(const std::string& ns) = 0;

  // Reads rows of one table in the order they were written. A missing table is kNotFound with a
  // "did you mean" over the tables present.
  virtual Result<std::unique_ptr<Source>> Read(const std::string& ns, const ReadQuery& query) = 0;

  virtual Result<int64_t> CountRows(const std::string& ns, const std::string& table) = 0;

  // A create/read/update/delete round trip that leaves no trace: inside a transaction that is
  // rolled back (or with a probe key that is deleted), insert a row into a scratch table, read it
  // back, update it, delete it, and rewrite the first row of `table` with its own values.
  virtual Status CrudProbe(const std::string& ns, const TableSchema& table) = 0;

  // The SQL dialect spoken in a namespace: "postgres", "mysql" or "sqlite"; empty for backends
  // without SQL (Redis, files), which callers then read with Read().
  virtual std::string_view sql_dialect() const { return {}; }

  // Runs one read-only SQL query inside namespace `ns` and returns its rows as text cells
  // (std::nullopt for NULL), at most `max_rows` of them. Used for set-based checks that must run
  // in the database rather than row by row over the wire. Errors name the statement's purpose,
  // never a value. kUnimplemented where sql_dialect() is empty.
  virtual Result<SqlRows> QuerySql(const std::string& ns, const std::string& sql,
                                   int64_t max_rows = 1000);

  // Deletes the rows of `table` that match every filter (all of them when `filters` is empty)
  // and returns how many went. Filters are resolved against the table first (ResolveFilters).
  // Used by subject-rights erasure; every backend implements it.
  virtual Result<int64_t> DeleteRows(const std::string& ns, const std::string& table,
                                     const std::vector<ColumnFilter>& filters);

  // Whether this backend keeps secondary indexes and foreign keys (Redis and files do not).
  virtual bool has_indexes() const { return true; }

  // How a client reaches namespace `ns`: a URL (password redacted) or a path.
  virtual std::string Endpoint(const std::string& ns) const = 0;
};

// Connects to a target. Unreachable servers and wrong credentials are errors here.
Result<std::unique_ptr<Database>> OpenDatabase(const TargetUrl& url);

}  // namespace tdm::store
