// Loaders for the three spec files. Each parses one YAML file into its document (spec/model.h),
// checking structure and keys; meaning (types, ranges, references) is checked by the resolver.
#pragma once

#include <string>
#include <vector>

#include "spec/model.h"
#include "tdm/status.h"

namespace tdm::spec {

// data-spec.yaml in either of its forms: `environments`/`datasets`/`masking_policies`, or
// `version`/`datasets` with a `fields` list and string relationships.
Result<DataSpecDocument> LoadDataSpec(const std::string& path);
Result<DataSpecDocument> ParseDataSpec(const std::string& path, const std::string& text);

// schema-validation.yaml: `collections:` plus any other top-level mapping that has `fields`.
Result<SchemaDocument> LoadSchema(const std::string& path);
Result<SchemaDocument> ParseSchema(const std::string& path, const std::string& text);

// masking-policies.yaml: `policies` (default, pii, audit) and `regulatory_compliance`.
Result<MaskingPolicyDocument> LoadMaskingPolicies(const std::string& path);
Result<MaskingPolicyDocument> ParseMaskingPolicies(const std::string& path,
                                                   const std::string& text);

// The masking strategies a policy may name.
const std::vector<std::string>& MaskingStrategies();
// What to say after "unknown masking strategy 'x'": " (did you mean 'hash'?)" for a near miss,
// else the list of strategies.
std::string MaskingStrategyHint(const std::string& strategy);

}  // namespace tdm::spec
