#include "store/postgres/postgres_database.h"

namespace tdm::store {

Result<std::unique_ptr<Database>> OpenPostgresDatabase(const TargetUrl& url) {
  return Status(StatusCode::kUnimplemented,
                std::string(TargetKindName(url.kind)) + " targets are not built yet");
}

}  // namespace tdm::store
