#include "provision/generation_masking.h"

#include "mask/policy.h"

namespace tdm::provision {

Result<TableMaskers> BuildGenerationMaskers(
    const spec::ResolvedSpec& spec,
    const std::vector<std::unique_ptr<gen::TableGenerator>>& generators) {
  TableMaskers maskers;
  const spec::MaskingPolicyDocument* doc = spec.masking_policy ? &*spec.masking_policy : nullptr;
  TDM_ASSIGN_OR_RETURN(mask::MaskingPolicy policy, mask::MaskingPolicy::Build(doc, {}));
  for (const auto& generator : generators) {
    const TableSchema& schema = generator->schema();
    const spec::ResolvedDataset* dataset = spec.Find(schema.name);
    if (dataset == nullptr) continue;
    std::vector<std::optional<mask::MaskRule>> rules(schema.columns.size());
    bool any = false;
    for (const gen::FieldSpec& field : dataset->fields) {
      int c = schema.FindColumn(field.name);
      if (field.masked.empty() || c < 0) continue;
      TDM_ASSIGN_OR_RETURN(auto rule, policy.For(schema.name, field.name, ""));
      mask::MaskRule r = rule.value_or(mask::MaskRule{});
      r.strategy = field.masked;
      if (r.key.empty()) r.key = "tdm-generated-seed-" + std::to_string(spec.context.seed);
      if (r.provider.empty()) r.provider = field.provider;
      if (r.locale.empty() || !rule || !rule->provider.empty()) r.locale = field.locale;
      rules[static_cast<size_t>(c)] = std::move(r);
      any = true;
    }
    if (!any) continue;
    auto masker = mask::TableMasker::Create(schema, std::move(rules));
    if (!masker.ok()) {
      return Status(StatusCode::kSpecError, masker.status().message(),
                    dataset->FindField(schema.columns[0].name) != nullptr
                        ? dataset->fields.front().where
                        : SourceLocation{});
    }
    maskers[schema.name] = std::move(*masker);
  }
  return maskers;
}

}  // namespace tdm::provision
