// Government providers.
#include "gen/provider_registry.h"

namespace tdm::gen {

void RegisterGovernmentProviders(ProviderRegistry& /*registry*/) {}

}  // namespace tdm::gen
