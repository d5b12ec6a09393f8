// Turning batches into what a person or a script reads: JSON values and aligned text tables.
#pragma once

#include <iosfwd>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/batch.h"
#include "store/row_json.h"
#include "store/sqlite/sqlite_source.h"

namespace tdm::cli {

using store::CellText;
using store::RowToJson;

// A text table with a header, columns padded to their widest cell (cells cut at `max_width`).
void PrintTable(std::ostream& out, const std::vector<std::string>& header,
                const std::vector<std::vector<std::string>>& rows, size_t max_width = 40);

// `{"year": 2024, "genre": "Drama"}` as equality filters.
Result<std::vector<store::ColumnFilter>> ParseFilter(const std::string& text);

std::string WithThousands(int64_t n);

}  // namespace tdm::cli
