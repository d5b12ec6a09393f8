// Address providers: US street addresses, places whose city, state, ZIP code and coordinates
// agree within each row, the phone area of the row's place, and countries.

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "gen/providers/address_places.h"
#include "gen/providers/provider_checks.h"
#include "gen/test_tables.h"
#include "gen/word_lists.h"

namespace tdm::gen {
namespace {

using testing::Field;
using testing::Generate;
using testing::Generated;
using testing::InList;
using testing::Plan;
using testing::RowTexts;
using testing::TestContext;

constexpr int64_t kRows = 20000;

const std::set<std::string> kStateCodes = {
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID",
    "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO",
    "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA",
    "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY"};

std::vector<FieldSpec> AllPlaceFields() {
  return {Field("city", "city"),    Field("state", "state"),    Field("state_code", "state_code"),
          Field("zip", "postcode"), Field("zip4", "zip_plus4"), Field("lat", "latitude"),
          Field("lon", "longitude")};
}

// The place a row names, found by city and state code (unique in the data file).
const Place* FindPlace(std::string_view city, std::string_view state_code) {
  for (const Place& p : Places()) {
    if (p.city == city && p.state_code == state_code) return &p;
  }
  return nullptr;
}

TEST(AddressPlaces, DataCoversEveryStateWithWellFormedUniquePlaces) {
  const std::vector<Place>& places = Places();
  EXPECT_GE(places.size(), 150u);
  std::set<std::string> codes;
  std::set<std::pair<std::string_view, std::string_view>> seen;
  std::map<std::string_view, std::string_view> state_of_code;
  for (const Place& p : places) {
    codes.emplace(p.state_code);
    EXPECT_TRUE(seen.emplace(p.city, p.state_code).second) << p.city << ", " << p.state_code;
    auto [it, added] = state_of_code.emplace(p.state_code, p.state);
    EXPECT_EQ(it->second, p.state) << p.city;
    EXPECT_LE(p.zip_first, p.zip_last) << p.city;
    EXPECT_EQ(p.zip_first / 100, p.zip_last / 100) << p.city << ": one 3-digit ZIP prefix";
    EXPECT_TRUE(RE2::FullMatch(p.area_code, "[2-9][0-8][0-9]")) << p.city;
    EXPECT_TRUE(p.latitude_e2 > 1800 && p.latitude_e2 < 7200) << p.city;
    EXPECT_TRUE(p.longitude_e2 < -6600 && p.longitude_e2 > -17000) << p.city;
  }
  EXPECT_EQ(codes, kStateCodes);
}

TEST(AddressProviders, CityStatePostcodeAndCoordinatesOfARowDescribeOnePlace) {
  Generated g = Generate(Plan("customers", kRows, AllPlaceFields()));
  ASSERT_TRUE(g.ok());
  std::set<std::string> codes;
  for (size_t i = 0; i < g.batch.num_rows; ++i) {
    std::string_view city = g.column("city").GetString(i);
    std::string_view code = g.column("state_code").GetString(i);
    const Place* p = FindPlace(city, code);
    ASSERT_NE(p, nullptr) << city << ", " << code;
    ASSERT_EQ(g.column("state").GetString(i), p->state);
    std::string_view zip = g.column("zip").GetString(i);
    ASSERT_TRUE(RE2::FullMatch(zip, "\\d{5}")) << zip;
    uint32_t z = static_cast<uint32_t>(std::stoul(std::string(zip)));
    ASSERT_TRUE(z >= p->zip_first && z <= p->zip_last) << zip << " not in " << city;
    std::string_view zip4 = g.column("zip4").GetString(i);
    ASSERT_TRUE(RE2::FullMatch(zip4, "\\d{5}-\\d{4}")) << zip4;
    ASSERT_EQ(zip4.substr(0, 5), zip);
    ASSERT_NE(zip4.substr(6), "0000");
    ASSERT_LE(std::fabs(g.column("lat").GetDouble(i) - p->latitude_e2 / 100.0), 0.05) << city;
    ASSERT_LE(std::fabs(g.column("lon").GetDouble(i) - p->longitude_e2 / 100.0), 0.05) << city;
    codes.emplace(code);
  }
  EXPECT_EQ(codes, kStateCodes);  // every state appears in 20,000 rows
}

TEST(AddressProviders, PlaceDependsOnTheTableNotOnColumnNamesOrNeighbours) {
  Generated a = Generate(Plan("shops", 500, {Field("city", "city")}));
  Generated b = Generate(
      Plan("shops", 500,
           {Field("zip", "postcode"), Field("town", "city"), Field("street", "street_address")}));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(testing::Strings(a.column("city")), testing::Strings(b.column("town")));
}

TEST(AddressProviders, AreaCodeForRowIsTheAreaCodeOfTheRowsPlace) {
  DatasetPlan plan = Plan("customers", 2000, AllPlaceFields());
  Generated g = Generate(plan);
  ASSERT_TRUE(g.ok());
  GenerationContext context = TestContext();
  FieldSpec phone = Field("phone", "phone");
  ProviderArgs args{phone, context, plan.name, plan.fields};
  uint64_t key = AddressKey(args);
  for (size_t i = 0; i < g.batch.num_rows; ++i) {
    const Place* p = FindPlace(g.column("city").GetString(i), g.column("state_code").GetString(i));
    ASSERT_NE(p, nullptr);
    auto row = static_cast<int64_t>(i);
    ASSERT_EQ(AreaCodeForRow(args, row), p->area_code);
    ASSERT_EQ(AreaCodeForRow(Places(), key, row), p->area_code);
  }
}

TEST(AddressProviders, StreetPartsAndFullAddressAgreeWithinARow) {
  Generated g =
      Generate(Plan("customers", kRows,
                    {Field("street", "street_address"), Field("number", "building_number"),
                     Field("name", "street_name"), Field("unit", "secondary_address"),
                     Field("full", "full_address"), Field("city", "city"),
                     Field("st", "state_code"), Field("zip", "postcode")}));
  ASSERT_TRUE(g.ok());
  const auto& names = WordList("en_US/address_street_names.txt");
  const auto& suffixes = WordList("en_US/address_street_suffixes.txt");
  RE2 street("([1-9][0-9]{0,4}) ([A-Z][a-z]+) ([A-Z][a-z]+)");
  RE2 unit("Apt\\. [1-9][0-9]?[A-H]|Apt\\. [1-9][0-9]{2}|Suite [1-9][0-9]?0");
  std::set<std::string> street_names;
  for (size_t i = 0; i < g.batch.num_rows; ++i) {
    std::string_view s = g.column("street").GetString(i);
    std::string number, name, suffix;
    ASSERT_TRUE(RE2::FullMatch(s, street, &number, &name, &suffix)) << s;
    ASSERT_TRUE(InList(names, name)) << s;
    ASSERT_TRUE(InList(suffixes, suffix)) << s;
    ASSERT_EQ(g.column("number").GetString(i), number);
    ASSERT_EQ(g.column("name").GetString(i), name + " " + suffix);
    std::string_view u = g.column("unit").GetString(i);
    ASSERT_TRUE(RE2::FullMatch(u, unit)) << u;
    std::string full = std::string(s) + " " + std::string(u) + ", " +
                       std::string(g.column("city").GetString(i)) + ", " +
                       std::string(g.column("st").GetString(i)) + " " +
                       std::string(g.column("zip").GetString(i));
    ASSERT_EQ(g.column("full").GetString(i), full);
    street_names.insert(name);
  }
  EXPECT_EQ(street_names.size(), names.size());
}

TEST(AddressProviders, FullAddressWithoutAUnitColumnHasNoUnit) {
  Generated g = Generate(Plan("t", 2000, {Field("full", "full_address")}));
  ASSERT_TRUE(g.ok());
  RE2 shape("[1-9][0-9]{0,4} [A-Z][a-z]+ [A-Z][a-z]+, [A-Z][A-Za-z.' -]+, [A-Z]{2} \\d{5}");
  for (size_t i = 0; i < g.batch.num_rows; ++i) {
    ASSERT_TRUE(RE2::FullMatch(g.column("full").GetString(i), shape))
        << g.column("full").GetString(i);
  }
}

TEST(AddressProviders, BuildingNumberCanBeAnInteger) {
  FieldSpec number = Field("number", "building_number");
  number.type = ColumnType::kInteger;
  Generated g = Generate(Plan("t", kRows, {number}));
  ASSERT_TRUE(g.ok());
  testing::ExpectIntegersInside(g.column("number"), 1, 99999, false);
}

TEST(AddressProviders, CoordinatesHonourDecimals) {
  FieldSpec lat = Field("lat", "latitude");
  lat.decimals = 5;
  Generated g = Generate(Plan("t", 2000, {lat, Field("lat2", "latitude")}));
  ASSERT_TRUE(g.ok());
  for (size_t i = 0; i < g.batch.num_rows; ++i) {
    double fine = g.column("lat").GetDouble(i);
    double coarse = g.column("lat2").GetDouble(i);
    ASSERT_EQ(std::round(fine * 1e5) / 1e5, fine);
    ASSERT_EQ(std::round(coarse * 100) / 100, coarse);
    ASSERT_LE(std::fabs(fine - coarse), 0.0051);
  }
}

TEST(AddressProviders, CountryIsTheUnitedStatesUnlessRandom) {
  FieldSpec country = Field("rc", "country");
  country.options["random"] = "true";
  FieldSpec code = Field("rcc", "country_code");
  code.options["random"] = "true";
  Generated g = Generate(
      Plan("t", kRows, {Field("c", "country"), Field("cc", "country_code"), country, code}));
  ASSERT_TRUE(g.ok());
  std::map<std::string, std::string> name_of_code;
  for (size_t i = 0; i < g.batch.num_rows; ++i) {
    ASSERT_EQ(g.column("c").GetString(i), "United States");
    ASSERT_EQ(g.column("cc").GetString(i), "US");
    std::string rcc(g.column("rcc").GetString(i));
    std::string rc(g.column("rc").GetString(i));
    ASSERT_TRUE(RE2::FullMatch(rcc, "[A-Z]{2}")) << rcc;
    auto [it, added] = name_of_code.emplace(rcc, rc);
    ASSERT_EQ(it->second, rc) << rcc << " names two countries";
  }
  EXPECT_GE(name_of_code.size(), 100u);
  EXPECT_EQ(name_of_code["US"], "United States");
}

TEST(AddressProviders, SameSeedSameRowsAndAnyRowRangeMatches) {
  DatasetPlan plan = Plan("t", 3000, AllPlaceFields());
  plan.fields.push_back(Field("full", "full_address"));
  Generated a = Generate(plan);
  Generated b = Generate(plan);
  Generated other = Generate(plan, TestContext(43));
  ASSERT_TRUE(a.ok() && b.ok() && other.ok());
  std::vector<std::string> rows = RowTexts(a.batch);
  EXPECT_EQ(rows, RowTexts(b.batch));
  EXPECT_NE(rows, RowTexts(other.batch));
  Batch part;
  a.table->Fill(1234, 100, part);
  std::vector<std::string> part_rows = RowTexts(part);
  for (size_t i = 0; i < part_rows.size(); ++i) ASSERT_EQ(part_rows[i], rows[1234 + i]);
}

TEST(AddressProviders, BadOptionsAreSpecErrors) {
  auto rejects = [](FieldSpec f, std::string_view words) {
    DatasetPlan plan = Plan("t", 10, {std::move(f)});
    auto made = TableGenerator::Create(plan, TestContext(), [](std::string_view) {
      return static_cast<const TableGenerator*>(nullptr);
    });
    ASSERT_FALSE(made.ok());
    EXPECT_EQ(made.status().code(), StatusCode::kSpecError);
    EXPECT_NE(made.status().message().find(words), std::string::npos) << made.status().message();
  };
  FieldSpec country = Field("c", "country");
  country.options["random"] = "maybe";
  rejects(country, "'random' must be true or false, not 'maybe'");
  FieldSpec code = Field("c", "country_code");
  code.options["random"] = "1";
  rejects(code, "'random' must be true or false");
  FieldSpec lat = Field("lat", "latitude");
  lat.decimals = 1;
  rejects(lat, "'decimals' of 2 or more");
  FieldSpec lon = Field("lon", "longitude");
  lon.decimals = 0;
  rejects(lon, "'decimals' of 2 or more");
}

}  // namespace
}  // namespace tdm::gen
