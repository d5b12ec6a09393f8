#include "mask/policy.h"

#include <algorithm>
#include <cstdlib>

#include "core/suggest.h"

namespace tdm::mask {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Result<MaskingPolicy> MaskingPolicy::Build(const spec::MaskingPolicyDocument* doc,
                                           const std::map<std::string, std::string>& spec_rules) {
  MaskingPolicy policy;
  policy.doc_ = doc;
  if (doc != nullptr) {
    policy.path_ = doc->path;
    policy.default_ = doc->default_rule;
    for (const std::string& field : doc->pii_fields) policy.listed_.push_back(Lower(field));
    for (const spec::MaskingRule& rule : doc->rules) {
      std::string name = rule.classification ? "@" + Lower(rule.field) : Lower(rule.field);
      policy.rules_[name] = {rule, false};
    }
  }
  // data-spec.yaml's `masking_policies:` names a strategy only; a policy file rule for the same
  // field (with its salt and options) wins.
  for (const auto& [field, strategy] : spec_rules) {
    std::string name = Lower(field);
    if (policy.rules_.contains(name)) continue;
    spec::MaskingRule rule;
    rule.field = field;
    rule.strategy = strategy;
    policy.rules_[name] = {rule, true};
  }
  return policy;
}

Result<MaskRule> MaskingPolicy::Resolve(const spec::MaskingRule& rule) const {
  MaskRule out;
  out.strategy = rule.strategy;
  if (out.strategy.empty() && default_) out.strategy = default_->strategy;
  if (out.strategy.empty()) out.strategy = "hash";
  out.origin = rule.where.file.empty() ? "data-spec.yaml masking_policies" : rule.where.ToString();
  auto from_env = [&](const std::string& variable) -> Result<std::string> {
    const char* value = std::getenv(variable.c_str());
    if (value == nullptr || *value == '\0') {
      return Status(StatusCode::kInvalidArgument, "masking rule '" + rule.field +
                                                      "' takes its key from $" + variable +
                                                      ", which is not set");
    }
    return std::string(value);
  };
  if (rule.salt) {
    out.key = *rule.salt;
  } else if (rule.key_env) {
    TDM_ASSIGN_OR_RETURN(out.key, from_env(*rule.key_env));
  } else if (default_ && default_->salt) {
    out.key = *default_->salt;
  } else if (default_ && default_->key_env) {
    TDM_ASSIGN_OR_RETURN(out.key, from_env(*default_->key_env));
  } else if (const char* key = std::getenv("TDM_MASKING_KEY"); key != nullptr) {
    out.key = key;
  }
  out.replacement = rule.replacement;
  if (rule.faker_provider) out.provider = *rule.faker_provider;
  if (rule.locale) out.locale = *rule.locale;
  if (rule.show_last_4) out.show_last = 4;
  if (rule.show_last) out.show_last = static_cast<int>(*rule.show_last);
  if (rule.length) out.length = static_cast<int>(*rule.length);
  if (rule.spread) out.spread = *rule.spread;
  if (rule.max_days) out.max_days = static_cast<int>(*rule.max_days);
  return out;
}

Result<std::optional<MaskRule>> MaskingPolicy::For(const std::string& table,
                                                   const std::string& column,
                                                   const std::string& classification) const {
  std::string name = Lower(column);
  for (const std::string& key : {Lower(table) + "." + name, name}) {
    auto it = rules_.find(key);
    if (it != rules_.end()) {
      TDM_ASSIGN_OR_RETURN(MaskRule rule, Resolve(it->second.rule));
      return std::optional<MaskRule>(std::move(rule));
    }
  }
  bool listed =
      std::find(listed_.begin(), listed_.end(), name) != listed_.end() ||
      std::find(listed_.begin(), listed_.end(), Lower(table) + "." + name) != listed_.end();
  if (listed) {
    spec::MaskingRule rule = default_.value_or(spec::MaskingRule{});
    rule.field = column;
    TDM_ASSIGN_OR_RETURN(MaskRule resolved, Resolve(rule));
    return std::optional<MaskRule>(std::move(resolved));
  }
  if (!classification.empty()) {
    auto it = rules_.find("@" + Lower(classification));
    if (it != rules_.end()) {
      TDM_ASSIGN_OR_RETURN(MaskRule rule, Resolve(it->second.rule));
      return std::optional<MaskRule>(std::move(rule));
    }
  }
  return std::optional<MaskRule>();
}

Result<std::vector<std::string>> MaskingPolicy::CheckColumns(
    const std::vector<TableSchema>& tables) const {
  std::vector<std::string> unmatched;
  auto check = [&](const std::string& name, const SourceLocation& where) -> Status {
    size_t dot = name.find('.');
    if (dot == std::string::npos) {
      for (const TableSchema& t : tables) {
        for (const ColumnSchema& c : t.columns) {
          if (Lower(c.name) == name) return Status::Ok();
        }
      }
      unmatched.push_back(name);
      return Status::Ok();
    }
    std::string table = name.substr(0, dot);
    std::string column = name.substr(dot + 1);
    std::vector<std::string> table_names;
    for (const TableSchema& t : tables) {
      table_names.push_back(t.name);
      if (Lower(t.name) != table) continue;
      std::vector<std::string> columns;
      for (const ColumnSchema& c : t.columns) {
        if (Lower(c.name) == column) return Status::Ok();
        columns.push_back(c.name);
      }
      return {StatusCode::kSpecError,
              "masking rule '" + name + "' names a column that table '" + t.name +
                  "' does not have" + DidYouMean(column, columns),
              where};
    }
    return {StatusCode::kSpecError,
            "masking rule '" + name + "' names a table the source does not have" +
                DidYouMean(table, table_names),
            where};
  };
  for (const auto& [name, entry] : rules_) {
    if (name.starts_with("@")) continue;
    TDM_RETURN_IF_ERROR(check(name, entry.rule.where));
  }
  for (const std::string& name : listed_) {
    if (rules_.contains(name)) continue;
    TDM_RETURN_IF_ERROR(check(name, doc_ != nullptr ? doc_->default_where : SourceLocation{}));
  }
  return unmatched;
}

}  // namespace tdm::mask
