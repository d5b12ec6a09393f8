// Address providers.
#include "gen/provider_registry.h"

namespace tdm::gen {

void RegisterAddressProviders(ProviderRegistry& /*registry*/) {}

}  // namespace tdm::gen
