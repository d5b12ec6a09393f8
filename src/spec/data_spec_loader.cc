#include <algorithm>

#include "spec/field_reader.h"
#include "spec/loader.h"
#include "spec/yaml_reader.h"

namespace tdm::spec {
namespace {

const std::vector<std::string> kTopKeys = {
    "version",        "name",   "description",  "seed",     "generator",
    "reference_time", "locale", "environments", "datasets", "masking_policies"};
const std::vector<std::string> kEnvironmentKeys = {"volumes", "volume", "masking",
                                                   "ttl",     "target", "description"};
const std::vector<std::string> kDatasetKeys = {"factory", "volume",        "volumes", "count",
                                               "fields",  "relationships", "indexes", "strict",
                                               "locale",  "description"};

Result<int64_t> ReadCount(const YamlReader& yaml, const YAML::Node& node, const std::string& what) {
  TDM_ASSIGN_OR_RETURN(int64_t n, yaml.Int(node, what));
  if (n < 0) return yaml.Error(node, what + " must not be negative (found " + node.Scalar() + ")");
  return n;
}

// "24h", "7d", "90m" (rounded up to whole hours) or a bare number of hours.
Result<int64_t> ReadTtlHours(const YamlReader& yaml, const YAML::Node& node) {
  TDM_ASSIGN_OR_RETURN(std::string text, yaml.String(node, "'ttl'"));
  int64_t factor = 1;
  bool minutes = false;
  std::string digits = text;
  if (!text.empty() && (text.back() == 'h' || text.back() == 'd' || text.back() == 'm')) {
    factor = text.back() == 'd' ? 24 : 1;
    minutes = text.back() == 'm';
    digits.pop_back();
  }
  YAML::Node number(digits);
  auto value = yaml.Int(number, "'ttl'");
  if (!value.ok() || *value <= 0) {
    return yaml.Error(node, "'ttl' must be a duration such as 24h or 7d, found '" + text + "'");
  }
  if (*value > 1'000'000) return yaml.Error(node, "'ttl' is too long: " + text);
  return minutes ? (*value + 59) / 60 : *value * factor;
}

Status ReadEnvironments(const YamlReader& yaml, const YAML::Node& node, DataSpecDocument& doc) {
  TDM_RETURN_IF_ERROR(yaml.ExpectMap(node, "'environments'"));
  for (auto it = node.begin(); it != node.end(); ++it) {
    EnvironmentDecl env;
    env.name = it->first.Scalar();
    env.where = yaml.Where(it->first);
    for (const EnvironmentDecl& other : doc.environments) {
      if (other.name == env.name) {
        return yaml.Error(it->first, "environment '" + env.name +
                                         "' is defined twice (first at line " +
                                         std::to_string(other.where.line) + ")");
      }
    }
    const YAML::Node body = it->second;
    std::string context = "environment '" + env.name + "'";
    if (!body.IsNull()) {
      TDM_RETURN_IF_ERROR(yaml.ExpectMap(body, context));
      TDM_RETURN_IF_ERROR(yaml.CheckKeys(body, kEnvironmentKeys, context));
      if (body["volumes"] && body["volume"]) {
        return yaml.Error(body, context + " sets both 'volumes' and 'volume'; keep one");
      }
      for (const char* key : {"volumes", "volume"}) {
        if (body[key]) {
          TDM_ASSIGN_OR_RETURN(
              env.volume, ReadCount(yaml, body[key], "'" + std::string(key) + "' of " + context));
        }
      }
      if (body["masking"]) {
        TDM_ASSIGN_OR_RETURN(env.masking, yaml.String(body["masking"], "'masking'"));
      }
      if (body["ttl"]) {
        TDM_ASSIGN_OR_RETURN(env.ttl_hours, ReadTtlHours(yaml, body["ttl"]));
      }
      if (body["target"]) {
        TDM_ASSIGN_OR_RETURN(env.target, yaml.String(body["target"], "'target'"));
      }
    }
    doc.environments.push_back(std::move(env));
  }
  return Status::Ok();
}

Status ReadVolume(const YamlReader& yaml, const YAML::Node& node, DatasetDecl& dataset) {
  dataset.volume_where = yaml.Where(node);
  std::string what = "'volume' of dataset '" + dataset.name + "'";
  if (node.IsMap()) {  // volume: {local: 100, ci: 1000}
    for (auto it = node.begin(); it != node.end(); ++it) {
      TDM_ASSIGN_OR_RETURN(dataset.env_volumes[it->first.Scalar()],
                           ReadCount(yaml, it->second, what + " for '" + it->first.Scalar() + "'"));
      dataset.env_volume_where[it->first.Scalar()] = yaml.Where(it->first);
    }
    return Status::Ok();
  }
  TDM_ASSIGN_OR_RETURN(dataset.volume, ReadCount(yaml, node, what));
  return Status::Ok();
}

Status ReadDatasets(const YamlReader& yaml, const YAML::Node& node, DataSpecDocument& doc) {
  TDM_RETURN_IF_ERROR(yaml.ExpectMap(node, "'datasets'"));
  for (auto it = node.begin(); it != node.end(); ++it) {
    DatasetDecl dataset;
    dataset.name = it->first.Scalar();
    dataset.where = yaml.Where(it->first);
    for (const DatasetDecl& other : doc.datasets) {
      if (other.name == dataset.name) {
        return yaml.Error(it->first, "dataset '" + dataset.name +
                                         "' is defined twice (first at line " +
                                         std::to_string(other.where.line) + ")");
      }
    }
    const YAML::Node body = it->second;
    std::string context = "dataset '" + dataset.name + "'";
    if (!body.IsNull()) {
      TDM_RETURN_IF_ERROR(yaml.ExpectMap(body, context));
      TDM_RETURN_IF_ERROR(yaml.CheckKeys(body, kDatasetKeys, context));
      int volume_keys = 0;
      for (auto field = body.begin(); field != body.end(); ++field) {
        const std::string key = field->first.Scalar();
        const YAML::Node value = field->second;
        if (key == "factory") {
          TDM_ASSIGN_OR_RETURN(dataset.factory, yaml.String(value, "'factory' of " + context));
          dataset.factory_where = yaml.Where(value);
        } else if (key == "volume" || key == "volumes" || key == "count") {
          if (++volume_keys > 1) {
            return yaml.Error(field->first, context +
                                                " sets its volume twice; keep one of "
                                                "'volume', 'volumes' and 'count'");
          }
          TDM_RETURN_IF_ERROR(ReadVolume(yaml, value, dataset));
        } else if (key == "fields") {
          TDM_RETURN_IF_ERROR(ReadFields(yaml, value, dataset));
        } else if (key == "relationships") {
          TDM_RETURN_IF_ERROR(ReadRelationships(yaml, value, dataset));
        } else if (key == "indexes") {
          TDM_RETURN_IF_ERROR(ReadIndexes(yaml, value, dataset));
        } else if (key == "strict") {
          TDM_ASSIGN_OR_RETURN(dataset.strict, yaml.Bool(value, "'strict' of " + context));
        } else if (key == "locale") {
          TDM_ASSIGN_OR_RETURN(dataset.locale, yaml.String(value, "'locale' of " + context));
          dataset.locale_where = yaml.Where(value);
        }
      }
    }
    doc.datasets.push_back(std::move(dataset));
  }
  return Status::Ok();
}

Status ReadMaskingPolicies(const YamlReader& yaml, const YAML::Node& node, DataSpecDocument& doc) {
  TDM_RETURN_IF_ERROR(yaml.ExpectMap(node, "'masking_policies'"));
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string field = it->first.Scalar();
    const YAML::Node value = it->second;
    std::string strategy;
    if (value.IsMap() && value["strategy"]) {
      TDM_ASSIGN_OR_RETURN(strategy, yaml.String(value["strategy"], "'strategy'"));
    } else {
      TDM_ASSIGN_OR_RETURN(strategy, yaml.String(value, "the masking strategy of '" + field + "'"));
    }
    const YAML::Node where = value.IsMap() && value["strategy"] ? value["strategy"] : value;
    const auto& known = MaskingStrategies();
    if (std::find(known.begin(), known.end(), strategy) == known.end()) {
      return yaml.Error(where, "unknown masking strategy '" + strategy + "' for '" + field + "'" +
                                   MaskingStrategyHint(strategy));
    }
    doc.masking_policies[field] = strategy;
  }
  return Status::Ok();
}

}  // namespace

