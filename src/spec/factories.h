// Built-in factories: field presets a dataset uses as-is (`factory: UserFactory`) or overrides
// field by field. They are written in the spec language itself, so they resolve exactly like
// user fields.
#pragma once

#include <string>
#include <vector>

#include "spec/model.h"

namespace tdm::spec {

// The preset named `factory`, or nullptr.
const DatasetDecl* FindFactory(const std::string& factory);

std::vector<std::string> FactoryNames();

// The factory conventionally used for a collection name: users -> UserFactory, movies ->
// MovieFactory, products -> ProductFactory, orders -> OrderFactory. Empty when none.
std::string FactoryForCollection(const std::string& collection);

}  // namespace tdm::spec
