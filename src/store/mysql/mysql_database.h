// Mysql backend (see store/database.h).
#pragma once

#include <memory>

#include "store/database.h"

namespace tdm::store {

Result<std::unique_ptr<Database>> OpenMysqlDatabase(const TargetUrl& url);

}  // namespace tdm::store
