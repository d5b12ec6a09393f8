// The provider a column of an existing database most likely wants, from its name and type:
// what `data-cli init --from URL` writes for each column.
#pragma once

#include <string>
#include <string_view>

#include "core/table_schema.h"

namespace tdm::spec {

// The provider the writer names for a column, guessed from the column's name (and for `name` and
// `title`, the table's): email, phone, first/last/full names, uuids, ObjectIds, datetimes, ... Only
// providers that produce the column's type are returned; "" when no name rule fits and the type's
// default provider is the best guess.
std::string GuessProvider(std::string_view table, const ColumnSchema& column);

}  // namespace tdm::spec
