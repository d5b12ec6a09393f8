#include "store/postgres/postgres_database.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <thread>

#include "store/postgres/postgres_catalog.h"
#include "store/postgres/postgres_conn.h"
#include "store/postgres/postgres_delete.h"
#include "store/postgres/postgres_sink.h"
#include "store/postgres/postgres_source.h"
#include "store/postgres/postgres_sql.h"
#include "store/postgres/postgres_types.h"

namespace tdm::store {
namespace {

using pg::PgConn;
using pg::PgResult;
using pg::QuoteIdentifier;

// Namespace connections kept open for reuse between calls.
constexpr size_t kMaxIdleConnections = 4;

// How long CREATE DATABASE keeps being retried while its template is in use (each attempt
// already waits up to five seconds inside the server for other sessions to leave).
constexpr auto kTemplateBusyRetryFor = std::chrono::seconds(8);

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

class PostgresDatabase final : public Database {
 public:
  PostgresDatabase(TargetUrl url, PgConn admin) : url_(std::move(url)), admin_(std::move(admin)) {}

  const TargetUrl& url() const override { return url_; }

  Status Ping() override {
    TDM_RETURN_IF_ERROR(admin_.EnsureOpen());
    return admin_.Exec("SELECT 1", "pinging " + url_.Redacted());
  }

  Result<std::unique_ptr<Sink>> Create(const std::string& ns) override {
    TDM_RETURN_IF_ERROR(CheckNamespace(ns));
    TDM_RETURN_IF_ERROR(admin_.EnsureOpen());
    PgResult created = RunWhileTemplateBusy("CREATE DATABASE " + QuoteIdentifier(ns));
    if (created.sqlstate() == pg::kDuplicateDatabase) {
      return Status(StatusCode::kFailedPrecondition, "database '" + ns + "' already exists");
    }
    if (!created.ok()) return admin_.ErrorOf(created.get(), "creating database '" + ns + "'");
    auto conn = PgConn::Connect(url_, ns, pg::kLoadSessionSettings);
    Result<std::unique_ptr<Sink>> sink =
        conn.ok() ? pg::OpenPostgresSink(url_, ns, std::move(*conn)) : conn.status();
    if (!sink.ok()) (void)Drop(ns);
    return sink;
  }

  Result<bool> Exists(const std::string& ns) override {
    TDM_RETURN_IF_ERROR(CheckNamespace(ns));
    TDM_RETURN_IF_ERROR(admin_.EnsureOpen());
    TDM_ASSIGN_OR_RETURN(PgResult found,
                         admin_.Query("SELECT 1 FROM pg_database WHERE datname = $1", {ns},
                                      "looking up database '" + ns + "'"));
    return found.rows() > 0;
  }

  Status Drop(const std::string& ns) override {
    TDM_RETURN_IF_ERROR(CheckNamespace(ns));
    TDM_RETURN_IF_ERROR(admin_.EnsureOpen());
    CloseConnections(ns);
    return admin_.Exec("DROP DATABASE IF EXISTS " + QuoteIdentifier(ns) + " WITH (FORCE)",
                       "dropping database '" + ns + "'");
  }

  Status Rename(const std::string& from, const std::string& to) override {
    TDM_RETURN_IF_ERROR(CheckNamespace(from));
    TDM_RETURN_IF_ERROR(CheckNamespace(to));
    TDM_RETURN_IF_ERROR(admin_.EnsureOpen());
    CloseConnections(from);
    PgResult renamed =
        admin_.Run("ALTER DATABASE " + QuoteIdentifier(from) + " RENAME TO " + QuoteIdentifier(to));
    return Outcome(renamed, from, to, "renaming database '" + from + "' to '" + to + "'");
  }

  Status Clone(const std::string& from, const std::string& to) override {
    TDM_RETURN_IF_ERROR(CheckNamespace(from));
    TDM_RETURN_IF_ERROR(CheckNamespace(to));
    TDM_RETURN_IF_ERROR(admin_.EnsureOpen());
    CloseConnections(from);
    PgResult cloned = RunWhileTemplateBusy("CREATE DATABASE " + QuoteIdentifier(to) + " TEMPLATE " +
                                           QuoteIdentifier(from));
    return Outcome(cloned, from, to, "copying database '" + from + "' to '" + to + "'");
  }

