// File backend (see store/database.h): a namespace is a directory holding one file per table in
// the target's format (`file:///dir?format=jsonl`; jsonl by default, json, csv and ejson too) and a
// `schema.json` that keeps each table's column types, keys, indexes, row count and the load order,
// so reading back restores the logical types exactly (namespace_manifest.h has the layout).
//
// Namespaces are directory paths chosen by the caller (`/srv/tdm/tdm_exec-1`), like SQLite's file
// paths; the target URL's own directory is only checked by Ping. Loads are built in
// `<ns>.partial` and renamed into place (directory_sink.h). Reads parse every value as its
// declared type and apply filters and limits here (filtered_source.h). There are no indexes and
// keys are not enforced (has_indexes() is false); sql cannot be a target format because it cannot
// be read back.
#pragma once

#include <memory>

#include "store/database.h"

namespace tdm::store {

// kInvalidArgument for an unknown format or format=sql.
Result<std::unique_ptr<Database>> OpenFileDatabase(const TargetUrl& url);

}  // namespace tdm::store
