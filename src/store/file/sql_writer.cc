// SQL script writer: loads into both SQLite (sqlite3 CLI) and PostgreSQL (psql).
//
// The script is one transaction: BEGIN; then per table CREATE TABLE IF NOT EXISTS, INSERTs of up to
// kRowsPerInsert rows and the declared indexes (created after the rows, which loads faster);
// COMMIT; at Finish. Only syntax both engines share is used: quoted identifiers, TRUE/FALSE
// (SQLite 3.23+), dates as 'YYYY-MM-DD' and datetimes as UTC 'YYYY-MM-DD HH:MM:SS[.ffffff]' text,
// which PostgreSQL reads into DATE/TIMESTAMP and SQLite keeps as ISO text its date functions read.
// Non-finite floats have no portable literal and are written as NULL.
#include <cmath>
#include <string>
#include <vector>

#include "core/time_format.h"
#include "store/file/output_buffer.h"
#include "store/file/value_format.h"
#include "store/file/writers.h"

namespace tdm::store {
namespace {

constexpr int kRowsPerInsert = 500;

std::string_view SqlType(ColumnType type) {
  switch (type) {
    case ColumnType::kString:
    case ColumnType::kUuid:  // TEXT keeps SQLite's affinity rules out of the way
      return "TEXT";
    case ColumnType::kInteger:
      return "BIGINT";
    case ColumnType::kFloat:
      return "DOUBLE PRECISION";
    case ColumnType::kBoolean:
      return "BOOLEAN";
    case ColumnType::kDate:
      return "DATE";
    case ColumnType::kDateTime:
      return "TIMESTAMP";
    case ColumnType::kObjectId:
      return "CHAR(24)";
  }
  return "TEXT";
}

void AppendIdentifierList(const std::vector<std::string>& names, std::string& out) {
  out.push_back('(');
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out.push_back(',');
    AppendSqlIdentifier(names[i], out);
  }
  out.push_back(')');
}

void AppendCreateTable(const TableSchema& table, std::string& out) {
  std::vector<std::string> primary_key;
  for (const ColumnSchema& column : table.columns) {
    if (column.primary_key) primary_key.push_back(column.name);
  }
  out.append("CREATE TABLE IF NOT EXISTS ");
  AppendSqlIdentifier(table.name, out);
  out.append(" (");
  const char* separator = "\n  ";
  for (const ColumnSchema& column : table.columns) {
    out.append(separator);
    separator = ",\n  ";
    AppendSqlIdentifier(column.name, out);
    out.push_back(' ');
    out.append(SqlType(column.type));
    if (!column.nullable || column.primary_key) out.append(" NOT NULL");
    bool unique_by_key = column.primary_key && primary_key.size() == 1;
    if (column.unique && !unique_by_key) out.append(" UNIQUE");
  }
  if (!primary_key.empty()) {
    out.append(separator);
    out.append("PRIMARY KEY ");
    AppendIdentifierList(primary_key, out);
  }
  for (const ForeignKeySchema& key : table.foreign_keys) {
    out.append(separator);
    out.append("FOREIGN KEY (");
    AppendSqlIdentifier(key.column, out);
    out.append(") REFERENCES ");
    AppendSqlIdentifier(key.ref_table, out);
    out.append(" (");
    AppendSqlIdentifier(key.ref_column, out);
    out.push_back(')');
  }
  out.append("\n);\n");
}

void AppendCreateIndexes(const TableSchema& table, std::string& out) {
  for (const IndexSchema& index : table.indexes) {
    std::string name = index.name;
    if (name.empty()) {
      name = table.name;
      for (const std::string& column : index.columns) name += "_" + column;
      name += "_idx";
    }
    out.append(index.unique ? "CREATE UNIQUE INDEX IF NOT EXISTS " : "CREATE INDEX IF NOT EXISTS ");
    AppendSqlIdentifier(name, out);
    out.append(" ON ");
    AppendSqlIdentifier(table.name, out);
    out.push_back(' ');
    AppendIdentifierList(index.columns, out);
    out.append(";\n");
  }
}

void AppendValue(const Column& column, size_t row, std::string& out) {
  switch (column.type()) {
    case ColumnType::kString:
    case ColumnType::kObjectId:
    case ColumnType::kUuid:
      AppendSqlString(column.GetString(row), out);
      return;
    case ColumnType::kInteger:
      AppendInt(column.GetInt(row), out);
      return;
    case ColumnType::kFloat:
      if (std::isfinite(column.GetDouble(row))) {
        AppendDouble(column.GetDouble(row), out);
      } else {
        out.append("NULL");
      }
      return;
    case ColumnType::kBoolean:
      out.append(column.GetInt(row) != 0 ? "TRUE" : "FALSE");
      return;
    case ColumnType::kDate:
      out.push_back('\'');
      AppendDate(column.GetInt(row), out);
      out.push_back('\'');
      return;
    case ColumnType::kDateTime: {
      // "2024-01-02T03:04:05Z" -> '2024-01-02 03:04:05'
      size_t start = out.size();
      out.push_back('\'');
      AppendDateTime(column.GetInt(row), out);
      out[out.find('T', start)] = ' ';
      out.back() = '\'';
      return;
    }
  }
}

class SqlSink final : public Sink {
 public:
  explicit SqlSink(std::ostream& out) : buffer_(out) {}

