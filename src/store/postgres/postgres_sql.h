// Read-only SQL inside a PostgreSQL namespace (Database::QuerySql of the PostgreSQL backend).
#pragma once

#include <cstdint>
#include <string>

#include "store/database.h"
#include "store/postgres/postgres_conn.h"

namespace tdm::store::pg {

// Runs one statement on `conn` inside a READ ONLY transaction and returns at most `max_rows`
// rows as text. Errors carry libpq's primary message only (see postgres_conn.h): no values.
Result<SqlRows> QueryRows(const PgConn& conn, const std::string& sql, int64_t max_rows);

}  // namespace tdm::store::pg
