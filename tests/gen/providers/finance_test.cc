// card_number, card_expiry, cvv, iban, bic, currency_code and amount: formats, check digits,
// options and determinism.

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "gen/providers/finance_check_digits.h"
#include "gen/test_tables.h"

namespace tdm::gen {
namespace {

using testing::Field;
using testing::Generate;
using testing::Generated;
using testing::Plan;
using testing::Strings;

constexpr int64_t kRows = 5000;

FieldSpec WithOption(FieldSpec f, const std::string& key, const std::string& value) {
  f.options[key] = value;
  return f;
}

bool LuhnValid(const std::string& number) {
  int sum = 0;
  for (size_t i = 0; i < number.size(); ++i) {
    int d = number[number.size() - 1 - i] - '0';
    if (i % 2 == 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 == 0;
}

// The number as an IBAN validator reads it: rotated, letters as 10..35, mod 97 must be 1.
bool IbanChecksumValid(const std::string& iban) {
  std::string rotated = iban.substr(4) + iban.substr(0, 4);
  int r = 0;
  for (char c : rotated) {
    std::string part = c >= 'A' ? std::to_string(c - 'A' + 10) : std::string(1, c);
    for (char p : part) r = (r * 10 + (p - '0')) % 97;
  }
  return r == 1;
}

Status CreateError(const FieldSpec& f) {
  auto table = TableGenerator::Create(
      Plan("t", 10, {f}), testing::TestContext(),
      [](std::string_view) { return static_cast<const TableGenerator*>(nullptr); });
  return table.ok() ? Status() : table.status();
}

TEST(FinanceCheckDigits, MatchPublishedExamples) {
  EXPECT_EQ(LuhnCheckDigit("7992739871"), '3');
  EXPECT_EQ(Mod97("WEST12345698765432GB82"), 1);  // GB82 WEST 1234 5698 7654 32
  EXPECT_EQ(Mod11_10CheckDigit("8609574271"), '9');
  EXPECT_EQ(ItalianCheckLetter("RCCMNL83S18D969"), 'H');
  EXPECT_EQ(GtinCheckDigit("400638133393"), '1');
}

TEST(FinanceProviders, CardNumbersCarryTheBrandPrefixLengthAndLuhnDigit) {
  struct Brand {
    std::string name;
    std::string shape;  // the brand's IIN ranges and length
  };
  const std::vector<Brand> brands = {
      {"visa", "4\\d{15}"},
      {"mastercard", "(5[1-5]\\d{14}|(222[1-9]|22[3-9]\\d|2[3-6]\\d\\d|27[01]\\d|2720)\\d{12})"},
      {"amex", "3[47]\\d{13}"},
      {"discover", "(6011\\d{12}|64[4-9]\\d{13}|65\\d{14})"},
      {"jcb", "35(2[89]|[3-8]\\d)\\d{12}"},
      {"diners", "(30[0-5]\\d{11}|36\\d{12})"},
  };
  std::vector<FieldSpec> fields;
  for (const Brand& b : brands) {
    fields.push_back(WithOption(Field(b.name, "card_number"), "brand", b.name));
  }
  Generated g = Generate(Plan("t", kRows, fields));
  ASSERT_TRUE(g.ok());
  for (const Brand& b : brands) {
    RE2 shape(b.shape);
    for (const std::string& v : Strings(g.column(b.name))) {
      ASSERT_TRUE(RE2::FullMatch(v, shape)) << b.name << " " << v;
      ASSERT_TRUE(LuhnValid(v)) << v;
    }
  }
}

TEST(FinanceProviders, CardNumbersWithoutABrandMixEveryBrand) {
  Generated g = Generate(Plan("t", kRows, {Field("c", "card_number")}));
  ASSERT_TRUE(g.ok());
  std::set<size_t> lengths;
  std::set<char> leads;
  for (const std::string& v : Strings(g.column("c"))) {
    ASSERT_TRUE(LuhnValid(v)) << v;
    lengths.insert(v.size());
    leads.insert(v[0]);
  }
  EXPECT_EQ(lengths, (std::set<size_t>{14, 15, 16}));
  EXPECT_EQ(leads, (std::set<char>{'2', '3', '4', '5', '6'}));
}

TEST(FinanceProviders, CardExpiryIsInTheFiveYearsAfterTheReferenceMonth) {
  Generated g = Generate(Plan("t", kRows, {Field("e", "card_expiry")}));
  ASSERT_TRUE(g.ok());
  // The reference time is 2026-01-01: February 2026 to January 2031.
  std::set<int> months;
  for (const std::string& v : Strings(g.column("e"))) {
    int mm = 0, yy = 0;
    ASSERT_TRUE(RE2::FullMatch(v, "(\\d\\d)/(\\d\\d)", &mm, &yy)) << v;
    ASSERT_GE(mm, 1);
    ASSERT_LE(mm, 12);
    months.insert((2000 + yy) * 12 + mm - (2026 * 12 + 1));
  }
  EXPECT_EQ(*months.begin(), 1);
  EXPECT_EQ(*months.rbegin(), 60);
}

TEST(FinanceProviders, CvvHasTheRequestedLength) {
  Generated g = Generate(
      Plan("t", kRows, {Field("c3", "cvv"), WithOption(Field("c4", "cvv"), "length", "4")}));
  ASSERT_TRUE(g.ok());
  for (const std::string& v : Strings(g.column("c3"))) ASSERT_TRUE(RE2::FullMatch(v, "\\d{3}"));
  for (const std::string& v : Strings(g.column("c4"))) ASSERT_TRUE(RE2::FullMatch(v, "\\d{4}"));
}

TEST(FinanceProviders, IbansHaveTheCountryLengthAndValidCheckDigits) {
  const std::map<std::string, size_t> lengths = {
      {"DE", 22}, {"GB", 22}, {"FR", 27}, {"ES", 24}, {"IT", 27}, {"NL", 18}, {"BE", 16},
      {"AT", 20}, {"CH", 21}, {"PT", 25}, {"BR", 29}, {"PL", 28}, {"SE", 24}, {"IE", 22}};
  std::vector<FieldSpec> fields = {Field("default", "iban")};
  for (const auto& [country, length] : lengths) {
    fields.push_back(WithOption(Field(country, "iban"), "country", country));
  }
  Generated g = Generate(Plan("t", 2000, fields));
  ASSERT_TRUE(g.ok());
  for (const auto& [country, length] : lengths) {
    for (const std::string& v : Strings(g.column(country))) {
      ASSERT_EQ(v.substr(0, 2), country);
      ASSERT_EQ(v.size(), length) << v;
      ASSERT_TRUE(IbanChecksumValid(v)) << v;
    }
  }
  for (const std::string& v : Strings(g.column("GB"))) {
    ASSERT_TRUE(RE2::FullMatch(v, "GB\\d\\d[A-Z]{4}\\d{14}")) << v;
  }
  for (const std::string& v : Strings(g.column("default"))) ASSERT_EQ(v.substr(0, 2), "DE");
}

TEST(FinanceProviders, BicsHaveEightOrElevenCharactersAndASupportedCountry) {
  Generated g = Generate(Plan("t", kRows,
                              {Field("any", "bic"), WithOption(Field("b8", "bic"), "length", "8"),
                               WithOption(Field("fr", "bic"), "country", "FR")}));
  ASSERT_TRUE(g.ok());
  RE2 shape("[A-Z]{4}(DE|GB|FR|ES|IT|NL|BE|AT|CH|PT|BR|PL|SE|IE)[A-Z0-9][A-Z1-9]([A-Z0-9]{3})?");
  std::set<size_t> lengths;
  for (const std::string& v : Strings(g.column("any"))) {
    ASSERT_TRUE(RE2::FullMatch(v, shape)) << v;
    lengths.insert(v.size());
  }
  EXPECT_EQ(lengths, (std::set<size_t>{8, 11}));
  for (const std::string& v : Strings(g.column("b8"))) ASSERT_EQ(v.size(), 8u);
  for (const std::string& v : Strings(g.column("fr"))) ASSERT_EQ(v.substr(4, 2), "FR");
}

TEST(FinanceProviders, CurrencyCodesAreThreeCapitals) {
  Generated g = Generate(Plan("t", kRows, {Field("c", "currency_code")}));
  ASSERT_TRUE(g.ok());
  std::set<std::string> seen;
  for (const std::string& v : Strings(g.column("c"))) {
    ASSERT_TRUE(RE2::FullMatch(v, "[A-Z]{3}")) << v;
    seen.insert(v);
  }
  EXPECT_TRUE(seen.count("EUR") == 1 && seen.count("USD") == 1 && seen.count("JPY") == 1);
  EXPECT_GT(seen.size(), 100u);
}

TEST(FinanceProviders, AmountsHonourTheirDefaultsBoundsAndDecimals) {
  FieldSpec bounded = Field("b", "amount");
  bounded.float_min = 5;
  bounded.float_max = 6;
  bounded.decimals = 1;
  Generated g = Generate(Plan("t", kRows, {Field("a", "amount"), bounded}));
  ASSERT_TRUE(g.ok());
  const Column& a = g.column("a");
  double min = 1e9;
  for (size_t i = 0; i < a.size(); ++i) {
    double v = a.GetDouble(i);
    ASSERT_GE(v, 1.0);
    ASSERT_LE(v, 1000.0);
    ASSERT_NEAR(v * 100, std::round(v * 100), 1e-6) << v;
    min = std::min(min, v);
  }
  EXPECT_LT(min, 2.0);
  std::set<double> tenths;
  for (size_t i = 0; i < g.column("b").size(); ++i) tenths.insert(g.column("b").GetDouble(i));
  EXPECT_EQ(tenths.size(), 11u);  // 5.0, 5.1, ..., 6.0
}

TEST(FinanceProviders, ValuesDependOnlyOnTheSeed) {
  auto plan = Plan("t", 1000,
                   {Field("c", "card_number"), Field("i", "iban"), Field("b", "bic"),
                    Field("e", "card_expiry"), Field("a", "amount")});
  Generated a = Generate(plan, testing::TestContext(7));
  Generated b = Generate(plan, testing::TestContext(7));
  Generated c = Generate(plan, testing::TestContext(8));
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(testing::RowTexts(a.batch), testing::RowTexts(b.batch));
  EXPECT_NE(Strings(a.column("c")), Strings(c.column("c")));
  EXPECT_NE(Strings(a.column("i")), Strings(c.column("i")));
}

TEST(FinanceProviders, UnknownOptionValuesAreSpecErrorsListingTheChoices) {
  struct Case {
    FieldSpec field;
    std::string listed;
  };
  const Case cases[] = {
      {WithOption(Field("c", "card_number"), "brand", "maestro"), "visa, mastercard, amex"},
      {WithOption(Field("i", "iban"), "country", "US"), "DE, GB, FR"},
      {WithOption(Field("v", "cvv"), "length", "5"), "3, 4"},
      {WithOption(Field("b", "bic"), "length", "9"), "8, 11"},
      {WithOption(Field("b", "bic"), "country", "XX"), "DE, GB"},
  };
  for (const Case& c : cases) {
    Status s = CreateError(c.field);
    ASSERT_EQ(s.code(), StatusCode::kSpecError) << c.field.provider;
    EXPECT_NE(s.message().find(c.listed), std::string::npos) << s.message();
  }
}

}  // namespace
}  // namespace tdm::gen
