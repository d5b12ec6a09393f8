#include "store/mysql/mysql_database.h"

#include <mysqld_error.h>

#include <algorithm>
#include <charconv>

#include "store/mysql/mysql_catalog.h"
#include "store/mysql/mysql_conn.h"
#include "store/mysql/mysql_delete.h"
#include "store/mysql/mysql_sink.h"
#include "store/mysql/mysql_source.h"
#include "store/mysql/mysql_sql.h"
#include "store/projected_source.h"

namespace tdm::store {
namespace {

Status NoDatabase(std::string_view ns) {
  return {StatusCode::kNotFound, "database '" + std::string(ns) + "' does not exist"};
}

class MysqlDatabase final : public Database {
 public:
  MysqlDatabase(TargetUrl url, MysqlConn conn) : url_(std::move(url)), conn_(std::move(conn)) {}

  const TargetUrl& url() const override { return url_; }

  Status Ping() override {
    if (mysql_ping(conn_.get()) == 0) return Status::Ok();
    return {StatusCode::kUnavailable,
            "cannot reach " + url_.Redacted() + ": " +
                RedactSecrets(WithoutValues(mysql_error(conn_.get())), url_)};
  }

  Result<std::unique_ptr<Sink>> Create(const std::string& ns) override {
    return OpenMysqlSink(url_, ns);
  }

  Result<bool> Exists(const std::string& ns) override {
    TDM_RETURN_IF_ERROR(CheckNamespace(ns));
    return MysqlDatabaseExists(conn_, ns);
  }

  Status Drop(const std::string& ns) override {
    TDM_RETURN_IF_ERROR(CheckNamespace(ns));
    return conn_.Exec("DROP DATABASE IF EXISTS " + QuoteName(ns), "dropping database '" + ns + "'");
  }

  Status Rename(const std::string& from, const std::string& to) override {
    TDM_RETURN_IF_ERROR(CheckNamespace(from));
    TDM_RETURN_IF_ERROR(CheckNamespace(to));
    std::string what = "renaming database '" + from + "' to '" + to + "'";
    TDM_ASSIGN_OR_RETURN(
        std::vector<MysqlRow> charset,
        conn_.Query("SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM "
                    "information_schema.SCHEMATA WHERE SCHEMA_NAME = " +
                        conn_.Literal(from),
                    what));
    if (charset.empty() || !charset[0][0] || !charset[0][1]) return NoDatabase(from);
    TDM_ASSIGN_OR_RETURN(std::vector<MysqlRow> tables,
                         conn_.Query("SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES "
                                     "WHERE TABLE_SCHEMA = " +
                                         conn_.Literal(from),
                                     what));
    std::string moves;
    for (const MysqlRow& t : tables) {
      if (t[1] == "VIEW") {
        return {StatusCode::kFailedPrecondition,
                what + ": it holds view '" + t[0].value_or("") +
                    "', which MySQL cannot move to another database"};
      }
      moves += (moves.empty() ? "" : ", ") + QualifiedName(from, *t[0]) + " TO " +
               QualifiedName(to, *t[0]);
    }
    Status created = conn_.Exec("CREATE DATABASE " + QuoteName(to) + " CHARACTER SET " +
                                    *charset[0][0] + " COLLATE " + *charset[0][1],
                                what);
    if (!created.ok()) {
      if (conn_.error_code() == ER_DB_CREATE_EXISTS) {
        return {StatusCode::kFailedPrecondition, what + ": '" + to + "' already exists"};
      }
      return created;
    }
    // One statement moves every table at once, or none of them.
    if (!moves.empty()) {
      Status moved = conn_.Exec("RENAME TABLE " + moves, what);
      if (!moved.ok()) {
        (void)conn_.Exec("DROP DATABASE IF EXISTS " + QuoteName(to), what);
        return moved;
      }
    }
    return conn_.Exec("DROP DATABASE " + QuoteName(from),
                      what + ": dropping the emptied '" + from + "'");
  }

