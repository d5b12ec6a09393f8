// Whole-namespace operations on Redis shared by the database and its sink: reading the `_meta`
// hash back into table schemas, and deleting every key of a namespace.
#pragma once

#include <string>
#include <vector>

#include "core/table_schema.h"
#include "store/redis/redis_connection.h"

namespace tdm::store {

struct RedisNamespace {
  std::string state;                // kStateLoading or kStateReady
  std::vector<TableSchema> tables;  // in load order
};

// The namespace's metadata; kNotFound when `<ns>:_meta` does not exist, kDatabaseError when it is
// not what a sink of this backend writes.
Result<RedisNamespace> ReadNamespace(RedisConnection& redis, const std::string& ns);

// The position of `table` in `space`, or kNotFound with a "did you mean" over the tables present.
Result<size_t> FindTable(const RedisNamespace& space, const std::string& ns,
                         const std::string& table);

// UNLINKs every key of `ns` (SCAN over `<ns>:*`), `<ns>:_meta` last so that an interrupted delete
// still shows the namespace and can be run again.
Status DeleteNamespaceKeys(RedisConnection& redis, const std::string& ns);

}  // namespace tdm::store
