// Filters and limits applied on the client, for backends that cannot hand them to a server
// (files, Redis). Matching follows the column's logical type, as the SQL backends' WHERE does:
// numbers compare by value, dates and datetimes as instants, strings byte for byte.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "store/query.h"
#include "store/sink.h"

namespace tdm::store {

// A source yielding the rows of `inner` that match every filter, at most `limit` of them, in
// inner's order. The filters must have been through ResolveFilters against inner's schema; a date
// or datetime filter whose text is not one is kInvalidArgument here.
Result<std::unique_ptr<Source>> FilterRows(std::unique_ptr<Source> inner,
                                           const std::vector<ColumnFilter>& filters,
                                           std::optional<int64_t> limit);

}  // namespace tdm::store
