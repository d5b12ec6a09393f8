#include "store/postgres/postgres_sql.h"

namespace tdm::store::pg {

Result<SqlRows> QueryRows(const PgConn& conn, const std::string& sql, int64_t max_rows) {
  const std::string purpose = "running a validation query in '" + conn.dbname() + "'";
  // Validation scans whole tables: let the server spread one over its parallel workers (read
  // connections turn parallelism off for ordered COPY reads).
  TDM_RETURN_IF_ERROR(
      conn.Exec("BEGIN READ ONLY; SET LOCAL max_parallel_workers_per_gather = 4", purpose));
  auto result = conn.Query(sql, {}, purpose);
  Status ended = conn.Exec(result.ok() ? "COMMIT" : "ROLLBACK", purpose);
  if (!result.ok()) return result.status();
  TDM_RETURN_IF_ERROR(ended);
  const PgResult& r = *result;
  SqlRows rows;
  int columns = PQnfields(r.get());
  for (int i = 0; i < r.rows() && static_cast<int64_t>(rows.size()) < max_rows; ++i) {
    auto& row = rows.emplace_back();
    for (int c = 0; c < columns; ++c) {
      if (r.IsNull(i, c)) {
        row.emplace_back(std::nullopt);
      } else {
        row.emplace_back(std::string(r.Text(i, c)));
      }
    }
  }
  return rows;
}

}  // namespace tdm::store::pg
