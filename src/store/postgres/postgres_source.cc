#include "store/postgres/postgres_source.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/time_format.h"
#include "store/postgres/postgres_catalog.h"
#include "store/postgres/postgres_copy.h"
#include "store/postgres/postgres_types.h"

namespace tdm::store::pg {
namespace {

std::string FloatLiteral(double value) {
  if (std::isnan(value)) return "'NaN'::float8";
  if (std::isinf(value)) return value > 0 ? "'Infinity'::float8" : "'-Infinity'::float8";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", value);
  return std::string("'") + buf + "'::float8";
}

// `column = value` for a filter ResolveFilters has already matched to the column's type.
Result<std::string> Condition(const ColumnSchema& column, const ColumnFilter& f) {
  std::string name = QuoteIdentifier(column.name);
  auto invalid = [&](const char* what) {
    return Status(StatusCode::kInvalidArgument, "filter value for '" + column.name + "' must be " +
                                                    what + ", like the field's values");
  };
  switch (f.kind) {
    case ColumnFilter::Kind::kNull:
      return name + " IS NULL";
    case ColumnFilter::Kind::kInteger:
      return name + " = " + std::to_string(f.int_value);
    case ColumnFilter::Kind::kFloat: {
      // "2024" given for an integer column compares as an integer: exact for any int64 (a
      // double is not past 2^53), and an index on the column stays usable.
      char* end = nullptr;
      errno = 0;
      long long whole = std::strtoll(f.text.c_str(), &end, 10);
      if (column.type == ColumnType::kInteger && !f.text.empty() && *end == '\0' && errno == 0) {
        return name + " = " + std::to_string(whole);
      }
      return name + " = " + FloatLiteral(f.float_value);
    }
    case ColumnFilter::Kind::kBoolean:
      return name + (f.int_value != 0 ? " = true" : " = false");
    case ColumnFilter::Kind::kString:
      break;
  }
  switch (column.type) {
    case ColumnType::kDate: {
      auto days = ParseDate(f.text);
      if (!days) return invalid("a date (YYYY-MM-DD)");
      return name + " = '" + FormatDate(*days) + "'::date";
    }
    case ColumnType::kDateTime: {
      auto micros = ParseDateTime(f.text);
      if (!micros) return invalid("a datetime (YYYY-MM-DDTHH:MM:SSZ)");
      return name + " = '" + FormatDateTime(*micros) + "'::timestamptz";
    }
    case ColumnType::kUuid: {
      uint8_t bytes[16];
      if (!ParseUuid(f.text, bytes)) return invalid("a UUID");
      std::string canonical;
      AppendUuid(bytes, canonical);
      return name + " = '" + canonical + "'::uuid";
    }
    case ColumnType::kObjectId:  // char(24) against an untyped literal keeps its index usable
      return name + " = " + QuoteLiteral(f.text);
    default:  // text, or any type read as text (varchar, json, enums)
      return name + "::text = " + QuoteLiteral(f.text);
  }
}

class PostgresSource final : public Source {
 public:
  PostgresSource(PgConn conn, TableSchema schema)
      : conn_(std::move(conn)), schema_(std::move(schema)) {}

  const TableSchema& schema() const override { return schema_; }

  Result<bool> Next(Batch& out, size_t max_rows) override {
    out.Reset(schema_, next_row_, 0);
    size_t rows = 0;
    while (rows < max_rows && !ended_) {
      std::string_view pending(buffer_.data() + read_, buffer_.size() - read_);
      if (!header_read_) {
        TDM_ASSIGN_OR_RETURN(size_t header, ParseCopyHeader(pending));
        if (header == 0) {
          TDM_RETURN_IF_ERROR(Receive());
          continue;
        }
        read_ += header;
        header_read_ = true;
        continue;
      }
      size_t consumed = 0;
      TDM_ASSIGN_OR_RETURN(CopyRow row, DecodeCopyRow(pending, out, consumed));
      if (row == CopyRow::kNeedMore) {
        TDM_RETURN_IF_ERROR(Receive());
        continue;
      }
      read_ += consumed;
      if (row == CopyRow::kEnd) {
        TDM_RETURN_IF_ERROR(Drain());
        ended_ = true;
      } else {
        ++rows;
      }
    }
    out.num_rows = rows;
    next_row_ += static_cast<int64_t>(rows);
    return rows > 0;
  }

