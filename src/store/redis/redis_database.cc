#include "store/redis/redis_database.h"

namespace tdm::store {

Result<std::unique_ptr<Database>> OpenRedisDatabase(const TargetUrl& url) {
  return Status(StatusCode::kUnimplemented,
                std::string(TargetKindName(url.kind)) + " targets are not built yet");
}

}  // namespace tdm::store
