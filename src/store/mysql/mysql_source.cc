#include "store/mysql/mysql_source.h"

#include <charconv>

#include "core/time_format.h"
#include "store/mysql/mysql_catalog.h"
#include "store/mysql/mysql_conn.h"
#include "store/mysql/mysql_types.h"

namespace tdm::store {
namespace {

void AppendNumber(double v, std::string& out) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

// `column` = <value>, with the value in the form the column's type compares with.
Result<std::string> FilterCondition(const MysqlConn& conn, const ColumnSchema& column,
                                    const ColumnFilter& f) {
  std::string sql = QuoteName(column.name);
  using Kind = ColumnFilter::Kind;
  switch (f.kind) {
    case Kind::kNull:
      return sql + " IS NULL";
    case Kind::kInteger:
    case Kind::kBoolean:
      return sql + " = " + std::to_string(f.int_value);
    case Kind::kFloat:
      sql += " = ";
      AppendNumber(f.float_value, sql);
      return sql;
    case Kind::kString:
      break;
  }
  sql += " = ";
  if (column.type == ColumnType::kDate || column.type == ColumnType::kDateTime) {
    bool date = column.type == ColumnType::kDate;
    std::optional<int64_t> value = date ? ParseDate(f.text) : ParseDateTime(f.text);
    if (!value) {
      return Status(StatusCode::kInvalidArgument,
                    "filter value for '" + column.name + "' must be a " +
                        (date ? "date (YYYY-MM-DD)" : "datetime (YYYY-MM-DDTHH:MM:SS[Z])") +
                        ", like the field's values");
    }
    std::string text;
    if (date) {
      AppendDate(*value, text);
    } else {
      AppendMysqlDateTime(*value, text);
    }
    conn.AppendLiteral(text, sql);
    return sql;
  }
  conn.AppendLiteral(f.text, sql);
  return sql;
}

class MysqlSource final : public Source {
 public:
  MysqlSource(MysqlConn conn, TableSchema schema, MYSQL_RES* result)
      : conn_(std::move(conn)), schema_(std::move(schema)), result_(result) {}

  ~MysqlSource() override {
    if (result_ == nullptr) return;
    conn_.Sever();  // freeing an unfinished streaming result would read all of its rows first
    mysql_free_result(result_);
  }

  const TableSchema& schema() const override { return schema_; }

  Result<bool> Next(Batch& out, size_t max_rows) override {
    out.Reset(schema_, next_row_, 0);
    if (result_ == nullptr) return false;
    size_t rows = 0;
    const size_t columns = schema_.columns.size();
    while (rows < max_rows) {
      MYSQL_ROW row = mysql_fetch_row(result_);
      if (row == nullptr) {
        Status failed =
            conn_.error_code() != 0 ? conn_.Error("reading '" + schema_.name + "'") : Status::Ok();
        mysql_free_result(result_);
        result_ = nullptr;
        TDM_RETURN_IF_ERROR(failed);
        break;
      }
      unsigned long* lengths = mysql_fetch_lengths(result_);
      for (size_t c = 0; c < columns; ++c) {
        if (row[c] == nullptr) {
          out.columns[c].AppendNull();
          continue;
        }
        TDM_RETURN_IF_ERROR(ReadValue(c, std::string_view(row[c], lengths[c]), out.columns[c]));
      }
      ++rows;
    }
    out.num_rows = rows;
    next_row_ += static_cast<int64_t>(rows);
    return rows > 0;
  }

