#include "spec/field_reader.h"

#include <algorithm>
#include <regex>

#include "gen/expression.h"
#include "spec/loader.h"

namespace tdm::spec {
namespace {

const std::vector<std::string> kFieldKeys = {
    "name",     "type",        "provider",  "faker_provider", "pattern",   "constraint",
    "masked",   "foreign_key", "locale",    "required",       "unique",    "primary_key",
    "nullable", "min",         "max",       "decimals",       "min_words", "max_words",
    "start",    "step",        "true_rate", "values",         "enum",      "weights",
    "options",  "description", "derived"};

const std::vector<std::string> kRelationshipKeys = {"foreign_key", "collection", "references",
                                                    "min",         "max",        "description"};

const std::vector<std::string> kIndexKeys = {"fields", "unique", "name"};

Status SplitReference(const YamlReader& yaml, const YAML::Node& node, const std::string& text,
                      std::string& table, std::string& column) {
  size_t dot = text.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == text.size()) {
    return yaml.Error(node,
                      "reference '" + text + "' must be written table.field (e.g. users._id)");
  }
  table = text.substr(0, dot);
  column = text.substr(dot + 1);
  return Status::Ok();
}

Status ReadNullable(const YamlReader& yaml, const YAML::Node& node, FieldDecl& field) {
  auto as_bool = yaml.Bool(node, "nullable");
  if (as_bool.ok()) {
    field.nullable = *as_bool ? 0.1 : 0.0;
    return Status::Ok();
  }
  auto rate = yaml.Double(node, "nullable");
  if (!rate.ok() || !(*rate >= 0 && *rate <= 1)) {
    return yaml.Error(node, "'nullable' must be true/false or a null rate between 0 and 1");
  }
  field.nullable = *rate;
  return Status::Ok();
}

Result<std::vector<double>> ReadWeights(const YamlReader& yaml, const YAML::Node& node,
                                        const std::string& what) {
  TDM_RETURN_IF_ERROR(yaml.ExpectSequence(node, what));
  std::vector<double> weights;
  double total = 0;
  for (const YAML::Node& w : node) {
    TDM_ASSIGN_OR_RETURN(double value, yaml.Double(w, "each weight"));
    if (!(value >= 0 && value <= 1e12)) {
      return yaml.Error(w, "weights must be numbers between 0 and 1e12");
    }
    weights.push_back(value);
    total += value;
  }
  if (!weights.empty() && !(total > 0)) {
    return yaml.Error(node, what + " are all zero, which leaves no value to pick");
  }
  return weights;
}

}  // namespace