  Result<std::vector<std::string>> List(std::string_view prefix) override {
    // LIKE narrows the search (without regard to case); the bytewise check below decides.
    std::string pattern;
    for (char c : prefix) {
      if (c == '%' || c == '_' || c == '!') pattern += '!';
      pattern += c;
    }
    pattern += '%';
    TDM_ASSIGN_OR_RETURN(
        std::vector<MysqlRow> rows,
        conn_.Query("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE " +
                        conn_.Literal(pattern) + " ESCAPE '!'",
                    "listing databases"));
    std::vector<std::string> names;
    for (MysqlRow& row : rows) {
      if (row[0] && row[0]->starts_with(prefix)) names.push_back(std::move(*row[0]));
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  Result<std::vector<TableSchema>> Describe(const std::string& ns) override {
    TDM_ASSIGN_OR_RETURN(bool exists, Exists(ns));
    if (!exists) return NoDatabase(ns);
    TDM_ASSIGN_OR_RETURN(std::vector<MysqlTable> tables,
                         DescribeMysqlTables(conn_, ns, std::nullopt));
    std::vector<TableSchema> out;
    out.reserve(tables.size());
    for (MysqlTable& t : tables) out.push_back(std::move(t.schema));
    return out;
  }

  Result<std::unique_ptr<Source>> Read(const std::string& ns, const ReadQuery& query) override {
    return ProjectColumns(ReadRows(ns, query), query.columns);
  }

  // Every column of the rows `query` selects.
  Result<std::unique_ptr<Source>> ReadRows(const std::string& ns, const ReadQuery& query) {
    return OpenMysqlSource(url_, ns, query);
  }

  Result<int64_t> CountRows(const std::string& ns, const std::string& table) override {
    TDM_RETURN_IF_ERROR(CheckNamespace(ns));
    auto rows = conn_.Query("SELECT COUNT(*) FROM " + QualifiedName(ns, table),
                            "counting the rows of '" + table + "'");
    if (!rows.ok()) {
      if (rows.status().code() == StatusCode::kNotFound) return MissingTable(conn_, ns, table);
      return rows.status();
    }
    int64_t count = -1;
    if (rows->size() == 1 && (*rows)[0][0]) {
      const std::string& text = *(*rows)[0][0];
      std::from_chars(text.data(), text.data() + text.size(), count);
    }
    if (count < 0) return Status(StatusCode::kDatabaseError, "counting '" + table + "' failed");
    return count;
  }

  Status CrudProbe(const std::string& ns, const TableSchema& table) override {
    TDM_RETURN_IF_ERROR(CheckNamespace(ns));
    // CREATE TEMPORARY TABLE does not end the transaction, so the rollback covers every step.
    std::string probe = QualifiedName(ns, "_tdm_probe");
    Status status = Probe(probe, ns, table);
    Status rolled_back = conn_.Exec("ROLLBACK", "rolling the CRUD probe back");
    Status dropped =
        conn_.Exec("DROP TEMPORARY TABLE IF EXISTS " + probe, "dropping the CRUD probe's table");
    TDM_RETURN_IF_ERROR(status);
    TDM_RETURN_IF_ERROR(rolled_back);
    return dropped;
  }

  Result<int64_t> DeleteRows(const std::string& ns, const std::string& table,
                             const std::vector<ColumnFilter>& filters) override {
    return DeleteMysqlRows(conn_, ns, table, filters);
  }

  std::string_view sql_dialect() const override { return "mysql"; }
  Result<SqlRows> QuerySql(const std::string& ns, const std::string& sql,
                           int64_t max_rows) override {  // mysql_sql.cc
    return QueryMysqlRows(conn_, ns, sql, max_rows);
  }

  std::string Endpoint(const std::string& ns) const override {
    TargetUrl at = url_;
    at.password.clear();
    at.database = ns;
    return at.Redacted();
  }

 private:
  Status Probe(const std::string& probe, const std::string& ns, const TableSchema& table) {
    const std::string what = "CRUD probe in '" + ns + "'";
    TDM_RETURN_IF_ERROR(conn_.Exec("START TRANSACTION", what));
    TDM_RETURN_IF_ERROR(conn_.Exec(
        "CREATE TEMPORARY TABLE " + probe + " (k INT PRIMARY KEY, v VARCHAR(16)) ENGINE=InnoDB",
        what + ": creating a scratch table"));
    TDM_RETURN_IF_ERROR(
        conn_.Exec("INSERT INTO " + probe + " VALUES (1, 'probe')", what + ": inserting"));
    TDM_ASSIGN_OR_RETURN(std::vector<MysqlRow> read,
                         conn_.Query("SELECT v FROM " + probe + " WHERE k = 1", what));
    if (read.size() != 1 || read[0][0] != "probe") {
      return {StatusCode::kDatabaseError, what + ": the inserted row did not read back"};
    }
    TDM_RETURN_IF_ERROR(
        conn_.Exec("UPDATE " + probe + " SET v = 'probed' WHERE k = 1", what + ": updating"));
    TDM_RETURN_IF_ERROR(conn_.Exec("DELETE FROM " + probe + " WHERE k = 1", what + ": deleting"));
    if (table.columns.empty()) return Status::Ok();
    std::string column = QuoteName(table.columns.front().name);
    return conn_.Exec(
        "UPDATE " + QualifiedName(ns, table.name) + " SET " + column + " = " + column + " LIMIT 1",
        what + ": rewriting a row of '" + table.name + "'");
  }

  TargetUrl url_;
  MysqlConn conn_;  // catalogue work; sinks and sources connect on their own
};

}  // namespace

Result<std::unique_ptr<Database>> OpenMysqlDatabase(const TargetUrl& url) {
  TDM_ASSIGN_OR_RETURN(MysqlConn conn, MysqlConn::Connect(url));
  return std::unique_ptr<Database>(new MysqlDatabase(url, std::move(conn)));
}

}  // namespace tdm::store
