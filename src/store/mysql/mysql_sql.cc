#include "store/mysql/mysql_sql.h"

namespace tdm::store {

Result<SqlRows> QueryMysqlRows(MysqlConn& conn, const std::string& ns, const std::string& sql,
                               int64_t max_rows) {
  TDM_RETURN_IF_ERROR(CheckNamespace(ns));
  const std::string what = "running a validation query in '" + ns + "'";
  TDM_RETURN_IF_ERROR(conn.Exec("USE " + QuoteName(ns), what));
  TDM_RETURN_IF_ERROR(conn.Exec("START TRANSACTION READ ONLY", what));
  auto rows = conn.Query(sql, what);
  Status ended = conn.Exec(rows.ok() ? "COMMIT" : "ROLLBACK", what);
  if (!rows.ok()) return rows.status();
  TDM_RETURN_IF_ERROR(ended);
  SqlRows out = std::move(*rows);
  if (static_cast<int64_t>(out.size()) > max_rows) out.resize(static_cast<size_t>(max_rows));
  return out;
}

}  // namespace tdm::store
