// TableSchema <-> JSON, for backends that keep a table's logical schema beside its data (Redis,
// files) and for the executions registry, which records what each execution should contain.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "core/table_schema.h"
#include "tdm/status.h"

namespace tdm::store {

nlohmann::json SchemaToJson(const TableSchema& table);
Result<TableSchema> SchemaFromJson(const nlohmann::json& json);

nlohmann::json SchemasToJson(const std::vector<TableSchema>& tables);
Result<std::vector<TableSchema>> SchemasFromJson(const nlohmann::json& json);

// The logical type named by ColumnTypeName(), or kInvalidArgument.
Result<ColumnType> ColumnTypeFromName(std::string_view name);

}  // namespace tdm::store
