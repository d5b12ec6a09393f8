#include "store/redis/redis_delete.h"

#include "store/file/file_delete.h"
#include "store/file/filtered_source.h"
#include "store/redis/redis_layout.h"
#include "store/redis/redis_namespace.h"
#include "store/redis/redis_source.h"

namespace tdm::store {

Result<int64_t> DeleteRedisRows(RedisConnection& redis, const std::string& ns,
                                const std::string& table, std::vector<ColumnFilter> filters) {
  TDM_RETURN_IF_ERROR(CheckNamespaceName(ns));
  TDM_ASSIGN_OR_RETURN(RedisNamespace space, ReadNamespace(redis, ns));
  TDM_ASSIGN_OR_RETURN(size_t index, FindTable(space, ns, table));
  const TableSchema& schema = space.tables[index];
  TDM_RETURN_IF_ERROR(ResolveFilters(schema, filters));
  const std::string what = "deleting rows of '" + table + "' in '" + ns + "'";

  // Ranks (0-based positions in the id set) of the matching rows, found by reading the table
  // twice side by side: as a whole and filtered.
  std::vector<int64_t> ranks;
  {
    TDM_ASSIGN_OR_RETURN(RedisConnection first, RedisConnection::Open(redis.url()));
    TDM_ASSIGN_OR_RETURN(RedisConnection second, RedisConnection::Open(redis.url()));
    std::unique_ptr<Source> all = OpenRedisSource(std::move(first), ns, schema);
    TDM_ASSIGN_OR_RETURN(
        std::unique_ptr<Source> matching,
        FilterRows(OpenRedisSource(std::move(second), ns, schema), filters, std::nullopt));
    int64_t rank = 0;
    TDM_RETURN_IF_ERROR(
        MarkMatchingRows(*all, *matching, [&](const Batch&, const std::vector<uint8_t>& mask) {
          for (uint8_t hit : mask) {
            if (hit) ranks.push_back(rank);
            ++rank;
          }
          return Status::Ok();
        }).WithContext(what));
  }
  if (ranks.empty()) return int64_t{0};

  const std::string ids_key = IdsKey(ns, table);
  TDM_ASSIGN_OR_RETURN(RedisReply ids, redis.Run({"ZRANGE", ids_key, "0", "-1"}));
  if (ids->type != REDIS_REPLY_ARRAY) {
    return Status(StatusCode::kDatabaseError, what + ": its id set is not a sorted set");
  }
  const std::string prefix = RowKeyPrefix(ns, table);
  std::vector<std::string> chosen;
  for (int64_t rank : ranks) {
    if (static_cast<size_t>(rank) >= ids->elements) {
      return Status(StatusCode::kDatabaseError, what + ": the table changed while deleting");
    }
    chosen.emplace_back(ReplyText(*ids->element[rank]));
  }
  for (const std::string& id : chosen) {
    redis.Append({"DEL", prefix + id});
    redis.Append({"ZREM", ids_key, id});
  }
  int64_t deleted = 0;
  Status first_error;
  for (size_t i = 0; i < chosen.size(); ++i) {
    for (int reply_of = 0; reply_of < 2; ++reply_of) {
      TDM_ASSIGN_OR_RETURN(RedisReply reply, redis.Receive());
      if (reply->type == REDIS_REPLY_ERROR && first_error.ok()) {
        first_error =
            Status(StatusCode::kDatabaseError, what + ": " + std::string(ReplyText(*reply)));
      } else if (reply_of == 0 && reply->type == REDIS_REPLY_INTEGER) {
        deleted += reply->integer;
      }
    }
  }
  TDM_RETURN_IF_ERROR(first_error);
  return deleted;
}

}  // namespace tdm::store
