// Healthcare providers.
#include "gen/provider_registry.h"

namespace tdm::gen {

void RegisterHealthcareProviders(ProviderRegistry& /*registry*/) {}

}  // namespace tdm::gen
