// Reading one MySQL/MariaDB table back as columnar batches (show, export, health checks).
//
// Rows stream from the server as they are read (mysql_use_result), so memory stays bounded by
// the batch size. Rows come in write order (`_tdm_row`, see mysql_catalog.h), or in primary-key
// order for tables tdm did not write. A zero date or datetime of a foreign schema reads as null.
#pragma once

#include <memory>
#include <string>

#include "store/query.h"
#include "store/sink.h"
#include "store/target.h"

namespace tdm::store {

// Opens a connection of its own for the read. A missing table is kNotFound with a "did you mean".
Result<std::unique_ptr<Source>> OpenMysqlSource(const TargetUrl& url, const std::string& ns,
                                                const ReadQuery& query);

}  // namespace tdm::store
