#include "store/file/file_database.h"

namespace tdm::store {

Result<std::unique_ptr<Database>> OpenFileDatabase(const TargetUrl& url) {
  (void)url;
  return Status(StatusCode::kUnimplemented, "file targets are not built yet");
}

}  // namespace tdm::store
