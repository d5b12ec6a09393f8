#include "gen/provider_registry.h"

#include <algorithm>

#include "gen/rng.h"

namespace tdm::gen {

uint64_t ProviderArgs::KeyFor(std::string_view column) const {
  return ColumnKey(context.seed, table, column);
}

const FieldSpec* ProviderArgs::SiblingWithProvider(std::string_view provider) const {
  for (const FieldSpec& f : siblings) {
    if (f.provider == provider && f.name != field.name) return &f;
  }
  return nullptr;
}

void ProviderRegistry::Add(Provider provider) { providers_.push_back(std::move(provider)); }

const Provider* ProviderRegistry::Find(std::string_view name) const {
  for (const Provider& p : providers_) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

std::vector<std::string> ProviderRegistry::Names() const {
  std::vector<std::string> names;
  names.reserve(providers_.size());
  for (const Provider& p : providers_) names.push_back(p.name);
  return names;
}

const ProviderRegistry& Registry() {
  static const ProviderRegistry kRegistry = [] {
    ProviderRegistry r;
    RegisterIdentifierProviders(r);
    RegisterPersonProviders(r);
    RegisterPhoneProviders(r);
    RegisterNumericProviders(r);
    RegisterTemporalProviders(r);
    RegisterTextProviders(r);
    RegisterFinanceProviders(r);
    RegisterGovernmentProviders(r);
    RegisterCommerceProviders(r);
    RegisterInternetProviders(r);
    RegisterMiscProviders(r);
    RegisterClockProviders(r);
    RegisterHealthcareProviders(r);
    RegisterCompanyProviders(r);
    RegisterAddressProviders(r);
    return r;
  }();
  return kRegistry;
}

}  // namespace tdm::gen
