#include "store/sqlite/sqlite_database.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "core/suggest.h"
#include "store/projected_source.h"
#include "store/sqlite/sqlite_db.h"
#include "store/sqlite/sqlite_delete.h"
#include "store/sqlite/sqlite_sink.h"
#include "store/sqlite/sqlite_source.h"
#include "store/sqlite/sqlite_sql.h"

namespace tdm::store {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSidecars[] = {"-wal", "-shm", "-journal", ".partial"};

std::string Text(sqlite3_stmt* s, int column) {
  const unsigned char* t = sqlite3_column_text(s, column);
  return t ? reinterpret_cast<const char*>(t) : "";
}

Result<TableSchema> DescribeTable(const SqliteDb& db, const std::string& table) {
  TDM_ASSIGN_OR_RETURN(TableSchema schema, ReadSqliteSchema(db, table));
  TDM_ASSIGN_OR_RETURN(SqliteStatement list,
                       db.Prepare("SELECT name, \"unique\", origin FROM pragma_index_list(?) "
                                  "ORDER BY seq DESC"));
  sqlite3_bind_text(list.get(), 1, table.c_str(), -1, SQLITE_TRANSIENT);
  while (sqlite3_step(list.get()) == SQLITE_ROW) {
    IndexSchema index{Text(list.get(), 0), {}, sqlite3_column_int(list.get(), 1) != 0};
    if (Text(list.get(), 2) == "pk") continue;
    TDM_ASSIGN_OR_RETURN(SqliteStatement info,
                         db.Prepare("SELECT name FROM pragma_index_info(?) ORDER BY seqno"));
    sqlite3_bind_text(info.get(), 1, index.name.c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(info.get()) == SQLITE_ROW) index.columns.push_back(Text(info.get(), 0));
    if (index.unique && index.columns.size() == 1) {
      int c = schema.FindColumn(index.columns[0]);
      if (c >= 0) schema.columns[static_cast<size_t>(c)].unique = true;
    }
    schema.indexes.push_back(std::move(index));
  }
  return schema;
}

class SqliteDatabase final : public Database {
 public:
  explicit SqliteDatabase(TargetUrl url) : url_(std::move(url)) {}

  const TargetUrl& url() const override { return url_; }

  Status Ping() override {
    TDM_ASSIGN_OR_RETURN(SqliteDb db, SqliteDb::Open(":memory:", true));
    return db.Exec("SELECT 1");
  }

  Result<std::unique_ptr<Sink>> Create(const std::string& ns) override {
    std::error_code ec;
    fs::path parent = fs::path(ns).parent_path();
    if (!parent.empty()) fs::create_directories(parent, ec);
    return OpenSqliteSink(ns, SqliteMode::kCreate);
  }

  Result<bool> Exists(const std::string& ns) override {
    std::error_code ec;
    return fs::is_regular_file(ns, ec);
  }

  Status Drop(const std::string& ns) override {
    std::error_code ec;
    fs::remove(ns, ec);
    if (ec) return {StatusCode::kIoError, "cannot remove '" + ns + "': " + ec.message()};
    for (const char* suffix : kSidecars) fs::remove(ns + suffix, ec);
    return Status::Ok();
  }

  Status Rename(const std::string& from, const std::string& to) override {
    // link() fails when `to` exists, so two renames racing for one name cannot overwrite.
    if (::link(from.c_str(), to.c_str()) != 0) {
      if (errno == EEXIST) {
        return {StatusCode::kFailedPrecondition, "'" + to + "' already exists"};
      }
      return {StatusCode::kIoError, "cannot rename '" + from + "' to '" + to + "'"};
    }
    ::unlink(from.c_str());
    return Status::Ok();
  }

  Status Clone(const std::string& from, const std::string& to) override {
    std::error_code ec;
    if (fs::exists(to, ec)) return {StatusCode::kFailedPrecondition, "'" + to + "' already exists"};
    std::string work = to + ".partial";
    fs::copy_file(from, work, fs::copy_options::overwrite_existing, ec);
    if (ec) {
      fs::remove(work, ec);
      return {StatusCode::kIoError, "cannot copy '" + from + "': " + ec.message()};
    }
    Status renamed = Rename(work, to);
    if (!renamed.ok()) fs::remove(work, ec);
    return renamed;
  }

