// Read-only SQL inside a MySQL/MariaDB namespace (Database::QuerySql of the MySQL backend).
#pragma once

#include <cstdint>
#include <string>

#include "store/database.h"
#include "store/mysql/mysql_conn.h"

namespace tdm::store {

// Makes `ns` the connection's default database and runs one statement in a READ ONLY
// transaction; at most `max_rows` rows as text. Errors never hold a value (mysql_conn.h).
Result<SqlRows> QueryMysqlRows(MysqlConn& conn, const std::string& ns, const std::string& sql,
                               int64_t max_rows);

}  // namespace tdm::store
