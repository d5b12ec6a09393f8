#include "store/postgres/postgres_sink.h"

#include <utility>
#include <vector>

#include "store/postgres/postgres_copy.h"
#include "store/postgres/postgres_types.h"

namespace tdm::store::pg {
namespace {

// Bytes encoded before they are handed to libpq: large enough to amortise the calls, small enough
// that the server starts on a batch while the rest of it is still being encoded.
constexpr size_t kFlushBytes = 256 << 10;

struct PendingForeignKey {
  std::string table;
  ForeignKeySchema key;
};

Status CheckNames(const TableSchema& table) {
  auto check = [](const std::string& what, const std::string& name) -> Status {
    std::string problem = IdentifierProblem(name);
    if (problem.empty()) return Status::Ok();
    return {StatusCode::kInvalidArgument, what + " '" + name + "' " + problem};
  };
  TDM_RETURN_IF_ERROR(check("table", table.name));
  for (const ColumnSchema& c : table.columns) {
    TDM_RETURN_IF_ERROR(check("column", c.name));
  }
  for (const IndexSchema& i : table.indexes) TDM_RETURN_IF_ERROR(check("index", i.name));
  return Status::Ok();
}

std::string CreateTableSql(const TableSchema& table) {
  std::string sql = "CREATE TABLE " + QuoteIdentifier(table.name) + " (";
  for (size_t i = 0; i < table.columns.size(); ++i) {
    const ColumnSchema& c = table.columns[i];
    sql += (i ? ", " : "") + QuoteIdentifier(c.name) + " " + std::string(PgTypeName(c.type));
    if (!c.nullable || c.primary_key) sql += " NOT NULL";
  }
  return sql + ")";
}

std::string ColumnList(const std::vector<std::string>& columns) {
  std::string out = "(";
  for (size_t i = 0; i < columns.size(); ++i) out += (i ? ", " : "") + QuoteIdentifier(columns[i]);
  return out + ")";
}

// Whether a declared unique index already enforces uniqueness of `column` alone.
bool HasUniqueIndex(const TableSchema& table, const std::string& column) {
  for (const IndexSchema& i : table.indexes) {
    if (i.unique && i.columns.size() == 1 && i.columns[0] == column) return true;
  }
  return false;
}

class PostgresSink final : public Sink {
 public:
  PostgresSink(TargetUrl url, std::string ns, PgConn conn)
      : url_(std::move(url)), ns_(std::move(ns)), conn_(std::move(conn)) {}

  ~PostgresSink() override {
    if (!finished_) Abort();
  }

  Status BeginTable(const TableSchema& table) override {
    if (finished_ || in_copy_) {
      return {StatusCode::kInternal, "BeginTable on a PostgreSQL sink that is not between tables"};
    }
    TDM_RETURN_IF_ERROR(CheckNames(table));
    table_ = table;
    TDM_RETURN_IF_ERROR(
        conn_.Exec(CreateTableSql(table), "creating table '" + table.name + "' in '" + ns_ + "'"));
    std::vector<std::string> names;
    for (const ColumnSchema& c : table.columns) names.push_back(c.name);
    // FREEZE writes the rows already frozen, so the first reader does not rewrite every page to
    // set hint bits; it is allowed because the table was created in this transaction.
    PgResult copy = conn_.Run("COPY " + QuoteIdentifier(table.name) +
                              (names.empty() ? "" : " " + ColumnList(names)) +
                              " FROM STDIN (FORMAT binary, FREEZE)");
    if (PQresultStatus(copy.get()) != PGRES_COPY_IN) {
      return conn_.ErrorOf(copy.get(), "starting to load '" + table.name + "'");
    }
    in_copy_ = true;
    buffer_.Clear();
    AppendCopyHeader(buffer_);
    return Status::Ok();
  }

  Status Write(const Batch& batch) override {
    if (!in_copy_) return {StatusCode::kInternal, "Write outside BeginTable/EndTable"};
    if (batch.columns.size() != table_.columns.size()) {
      return {StatusCode::kInternal, "a batch for '" + table_.name + "' has " +
                                         std::to_string(batch.columns.size()) + " columns, not " +
                                         std::to_string(table_.columns.size())};
    }
    for (size_t row = 0; row < batch.num_rows;) {
      TDM_ASSIGN_OR_RETURN(row, EncodeCopyRows(batch, row, kFlushBytes, buffer_));
      if (buffer_.size() >= kFlushBytes) TDM_RETURN_IF_ERROR(Flush());
    }
    return Status::Ok();
  }

