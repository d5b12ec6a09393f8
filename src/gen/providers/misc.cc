// Misc providers.
#include "gen/provider_registry.h"

namespace tdm::gen {

void RegisterMiscProviders(ProviderRegistry& /*registry*/) {}

}  // namespace tdm::gen
