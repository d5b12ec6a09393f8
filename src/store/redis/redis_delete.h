// Row deletion for the Redis backend (Database::DeleteRows, store/database.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/query.h"
#include "store/redis/redis_connection.h"

namespace tdm::store {

// Deletes the rows of `table` in namespace `ns` that match every filter (all rows when there are
// none): each row's hash and its id in the table's sorted set go together, pipelined. Rows are
// matched on the client by the same code that filters reads (store/file/file_delete.h). Missing
// namespace or table: kNotFound.
Result<int64_t> DeleteRedisRows(RedisConnection& redis, const std::string& ns,
                                const std::string& table, std::vector<ColumnFilter> filters);

}  // namespace tdm::store
