#include "store/postgres/postgres_delete.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/time_format.h"
#include "store/postgres/postgres_catalog.h"
#include "store/postgres/postgres_types.h"

namespace tdm::store::pg {
namespace {

// The text parameter for `f` on `column`, or nullopt when no value of the column can equal it
// (a fraction for an integer column). The server parses the text as the column's type.
Result<std::optional<std::string>> Parameter(const ColumnSchema& column, const ColumnFilter& f) {
  auto invalid = [&](const char* what) {
    return Status(StatusCode::kInvalidArgument, "filter value for '" + column.name + "' must be " +
                                                    what + ", like the field's values");
  };
  switch (f.kind) {
    case ColumnFilter::Kind::kNull:
      return std::optional<std::string>();
    case ColumnFilter::Kind::kInteger:
      return std::optional<std::string>(std::to_string(f.int_value));
    case ColumnFilter::Kind::kBoolean:
      return std::optional<std::string>(f.int_value != 0 ? "true" : "false");
    case ColumnFilter::Kind::kFloat: {
      double v = f.float_value;
      if (column.type == ColumnType::kInteger) {
        if (std::trunc(v) != v || v < -0x1p63 || v >= 0x1p63) return std::optional<std::string>();
        return std::optional<std::string>(std::to_string(static_cast<int64_t>(v)));
      }
      if (std::isnan(v)) return std::optional<std::string>("NaN");
      if (std::isinf(v)) return std::optional<std::string>(v > 0 ? "Infinity" : "-Infinity");
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.17g", v);
      return std::optional<std::string>(buf);
    }
    case ColumnFilter::Kind::kString:
      break;
  }
  if (column.type == ColumnType::kDate && !ParseDate(f.text)) return invalid("a date (YYYY-MM-DD)");
  if (column.type == ColumnType::kDateTime) {
    auto micros = ParseDateTime(f.text);
    if (!micros) return invalid("a datetime (YYYY-MM-DDTHH:MM:SSZ)");
    return std::optional<std::string>(FormatDateTime(*micros));
  }
  return std::optional<std::string>(f.text);
}

}  // namespace

Result<int64_t> DeletePostgresRows(const PgConn& conn, const std::string& table,
                                   std::vector<ColumnFilter> filters) {
  TDM_ASSIGN_OR_RETURN(std::vector<TableSchema> found, DescribeTables(conn, table));
  if (found.empty()) return MissingTable(conn, table);
  const TableSchema& schema = found.front();
  TDM_RETURN_IF_ERROR(ResolveFilters(schema, filters));
  std::string sql = "DELETE FROM " + QuoteIdentifier(table);
  std::vector<std::string> params;
  for (size_t i = 0; i < filters.size(); ++i) {
    const ColumnFilter& f = filters[i];
    const ColumnSchema& column = schema.columns[static_cast<size_t>(schema.FindColumn(f.column))];
    sql += (i == 0 ? " WHERE " : " AND ") + QuoteIdentifier(column.name);
    if (f.kind == ColumnFilter::Kind::kNull) {
      sql += " IS NULL";
      continue;
    }
    TDM_ASSIGN_OR_RETURN(std::optional<std::string> value, Parameter(column, f));
    if (!value) return int64_t{0};  // nothing can match; the table was still checked
    params.push_back(std::move(*value));
    sql += " = $" + std::to_string(params.size());
  }
  TDM_ASSIGN_OR_RETURN(
      PgResult deleted,
      conn.Query(sql, params, "deleting rows of '" + table + "' in '" + conn.dbname() + "'"));
  const char* count = PQcmdTuples(deleted.get());
  return static_cast<int64_t>(count != nullptr && *count != '\0' ? std::atoll(count) : 0);
}

}  // namespace tdm::store::pg
