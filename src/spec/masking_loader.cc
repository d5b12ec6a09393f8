#include <algorithm>

#include "core/suggest.h"
#include "spec/loader.h"
#include "spec/yaml_reader.h"

namespace tdm::spec {
namespace {

const std::vector<std::string> kTopKeys = {"policies", "regulatory_compliance", "version",
                                           "description"};
const std::vector<std::string> kRuleKeys = {
    "strategy",  "salt",   "key_env", "replacement", "faker_provider", "locale",    "show_last_4",
    "show_last", "length", "spread",  "max_days",    "description",    "applies_to"};
// Groups written as one rule for every column of a classification.
const std::vector<std::string> kClassifications = {"red", "yellow"};
const std::vector<std::string> kAuditKeys = {"log_masking_operations", "include_user_id",
                                             "include_timestamp", "encryption"};
}  // namespace

const std::vector<std::string>& MaskingStrategies() {
  static const std::vector<std::string> strategies = {"hash", "redact", "anonymize", "partial",
                                                      "null", "noise",  "fpe",       "aggregate"};
  return strategies;
}

std::string MaskingStrategyHint(const std::string& strategy) {
  std::string hint = DidYouMean(strategy, MaskingStrategies());
  if (!hint.empty()) return hint;
  std::string list;
  for (const std::string& s : MaskingStrategies()) list += (list.empty() ? "" : ", ") + s;
  return " (expected one of: " + list + ")";
}

namespace {

Result<MaskingRule> ReadRule(const YamlReader& yaml, const std::string& field,
                             const YAML::Node& body) {
  MaskingRule rule;
  rule.field = field;
  rule.where = yaml.Where(body);
  std::string context = "masking rule '" + field + "'";
  TDM_RETURN_IF_ERROR(yaml.ExpectMap(body, context));
  TDM_RETURN_IF_ERROR(yaml.CheckKeys(body, kRuleKeys, context));
  if (body["strategy"]) {
    TDM_ASSIGN_OR_RETURN(rule.strategy, yaml.String(body["strategy"], "'strategy'"));
    bool known = false;
    for (const std::string& s : MaskingStrategies()) known = known || s == rule.strategy;
    if (!known) {
      return yaml.Error(body["strategy"], "unknown masking strategy '" + rule.strategy + "' in " +
                                              context + MaskingStrategyHint(rule.strategy));
    }
  }
  if (body["strategy"]) rule.strategy_where = yaml.Where(body["strategy"]);
  if (body["salt"]) {
    TDM_ASSIGN_OR_RETURN(rule.salt, yaml.String(body["salt"], "'salt'"));
  }
  if (body["key_env"]) {
    TDM_ASSIGN_OR_RETURN(rule.key_env, yaml.String(body["key_env"], "'key_env'"));
  }
  if (body["locale"]) {
    TDM_ASSIGN_OR_RETURN(rule.locale, yaml.String(body["locale"], "'locale'"));
  }
  if (body["show_last"]) {
    TDM_ASSIGN_OR_RETURN(rule.show_last, yaml.Int(body["show_last"], "'show_last'"));
  }
  if (body["length"]) {
    TDM_ASSIGN_OR_RETURN(rule.length, yaml.Int(body["length"], "'length'"));
  }
  if (body["spread"]) {
    TDM_ASSIGN_OR_RETURN(rule.spread, yaml.Double(body["spread"], "'spread'"));
  }
  if (body["max_days"]) {
    TDM_ASSIGN_OR_RETURN(rule.max_days, yaml.Int(body["max_days"], "'max_days'"));
  }
  if (body["replacement"]) {
    TDM_ASSIGN_OR_RETURN(rule.replacement, yaml.String(body["replacement"], "'replacement'"));
  }
  if (body["faker_provider"]) {
    TDM_ASSIGN_OR_RETURN(rule.faker_provider,
                         yaml.String(body["faker_provider"], "'faker_provider'"));
  }
  if (body["show_last_4"]) {
    TDM_ASSIGN_OR_RETURN(rule.show_last_4, yaml.Bool(body["show_last_4"], "'show_last_4'"));
  }
  return rule;
}

Status ReadPolicies(const YamlReader& yaml, const YAML::Node& node, MaskingPolicyDocument& doc) {
  TDM_RETURN_IF_ERROR(yaml.ExpectMap(node, "'policies'"));
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string group = it->first.Scalar();
    const YAML::Node body = it->second;
    if (group == "default") {
      TDM_ASSIGN_OR_RETURN(MaskingRule rule, ReadRule(yaml, "default", body));
      doc.default_strategy = rule.strategy;
      doc.default_salt = rule.salt;
      doc.default_where = rule.where;
      doc.default_rule = std::move(rule);
    } else if (group == "audit") {
      TDM_RETURN_IF_ERROR(yaml.ExpectMap(body, "'audit'"));
      TDM_RETURN_IF_ERROR(yaml.CheckKeys(body, kAuditKeys, "'audit'"));
      if (body["log_masking_operations"]) {
        TDM_ASSIGN_OR_RETURN(doc.log_masking_operations,
                             yaml.Bool(body["log_masking_operations"], "'log_masking_operations'"));
      }
      if (body["include_user_id"]) {
        TDM_ASSIGN_OR_RETURN(doc.include_user_id,
                             yaml.Bool(body["include_user_id"], "'include_user_id'"));
      }
      if (body["include_timestamp"]) {
        TDM_ASSIGN_OR_RETURN(doc.include_timestamp,
                             yaml.Bool(body["include_timestamp"], "'include_timestamp'"));
      }
      if (body["encryption"]) {
        TDM_ASSIGN_OR_RETURN(doc.audit_encryption, yaml.String(body["encryption"], "'encryption'"));
      }
    } else if (std::find(kClassifications.begin(), kClassifications.end(), group) !=
                   kClassifications.end() &&
               body.IsMap() && body["strategy"]) {
      // `policies.red: {strategy: anonymize}`: one rule for every column detected red.
      TDM_ASSIGN_OR_RETURN(MaskingRule rule, ReadRule(yaml, group, body));
      rule.classification = true;
      doc.rules.push_back(std::move(rule));
    } else {
      // A classification group such as `pii`: `fields:` lists its members, the other keys are
      // per-field rules.
      TDM_RETURN_IF_ERROR(yaml.ExpectMap(body, "policy group '" + group + "'"));
      for (auto rule = body.begin(); rule != body.end(); ++rule) {
        const std::string key = rule->first.Scalar();
        if (key == "fields") {
          TDM_ASSIGN_OR_RETURN(std::vector<std::string> fields,
                               yaml.StringList(rule->second, "'fields' of '" + group + "'"));
          doc.pii_fields.insert(doc.pii_fields.end(), fields.begin(), fields.end());
          continue;
        }
        TDM_ASSIGN_OR_RETURN(MaskingRule parsed, ReadRule(yaml, key, rule->second));
        doc.rules.push_back(std::move(parsed));
      }
    }
  }
  return Status::Ok();
}

Status ReadRegulatory(const YamlReader& yaml, const YAML::Node& node, MaskingPolicyDocument& doc) {
  TDM_RETURN_IF_ERROR(yaml.ExpectMap(node, "'regulatory_compliance'"));
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string regime = it->first.Scalar();
    TDM_RETURN_IF_ERROR(yaml.ExpectMap(it->second, "'" + regime + "'"));
    auto& settings = doc.regulatory[regime];
    for (auto s = it->second.begin(); s != it->second.end(); ++s) {
      const std::string key = s->first.Scalar();
      if (key == "phi_fields") {
        TDM_ASSIGN_OR_RETURN(doc.phi_fields, yaml.StringList(s->second, "'phi_fields'"));
        continue;
      }
      TDM_ASSIGN_OR_RETURN(settings[key], yaml.String(s->second, "'" + key + "'"));
    }
  }
  return Status::Ok();
}

}  // namespace

Result<MaskingPolicyDocument> ParseMaskingPolicies(const std::string& path,
                                                   const std::string& text) {
  YamlReader yaml(path);
  TDM_ASSIGN_OR_RETURN(YAML::Node root, yaml.LoadText(text));
  MaskingPolicyDocument doc;
  doc.path = path;
  if (root.IsNull()) return doc;
  TDM_RETURN_IF_ERROR(yaml.ExpectMap(root, "the top level of a masking policy file"));
  TDM_RETURN_IF_ERROR(yaml.CheckKeys(root, kTopKeys, "the masking policy file"));
  if (root["policies"]) TDM_RETURN_IF_ERROR(ReadPolicies(yaml, root["policies"], doc));
  if (root["regulatory_compliance"]) {
    TDM_RETURN_IF_ERROR(ReadRegulatory(yaml, root["regulatory_compliance"], doc));
  }
  return doc;
}

Result<MaskingPolicyDocument> LoadMaskingPolicies(const std::string& path) {
  TDM_ASSIGN_OR_RETURN(std::string text, ReadTextFile(path, "masking policy file"));
  return ParseMaskingPolicies(path, text);
}

}  // namespace tdm::spec