Result<FieldDecl> ReadField(const YamlReader& yaml, const YAML::Node& node, std::string name,
                            const std::string& dataset) {
  FieldDecl field;
  field.name = std::move(name);
  field.where = yaml.Where(node);
  std::string context = "field '" + dataset + "." + field.name + "'";
  if (node.IsNull()) return field;  // `email:` with no attributes
  if (node.IsScalar()) {            // `age: integer` shorthand
    field.type = node.Scalar();
    field.key_locations["type"] = yaml.Where(node);
    return field;
  }
  TDM_RETURN_IF_ERROR(yaml.ExpectMap(node, context));
  TDM_RETURN_IF_ERROR(yaml.CheckKeys(node, kFieldKeys, context));
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string key = it->first.Scalar();
    const YAML::Node value = it->second;
    std::string what = "'" + key + "' of " + context;
    field.key_locations[key] = yaml.Where(value);
    if (key == "name" || key == "description") {
      TDM_ASSIGN_OR_RETURN(std::string ignored, yaml.String(value, what));
    } else if (key == "type") {
      TDM_ASSIGN_OR_RETURN(field.type, yaml.String(value, what));
    } else if (key == "provider" || key == "faker_provider") {
      TDM_ASSIGN_OR_RETURN(field.provider, yaml.String(value, what));
    } else if (key == "pattern") {
      TDM_ASSIGN_OR_RETURN(field.pattern, yaml.String(value, what));
    } else if (key == "constraint") {
      TDM_ASSIGN_OR_RETURN(field.constraint, yaml.String(value, what));
    } else if (key == "derived") {
      TDM_ASSIGN_OR_RETURN(field.derived, yaml.String(value, what));
      if (auto parsed = gen::Expression::Parse(*field.derived); !parsed.ok()) {
        return yaml.Error(value, parsed.status().message() + " in " + context);
      }
    } else if (key == "masked") {
      TDM_ASSIGN_OR_RETURN(field.masked, yaml.String(value, what));
      const auto& known = MaskingStrategies();
      if (std::find(known.begin(), known.end(), *field.masked) == known.end()) {
        return yaml.Error(value, "unknown masking strategy '" + *field.masked + "' in " + context +
                                     MaskingStrategyHint(*field.masked));
      }
    } else if (key == "foreign_key") {
      TDM_ASSIGN_OR_RETURN(field.foreign_key, yaml.String(value, what));
      std::string table;
      std::string column;
      TDM_RETURN_IF_ERROR(SplitReference(yaml, value, *field.foreign_key, table, column));
    } else if (key == "locale") {
      TDM_ASSIGN_OR_RETURN(field.locale, yaml.String(value, what));
    } else if (key == "required") {
      TDM_ASSIGN_OR_RETURN(field.required, yaml.Bool(value, what));
    } else if (key == "unique") {
      TDM_ASSIGN_OR_RETURN(field.unique, yaml.Bool(value, what));
    } else if (key == "primary_key") {
      TDM_ASSIGN_OR_RETURN(field.primary_key, yaml.Bool(value, what));
    } else if (key == "nullable") {
      TDM_RETURN_IF_ERROR(ReadNullable(yaml, value, field));
    } else if (key == "min") {
      TDM_ASSIGN_OR_RETURN(field.min, yaml.String(value, what));
    } else if (key == "max") {
      TDM_ASSIGN_OR_RETURN(field.max, yaml.String(value, what));
    } else if (key == "decimals" || key == "min_words" || key == "max_words") {
      TDM_ASSIGN_OR_RETURN(int64_t n, yaml.Int(value, what));
      if (n < 0 || n > 1000) return yaml.Error(value, what + " must be between 0 and 1000");
      (key == "decimals"    ? field.decimals
       : key == "min_words" ? field.min_words
                            : field.max_words) = static_cast<int>(n);
    } else if (key == "start") {
      TDM_ASSIGN_OR_RETURN(field.start, yaml.Int(value, what));
    } else if (key == "step") {
      TDM_ASSIGN_OR_RETURN(field.step, yaml.Int(value, what));
    } else if (key == "true_rate") {
      TDM_ASSIGN_OR_RETURN(field.true_rate, yaml.Double(value, what));
      if (!(*field.true_rate >= 0 && *field.true_rate <= 1)) {
        return yaml.Error(value, what + " must be between 0 and 1");
      }
    } else if (key == "values" || key == "enum") {
      TDM_ASSIGN_OR_RETURN(field.values, yaml.StringList(value, what));
      if (field.values.empty()) return yaml.Error(value, what + " must list at least one value");
    } else if (key == "weights") {
      TDM_ASSIGN_OR_RETURN(field.weights, ReadWeights(yaml, value, what));
    } else if (key == "options") {
      if (!value.IsMap()) {
        return yaml.Error(value, what +
                                     " must be a mapping of provider parameters, e.g. "
                                     "{brand: visa}");
      }
      for (auto option = value.begin(); option != value.end(); ++option) {
        const std::string name = option->first.Scalar();
        if (!option->second.IsScalar()) {
          return yaml.Error(option->second,
                            "option '" + name + "' in " + context + " must be a single value");
        }
        field.options[name] = option->second.Scalar();
        field.key_locations["options." + name] = yaml.Where(option->first);
      }
    }
  }
  return field;
}

Status ReadFields(const YamlReader& yaml, const YAML::Node& node, DatasetDecl& dataset) {
  if (node.IsMap()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      TDM_ASSIGN_OR_RETURN(FieldDecl field,
                           ReadField(yaml, it->second, it->first.Scalar(), dataset.name));
      field.where = yaml.Where(it->first);
      dataset.fields.push_back(std::move(field));
    }
    return Status::Ok();
  }
  if (!node.IsSequence()) {
    return yaml.Error(node, "'fields' of dataset '" + dataset.name +
                                "' must be a list of {name: ..., type: ...} entries or a mapping "
                                "of field names to attributes");
  }
  for (const YAML::Node& entry : node) {
    if (!entry.IsMap() || !entry["name"]) {
      return yaml.Error(entry, "each entry of 'fields' in dataset '" + dataset.name +
                                   "' needs a 'name' (e.g. - name: email)");
    }
    TDM_ASSIGN_OR_RETURN(std::string name, yaml.String(entry["name"], "'name' of a field"));
    TDM_ASSIGN_OR_RETURN(FieldDecl field, ReadField(yaml, entry, name, dataset.name));
    dataset.fields.push_back(std::move(field));
  }
  return Status::Ok();
}

