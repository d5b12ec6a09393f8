// Reading a PostgreSQL table back as columnar batches, in the order its rows were written.
//
// Rows come from `COPY (SELECT ...) TO STDOUT (FORMAT binary)`, so doubles and timestamps arrive
// exact, each column cast to one representation per logical type (PgReadCast). There is no ORDER
// BY: a table the sink loaded is stored in write order (postgres_sink.h), and the session settings
// below make every plan a scan in physical order — no synchronized scans that start mid-table, no
// parallel workers interleaving pages, no index scans returning key order (bitmap scans, which
// visit the heap in order, remain available for filters).
#pragma once

#include <memory>

#include "store/postgres/postgres_conn.h"
#include "store/query.h"
#include "store/sink.h"

namespace tdm::store::pg {

// Server settings of every connection that reads (see above); datetimes read in UTC.
inline constexpr const char* kReadSessionSettings =
    "-c synchronize_seqscans=off -c max_parallel_workers_per_gather=0 -c enable_indexscan=off "
    "-c enable_indexonlyscan=off -c TimeZone=UTC";

// Takes `conn` (made with kReadSessionSettings) for the life of the source. A missing table is
// kNotFound with a "did you mean"; filters are resolved against the table's columns first.
Result<std::unique_ptr<Source>> OpenPostgresSource(PgConn conn, const ReadQuery& query);

// The COPY statement that reads `query` from `table` (whose columns it resolves the filters
// against): values become escaped literals of the column's type.
Result<std::string> ReadSql(const TableSchema& table, const ReadQuery& query);

Result<int64_t> CountPostgresRows(const PgConn& conn, const std::string& table);

}  // namespace tdm::store::pg
