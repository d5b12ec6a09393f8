// What a PostgreSQL database holds, read from its system catalogs: tables in creation order, their
// columns with logical types (postgres_types.h), nullability, primary key, foreign keys and every
// other index. Tables are those reachable without a schema name (the search path), which is where
// the sink creates them.
#pragma once

#include <string>
#include <vector>

#include "core/table_schema.h"
#include "store/postgres/postgres_conn.h"

namespace tdm::store::pg {

// Every table of the connection's database, or only `table` when it is not empty (then an empty
// vector means there is no such table).
Result<std::vector<TableSchema>> DescribeTables(const PgConn& conn, const std::string& table = "");

// kNotFound for a table `table` that the database lacks, with a "did you mean" and the tables
// that are there.
Status MissingTable(const PgConn& conn, const std::string& table);

}  // namespace tdm::store::pg
