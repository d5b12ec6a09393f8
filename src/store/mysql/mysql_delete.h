// Row deletion for the MySQL/MariaDB backend (Database::DeleteRows, store/database.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/mysql/mysql_conn.h"
#include "store/query.h"

namespace tdm::store {

// Deletes the rows of `ns`.`table` that match every filter (all rows when there are none) with
// one prepared DELETE whose values are bound parameters. A missing table is kNotFound with a
// "did you mean".
Result<int64_t> DeleteMysqlRows(MysqlConn& conn, const std::string& ns, const std::string& table,
                                std::vector<ColumnFilter> filters);

}  // namespace tdm::store
