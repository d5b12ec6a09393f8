// Commerce providers.
#include "gen/provider_registry.h"

namespace tdm::gen {

void RegisterCommerceProviders(ProviderRegistry& /*registry*/) {}

}  // namespace tdm::gen
