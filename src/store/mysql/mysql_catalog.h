// A namespace's schema read back from information_schema, and the bookkeeping the sink leaves in
// it so that reads see tables and rows in the order they were written.
//
// InnoDB clusters rows by primary key and keeps no creation order of tables, so the sink records
// both: every table it creates carries the comment "tdm:<ordinal>", and an INVISIBLE column
// `_tdm_row` (BIGINT UNSIGNED, indexed) numbers its rows in write order. Invisible columns are
// left out of SELECT *; Describe and Read hide the column and its index too. Tables without these
// (schemas tdm did not write) come in creation-time order and read in primary-key order.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/table_schema.h"
#include "store/mysql/mysql_conn.h"

namespace tdm::store {

inline constexpr std::string_view kRowOrderColumn = "_tdm_row";
inline constexpr std::string_view kTableOrdinalComment = "tdm:";

struct MysqlTable {
  TableSchema schema;
  bool has_row_order = false;  // carries `_tdm_row`
};

// The tables of `ns` in creation order, or only `table` when given (an empty result when it does
// not exist). Does not check that `ns` exists.
Result<std::vector<MysqlTable>> DescribeMysqlTables(MysqlConn& conn, std::string_view ns,
                                                    const std::optional<std::string>& table);

// Table names of `ns` in creation order.
Result<std::vector<std::string>> ListMysqlTables(MysqlConn& conn, std::string_view ns);

Result<bool> MysqlDatabaseExists(MysqlConn& conn, std::string_view ns);

// kNotFound for a table that is not in `ns`: a "did you mean" and the tables present, or that
// the database itself does not exist.
Status MissingTable(MysqlConn& conn, std::string_view ns, std::string_view table);

}  // namespace tdm::store