 private:
  Status ReadValue(size_t c, std::string_view text, Column& column) {
    const char* end = text.data() + text.size();
    switch (column.type()) {
      case ColumnType::kInteger:
      case ColumnType::kBoolean: {
        int64_t v = 0;
        auto [at, ec] = std::from_chars(text.data(), end, v);
        if (ec != std::errc() || at != end) return Invalid(c);
        column.AppendInt(column.type() == ColumnType::kBoolean ? (v != 0) : v);
        return Status::Ok();
      }
      case ColumnType::kFloat: {
        double v = 0;
        auto [at, ec] = std::from_chars(text.data(), end, v);
        if (ec != std::errc() || at != end) return Invalid(c);
        column.AppendDouble(v);
        return Status::Ok();
      }
      case ColumnType::kDate:
      case ColumnType::kDateTime: {
        if (text.starts_with("0000-00-00")) {  // MySQL's zero date: no date at all
          column.AppendNull();
          return Status::Ok();
        }
        std::optional<int64_t> v =
            column.type() == ColumnType::kDate ? ParseDate(text) : ParseDateTime(text);
        if (!v) return Invalid(c);
        column.AppendInt(*v);
        return Status::Ok();
      }
      default:
        column.AppendString(text);
        return Status::Ok();
    }
  }

  Status Invalid(size_t c) const {
    return {StatusCode::kDatabaseError, "column '" + schema_.columns[c].name + "' of '" +
                                            schema_.name + "' holds a value that is not a valid " +
                                            std::string(ColumnTypeName(schema_.columns[c].type))};
  }

  MysqlConn conn_;
  TableSchema schema_;
  MYSQL_RES* result_;
  int64_t next_row_ = 0;
};

}  // namespace

Result<std::unique_ptr<Source>> OpenMysqlSource(const TargetUrl& url, const std::string& ns,
                                                const ReadQuery& query) {
  TDM_RETURN_IF_ERROR(CheckNamespace(ns));
  TDM_ASSIGN_OR_RETURN(MysqlConn conn, MysqlConn::Connect(url));
  TDM_ASSIGN_OR_RETURN(std::vector<MysqlTable> tables,
                       DescribeMysqlTables(conn, ns, std::optional<std::string>(query.table)));
  if (tables.empty()) return MissingTable(conn, ns, query.table);
  MysqlTable& table = tables.front();
  std::vector<ColumnFilter> filters = query.filters;
  TDM_RETURN_IF_ERROR(ResolveFilters(table.schema, filters));

  std::string sql = "SELECT ";
  for (size_t i = 0; i < table.schema.columns.size(); ++i) {
    sql += (i ? ", " : "") + QuoteName(table.schema.columns[i].name);
  }
  if (table.schema.columns.empty()) sql += "1";
  sql += " FROM " + QualifiedName(ns, query.table);
  // A whole-table read walks the write-order index and streams from the first row; left to
  // itself the optimizer sorts the whole table before sending anything.
  if (table.has_row_order && filters.empty()) {
    sql += " FORCE INDEX (" + QuoteName(kRowOrderColumn) + ")";
  }
  for (size_t i = 0; i < filters.size(); ++i) {
    const ColumnSchema& column =
        table.schema.columns[static_cast<size_t>(table.schema.FindColumn(filters[i].column))];
    TDM_ASSIGN_OR_RETURN(std::string condition, FilterCondition(conn, column, filters[i]));
    sql += (i == 0 ? " WHERE " : " AND ") + condition;
  }
  std::string order;
  if (table.has_row_order) {
    order = QuoteName(kRowOrderColumn);
  } else {
    for (const ColumnSchema& c : table.schema.columns) {
      if (c.primary_key) order += (order.empty() ? "" : ", ") + QuoteName(c.name);
    }
  }
  if (!order.empty()) sql += " ORDER BY " + order;
  if (query.limit) sql += " LIMIT " + std::to_string(std::max<int64_t>(*query.limit, 0));

  std::string what = "reading '" + query.table + "'";
  if (mysql_real_query(conn.get(), sql.data(), static_cast<unsigned long>(sql.size())) != 0) {
    return conn.Error(what);
  }
  MYSQL_RES* result = mysql_use_result(conn.get());
  if (result == nullptr) return conn.Error(what);
  return std::unique_ptr<Source>(new MysqlSource(std::move(conn), std::move(table.schema), result));
}

}  // namespace tdm::store
