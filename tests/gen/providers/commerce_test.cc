// ean13, isbn13, sku and price: check digits, uniqueness, bounds and the shape of prices.

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "gen/test_tables.h"

namespace tdm::gen {
namespace {

using testing::Field;
using testing::Generate;
using testing::Generated;
using testing::Plan;
using testing::Strings;

constexpr int64_t kRows = 20000;

bool GtinValid(const std::string& v) {
  int sum = 0;
  for (size_t i = 0; i < v.size(); ++i) sum += (v[i] - '0') * (i % 2 == 0 ? 1 : 3);
  return sum % 10 == 0;
}

TEST(CommerceProviders, Ean13AndIsbn13HaveValidCheckDigits) {
  Generated g = Generate(Plan("t", kRows, {Field("ean", "ean13"), Field("isbn", "isbn13")}));
  ASSERT_TRUE(g.ok());
  for (const std::string& v : Strings(g.column("ean"))) {
    ASSERT_TRUE(RE2::FullMatch(v, "\\d{13}")) << v;
    ASSERT_TRUE(GtinValid(v)) << v;
    ASSERT_FALSE(v[0] == '2' || v.substr(0, 2) == "02" || v.substr(0, 3) == "978") << v;
  }
  std::set<std::string> prefixes;
  for (const std::string& v : Strings(g.column("isbn"))) {
    ASSERT_TRUE(RE2::FullMatch(v, "97[89]\\d{10}")) << v;
    ASSERT_TRUE(GtinValid(v)) << v;
    prefixes.insert(v.substr(0, 3));
  }
  EXPECT_EQ(prefixes, (std::set<std::string>{"978", "979"}));
}

TEST(CommerceProviders, SkusAreUniqueByConstruction) {
  FieldSpec sku = Field("sku", "sku");
  sku.unique = true;
  Generated g = Generate(Plan("t", 100000, {sku}));
  ASSERT_TRUE(g.ok());
  std::vector<std::string> values = Strings(g.column("sku"));
  for (const std::string& v : values) ASSERT_TRUE(RE2::FullMatch(v, "[A-Z]{3}-\\d{5}")) << v;
  EXPECT_EQ(std::set<std::string>(values.begin(), values.end()).size(), values.size());
  const Provider* p = Registry().Find("sku");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->unique_domain(sku), uint64_t{26 * 26 * 26} * 100000);
}

TEST(CommerceProviders, PricesMostlyEndInCharmCentsWithinTheirBounds) {
  FieldSpec bounded = Field("b", "price");
  bounded.float_min = 20;
  bounded.float_max = 30;
  Generated g = Generate(Plan("t", kRows, {Field("p", "price"), bounded}));
  ASSERT_TRUE(g.ok());
  auto check = [](const Column& c, double lo, double hi) {
    int charm = 0;
    for (size_t i = 0; i < c.size(); ++i) {
      double v = c.GetDouble(i);
      EXPECT_GE(v, lo);
      EXPECT_LE(v, hi);
      auto cents = static_cast<int64_t>(std::llround(v * 100));
      EXPECT_NEAR(v * 100, static_cast<double>(cents), 1e-6) << v;
      charm += cents % 100 == 99 || cents % 100 == 49 || cents % 100 == 0;
    }
    double share = static_cast<double>(charm) / static_cast<double>(c.size());
    EXPECT_GT(share, 0.8);
    EXPECT_LT(share, 0.9);
  };
  check(g.column("p"), 1, 500);
  check(g.column("b"), 20, 30);
}

TEST(CommerceProviders, ValuesDependOnlyOnTheSeed) {
  auto plan =
      Plan("t", 1000,
           {Field("e", "ean13"), Field("i", "isbn13"), Field("s", "sku"), Field("p", "price")});
  Generated a = Generate(plan, testing::TestContext(7));
  Generated b = Generate(plan, testing::TestContext(7));
  Generated c = Generate(plan, testing::TestContext(8));
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(testing::RowTexts(a.batch), testing::RowTexts(b.batch));
  EXPECT_NE(testing::RowTexts(a.batch), testing::RowTexts(c.batch));
  EXPECT_NE(Strings(a.column("s")), Strings(c.column("s")));
}

}  // namespace
}  // namespace tdm::gen
