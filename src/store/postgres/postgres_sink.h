// PostgreSQL sink: loads one new database (a namespace) in a single transaction.
//
// BeginTable creates the table with its columns only and starts `COPY t FROM STDIN (FORMAT binary,
// FREEZE)`; each Write encodes its batch in COPY's binary tuple format (postgres_types.h) and
// streams it; EndTable ends the COPY and then adds the primary key, unique constraints and declared
// indexes, so each is built by one sort instead of row-by-row inserts. Foreign keys are added by
// Finish, once every table they may reference exists, and Finish commits. Abort closes the
// connection (rolling back) and drops the database.
//
// Row order: COPY into a table created in the same transaction bypasses the free-space map and
// always appends, so a table's physical order is exactly the order rows were written in. Readers
// rely on that (postgres_source.h), so nothing here may rewrite a table after its COPY.
#pragma once

#include <memory>
#include <string>

#include "store/postgres/postgres_conn.h"
#include "store/sink.h"

namespace tdm::store::pg {

// Server settings of a loading session: enough memory for the key and index sorts.
inline constexpr const char* kLoadSessionSettings = "-c maintenance_work_mem=256MB";

// Takes `conn`, a connection (made with kLoadSessionSettings) to the freshly created, empty
// database `ns` on the server of `url`; Abort reconnects to url.database to drop `ns`.
Result<std::unique_ptr<Sink>> OpenPostgresSink(const TargetUrl& url, const std::string& ns,
                                               PgConn conn);

}  // namespace tdm::store::pg
