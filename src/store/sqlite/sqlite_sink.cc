#include "store/sqlite/sqlite_sink.h"

#include <filesystem>

#include "core/time_format.h"
#include "store/sqlite/sqlite_db.h"

namespace tdm::store {
namespace {

std::string CreateTableSql(const TableSchema& table) {
  std::string sql = "CREATE TABLE " + QuoteIdentifier(table.name) + " (";
  for (size_t i = 0; i < table.columns.size(); ++i) {
    const ColumnSchema& c = table.columns[i];
    if (i > 0) sql += ", ";
    sql += QuoteIdentifier(c.name) + " " + std::string(SqliteTypeName(c.type));
    if (c.primary_key) sql += " PRIMARY KEY";
    if (!c.nullable && !c.primary_key) sql += " NOT NULL";
    if (c.unique && !c.primary_key) sql += " UNIQUE";
  }
  for (const ForeignKeySchema& fk : table.foreign_keys) {
    sql += ", FOREIGN KEY (" + QuoteIdentifier(fk.column) + ") REFERENCES " +
           QuoteIdentifier(fk.ref_table) + " (" + QuoteIdentifier(fk.ref_column) + ")";
  }
  return sql + ")";
}

class SqliteSink final : public Sink {
 public:
  SqliteSink(SqliteDb db, std::string final_path, std::string work_path, SqliteMode mode)
      : db_(std::move(db)),
        final_path_(std::move(final_path)),
        work_path_(std::move(work_path)),
        mode_(mode) {}

  ~SqliteSink() override {
    if (!finished_) Abort();
  }

  Status BeginTable(const TableSchema& table) override {
    table_ = &table;
    TDM_RETURN_IF_ERROR(db_.Exec(CreateTableSql(table)));
    std::string sql = "INSERT INTO " + QuoteIdentifier(table.name) + " VALUES (";
    for (size_t i = 0; i < table.columns.size(); ++i) sql += i == 0 ? "?" : ",?";
    TDM_ASSIGN_OR_RETURN(insert_, db_.Prepare(sql + ")"));
    return Status::Ok();
  }

  Status Write(const Batch& batch) override {
    sqlite3_stmt* stmt = insert_.get();
    const size_t num_columns = batch.columns.size();
    for (size_t r = 0; r < batch.num_rows; ++r) {
      for (size_t c = 0; c < num_columns; ++c) {
        const Column& column = batch.columns[c];
        int param = static_cast<int>(c) + 1;
        if (column.IsNull(r)) {
          sqlite3_bind_null(stmt, param);
          continue;
        }
        switch (column.type()) {
          case ColumnType::kInteger:
          case ColumnType::kBoolean:
            sqlite3_bind_int64(stmt, param, column.GetInt(r));
            break;
          case ColumnType::kFloat:
            sqlite3_bind_double(stmt, param, column.GetDouble(r));
            break;
          case ColumnType::kDate:
          case ColumnType::kDateTime: {
            std::string& scratch = scratch_[c % kScratch];
            scratch.clear();
            if (column.type() == ColumnType::kDate) {
              AppendDate(column.GetInt(r), scratch);
            } else {
              AppendDateTime(column.GetInt(r), scratch);
            }
            sqlite3_bind_text(stmt, param, scratch.data(), static_cast<int>(scratch.size()),
                              SQLITE_TRANSIENT);
            break;
          }
          default: {
            std::string_view s = column.GetString(r);
            sqlite3_bind_text(stmt, param, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
          }
        }
      }
      if (sqlite3_step(stmt) != SQLITE_DONE) {
        Status error = db_.Error("inserting into '" + table_->name + "'");
        sqlite3_reset(stmt);
        return error;
      }
      sqlite3_reset(stmt);
    }
    return Status::Ok();
  }

  Status EndTable() override {
    insert_ = SqliteStatement();
    for (const IndexSchema& index : table_->indexes) {
      std::string sql = std::string(index.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ") +
                        QuoteIdentifier(index.name) + " ON " + QuoteIdentifier(table_->name) + " (";
      for (size_t i = 0; i < index.columns.size(); ++i) {
        sql += (i ? ", " : "") + QuoteIdentifier(index.columns[i]);
      }
      TDM_RETURN_IF_ERROR(db_.Exec(sql + ")").WithContext("creating index '" + index.name + "'"));
    }
    return Status::Ok();
  }

  Status Finish() override {
    insert_ = SqliteStatement();
    TDM_RETURN_IF_ERROR(db_.Exec("COMMIT"));
    db_.Close();
    if (mode_ == SqliteMode::kCreate) {
      std::error_code ec;
      std::filesystem::rename(work_path_, final_path_, ec);
      if (ec) {
        std::filesystem::remove(work_path_, ec);
        return {StatusCode::kIoError, "cannot move the new database into place at '" + final_path_ +
                                          "': " + ec.message()};
      }
    }
    finished_ = true;
    return Status::Ok();
  }

  void Abort() override {
    if (finished_) return;
    finished_ = true;
    insert_ = SqliteStatement();
    if (db_.is_open()) (void)db_.Exec("ROLLBACK");
    db_.Close();
    if (mode_ == SqliteMode::kCreate) {
      std::error_code ec;
      std::filesystem::remove(work_path_, ec);
    }
  }

 private:
  static constexpr size_t kScratch = 64;

  SqliteDb db_;
  std::string final_path_;
  std::string work_path_;
  SqliteMode mode_;
  const TableSchema* table_ = nullptr;
  SqliteStatement insert_;
  std::string scratch_[kScratch];
  bool finished_ = false;
};

}  // namespace

Result<std::unique_ptr<Sink>> OpenSqliteSink(const std::string& path, SqliteMode mode) {
  std::string work_path = mode == SqliteMode::kCreate ? path + ".partial" : path;
  std::error_code ec;
  if (mode == SqliteMode::kCreate) {
    if (std::filesystem::exists(path, ec)) {
      return Status(StatusCode::kFailedPrecondition,
                    "'" + path + "' already exists; refusing to overwrite it");
    }
    std::filesystem::remove(work_path, ec);
  }
  TDM_ASSIGN_OR_RETURN(SqliteDb db, SqliteDb::Open(work_path, mode == SqliteMode::kCreate));
  if (mode == SqliteMode::kCreate) {
    // The file is renamed into place only when complete, so crash safety comes from the rename,
    // not from a journal.
    TDM_RETURN_IF_ERROR(
        db.Exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA locking_mode=EXCLUSIVE; "
                "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-262144; PRAGMA page_size=16384"));
  }
  TDM_RETURN_IF_ERROR(db.Exec("BEGIN"));
  return std::unique_ptr<Sink>(new SqliteSink(std::move(db), path, work_path, mode));
}

}  // namespace tdm::store
