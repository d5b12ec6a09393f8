// Row deletion for the SQLite backend (Database::DeleteRows, store/database.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/query.h"
#include "tdm/status.h"

namespace tdm::store {

// Deletes the rows of `table` in the database file `path` that match every filter (all rows when
// there are none), in one transaction, with the values bound as parameters. kNotFound for a
// missing file or table.
Result<int64_t> DeleteSqliteRows(const std::string& path, const std::string& table,
                                 std::vector<ColumnFilter> filters);

}  // namespace tdm::store
