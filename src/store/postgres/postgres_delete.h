// Row deletion for the PostgreSQL backend (Database::DeleteRows, store/database.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/postgres/postgres_conn.h"
#include "store/query.h"

namespace tdm::store::pg {

// Deletes the rows of `table` that match every filter (all rows when there are none) with one
// parameterised DELETE; the values travel as parameters, never inside the SQL text. A missing
// table is kNotFound with a "did you mean".
Result<int64_t> DeletePostgresRows(const PgConn& conn, const std::string& table,
                                   std::vector<ColumnFilter> filters);

}  // namespace tdm::store::pg
