// Addresses in every locale: each locale's places parse and cover its country, full_address puts
// the row's own parts in the locale's order, postcodes have the country's shape, the default
// country is the locale's, and full_address agrees with a nullable secondary_address.

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <set>
#include <string>
#include <vector>

#include "gen/locale_rules.h"
#include "gen/providers/address_places.h"
#include "gen/test_tables.h"

namespace tdm::gen {
namespace {

using testing::Field;
using testing::Generate;
using testing::Generated;
using testing::Plan;

constexpr int64_t kRows = 5000;

FieldSpec In(const std::string& locale, FieldSpec f) {
  f.locale = locale;
  return f;
}

std::vector<FieldSpec> AddressFields(const std::string& locale) {
  std::vector<FieldSpec> fields;
  for (const char* p : {"street_address", "secondary_address", "city", "state", "state_code",
                        "postcode", "full_address", "country", "country_code"}) {
    fields.push_back(In(locale, Field(p, p)));
  }
  return fields;
}

// The postcode shapes of each country, written from the postal services' published formats.
std::string PostcodePattern(const std::string& country) {
  if (country == "US") return R"(\d{5})";
  if (country == "GB") return R"([A-Z]{1,2}\d{1,2} \d[ABD-HJLNP-UW-Z]{2})";
  if (country == "BR") return R"(\d{5}-\d{3})";
  if (country == "JP") return R"(\d{3}-\d{4})";
  return R"(\d{5})";
}

// full_address as the locale writes it, from the row's own parts.
std::string ExpectedFull(const LocaleRules& r, const Generated& g, size_t i) {
  auto s = [&](const char* c) { return std::string(g.column(c).GetString(i)); };
  std::string street = s("street_address"), unit = s("secondary_address"), city = s("city"),
              code = s("state_code"), pc = s("postcode");
  switch (r.address) {
    case AddressStyle::kUs:
      return street + " " + unit + ", " + city + ", " + code + " " + pc;
    case AddressStyle::kUk:
      return unit + ", " + street + ", " + city + ", " + pc;
    case AddressStyle::kEurope:
      return street + ", " + unit + ", " + pc + " " + city;
    case AddressStyle::kItaly:
      return street + ", " + unit + ", " + pc + " " + city + " " + code;
    case AddressStyle::kBrazil:
      return street + ", " + unit + ", " + city + " - " + code + ", " + pc;
    case AddressStyle::kJapan:
      return "〒" + pc + " " + s("state") + city + street + " " + unit;
  }
  return "";
}

class LocaleAddresses : public ::testing::TestWithParam<std::string> {};

TEST_P(LocaleAddresses, PlacesParseAndSpreadOverTheCountry) {
  const std::vector<Place>& places = Places(GetParam());
  ASSERT_GE(places.size(), 50u);
  std::set<std::string_view> regions;
  for (const Place& p : places) regions.insert(p.state_code);
  EXPECT_GE(regions.size(), 4u);  // the UK has four nations; elsewhere many more
}

TEST_P(LocaleAddresses, FullAddressIsTheRowsPartsInTheLocalesOrder) {
  const LocaleRules& rules = RulesFor(GetParam());
  Generated g = Generate(Plan("t", kRows, AddressFields(GetParam())));
  ASSERT_TRUE(g.ok());
  std::string pattern = PostcodePattern(std::string(rules.country_code));
  for (size_t i = 0; i < static_cast<size_t>(kRows); ++i) {
    ASSERT_EQ(g.column("full_address").GetString(i), ExpectedFull(rules, g, i));
    ASSERT_TRUE(RE2::FullMatch(g.column("postcode").GetString(i), pattern))
        << g.column("postcode").GetString(i);
    ASSERT_EQ(g.column("country").GetString(i), rules.country_name);
    ASSERT_EQ(g.column("country_code").GetString(i), rules.country_code);
  }
}

TEST_P(LocaleAddresses, FullAddressLeavesOutTheUnitWhereSecondaryAddressIsNull) {
  std::vector<FieldSpec> fields = AddressFields(GetParam());
  fields[1].null_rate = 0.5;  // secondary_address
  Generated g = Generate(Plan("t", kRows, fields));
  // The same table without secondary_address: its full_address is the one without a unit.
  Generated alone =
      Generate(Plan("t", kRows, {In(GetParam(), Field("full_address", "full_address"))}));
  ASSERT_TRUE(g.ok() && alone.ok());
  size_t nulls = 0;
  for (size_t i = 0; i < static_cast<size_t>(kRows); ++i) {
    std::string full(g.column("full_address").GetString(i));
    if (g.column("secondary_address").IsNull(i)) {
      ++nulls;
      ASSERT_EQ(full, alone.column("full_address").GetString(i));
    } else {
      ASSERT_NE(full.find(g.column("secondary_address").GetString(i)), std::string::npos) << full;
    }
  }
  EXPECT_GT(nulls, static_cast<size_t>(kRows) / 3);
}

TEST_P(LocaleAddresses, ZipPlus4IsOnlyForTheUnitedStates) {
  Result<std::unique_ptr<TableGenerator>> table =
      TableGenerator::Create(Plan("t", 10, {In(GetParam(), Field("zip4", "zip_plus4"))}),
                             testing::TestContext(), [](std::string_view) { return nullptr; });
  EXPECT_EQ(table.ok(), GetParam() == "en_US");
  if (!table.ok()) {
    EXPECT_NE(table.status().message().find("use postcode"), std::string::npos);
  }
}

TEST(LocaleAddresses, ACityWithSeveralPostcodeRangesUsesOnlyItsOwnCodes) {
  // Toulouse's codes are 31000, 31100, ... 31500, not the communes between them (31130 Balma).
  const std::set<std::string> toulouse = {"31000", "31100", "31200", "31300", "31400", "31500"};
  Generated g = Generate(
      Plan("t", 50000,
           {In("fr_FR", Field("city", "city")), In("fr_FR", Field("postcode", "postcode"))}));
  ASSERT_TRUE(g.ok());
  std::set<std::string> seen;
  for (size_t i = 0; i < 50000; ++i) {
    if (g.column("city").GetString(i) != "Toulouse") continue;
    std::string code(g.column("postcode").GetString(i));
    ASSERT_TRUE(toulouse.contains(code)) << code;
    seen.insert(code);
  }
  EXPECT_EQ(seen, toulouse);  // every listed code is used
}

std::vector<std::string> Locales() {
  std::vector<std::string> out;
  for (const LocaleRules& r : AllLocaleRules()) out.emplace_back(r.locale);
  return out;
}

INSTANTIATE_TEST_SUITE_P(Locales, LocaleAddresses, ::testing::ValuesIn(Locales()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace tdm::gen
