// The sink behind the Redis backend's Create: one hash per row and the `_ids` sorted set of each
// table. Rows go out as pipelined commands, a chunk of a few thousand at a time: an HSET per row
// and one ZADD NX of the chunk's ids, after which the chunk's replies are read.
//
// Claiming the namespace (HSETNX of `<ns>:_meta` state=loading) is atomic, so two loads cannot
// share one namespace. A primary key seen twice (ZADD NX adds nothing) fails the load; unique
// columns and foreign keys are not checked. Finish sets state=ready; Abort, or destroying the sink
// before Finish, deletes every key of the namespace.
#pragma once

#include <memory>
#include <string>

#include "store/redis/redis_connection.h"
#include "store/sink.h"

namespace tdm::store {

// kFailedPrecondition when namespace `ns` exists. The sink owns `redis` from then on.
Result<std::unique_ptr<Sink>> OpenRedisSink(RedisConnection redis, const std::string& ns);

}  // namespace tdm::store
