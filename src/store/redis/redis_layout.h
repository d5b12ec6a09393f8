// Where a namespace's data lives in Redis and how values are spelt (the mapping is described in
// redis_database.h). Everything that builds a key or turns a value into text and back is here, so
// the sink, the source and the database agree by construction.
#pragma once

#include <string>
#include <string_view>

#include "core/batch.h"
#include "tdm/status.h"

namespace tdm::store {

// Fields of the `<ns>:_meta` hash.
inline constexpr char kStateField[] = "state";           // kStateLoading, then kStateReady
inline constexpr char kTablesField[] = "tables";         // JSON array of table names, in load order
inline constexpr char kSchemaFieldPrefix[] = "schema:";  // + table: the table's schema as JSON
inline constexpr char kStateLoading[] = "loading";
inline constexpr char kStateReady[] = "ready";

inline std::string MetaKey(std::string_view ns) { return std::string(ns) + ":_meta"; }
inline std::string IdsKey(std::string_view ns, std::string_view table) {
  return std::string(ns) + ":_ids:" + std::string(table);
}
// A row's key is this prefix followed by its id.
inline std::string RowKeyPrefix(std::string_view ns, std::string_view table) {
  return std::string(ns) + ":" + std::string(table) + ":";
}
// The scratch key CrudProbe writes and deletes; no table can own it (see CheckTableName).
inline std::string ProbeKey(std::string_view ns) { return MetaKey(ns) + ":probe"; }

// `text` with the glob characters of SCAN MATCH (* ? [ ] \) escaped.
std::string EscapeGlob(std::string_view text);

// kInvalidArgument unless `ns` is a usable namespace: not empty and without ':' (which would let
// one namespace's keys fall inside another's prefix).
Status CheckNamespaceName(std::string_view ns);

// kInvalidArgument unless `table` is a usable table name: not empty, without ':', and not `_ids`
// or `_meta`, whose keys the namespace uses itself.
Status CheckTableName(std::string_view table);

// Appends the text of a non-null value: integers in decimal, floats as the shortest text that
// reads back the same (std::to_chars: "0.1", "1e+300", "inf", "nan"), booleans "true"/"false",
// dates YYYY-MM-DD, datetimes ISO-8601 UTC with microseconds when not zero and "Z", strings as is.
void AppendRedisValue(const Column& column, size_t row, std::string& out);

// Appends the value `text` spells to a column of its type; false when it is not such a value.
bool ParseRedisValue(std::string_view text, Column& column);

}  // namespace tdm::store