  Result<std::vector<std::string>> List(std::string_view prefix) override {
    fs::path p{std::string(prefix)};
    fs::path dir = p.has_filename() ? p.parent_path() : p;
    std::string start = p.has_filename() ? p.filename().string() : "";
    if (dir.empty()) dir = ".";
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      std::string name = entry.path().filename().string();
      if (name.rfind(start, 0) != 0 || !entry.is_regular_file()) continue;
      bool sidecar = false;
      for (const char* suffix : kSidecars) {
        std::string_view s(suffix);
        sidecar = sidecar || (name.size() > s.size() && name.ends_with(s));
      }
      if (!sidecar) names.push_back((dir / name).string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  Result<std::vector<TableSchema>> Describe(const std::string& ns) override {
    TDM_ASSIGN_OR_RETURN(SqliteDb db, OpenExisting(ns));
    TDM_ASSIGN_OR_RETURN(std::vector<std::string> tables, ListSqliteTables(db));
    std::vector<TableSchema> out;
    for (const std::string& t : tables) {
      TDM_ASSIGN_OR_RETURN(TableSchema schema, DescribeTable(db, t));
      out.push_back(std::move(schema));
    }
    return out;
  }

  Result<std::unique_ptr<Source>> Read(const std::string& ns, const ReadQuery& query) override {
    return ProjectColumns(ReadRows(ns, query), query.columns);
  }

  // Every column of the rows `query` selects.
  Result<std::unique_ptr<Source>> ReadRows(const std::string& ns, const ReadQuery& query) {
    TDM_RETURN_IF_ERROR(OpenExisting(ns).status());
    return OpenSqliteSource(ns, query);
  }

  Result<int64_t> CountRows(const std::string& ns, const std::string& table) override {
    TDM_RETURN_IF_ERROR(OpenExisting(ns).status());
    return CountSqliteRows(ns, table);
  }

  Status CrudProbe(const std::string& ns, const TableSchema& table) override {
    TDM_ASSIGN_OR_RETURN(SqliteDb db, OpenExisting(ns, /*read_only=*/false));
    std::string t = QuoteIdentifier(table.name);
    std::string first_column =
        table.columns.empty() ? "rowid" : QuoteIdentifier(table.columns.front().name);
    Status probe = db.Exec(
        "BEGIN; CREATE TEMP TABLE _tdm_probe (k INTEGER PRIMARY KEY, v TEXT);"
        "INSERT INTO _tdm_probe VALUES (1, 'probe');"
        "SELECT v FROM _tdm_probe WHERE k = 1;"
        "UPDATE _tdm_probe SET v = 'probed' WHERE k = 1;"
        "DELETE FROM _tdm_probe WHERE k = 1;"
        "UPDATE " +
        t + " SET " + first_column + " = " + first_column +
        " WHERE rowid = (SELECT min(rowid) FROM " + t + ");");
    Status rolled_back = db.Exec("ROLLBACK");
    TDM_RETURN_IF_ERROR(probe);
    return rolled_back;
  }

  Result<int64_t> DeleteRows(const std::string& ns, const std::string& table,
                             const std::vector<ColumnFilter>& filters) override {
    return DeleteSqliteRows(ns, table, filters);
  }

  std::string Endpoint(const std::string& ns) const override { return "sqlite://" + ns; }

  std::string_view sql_dialect() const override { return "sqlite"; }
  Result<SqlRows> QuerySql(const std::string& ns, const std::string& sql,
                           int64_t max_rows) override {  // sqlite_sql.cc
    return QuerySqlite(ns, sql, max_rows);
  }

 private:
  static Result<SqliteDb> OpenExisting(const std::string& ns, bool read_only = true) {
    std::error_code ec;
    if (!fs::is_regular_file(ns, ec)) {
      return Status(StatusCode::kNotFound, "database '" + ns + "' does not exist");
    }
    return SqliteDb::Open(ns, false, read_only);
  }

  TargetUrl url_;
};

}  // namespace

Result<std::unique_ptr<Database>> OpenSqliteDatabase(const TargetUrl& url) {
  return std::unique_ptr<Database>(new SqliteDatabase(url));
}

}  // namespace tdm::store
