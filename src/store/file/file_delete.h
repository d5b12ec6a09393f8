// Row deletion for the file backend (Database::DeleteRows, store/database.h), and the row matcher
// it shares with Redis: both backends filter on the client (filtered_source.h), so which rows a
// delete removes is decided by exactly the code that decides which rows a filtered read returns.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "store/file/file_format.h"
#include "store/query.h"
#include "store/sink.h"

namespace tdm::store {

// Walks `all` (every row of a table, in order) and `matching` (the same table read through
// FilterRows, so a subsequence of `all` in the same order) side by side and calls `batch` with
// each batch of `all` and a mask, 1 for the rows `matching` holds. Rows equal in every column
// are indistinguishable to a filter, so pairing each matching row with the next equal row of
// `all` is exact.
Status MarkMatchingRows(
    Source& all, Source& matching,
    const std::function<Status(const Batch&, const std::vector<uint8_t>&)>& batch);

// Deletes matching rows of `table` in the namespace directory `ns`: the table's file is rewritten
// without them beside itself and renamed over it, then the manifest's row count is replaced the
// same way, so a reader sees the old or the new file, never a half-written one. The file is left
// untouched when no row matches.
Result<int64_t> DeleteFileRows(const std::string& ns, const std::string& table,
                               std::vector<ColumnFilter> filters);

}  // namespace tdm::store