 private:
  // Appends the next message of the COPY stream to buffer_.
  Status Receive() {
    if (read_ > 0 && read_ * 2 >= buffer_.size()) {
      buffer_.erase(0, read_);
      read_ = 0;
    }
    char* data = nullptr;
    int length = PQgetCopyData(conn_.get(), &data, /*async=*/0);
    if (length > 0) {
      buffer_.append(data, static_cast<size_t>(length));
      PQfreemem(data);
      return Status::Ok();
    }
    if (length == -1) {  // the stream ended before its trailer: the query failed
      PgResult result(PQgetResult(conn_.get()));
      if (!result.ok()) return conn_.ErrorOf(result.get(), "reading '" + schema_.name + "'");
      return {StatusCode::kDatabaseError,
              "reading '" + schema_.name + "': the row stream ended mid-row"};
    }
    return conn_.ErrorOf(nullptr, "reading '" + schema_.name + "'");
  }

  // After the trailer: lets the COPY finish and checks how it ended.
  Status Drain() {
    char* data = nullptr;
    while (PQgetCopyData(conn_.get(), &data, 0) > 0) PQfreemem(data);
    Status status;
    for (PgResult r(PQgetResult(conn_.get())); r.get() != nullptr;
         r = PgResult(PQgetResult(conn_.get()))) {
      if (!r.ok() && status.ok()) status = conn_.ErrorOf(r.get(), "reading '" + schema_.name + "'");
    }
    buffer_.clear();
    read_ = 0;
    return status;
  }

  PgConn conn_;
  TableSchema schema_;
  std::string buffer_;
  size_t read_ = 0;
  bool header_read_ = false;
  bool ended_ = false;
  int64_t next_row_ = 0;
};

}  // namespace

Result<std::string> ReadSql(const TableSchema& table, const ReadQuery& query) {
  std::vector<ColumnFilter> filters = query.filters;
  TDM_RETURN_IF_ERROR(ResolveFilters(table, filters));
  // Only the columns asked for travel: the server's COPY is most of a scan's cost.
  TDM_ASSIGN_OR_RETURN(TableSchema selected, ProjectSchema(table, query.columns));
  std::string sql = "COPY (SELECT ";
  for (size_t i = 0; i < selected.columns.size(); ++i) {
    const ColumnSchema& c = selected.columns[i];
    sql += (i ? ", " : "") + QuoteIdentifier(c.name) + "::" + std::string(PgReadCast(c.type));
  }
  sql += " FROM " + QuoteIdentifier(table.name);
  for (size_t i = 0; i < filters.size(); ++i) {
    const ColumnSchema& column =
        table.columns[static_cast<size_t>(table.FindColumn(filters[i].column))];
    TDM_ASSIGN_OR_RETURN(std::string condition, Condition(column, filters[i]));
    sql += (i ? " AND " : " WHERE ") + condition;
  }
  if (query.limit) sql += " LIMIT " + std::to_string(std::max<int64_t>(*query.limit, 0));
  return sql + ") TO STDOUT (FORMAT binary)";
}

Result<std::unique_ptr<Source>> OpenPostgresSource(PgConn conn, const ReadQuery& query) {
  TDM_ASSIGN_OR_RETURN(std::vector<TableSchema> tables, DescribeTables(conn, query.table));
  if (tables.empty()) return MissingTable(conn, query.table);
  TDM_ASSIGN_OR_RETURN(std::string sql, ReadSql(tables.front(), query));
  PgResult copy = conn.Run(sql);
  if (PQresultStatus(copy.get()) != PGRES_COPY_OUT) {
    return conn.ErrorOf(copy.get(), "reading '" + query.table + "'");
  }
  TDM_ASSIGN_OR_RETURN(TableSchema schema, ProjectSchema(tables.front(), query.columns));
  return std::unique_ptr<Source>(new PostgresSource(std::move(conn), std::move(schema)));
}

Result<int64_t> CountPostgresRows(const PgConn& conn, const std::string& table) {
  PgResult count = conn.Run("SELECT count(*) FROM " + QuoteIdentifier(table));
  if (count.sqlstate() == kUndefinedTable) return MissingTable(conn, table);
  if (!count.ok()) return conn.ErrorOf(count.get(), "counting the rows of '" + table + "'");
  return static_cast<int64_t>(std::strtoll(count.Text(0, 0).data(), nullptr, 10));
}

}  // namespace tdm::store::pg
