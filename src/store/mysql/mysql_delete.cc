#include "store/mysql/mysql_delete.h"

#include <cmath>
#include <deque>
#include <memory>

#include "core/time_format.h"
#include "store/mysql/mysql_catalog.h"
#include "store/mysql/mysql_types.h"

namespace tdm::store {
namespace {

struct StatementCloser {
  void operator()(MYSQL_STMT* stmt) const { mysql_stmt_close(stmt); }
};
using Statement = std::unique_ptr<MYSQL_STMT, StatementCloser>;

// The storage MYSQL_BIND points into: it must stay put until the statement has run.
struct BoundValue {
  long long integer = 0;
  double real = 0;
  std::string text;
  unsigned long length = 0;
};

Status StatementError(MYSQL_STMT* stmt, const MysqlConn& conn, const std::string& what) {
  StatusCode code =
      mysql_stmt_errno(stmt) == 2006 || mysql_stmt_errno(stmt) == 2013  // server gone, lost
          ? StatusCode::kUnavailable
          : StatusCode::kDatabaseError;
  return {code, what + ": " + RedactSecrets(WithoutValues(mysql_stmt_error(stmt)), conn.url())};
}

}  // namespace

Result<int64_t> DeleteMysqlRows(MysqlConn& conn, const std::string& ns, const std::string& table,
                                std::vector<ColumnFilter> filters) {
  TDM_RETURN_IF_ERROR(CheckNamespace(ns));
  TDM_ASSIGN_OR_RETURN(std::vector<MysqlTable> tables,
                       DescribeMysqlTables(conn, ns, std::optional<std::string>(table)));
  if (tables.empty()) return MissingTable(conn, ns, table);
  const TableSchema& schema = tables.front().schema;
  TDM_RETURN_IF_ERROR(ResolveFilters(schema, filters));

  const std::string what = "deleting rows of '" + table + "' in '" + ns + "'";
  std::string sql = "DELETE FROM " + QualifiedName(ns, table);
  std::deque<BoundValue> values;  // a deque never moves its elements
  std::vector<MYSQL_BIND> binds;
  for (size_t i = 0; i < filters.size(); ++i) {
    const ColumnFilter& f = filters[i];
    const ColumnSchema& column = schema.columns[static_cast<size_t>(schema.FindColumn(f.column))];
    sql += (i == 0 ? " WHERE " : " AND ") + QuoteName(column.name);
    if (f.kind == ColumnFilter::Kind::kNull) {
      sql += " IS NULL";
      continue;
    }
    sql += " = ?";
    BoundValue& v = values.emplace_back();
    MYSQL_BIND bind{};
    switch (f.kind) {
      case ColumnFilter::Kind::kInteger:
      case ColumnFilter::Kind::kBoolean:
        v.integer = f.int_value;
        bind.buffer_type = MYSQL_TYPE_LONGLONG;
        bind.buffer = &v.integer;
        break;
      case ColumnFilter::Kind::kFloat:
        if (column.type == ColumnType::kInteger) {
          // A fraction equals no integer; an integral value compares exactly as an integer.
          if (std::trunc(f.float_value) != f.float_value || f.float_value < -0x1p63 ||
              f.float_value >= 0x1p63) {
            return int64_t{0};
          }
          v.integer = static_cast<long long>(f.float_value);
          bind.buffer_type = MYSQL_TYPE_LONGLONG;
          bind.buffer = &v.integer;
        } else {
          v.real = f.float_value;
          bind.buffer_type = MYSQL_TYPE_DOUBLE;
          bind.buffer = &v.real;
        }
        break;
      default: {
        if (column.type == ColumnType::kDate || column.type == ColumnType::kDateTime) {
          bool date = column.type == ColumnType::kDate;
          std::optional<int64_t> t = date ? ParseDate(f.text) : ParseDateTime(f.text);
          if (!t) {
            return Status(StatusCode::kInvalidArgument,
                          "filter value for '" + column.name + "' must be a " +
                              (date ? "date (YYYY-MM-DD)" : "datetime (YYYY-MM-DDTHH:MM:SS[Z])") +
                              ", like the field's values");
          }
          if (date) {
            v.text = FormatDate(*t);
          } else {
            AppendMysqlDateTime(*t, v.text);
          }
        } else {
          v.text = f.text;
        }
        v.length = v.text.size();
        bind.buffer_type = MYSQL_TYPE_STRING;
        bind.buffer = v.text.data();
        bind.buffer_length = v.length;
        bind.length = &v.length;
        break;
      }
    }
    binds.push_back(bind);
  }

  Statement stmt(mysql_stmt_init(conn.get()));
  if (!stmt) return conn.Error(what);
  if (mysql_stmt_prepare(stmt.get(), sql.data(), sql.size()) != 0) {
    return StatementError(stmt.get(), conn, what);
  }
  if (!binds.empty() && mysql_stmt_bind_param(stmt.get(), binds.data()) != 0) {
    return StatementError(stmt.get(), conn, what);
  }
  if (mysql_stmt_execute(stmt.get()) != 0) return StatementError(stmt.get(), conn, what);
  return static_cast<int64_t>(mysql_stmt_affected_rows(stmt.get()));
}

}  // namespace tdm::store
