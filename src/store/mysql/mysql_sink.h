// MySQL/MariaDB sink: creates the namespace's database and loads it table by table.
//
// Each table is created with its columns (types: mysql_types.h), primary key and the `_tdm_row`
// column that records write order (mysql_catalog.h). Rows travel as LOAD DATA LOCAL INFILE
// statements of up to 16 MB of tab-separated text, fed from memory; then one ALTER TABLE adds the
// unique keys, declared indexes and foreign keys (sorted index builds, in place), and an anti-join
// checks each foreign key, since the server does not check keys added that way. Abort() drops the
// database.
#pragma once

#include <memory>
#include <string>

#include "store/sink.h"
#include "store/target.h"

namespace tdm::store {

// Creates database `ns` (kFailedPrecondition when it exists, which is left untouched) and returns
// a sink that loads it over a connection of its own.
Result<std::unique_ptr<Sink>> OpenMysqlSink(const TargetUrl& url, const std::string& ns);

}  // namespace tdm::store
