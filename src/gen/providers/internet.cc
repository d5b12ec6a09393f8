// Internet providers.
#include "gen/provider_registry.h"

namespace tdm::gen {

void RegisterInternetProviders(ProviderRegistry& /*registry*/) {}

}  // namespace tdm::gen
