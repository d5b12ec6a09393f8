// MaskingPolicy: which rule masks which column.
//
// Built from masking-policies.yaml (spec::MaskingPolicyDocument) and the `masking_policies:`
// block of data-spec.yaml (field -> strategy). For a column the most specific rule wins:
//
//   1. `table.column`             a rule for one column
//   2. `column`                   a rule for that column name in every table
//   3. listed in `pii.fields`     without a rule of its own: policies.default
//   4. `red:` / `yellow:`         a rule for every column detected with that classification
//
// Names compare case-insensitively. Keys come from the rule's `salt`, its `key_env` variable,
// policies.default's salt or key_env, then $TDM_MASKING_KEY, in that order; they are never
// printed. A rule naming a `table.column` that does not exist is an error (CheckColumns).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/table_schema.h"
#include "mask/strategy.h"
#include "spec/model.h"
#include "tdm/status.h"

namespace tdm::mask {

class MaskingPolicy {
 public:
  // `doc` may be null (no policy file); `spec_rules` is data-spec.yaml's masking_policies.
  static Result<MaskingPolicy> Build(const spec::MaskingPolicyDocument* doc,
                                     const std::map<std::string, std::string>& spec_rules);

  // The rule for a column, or nullopt when nothing covers it. `classification` is the detector's
  // ("red", "yellow", "green"; empty when unknown). The key is resolved (it may still be empty
  // when no key is configured: MakeColumnMasker says so for the strategies that need one).
  Result<std::optional<MaskRule>> For(const std::string& table, const std::string& column,
                                      const std::string& classification) const;

  // Errors for `table.column` rules whose table or column is not among `tables`; the names of
  // plain column rules that match no column at all (to tell the user).
  Result<std::vector<std::string>> CheckColumns(const std::vector<TableSchema>& tables) const;

  bool empty() const { return rules_.empty() && listed_.empty(); }
  const std::string& path() const { return path_; }
  // The regulatory_compliance settings, for the audit event's compliance block.
  const spec::MaskingPolicyDocument* document() const { return doc_; }

 private:
  struct Entry {
    spec::MaskingRule rule;
    bool from_spec = false;
  };

  Result<MaskRule> Resolve(const spec::MaskingRule& rule) const;

  std::string path_;
  const spec::MaskingPolicyDocument* doc_ = nullptr;
  std::map<std::string, Entry> rules_;  // lower-case "table.column", "column" or "@red"
  std::vector<std::string> listed_;     // lower-case pii.fields
  std::optional<spec::MaskingRule> default_;
};

std::string Lower(std::string_view text);

}  // namespace tdm::mask
