#include "store/redis/redis_namespace.h"

#include <nlohmann/json.hpp>

#include "core/suggest.h"
#include "store/redis/redis_layout.h"
#include "store/schema_json.h"

namespace tdm::store {

Result<RedisNamespace> ReadNamespace(RedisConnection& redis, const std::string& ns) {
  std::string meta = MetaKey(ns);
  TDM_ASSIGN_OR_RETURN(RedisReply reply, redis.Run({"HGETALL", meta}));
  if (reply->type != REDIS_REPLY_ARRAY || reply->elements % 2 != 0) {
    return Status(StatusCode::kDatabaseError, "'" + meta + "' is not a hash");
  }
  if (reply->elements == 0) {
    return Status(StatusCode::kNotFound, "namespace '" + ns + "' does not exist");
  }
  auto malformed = [&](const std::string& what) {
    return Status(StatusCode::kDatabaseError, "'" + meta + "' is malformed: " + what);
  };
  RedisNamespace space;
  nlohmann::json names = nlohmann::json::array();            // none before the first table begins
  std::vector<std::pair<std::string, std::string>> schemas;  // field without prefix, JSON
  for (size_t i = 0; i < reply->elements; i += 2) {
    std::string_view field = ReplyText(*reply->element[i]);
    std::string_view value = ReplyText(*reply->element[i + 1]);
    if (field == kStateField) {
      space.state = std::string(value);
    } else if (field == kTablesField) {
      names = nlohmann::json::parse(value, nullptr, /*allow_exceptions=*/false);
    } else if (field.starts_with(kSchemaFieldPrefix)) {
      schemas.emplace_back(field.substr(std::string_view(kSchemaFieldPrefix).size()), value);
    }
  }
  if (!names.is_array()) return malformed("no table list");
  for (const nlohmann::json& name : names) {
    if (!name.is_string()) return malformed("a table name is not a string");
    const std::string* text = nullptr;
    for (const auto& [table, json] : schemas) {
      if (table == name.get_ref<const std::string&>()) text = &json;
    }
    if (text == nullptr) return malformed("no schema for table '" + name.get<std::string>() + "'");
    nlohmann::json parsed = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
    Result<TableSchema> schema = SchemaFromJson(parsed);
    if (parsed.is_discarded() || !schema.ok()) {
      return malformed("the schema of table '" + name.get<std::string>() + "'");
    }
    space.tables.push_back(std::move(schema).value());
  }
  return space;
}

Result<size_t> FindTable(const RedisNamespace& space, const std::string& ns,
                         const std::string& table) {
  std::vector<std::string> names;
  for (size_t i = 0; i < space.tables.size(); ++i) {
    if (space.tables[i].name == table) return i;
    names.push_back(space.tables[i].name);
  }
  std::string present;
  for (const std::string& name : names) present += (present.empty() ? "" : ", ") + name;
  return Status(StatusCode::kNotFound, "no table '" + table + "' in namespace '" + ns + "'" +
                                           DidYouMean(table, names) +
                                           (present.empty() ? "" : " (present: " + present + ")"));
}

Status DeleteNamespaceKeys(RedisConnection& redis, const std::string& ns) {
  TDM_RETURN_IF_ERROR(CheckNamespaceName(ns));
  const std::string meta = MetaKey(ns);
  std::vector<std::string_view> args;
  TDM_RETURN_IF_ERROR(redis.Scan(EscapeGlob(ns) + ":*", [&](const std::vector<std::string>& keys) {
    args.assign({"UNLINK"});
    for (const std::string& key : keys) {
      if (key != meta) args.push_back(key);
    }
    if (args.size() == 1) return Status::Ok();
    return redis.Run(args).status();
  }));
  return redis.Run({"UNLINK", meta}).status();
}

}  // namespace tdm::store
