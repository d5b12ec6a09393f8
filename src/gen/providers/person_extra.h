// Person extras: gender, name prefix and suffix, middle name and birthdate.
//
// These derive from the same row draws as person.cc and numeric.cc rather than from the batch: the
// row's gender is the first bit of the name stream that picks its first name, and a birthdate
// recomputes the row's `age` from that column's key, so a table's name, gender, title, birthdate
// and age agree without reading one another's values. They are registered from company.cc.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "gen/provider_registry.h"

namespace tdm::gen {

// gender, name_prefix, name_suffix and middle_name.
void RegisterPersonExtraProviders(ProviderRegistry& registry);
// birthdate (person_extra_birthdate.cc).
void RegisterBirthdateProvider(ProviderRegistry& registry);

}  // namespace tdm::gen