  Status BeginTable(const TableSchema& table) override {
    if (in_table_) return Status(StatusCode::kFailedPrecondition, "BeginTable before EndTable");
    std::string& out = buffer_.text();
    if (!began_) out.append("BEGIN;\n");
    began_ = true;
    in_table_ = true;
    table_ = table;
    AppendCreateTable(table, out);
    insert_head_ = "INSERT INTO ";
    AppendSqlIdentifier(table.name, insert_head_);
    insert_head_.push_back(' ');
    std::vector<std::string> names;
    for (const ColumnSchema& column : table.columns) names.push_back(column.name);
    AppendIdentifierList(names, insert_head_);
    insert_head_.append(" VALUES\n");
    rows_in_insert_ = 0;
    return buffer_.MaybeFlush();
  }

  Status Write(const Batch& batch) override {
    if (!in_table_) return Status(StatusCode::kFailedPrecondition, "Write before BeginTable");
    std::string& out = buffer_.text();
    for (size_t row = 0; row < batch.num_rows; ++row) {
      if (rows_in_insert_ == kRowsPerInsert) {
        out.append(";\n");
        rows_in_insert_ = 0;
      }
      out.append(rows_in_insert_ == 0 ? std::string_view(insert_head_) : ",\n");
      ++rows_in_insert_;
      out.push_back('(');
      for (size_t c = 0; c < batch.columns.size(); ++c) {
        if (c > 0) out.push_back(',');
        if (batch.columns[c].IsNull(row)) {
          out.append("NULL");
        } else {
          AppendValue(batch.columns[c], row, out);
        }
      }
      out.push_back(')');
      TDM_RETURN_IF_ERROR(buffer_.MaybeFlush());
    }
    return Status::Ok();
  }

  Status EndTable() override {
    if (!in_table_) return Status(StatusCode::kFailedPrecondition, "EndTable before BeginTable");
    in_table_ = false;
    std::string& out = buffer_.text();
    if (rows_in_insert_ > 0) out.append(";\n");
    rows_in_insert_ = 0;
    AppendCreateIndexes(table_, out);
    return buffer_.MaybeFlush();
  }

  Status Finish() override {
    if (began_) buffer_.text().append("COMMIT;\n");
    return buffer_.Flush();
  }

  void Abort() override { buffer_.Discard(); }

 private:
  OutputBuffer buffer_;
  bool began_ = false;
  bool in_table_ = false;
  TableSchema table_;        // for the indexes written at EndTable
  std::string insert_head_;  // INSERT INTO "t" ("a","b") VALUES
  int rows_in_insert_ = 0;
};

}  // namespace

std::unique_ptr<Sink> MakeSqlSink(std::ostream& out) { return std::make_unique<SqlSink>(out); }

}  // namespace tdm::store
