// A Source that passes on only some columns of another: ReadQuery::columns for backends that
// read whole rows anyway (Redis hashes, files, SQLite and MySQL readers of every column).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "store/query.h"
#include "store/sink.h"

namespace tdm::store {

// `inner` itself when `columns` is empty; else a source yielding only `columns` of it, in the
// table's order (ProjectSchema). An unknown column is an error.
Result<std::unique_ptr<Source>> ProjectColumns(Result<std::unique_ptr<Source>> inner,
                                               const std::vector<std::string>& columns);

}  // namespace tdm::store
