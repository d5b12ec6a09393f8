// The provider registry: every registered provider has a shape test in tests/gen/providers/.

#include "gen/provider_registry.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace tdm::gen {
namespace {

// Providers with a shape test in tests/gen/providers/; EveryProviderHasAShapeTest keeps this list
// complete, so a new provider cannot land without one.
const std::set<std::string> kTestedProviders = {"object_id",
                                                "uuid",
                                                "sequence",
                                                "full_name",
                                                "first_name",
                                                "last_name",
                                                "email",
                                                "phone",
                                                "integer",
                                                "age",
                                                "year",
                                                "float",
                                                "boolean",
                                                "enum",
                                                "datetime",
                                                "date",
                                                "word",
                                                "words",
                                                "sentence",
                                                "title",
                                                "movie_title",
                                                "movie_genre",
                                                "product_name",
                                                "product_category",
                                                "regex",
                                                "card_number",
                                                "card_expiry",
                                                "cvv",
                                                "iban",
                                                "bic",
                                                "currency_code",
                                                "amount",
                                                "ssn",
                                                "cpf",
                                                "dni",
                                                "nir",
                                                "steuer_id",
                                                "codice_fiscale",
                                                "my_number",
                                                "nino",
                                                "ean13",
                                                "isbn13",
                                                "sku",
                                                "price",
                                                "username",
                                                "safe_email",
                                                "domain_name",
                                                "hostname",
                                                "url",
                                                "slug",
                                                "user_agent",
                                                "password_hash",
                                                "ipv4",
                                                "ipv6",
                                                "mac_address",
                                                "color_name",
                                                "hex_color",
                                                "rgb_color",
                                                "file_name",
                                                "file_extension",
                                                "mime_type",
                                                "language_code",
                                                "locale_code",
                                                "emoji",
                                                "time",
                                                "timezone",
                                                "utc_offset",
                                                "day_of_week",
                                                "month_name",
                                                "past_datetime",
                                                "future_datetime",
                                                "past_date",
                                                "future_date",
                                                "unix_time",
                                                "ulid",
                                                "paragraph",
                                                "medical_record_number",
                                                "diagnosis_code",
                                                "diagnosis",
                                                "medication",
                                                "medication_dose",
                                                "blood_type",
                                                "npi",
                                                "gender",
                                                "name_prefix",
                                                "name_suffix",
                                                "middle_name",
                                                "birthdate",
                                                "company_name",
                                                "company_suffix",
                                                "department",
                                                "job_title",
                                                "catch_phrase",
                                                "industry",
                                                "ein",
                                                "street_address",
                                                "building_number",
                                                "street_name",
                                                "secondary_address",
                                                "city",
                                                "state",
                                                "state_code",
                                                "postcode",
                                                "zip_plus4",
                                                "latitude",
                                                "longitude",
                                                "full_address",
                                                "country",
                                                "country_code",
                                                "nhs_number",
                                                "national_id"};

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
