// SQLite sink: one transaction, prepared inserts, declared types, PRIMARY KEY / UNIQUE / FOREIGN
// KEY in the table definitions and the declared indexes built after each table's load.
//
// A new database is written to `<path>.partial` and renamed into place by Finish(), so a failed
// or interrupted provision never leaves a file that looks complete. Appending to an existing
// database (import) runs in one transaction that Abort() rolls back.
#pragma once

#include <memory>
#include <string>

#include "store/sink.h"

namespace tdm::store {

enum class SqliteMode { kCreate, kAppend };

Result<std::unique_ptr<Sink>> OpenSqliteSink(const std::string& path, SqliteMode mode);

}  // namespace tdm::store
