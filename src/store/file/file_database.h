// File backend (see store/database.h): a namespace is a directory holding one file per table in
// the target's format (`file:///dir?format=jsonl`, default jsonl) and a `schema.json` that keeps
// each table's column types, keys and order, so reading back restores the logical types exactly.
#pragma once

#include <memory>

#include "store/database.h"

namespace tdm::store {

Result<std::unique_ptr<Database>> OpenFileDatabase(const TargetUrl& url);

}  // namespace tdm::store