  Status EndTable() override {
    if (!in_copy_) return {StatusCode::kInternal, "EndTable without BeginTable"};
    AppendCopyTrailer(buffer_);
    TDM_RETURN_IF_ERROR(Flush());
    in_copy_ = false;
    const std::string loading = "loading '" + table_.name + "'";
    if (PQputCopyEnd(conn_.get(), nullptr) != 1) return conn_.ErrorOf(nullptr, loading);
    Status copied;
    for (PgResult r(PQgetResult(conn_.get())); r.get() != nullptr;
         r = PgResult(PQgetResult(conn_.get()))) {
      if (!r.ok() && copied.ok()) copied = conn_.ErrorOf(r.get(), loading);
    }
    TDM_RETURN_IF_ERROR(copied);
    return AddKeysAndIndexes();
  }

  Status Finish() override {
    if (finished_ || in_copy_) {
      return {StatusCode::kInternal, "Finish on a PostgreSQL sink that is mid-table or finished"};
    }
    for (const PendingForeignKey& fk : foreign_keys_) {
      TDM_RETURN_IF_ERROR(conn_.Exec("ALTER TABLE " + QuoteIdentifier(fk.table) +
                                         " ADD FOREIGN KEY (" + QuoteIdentifier(fk.key.column) +
                                         ") REFERENCES " + QuoteIdentifier(fk.key.ref_table) +
                                         " (" + QuoteIdentifier(fk.key.ref_column) + ")",
                                     "adding the foreign key " + fk.table + "." + fk.key.column +
                                         " -> " + fk.key.ref_table + "." + fk.key.ref_column));
    }
    TDM_RETURN_IF_ERROR(conn_.Exec("COMMIT", "committing '" + ns_ + "'"));
    conn_.Close();
    finished_ = true;
    return Status::Ok();
  }

  void Abort() override {
    if (finished_) return;
    finished_ = true;
    conn_.Close();  // the server rolls the open transaction back
    auto admin = PgConn::Connect(url_, url_.database);
    if (admin.ok()) {
      (void)admin->Exec("DROP DATABASE IF EXISTS " + QuoteIdentifier(ns_) + " WITH (FORCE)",
                        "dropping '" + ns_ + "'");
    }
  }

 private:
  Status Flush() {
    if (buffer_.size() == 0) return Status::Ok();
    if (PQputCopyData(conn_.get(), buffer_.data(), static_cast<int>(buffer_.size())) != 1) {
      return conn_.ErrorOf(nullptr, "loading '" + table_.name + "'");
    }
    buffer_.Clear();
    return Status::Ok();
  }

  // After the rows, so each key and index is built by one sort.
  Status AddKeysAndIndexes() {
    const std::string table = QuoteIdentifier(table_.name);
    std::vector<std::string> primary;
    for (const ColumnSchema& c : table_.columns) {
      if (c.primary_key) primary.push_back(c.name);
    }
    if (!primary.empty()) {
      TDM_RETURN_IF_ERROR(
          conn_.Exec("ALTER TABLE " + table + " ADD PRIMARY KEY " + ColumnList(primary),
                     "adding the primary key of '" + table_.name + "'"));
    }
    for (const ColumnSchema& c : table_.columns) {
      if (!c.unique || c.primary_key || HasUniqueIndex(table_, c.name)) continue;
      TDM_RETURN_IF_ERROR(
          conn_.Exec("ALTER TABLE " + table + " ADD UNIQUE (" + QuoteIdentifier(c.name) + ")",
                     "adding the unique constraint on " + table_.name + "." + c.name));
    }
    for (const IndexSchema& index : table_.indexes) {
      TDM_RETURN_IF_ERROR(conn_.Exec(
          std::string(index.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ") +
              QuoteIdentifier(index.name) + " ON " + table + " " + ColumnList(index.columns),
          "creating index '" + index.name + "' on '" + table_.name + "'"));
    }
    for (const ForeignKeySchema& fk : table_.foreign_keys) {
      foreign_keys_.push_back({table_.name, fk});
    }
    return Status::Ok();
  }

  TargetUrl url_;
  std::string ns_;
  PgConn conn_;
  TableSchema table_;
  CopyBuffer buffer_;
  std::vector<PendingForeignKey> foreign_keys_;
  bool in_copy_ = false;
  bool finished_ = false;
};

}  // namespace

Result<std::unique_ptr<Sink>> OpenPostgresSink(const TargetUrl& url, const std::string& ns,
                                               PgConn conn) {
  TDM_RETURN_IF_ERROR(conn.Exec("BEGIN", "starting to load '" + ns + "'"));
  return std::unique_ptr<Sink>(new PostgresSink(url, ns, std::move(conn)));
}

}  // namespace tdm::store::pg
