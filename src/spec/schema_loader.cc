#include "core/suggest.h"
#include "spec/field_reader.h"
#include "spec/loader.h"
#include "spec/yaml_reader.h"

namespace tdm::spec {
namespace {

const std::vector<std::string> kCollectionKeys = {"strict", "fields", "indexes", "relationships",
                                                  "description"};

Status ReadCollection(const YamlReader& yaml, const YAML::Node& name, const YAML::Node& body,
                      SchemaDocument& doc) {
  DatasetDecl collection;
  collection.name = name.Scalar();
  collection.where = yaml.Where(name);
  std::string context = "collection '" + collection.name + "'";
  TDM_RETURN_IF_ERROR(yaml.ExpectMap(body, context));
  TDM_RETURN_IF_ERROR(yaml.CheckKeys(body, kCollectionKeys, context));
  for (const DatasetDecl& other : doc.collections) {
    if (other.name == collection.name) {
      return yaml.Error(name, context + " is described twice (first at line " +
                                  std::to_string(other.where.line) + ")");
    }
  }
  if (body["strict"]) {
    TDM_ASSIGN_OR_RETURN(collection.strict, yaml.Bool(body["strict"], "'strict'"));
  }
  if (body["fields"]) TDM_RETURN_IF_ERROR(ReadFields(yaml, body["fields"], collection));
  if (body["indexes"]) TDM_RETURN_IF_ERROR(ReadIndexes(yaml, body["indexes"], collection));
  if (body["relationships"]) {
    TDM_RETURN_IF_ERROR(ReadRelationships(yaml, body["relationships"], collection));
  }
  doc.collections.push_back(std::move(collection));
  return Status::Ok();
}

}  // namespace

Result<SchemaDocument> ParseSchema(const std::string& path, const std::string& text) {
  YamlReader yaml(path);
  TDM_ASSIGN_OR_RETURN(YAML::Node root, yaml.LoadText(text));
  SchemaDocument doc;
  doc.path = path;
  if (root.IsNull()) return doc;
  TDM_RETURN_IF_ERROR(yaml.ExpectMap(root, "the top level of a schema file"));
  for (auto it = root.begin(); it != root.end(); ++it) {
    const std::string key = it->first.Scalar();
    if (key == "version" || key == "description") continue;
    if (key == "collections" || key == "tables") {
      TDM_RETURN_IF_ERROR(yaml.ExpectMap(it->second, "'" + key + "'"));
      for (auto c = it->second.begin(); c != it->second.end(); ++c) {
        TDM_RETURN_IF_ERROR(ReadCollection(yaml, c->first, c->second, doc));
      }
      continue;
    }
    // A collection written at the top level, beside `collections:` (as the strategy document's
    // example does with `movies`). Anything else is a typo.
    if (it->second.IsMap() && it->second["fields"]) {
      TDM_RETURN_IF_ERROR(ReadCollection(yaml, it->first, it->second, doc));
      continue;
    }
    std::string hint = DidYouMean(key, {"collections", "version", "description"});
    return yaml.Error(it->first, "unknown key '" + key + "' in the schema file" +
                                     (hint.empty() ? " (expected 'collections:' or a collection "
                                                     "with 'fields:')"
                                                   : hint));
  }
  return doc;
}

Result<SchemaDocument> LoadSchema(const std::string& path) {
  TDM_ASSIGN_OR_RETURN(std::string text, ReadTextFile(path, "schema file"));
  return ParseSchema(path, text);
}

}  // namespace tdm::spec
