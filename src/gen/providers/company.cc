// Company providers.
#include "gen/provider_registry.h"

namespace tdm::gen {

void RegisterCompanyProviders(ProviderRegistry& /*registry*/) {}

}  // namespace tdm::gen
