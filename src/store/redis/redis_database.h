// Redis backend (see store/database.h): a namespace is a key prefix in database N of a Redis
// server (`redis://[user]:pass@host:port/N`), laid out as
//
//   <ns>:<table>:<id>     a hash per row: field = column name, value = the value as text;
//                         a null is an absent field. <id> is the row's primary key value, or its
//                         1-based row number when the table has no primary key.
//   <ns>:_ids:<table>     a sorted set of the table's ids scored by 0-based row index, so reading
//                         by rank returns rows in the order they were written.
//   <ns>:_meta            a hash: `state` (loading, then ready), `tables` (a JSON array of table
//                         names in load order) and `schema:<table>` (the table's schema as JSON,
//                         store/schema_json.h: columns with types, nullable, primary_key, unique;
//                         foreign keys; indexes).
//
// Values as text: integers in decimal, floats as the shortest text that reads back the same
// (std::to_chars), booleans true/false, dates YYYY-MM-DD, datetimes ISO-8601 UTC with microseconds
// when not zero and a Z (core/time_format.h), strings, ObjectIds and uuids as they are. Reading
// parses them back to exactly the values written.
//
// Namespace names hold no ':' and table names no ':' nor `_ids`/`_meta`, so no key of one
// namespace or table can fall inside another's prefix. A namespace exists while `<ns>:_meta`
// does; Create claims it atomically. Loads are pipelined (redis_sink.h); a repeated primary key
// fails the load. Unique columns, foreign keys and indexes are recorded but not kept (has_indexes()
// is false). Filters and limits are applied on the client. There is no cheap copy, so Clone is
// kUnimplemented.
#pragma once

#include <memory>

#include "store/database.h"

namespace tdm::store {

// Connects, authenticates and selects the database; kUnavailable when the server cannot be
// reached or refuses the credentials (the message has the URL, never the password).
Result<std::unique_ptr<Database>> OpenRedisDatabase(const TargetUrl& url);

}  // namespace tdm::store
