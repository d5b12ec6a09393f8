// The resolver merges data-spec.yaml, schema-validation.yaml, masking-policies.yaml and the
// built-in factories into one validated model, then plans what one provision generates.
//
// Precedence, field by field: factory preset < data-spec field < schema field. A strict schema
// collection keeps only the fields it names. Everything that can be checked without knowing the
// volume is checked by Resolve(); the rest (unique domains, cardinalities) by PlanProvision().
// Both run before any data is written.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gen/field_spec.h"
#include "spec/model.h"

namespace tdm::spec {

struct ResolvedDataset {
  std::string name;
  SourceLocation where;
  std::string factory;    // empty when none
  bool implicit = false;  // referenced but not defined; provisioned from its factory
  bool strict = false;
  std::optional<int64_t> volume;
  std::map<std::string, int64_t> env_volumes;
  std::vector<gen::FieldSpec> fields;
  std::vector<IndexSchema> indexes;

  const gen::FieldSpec* FindField(const std::string& field) const;
  gen::FieldSpec* FindField(const std::string& field);
  std::vector<std::string> FieldNames() const;
};

struct ResolvedEnvironment {
  std::string name;
  std::optional<int64_t> volume;
  std::string masking;
  std::optional<int64_t> ttl_hours;
  std::optional<std::string> target;
};

struct ResolvedSpec {
  std::vector<std::string> files;  // every file that contributed, spec first
  gen::GenerationContext context;
  std::string locale = "en_US";
  std::vector<ResolvedEnvironment> environments;  // empty when the spec declares none
  std::vector<ResolvedDataset> datasets;          // parents before children
  std::map<std::string, std::string> masking;     // field -> strategy (data-spec + policies)
  // masking-policies.yaml as loaded: the salts and options `masked:` fields are masked with.
  std::optional<MaskingPolicyDocument> masking_policy;
  std::vector<std::string> notes;  // decisions the user should see
  std::string content_hash;        // sha256 of the canonical model

  const ResolvedDataset* Find(const std::string& name) const;
  const ResolvedEnvironment* FindEnvironment(const std::string& name) const;
};

struct SpecFiles {
  DataSpecDocument data_spec;
  std::optional<SchemaDocument> schema;
  std::optional<MaskingPolicyDocument> masking;
};

Result<ResolvedSpec> Resolve(const SpecFiles& files);

// Loads `spec_path` and, unless given explicitly, schema-validation.yaml and
// masking-policies.yaml from the same directory when they exist.
Result<ResolvedSpec> LoadAndResolve(const std::string& spec_path,
                                    const std::optional<std::string>& schema_path = std::nullopt,
                                    const std::optional<std::string>& masking_path = std::nullopt);

struct ProvisionRequest {
  std::string environment = "local";
  std::string dataset = "all";
  std::optional<int64_t> count;
  std::optional<uint64_t> seed;
};

struct ProvisionPlan {
  std::string environment;
  gen::GenerationContext context;
  std::vector<gen::DatasetPlan> tables;  // parents first
  std::vector<std::string> notes;
  std::string dataset_version;  // content hash + seed + generator + counts, 16 hex digits
};

// Picks the datasets (the requested one plus every table it references), sets their row counts
// for the environment and checks what depends on volume.
Result<ProvisionPlan> PlanProvision(const ResolvedSpec& spec, const ProvisionRequest& request);

}  // namespace tdm::spec
