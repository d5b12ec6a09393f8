// PostgreSQL backend (see store/database.h): a namespace is a database on the server, created by
// CREATE DATABASE, copied with CREATE DATABASE ... TEMPLATE and dropped WITH (FORCE).
//
// Data enters through the sink (postgres_sink.h: one transaction, binary COPY, keys and indexes
// built after the rows) and leaves through the reader (postgres_source.h: binary COPY out, in
// write order). Column types map as postgres_types.h describes: string text, integer bigint,
// float double precision, boolean boolean, date date, datetime timestamptz, objectid char(24),
// uuid uuid; tables tdm did not write are read with the closest logical type.
//
// The Database holds one connection to the target URL's database (the maintenance database, for
// CREATE/DROP/ALTER DATABASE) and opens connections to namespaces when it needs them, keeping a
// few for reuse; it closes its own connections to a namespace before renaming, copying or dropping
// it. Namespace names are PostgreSQL identifiers: at most 63 bytes, quoted, so any other text is
// allowed.
#pragma once

#include <memory>

#include "store/database.h"

namespace tdm::store {

// Connects to url.database; an unreachable server or refused credentials is kUnavailable.
Result<std::unique_ptr<Database>> OpenPostgresDatabase(const TargetUrl& url);

}  // namespace tdm::store
