// Clock providers.
#include "gen/provider_registry.h"

namespace tdm::gen {

void RegisterClockProviders(ProviderRegistry& /*registry*/) {}

}  // namespace tdm::gen