Result<DataSpecDocument> ParseDataSpec(const std::string& path, const std::string& text) {
  YamlReader yaml(path);
  TDM_ASSIGN_OR_RETURN(YAML::Node root, yaml.LoadText(text));
  DataSpecDocument doc;
  doc.path = path;
  if (root.IsNull()) return yaml.Error(root, "the spec is empty; it needs at least 'datasets:'");
  TDM_RETURN_IF_ERROR(yaml.ExpectMap(root, "the top level of a data spec"));
  TDM_RETURN_IF_ERROR(yaml.CheckKeys(root, kTopKeys, "the data spec"));
  if (!root["datasets"]) {
    return yaml.Error(root,
                      "the data spec has no 'datasets:' section; add one that names at "
                      "least one dataset (e.g. datasets: {users: {factory: UserFactory}})");
  }
  if (root["version"]) {
    TDM_ASSIGN_OR_RETURN(doc.version, yaml.String(root["version"], "'version'"));
  }
  if (root["seed"]) {
    TDM_ASSIGN_OR_RETURN(int64_t seed, yaml.Int(root["seed"], "'seed'"));
    if (seed < 0) return yaml.Error(root["seed"], "'seed' must not be negative");
    doc.seed = static_cast<uint64_t>(seed);
  }
  if (root["generator"]) {
    TDM_ASSIGN_OR_RETURN(int64_t g, yaml.Int(root["generator"], "'generator'"));
    if (g < 0 || g > 1'000'000) {
      return yaml.Error(root["generator"],
                        "'generator: " + std::to_string(g) + "' is not supported by this release");
    }
    doc.generator = static_cast<int>(g);
    doc.generator_where = yaml.Where(root["generator"]);
  }
  if (root["reference_time"]) {
    TDM_ASSIGN_OR_RETURN(doc.reference_time,
                         yaml.String(root["reference_time"], "'reference_time'"));
    doc.reference_time_where = yaml.Where(root["reference_time"]);
  }
  if (root["locale"]) {
    TDM_ASSIGN_OR_RETURN(doc.locale, yaml.String(root["locale"], "'locale'"));
    doc.locale_where = yaml.Where(root["locale"]);
  }
  if (root["environments"]) TDM_RETURN_IF_ERROR(ReadEnvironments(yaml, root["environments"], doc));
  TDM_RETURN_IF_ERROR(ReadDatasets(yaml, root["datasets"], doc));
  if (root["masking_policies"]) {
    TDM_RETURN_IF_ERROR(ReadMaskingPolicies(yaml, root["masking_policies"], doc));
  }
  return doc;
}

Result<DataSpecDocument> LoadDataSpec(const std::string& path) {
  TDM_ASSIGN_OR_RETURN(std::string text,
                       ReadTextFile(path, "spec file", "pass --spec FILE or set TDM_SPEC"));
  return ParseDataSpec(path, text);
}

}  // namespace tdm::spec
