// MySQL/MariaDB backend (see store/database.h): a namespace is a database on the server.
//
// Namespaces are 1 to 64 characters from [A-Za-z0-9_$-]. Each is created utf8mb4 with an exact
// (binary, NO PAD) collation; column types are listed in mysql_types.h, and how tables and rows
// keep their write order in mysql_catalog.h. Loading goes through LOAD DATA LOCAL INFILE fed from
// memory (mysql_sink.h), reading streams (mysql_source.h).
//
// Rename creates the new database, moves every table into it with one RENAME TABLE (atomic in
// MariaDB; foreign keys move with their tables) and drops the old one: MariaDB has no RENAME
// DATABASE. Clone is kUnimplemented: the server has no copy cheaper than loading again.
//
// The Database keeps one connection for catalogue work; every sink and source opens its own.
#pragma once

#include <memory>

#include "store/database.h"

namespace tdm::store {

// Connects (5 s timeout); an unreachable server or wrong credentials are kUnavailable.
Result<std::unique_ptr<Database>> OpenMysqlDatabase(const TargetUrl& url);

}  // namespace tdm::store