Status ReadRelationships(const YamlReader& yaml, const YAML::Node& node, DatasetDecl& dataset) {
  std::string context = "'relationships' of dataset '" + dataset.name + "'";
  TDM_RETURN_IF_ERROR(yaml.ExpectSequence(node, context));
  // user_id -> users._id (foreign key)
  static const std::regex kArrow(
      R"(^\s*([A-Za-z_][\w]*)\s*->\s*([A-Za-z_][\w]*)(?:\.([A-Za-z_][\w]*))?\s*(\(\s*foreign[ _]key\s*\))?\s*$)");
  for (const YAML::Node& entry : node) {
    RelationshipDecl rel;
    rel.where = yaml.Where(entry);
    if (entry.IsScalar()) {
      std::smatch m;
      const std::string& text = entry.Scalar();
      if (!std::regex_match(text, m, kArrow)) {
        return yaml.Error(entry, "cannot read relationship '" + text +
                                     "': write it as 'user_id -> users._id (foreign key)'");
      }
      rel.field = m[1];
      rel.table = m[2];
      rel.column = m[3];
      dataset.relationships.push_back(std::move(rel));
      continue;
    }
    TDM_RETURN_IF_ERROR(yaml.ExpectMap(entry, "each entry of " + context));
    TDM_RETURN_IF_ERROR(yaml.CheckKeys(entry, kRelationshipKeys, "a relationship of " + context));
    if (!entry["foreign_key"]) {
      return yaml.Error(entry, "a relationship of " + context + " needs 'foreign_key'");
    }
    TDM_ASSIGN_OR_RETURN(rel.field, yaml.String(entry["foreign_key"], "'foreign_key'"));
    if (entry["collection"] && entry["references"]) {
      return yaml.Error(entry, "a relationship takes 'collection' or 'references', not both");
    }
    if (entry["collection"]) {
      TDM_ASSIGN_OR_RETURN(rel.table, yaml.String(entry["collection"], "'collection'"));
    } else if (entry["references"]) {
      TDM_ASSIGN_OR_RETURN(std::string ref, yaml.String(entry["references"], "'references'"));
      TDM_RETURN_IF_ERROR(SplitReference(yaml, entry["references"], ref, rel.table, rel.column));
    } else {
      return yaml.Error(entry, "a relationship of " + context +
                                   " needs 'collection: TABLE' or 'references: TABLE.FIELD'");
    }
    for (const char* bound : {"min", "max"}) {
      if (!entry[bound]) continue;
      TDM_ASSIGN_OR_RETURN(int64_t n, yaml.Int(entry[bound], std::string("'") + bound + "'"));
      if (n < 0) {
        return yaml.Error(entry[bound],
                          std::string("'") + bound + "' children per parent must not be negative");
      }
      (bound[1] == 'i' ? rel.min_children : rel.max_children) = n;
    }
    if (rel.min_children.has_value() != rel.max_children.has_value()) {
      return yaml.Error(entry, "give both 'min' and 'max' children per parent, or neither");
    }
    if (rel.min_children && *rel.min_children > *rel.max_children) {
      return yaml.Error(entry, "'min' children (" + std::to_string(*rel.min_children) +
                                   ") is greater than 'max' (" + std::to_string(*rel.max_children) +
                                   ")");
    }
    dataset.relationships.push_back(std::move(rel));
  }
  return Status::Ok();
}

Status ReadIndexes(const YamlReader& yaml, const YAML::Node& node, DatasetDecl& dataset) {
  std::string context = "'indexes' of dataset '" + dataset.name + "'";
  TDM_RETURN_IF_ERROR(yaml.ExpectSequence(node, context));
  for (const YAML::Node& entry : node) {
    TDM_RETURN_IF_ERROR(yaml.ExpectMap(entry, "each entry of " + context));
    TDM_RETURN_IF_ERROR(
        yaml.CheckKeys(entry, kIndexKeys, "an index of dataset '" + dataset.name + "'"));
    if (!entry["fields"]) return yaml.Error(entry, "an index needs 'fields: [column, ...]'");
    IndexSchema index;
    TDM_ASSIGN_OR_RETURN(index.columns, yaml.StringList(entry["fields"], "'fields' of an index"));
    if (index.columns.empty())
      return yaml.Error(entry["fields"], "an index needs at least one field");
    if (entry["unique"]) {
      TDM_ASSIGN_OR_RETURN(index.unique, yaml.Bool(entry["unique"], "'unique'"));
    }
    if (entry["name"]) {
      TDM_ASSIGN_OR_RETURN(index.name, yaml.String(entry["name"], "'name' of an index"));
    } else {
      index.name = dataset.name;
      for (const std::string& c : index.columns) index.name += "_" + c;
      index.name += "_idx";
    }
    dataset.indexes.push_back(std::move(index));
    dataset.index_locations.push_back(yaml.Where(entry));
  }
  return Status::Ok();
}

}  // namespace tdm::spec
