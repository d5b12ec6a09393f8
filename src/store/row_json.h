// One row of a Batch as a person or a script reads it: a JSON object, or a cell as text. Dates and
// times are ISO-8601 text; integers, floats and booleans are JSON numbers and booleans.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/batch.h"

namespace tdm::store {

nlohmann::ordered_json RowToJson(const Batch& batch, size_t row);
nlohmann::ordered_json CellToJson(const Column& column, size_t row);  // null for NULL
std::string CellText(const Column& column, size_t row);

}  // namespace tdm::store
