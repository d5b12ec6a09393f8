// SQLite backend (see store/database.h): a namespace is the path of one database file. The
// target's path is where new namespaces go when the caller names none (provision/ uses the
// state dir); any path is accepted as a namespace.
#pragma once

#include <memory>

#include "store/database.h"

namespace tdm::store {

Result<std::unique_ptr<Database>> OpenSqliteDatabase(const TargetUrl& url);

}  // namespace tdm::store
