// What mask, detect-pii and provision --from share: loading the masking policy, opening a
// database named by URL, the audit event of a masked copy, and the suggested policy file.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/context.h"
#include "mask/pii_detect.h"
#include "mask/policy.h"
#include "provision/masked_copy.h"
#include "store/database.h"

namespace tdm::cli {

struct LoadedPolicy {
  std::unique_ptr<spec::MaskingPolicyDocument> doc;  // null without a policy file
  std::map<std::string, std::string> spec_rules;     // data-spec.yaml's masking_policies
  mask::MaskingPolicy policy;
};

// `path` alone when given; else masking-policies.yaml beside the spec plus the spec's
// masking_policies block (when they exist).
Result<LoadedPolicy> LoadPolicy(const Context& ctx, const std::string& path);

struct OpenedDatabase {
  store::TargetUrl url;
  std::unique_ptr<store::Database> db;
  std::string ns;
};

// Opens the server of a URL that names one database (store::SplitDatabaseUrl).
Result<OpenedDatabase> OpenNamed(const std::string& text, const std::string& flag);

struct MaskEvent {
  std::string operation;    // mask_copy, provision_dataset
  std::string environment;  // the execution's environment, when there is one
  std::string dataset_id;   // the execution id or the target (redacted)
  bool ok = false;
  const provision::MaskedCopyPlan& plan;
  std::vector<provision::MaskAction> actions;
};

// Appends the seed's audit event for a masked copy to the state dir's audit log.
Status WriteMaskAudit(const Context& ctx, const LoadedPolicy& policy, const MaskEvent& event);

nlohmann::ordered_json ActionsJson(const std::vector<provision::MaskAction>& actions);

// Writes masking-policies.yaml with one rule per red or yellow column.
Status WriteSuggestedPolicy(const std::string& path, const std::string& source,
                            const std::vector<mask::ColumnFinding>& findings);

}  // namespace tdm::cli
