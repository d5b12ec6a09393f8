#include "store/schema_json.h"

namespace tdm::store {

Result<ColumnType> ColumnTypeFromName(std::string_view name) {
  for (ColumnType type :
       {ColumnType::kString, ColumnType::kInteger, ColumnType::kFloat, ColumnType::kBoolean,
        ColumnType::kDate, ColumnType::kDateTime, ColumnType::kObjectId, ColumnType::kUuid}) {
    if (ColumnTypeName(type) == name) return type;
  }
  return Status(StatusCode::kInvalidArgument, "unknown column type '" + std::string(name) + "'");
}

nlohmann::json SchemaToJson(const TableSchema& table) {
  nlohmann::json columns = nlohmann::json::array();
  for (const ColumnSchema& c : table.columns) {
    columns.push_back({{"name", c.name},
                       {"type", ColumnTypeName(c.type)},
                       {"nullable", c.nullable},
                       {"unique", c.unique},
                       {"primary_key", c.primary_key}});
  }
  nlohmann::json fks = nlohmann::json::array();
  for (const ForeignKeySchema& fk : table.foreign_keys) {
    fks.push_back(
        {{"column", fk.column}, {"ref_table", fk.ref_table}, {"ref_column", fk.ref_column}});
  }
  nlohmann::json indexes = nlohmann::json::array();
  for (const IndexSchema& i : table.indexes) {
    indexes.push_back({{"name", i.name}, {"columns", i.columns}, {"unique", i.unique}});
  }
  return {{"name", table.name}, {"columns", columns}, {"foreign_keys", fks}, {"indexes", indexes}};
}

Result<TableSchema> SchemaFromJson(const nlohmann::json& json) {
  try {
    TableSchema table;
    table.name = json.at("name").get<std::string>();
    for (const auto& c : json.at("columns")) {
      ColumnSchema column;
      column.name = c.at("name").get<std::string>();
      TDM_ASSIGN_OR_RETURN(column.type, ColumnTypeFromName(c.at("type").get<std::string>()));
      column.nullable = c.value("nullable", false);
      column.unique = c.value("unique", false);
      column.primary_key = c.value("primary_key", false);
      table.columns.push_back(std::move(column));
    }
    for (const auto& fk : json.value("foreign_keys", nlohmann::json::array())) {
      table.foreign_keys.push_back({fk.at("column").get<std::string>(),
                                    fk.at("ref_table").get<std::string>(),
                                    fk.at("ref_column").get<std::string>()});
    }
    for (const auto& i : json.value("indexes", nlohmann::json::array())) {
      table.indexes.push_back({i.at("name").get<std::string>(),
                               i.at("columns").get<std::vector<std::string>>(),
                               i.value("unique", false)});
    }
    return table;
  } catch (const nlohmann::json::exception& e) {
    return Status(StatusCode::kInvalidArgument, std::string("malformed table schema: ") + e.what());
  }
}

nlohmann::json SchemasToJson(const std::vector<TableSchema>& tables) {
  nlohmann::json out = nlohmann::json::array();
  for (const TableSchema& t : tables) out.push_back(SchemaToJson(t));
  return out;
}

Result<std::vector<TableSchema>> SchemasFromJson(const nlohmann::json& json) {
  if (!json.is_array()) {
    return Status(StatusCode::kInvalidArgument, "malformed schema list: not an array");
  }
  std::vector<TableSchema> out;
  for (const auto& t : json) {
    TDM_ASSIGN_OR_RETURN(TableSchema table, SchemaFromJson(t));
    out.push_back(std::move(table));
  }
  return out;
}

}  // namespace tdm::store
