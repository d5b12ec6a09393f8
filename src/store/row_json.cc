#include "store/row_json.h"

#include "core/time_format.h"

namespace tdm::store {

std::string CellText(const Column& column, size_t row) {
  if (column.IsNull(row)) return "null";
  switch (column.type()) {
    case ColumnType::kInteger:
      return std::to_string(column.GetInt(row));
    case ColumnType::kBoolean:
      return column.GetInt(row) ? "true" : "false";
    case ColumnType::kFloat:
      return nlohmann::json(column.GetDouble(row)).dump();
    case ColumnType::kDate:
      return FormatDate(column.GetInt(row));
    case ColumnType::kDateTime:
      return FormatDateTime(column.GetInt(row));
    default:
      return std::string(column.GetString(row));
  }
}

nlohmann::ordered_json CellToJson(const Column& column, size_t row) {
  if (column.IsNull(row)) return nullptr;
  switch (column.type()) {
    case ColumnType::kInteger:
      return column.GetInt(row);
    case ColumnType::kBoolean:
      return column.GetInt(row) != 0;
    case ColumnType::kFloat:
      return column.GetDouble(row);
    default:
      return CellText(column, row);
  }
}

nlohmann::ordered_json RowToJson(const Batch& batch, size_t row) {
  nlohmann::ordered_json object = nlohmann::ordered_json::object();
  for (size_t c = 0; c < batch.columns.size(); ++c) {
    object[batch.schema->columns[c].name] = CellToJson(batch.columns[c], row);
  }
  return object;
}

}  // namespace tdm::store