  Result<std::vector<std::string>> List(std::string_view prefix) override {
    TDM_RETURN_IF_ERROR(admin_.EnsureOpen());
    TDM_ASSIGN_OR_RETURN(PgResult found,
                         admin_.Query("SELECT datname FROM pg_database WHERE datname LIKE $1",
                                      {pg::LikePrefixPattern(prefix)}, "listing databases"));
    std::vector<std::string> names;
    for (int r = 0; r < found.rows(); ++r) names.emplace_back(found.Text(r, 0));
    std::sort(names.begin(), names.end());
    return names;
  }

  Result<std::vector<TableSchema>> Describe(const std::string& ns) override {
    TDM_ASSIGN_OR_RETURN(PgConn conn, TakeConnection(ns));
    auto tables = pg::DescribeTables(conn);
    Release(std::move(conn));
    return tables;
  }

  Result<std::unique_ptr<Source>> Read(const std::string& ns, const ReadQuery& query) override {
    TDM_ASSIGN_OR_RETURN(PgConn conn, TakeConnection(ns));
    return pg::OpenPostgresSource(std::move(conn), query);
  }

  Result<int64_t> CountRows(const std::string& ns, const std::string& table) override {
    TDM_ASSIGN_OR_RETURN(PgConn conn, TakeConnection(ns));
    auto count = pg::CountPostgresRows(conn, table);
    Release(std::move(conn));
    return count;
  }

  Status CrudProbe(const std::string& ns, const TableSchema& table) override {
    TDM_ASSIGN_OR_RETURN(PgConn conn, TakeConnection(ns));
    Status probe = RunProbe(conn, table);
    Status rolled_back = conn.Exec("ROLLBACK", "rolling back the probe of '" + ns + "'");
    if (rolled_back.ok()) Release(std::move(conn));
    TDM_RETURN_IF_ERROR(probe);
    return rolled_back;
  }

  Result<int64_t> DeleteRows(const std::string& ns, const std::string& table,
                             const std::vector<ColumnFilter>& filters) override {
    TDM_ASSIGN_OR_RETURN(PgConn conn, TakeConnection(ns));
    auto deleted = pg::DeletePostgresRows(conn, table, filters);
    Release(std::move(conn));
    return deleted;
  }

  std::string_view sql_dialect() const override { return "postgres"; }
  Result<SqlRows> QuerySql(const std::string& ns, const std::string& sql,
                           int64_t max_rows) override {  // postgres_sql.cc
    TDM_ASSIGN_OR_RETURN(PgConn conn, TakeConnection(ns));
    auto rows = pg::QueryRows(conn, sql, max_rows);
    Release(std::move(conn));
    return rows;
  }

  std::string Endpoint(const std::string& ns) const override {
    std::string out = "postgres://";
    if (!url_.user.empty()) out += PercentEncode(url_.user) + "@";
    out += url_.host.find(':') != std::string::npos ? "[" + url_.host + "]" : url_.host;
    return out + ":" + std::to_string(url_.port) + "/" + PercentEncode(ns);
  }

 private:
  // Runs a CREATE DATABASE, retrying while its template has other sessions. Provisions that
  // copy one template at once do not block each other, but a session reading the template (or
  // one of ours still shutting down) does until it leaves.
  PgResult RunWhileTemplateBusy(const std::string& sql) {
    auto deadline = std::chrono::steady_clock::now() + kTemplateBusyRetryFor;
    auto pause = std::chrono::milliseconds(50);
    PgResult result = admin_.Run(sql);
    while (result.sqlstate() == pg::kObjectInUse && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(pause);
      pause = std::min(pause * 2, std::chrono::milliseconds(500));
      result = admin_.Run(sql);
    }
    return result;
  }

  static Status CheckNamespace(const std::string& ns) {
    std::string problem = pg::IdentifierProblem(ns);
    if (problem.empty()) return Status::Ok();
    return {StatusCode::kInvalidArgument, "namespace '" + ns + "' " + problem};
  }

