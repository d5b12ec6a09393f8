// The provider registry: every way tdm can generate a column, by name.
//
// The spec validates provider names against this list (with a "did you mean"), `data-cli providers`
// prints it, and the README's table is written from it, so all three always agree. Providers are
// registered by one function per group (person, internet, numeric, ...), called from Registry().
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gen/column_generator.h"
#include "gen/field_spec.h"

namespace tdm::gen {

struct ProviderArgs {
  const FieldSpec& field;
  const GenerationContext& context;
  std::string_view table;
  const std::vector<FieldSpec>& siblings;  // all fields of the table, including `field`

  // The RNG key of a column of this table.
  uint64_t KeyFor(std::string_view column) const;
  uint64_t key() const { return KeyFor(field.name); }
  // The sibling field with the given provider, or nullptr.
  const FieldSpec* SiblingWithProvider(std::string_view provider) const;
};

// A closed interval in a field's units (numbers; days for dates; microseconds for datetimes).
struct ValueRange {
  double lo = 0;
  double hi = 0;
};

struct Provider {
  std::string name;
  std::string category;
  std::string description;
  std::string parameters;         // human-readable list of the spec keys it honours
  std::vector<ColumnType> types;  // column types it can produce; the first is its default

  // Distinct values available when the field is unique; nullopt when the provider cannot
  // guarantee uniqueness.
  std::function<std::optional<uint64_t>(const FieldSpec&)> unique_domain;
  std::function<Result<std::unique_ptr<ColumnGenerator>>(const ProviderArgs&)> make;
  // The range drawn from when a field sets no bounds; empty for unordered values. The resolver
  // intersects constraints with it.
  std::function<ValueRange(const GenerationContext&)> default_range = nullptr;
  // Keys the provider accepts in a field's `options:` map (e.g. {brand: visa}); any other key is
  // a spec error with a "did you mean".
  std::vector<std::string> options = {};
  // The locales whose conventions the provider writes (zip_plus4: en_US); empty for every locale.
  std::vector<std::string> locales = {};

  bool SupportsLocale(std::string_view locale) const {
    if (locales.empty()) return true;
    for (const std::string& l : locales) {
      if (l == locale) return true;
    }
    return false;
  }
};

class ProviderRegistry {
 public:
  void Add(Provider provider);
  const Provider* Find(std::string_view name) const;
  const std::vector<Provider>& all() const { return providers_; }
  std::vector<std::string> Names() const;

 private:
  std::vector<Provider> providers_;
};

// The process-wide registry with every built-in provider.
const ProviderRegistry& Registry();

// Registration functions, one per provider group.
void RegisterPersonProviders(ProviderRegistry& registry);
void RegisterPhoneProviders(ProviderRegistry& registry);
void RegisterNumericProviders(ProviderRegistry& registry);
void RegisterTemporalProviders(ProviderRegistry& registry);
void RegisterIdentifierProviders(ProviderRegistry& registry);
void RegisterTextProviders(ProviderRegistry& registry);
void RegisterFinanceProviders(ProviderRegistry& registry);
void RegisterGovernmentProviders(ProviderRegistry& registry);
void RegisterCommerceProviders(ProviderRegistry& registry);
void RegisterInternetProviders(ProviderRegistry& registry);
void RegisterMiscProviders(ProviderRegistry& registry);
void RegisterClockProviders(ProviderRegistry& registry);
void RegisterHealthcareProviders(ProviderRegistry& registry);
void RegisterCompanyProviders(ProviderRegistry& registry);
void RegisterAddressProviders(ProviderRegistry& registry);

}  // namespace tdm::gen
