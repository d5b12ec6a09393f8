// Finance providers.
#include "gen/provider_registry.h"

namespace tdm::gen {

void RegisterFinanceProviders(ProviderRegistry& /*registry*/) {}

}  // namespace tdm::gen
