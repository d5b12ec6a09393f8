// One-column sample tables for a provider: what `data-cli providers` shows as examples and
// what bench/ measures. Providers that cannot run from `{provider: NAME}` alone (an enum needs
// values, regex a pattern) get a documented example of their keys.
#pragma once

#include <string>

#include "spec/resolver.h"

namespace tdm::spec {

// The spec keys added to `{provider: NAME ...}` for a runnable example; empty for most.
std::string ProviderExampleKeys(const std::string& provider);

// A plan of one table `t` with one field `v` of `provider` in `locale`, `rows` rows.
Result<ProvisionPlan> PlanProviderSample(const std::string& provider, const std::string& locale,
                                         int64_t rows, uint64_t seed = 20240501);

}  // namespace tdm::spec
