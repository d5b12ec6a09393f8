// The provider registry: every registered provider has a shape test in tests/gen/providers/.

#include "gen/provider_registry.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace tdm::gen {
namespace {

// Providers with a shape test in tests/gen/providers/; EveryProviderHasAShapeTest keeps this list
// complete, so a new provider cannot land without one.
const std::set<std::string> kTestedProviders = {
    "object_id",  "uuid",      "sequence",    "integer",     "age",          "year",
    "float",      "boolean",   "enum",        "datetime",    "date",         "full_name",
    "first_name", "last_name", "email",       "phone",       "word",         "words",
    "sentence",   "title",     "movie_title", "movie_genre", "product_name", "product_category",
    "regex"};

TEST(ProviderRegistry, EveryProviderHasAShapeTest) {
  for (const std::string& name : Registry().Names()) {
    EXPECT_TRUE(kTestedProviders.count(name)) << "provider '" << name << "' has no shape test";
  }
  for (const std::string& name : kTestedProviders) {
    EXPECT_NE(Registry().Find(name), nullptr) << name;
  }
}

}  // namespace
}  // namespace tdm::gen