  // The Status of a statement that creates database `to` from `from` (rename, copy).
  Status Outcome(const PgResult& result, const std::string& from, const std::string& to,
                 const std::string& purpose) const {
    std::string_view state = result.sqlstate();
    if (state == pg::kDuplicateDatabase || state == pg::kUniqueViolation) {
      return {StatusCode::kFailedPrecondition, purpose + ": database '" + to + "' already exists"};
    }
    if (state == pg::kInvalidCatalogName) {
      return {StatusCode::kNotFound, purpose + ": database '" + from + "' does not exist"};
    }
    if (state == pg::kObjectInUse) {
      return admin_.ErrorOf(result.get(), purpose, StatusCode::kFailedPrecondition);
    }
    if (!result.ok()) return admin_.ErrorOf(result.get(), purpose);
    return Status::Ok();
  }

  // An idle connection to `ns`, or a new one; kNotFound when there is no such database.
  Result<PgConn> TakeConnection(const std::string& ns) {
    TDM_RETURN_IF_ERROR(CheckNamespace(ns));
    for (auto it = idle_.begin(); it != idle_.end(); ++it) {
      if (it->dbname() == ns && PQstatus(it->get()) == CONNECTION_OK) {
        PgConn conn = std::move(*it);
        idle_.erase(it);
        return conn;
      }
    }
    auto conn = PgConn::Connect(url_, ns, pg::kReadSessionSettings);
    if (conn.ok()) return conn;
    auto exists = Exists(ns);
    if (exists.ok() && !*exists) {
      return Status(StatusCode::kNotFound, "database '" + ns + "' does not exist");
    }
    return conn.status();
  }

  void Release(PgConn conn) {
    if (PQstatus(conn.get()) != CONNECTION_OK || PQtransactionStatus(conn.get()) != PQTRANS_IDLE) {
      return;
    }
    if (idle_.size() >= kMaxIdleConnections) idle_.erase(idle_.begin());
    idle_.push_back(std::move(conn));
  }

  void CloseConnections(const std::string& ns) {
    std::erase_if(idle_, [&](const PgConn& c) { return c.dbname() == ns; });
  }

  // Everything but the final ROLLBACK, which the caller always runs.
  static Status RunProbe(const PgConn& conn, const TableSchema& table) {
    const std::string what = "probing '" + conn.dbname() + "'";
    TDM_RETURN_IF_ERROR(conn.Exec("BEGIN", what));
    TDM_RETURN_IF_ERROR(
        conn.Exec("CREATE TEMP TABLE _tdm_probe (k integer PRIMARY KEY, v text) ON COMMIT DROP; "
                  "INSERT INTO _tdm_probe VALUES (1, 'probe')",
                  what + " (insert)"));
    TDM_ASSIGN_OR_RETURN(
        PgResult read, conn.Query("SELECT v FROM _tdm_probe WHERE k = 1", {}, what + " (select)"));
    if (read.rows() != 1 || read.Text(0, 0) != "probe") {
      return {StatusCode::kDatabaseError, what + ": the probe row did not read back"};
    }
    TDM_RETURN_IF_ERROR(conn.Exec(
        "UPDATE _tdm_probe SET v = 'probed' WHERE k = 1; DELETE FROM _tdm_probe WHERE k = 1",
        what + " (update, delete)"));
    if (table.columns.empty()) return Status::Ok();
    std::string t = QuoteIdentifier(table.name);
    std::string c = QuoteIdentifier(table.columns.front().name);
    return conn.Exec("UPDATE " + t + " SET " + c + " = " + c + " WHERE ctid = (SELECT ctid FROM " +
                         t + " LIMIT 1)",
                     "rewriting a row of '" + table.name + "' in '" + conn.dbname() + "'");
  }

  TargetUrl url_;
  PgConn admin_;
  std::vector<PgConn> idle_;  // oldest first
};

}  // namespace

Result<std::unique_ptr<Database>> OpenPostgresDatabase(const TargetUrl& url) {
  TDM_ASSIGN_OR_RETURN(PgConn admin, PgConn::Connect(url, url.database));
  return std::unique_ptr<Database>(new PostgresDatabase(url, std::move(admin)));
}

}  // namespace tdm::store
