#include "spec/provider_sample.h"

#include <map>

#include "spec/loader.h"

namespace tdm::spec {

std::string ProviderExampleKeys(const std::string& provider) {
  static const std::map<std::string, std::string> extra = {
      {"enum", "values: [bronze, silver, gold], weights: [0.6, 0.3, 0.1]"},
      {"regex", "pattern: \"[A-Z]{3}-[0-9]{4}\""},
  };
  auto it = extra.find(provider);
  return it == extra.end() ? "" : it->second;
}

Result<ProvisionPlan> PlanProviderSample(const std::string& provider, const std::string& locale,
                                         int64_t rows, uint64_t seed) {
  std::string keys = ProviderExampleKeys(provider);
  std::string text = "seed: " + std::to_string(seed) + "\nlocale: " + locale +
                     "\ndatasets:\n  t:\n    fields:\n      v: {provider: " + provider +
                     (keys.empty() ? "" : ", " + keys) + "}\n";
  SpecFiles files;
  TDM_ASSIGN_OR_RETURN(files.data_spec, ParseDataSpec("providers.yaml", text));
  TDM_ASSIGN_OR_RETURN(ResolvedSpec resolved, Resolve(files));
  return PlanProvision(resolved, {"local", "t", rows, std::nullopt});
}

}  // namespace tdm::spec
