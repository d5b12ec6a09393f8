// Reading one table of a Redis namespace back as batches, in the order it was written: the ids
// come from the table's `_ids` sorted set by rank (ZRANGE, a chunk at a time) and the rows from
// pipelined HMGETs of their hashes. Filters and limits are applied by the caller
// (store/file/filtered_source.h).
#pragma once

#include <memory>
#include <string>

#include "core/table_schema.h"
#include "store/redis/redis_connection.h"
#include "store/sink.h"

namespace tdm::store {

// The source owns `redis`. A stored value that is not of its column's type is kDatabaseError.
std::unique_ptr<Source> OpenRedisSource(RedisConnection redis, const std::string& ns,
                                        TableSchema table);

}  // namespace tdm::store
