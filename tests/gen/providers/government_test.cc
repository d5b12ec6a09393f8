// ssn, cpf, dni, nir, steuer_id, codice_fiscale, my_number, nino, nhs_number and national_id:
// formats, check digits and determinism. Check digits are recomputed here from the published rules.

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <map>
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

constexpr int64_t kRows = 5000;

std::vector<std::string> GenerateOne(const std::string& provider, int64_t rows = kRows) {
  Generated g = Generate(Plan("t", rows, {Field("v", provider)}));
  EXPECT_TRUE(g.ok());
  return g.ok() ? Strings(g.column("v")) : std::vector<std::string>{};
}

int Digit(char c) { return c - '0'; }

TEST(GovernmentProviders, SsnAvoidsTheNeverIssuedRanges) {
  for (const std::string& v : GenerateOne("ssn", 20000)) {
    int area = 0, group = 0, serial = 0;
    ASSERT_TRUE(RE2::FullMatch(v, "(\\d{3})-(\\d{2})-(\\d{4})", &area, &group, &serial)) << v;
    ASSERT_TRUE(area >= 1 && area <= 899 && area != 666) << v;
    ASSERT_TRUE(group >= 1 && serial >= 1) << v;
  }
}

TEST(GovernmentProviders, CpfHasBothCheckDigits) {
  for (const std::string& v : GenerateOne("cpf")) {
    ASSERT_TRUE(RE2::FullMatch(v, "\\d{3}\\.\\d{3}\\.\\d{3}-\\d{2}")) << v;
    std::string d;
    for (char c : v) {
      if (c >= '0' && c <= '9') d.push_back(c);
    }
    for (size_t n : {9u, 10u}) {
      int sum = 0;
      for (size_t i = 0; i < n; ++i) sum += Digit(d[i]) * static_cast<int>(n + 1 - i);
      ASSERT_EQ(Digit(d[n]), sum * 10 % 11 % 10) << v;
    }
  }
}

TEST(GovernmentProviders, DniLetterIsTheNumberMod23) {
  for (const std::string& v : GenerateOne("dni")) {
    ASSERT_TRUE(RE2::FullMatch(v, "\\d{8}[A-Z]")) << v;
    ASSERT_EQ(v[8], "TRWAGMYFPDXBNJZSQVHLCKE"[std::stoi(v.substr(0, 8)) % 23]) << v;
  }
}

TEST(GovernmentProviders, NirHasPlausibleFieldsAndTheMod97Key) {
  for (std::string v : GenerateOne("nir")) {
    ASSERT_TRUE(RE2::FullMatch(v, "[12]\\d\\d(0[1-9]|1[0-2])(\\d\\d|2A|2B)\\d{8}")) << v;
    ASSERT_NE(v.substr(5, 2), "20");
    ASSERT_NE(v.substr(5, 2), "00");
    if (v[6] == 'A') v.replace(5, 2, "19");
    if (v[6] == 'B') v.replace(5, 2, "18");
    ASSERT_EQ(97 - std::stoll(v.substr(0, 13)) % 97, std::stoll(v.substr(13))) << v;
  }
}

TEST(GovernmentProviders, SteuerIdRepeatsOneDigitAndHasTheMod11_10Digit) {
  for (const std::string& v : GenerateOne("steuer_id")) {
    ASSERT_TRUE(RE2::FullMatch(v, "[1-9]\\d{10}")) << v;
    std::map<char, int> counts;
    for (size_t i = 0; i < 10; ++i) ++counts[v[i]];
    ASSERT_EQ(counts.size(), 9u) << v;  // exactly one digit twice, one missing
    int product = 10;
    for (size_t i = 0; i < 10; ++i) {
      int sum = (Digit(v[i]) + product) % 10;
      product = (sum == 0 ? 10 : sum) * 2 % 11;
    }
    ASSERT_EQ(Digit(v[10]), (11 - product) % 10) << v;
  }
}

TEST(GovernmentProviders, CodiceFiscaleHasARealBirthDateAndCheckLetter) {
  static constexpr int kOdd[36] = {1,  0, 5, 7,  9,  13, 15, 17, 19, 21, 1,  0,
                                   5,  7, 9, 13, 15, 17, 19, 21, 2,  4,  18, 20,
                                   11, 3, 6, 8,  12, 14, 16, 10, 22, 25, 24, 23};
  const std::string months = "ABCDEHLMPRST";
  const int month_days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (const std::string& v : GenerateOne("codice_fiscale")) {
    ASSERT_TRUE(RE2::FullMatch(v, "[A-Z]{6}\\d\\d[ABCDEHLMPRST]\\d\\d[A-M]\\d{3}[A-Z]")) << v;
    int month = static_cast<int>(months.find(v[8]));
    int day = std::stoi(v.substr(9, 2)) % 40;
    ASSERT_TRUE(day >= 1 && day <= month_days[month]) << v;
    int sum = 0;
    for (size_t i = 0; i < 15; ++i) {
      int index = v[i] <= '9' ? Digit(v[i]) : v[i] - 'A' + 10;
      int even = v[i] <= '9' ? Digit(v[i]) : v[i] - 'A';
      sum += i % 2 == 0 ? kOdd[index] : even;
    }
    ASSERT_EQ(v[15], 'A' + sum % 26) << v;
  }
}

TEST(GovernmentProviders, MyNumberCheckDigitFollowsThePublishedWeights) {
  auto check_digit = [](const std::string& v) {
    int sum = 0;
    for (int n = 1; n <= 11; ++n)
      sum += Digit(v[static_cast<size_t>(11 - n)]) * (n <= 6 ? n + 1 : n - 5);
    return sum % 11 <= 1 ? 0 : 11 - sum % 11;
  };
  ASSERT_EQ(check_digit("123456789018"), 8);  // the example of the Japanese government
  for (const std::string& v : GenerateOne("my_number")) {
    ASSERT_TRUE(RE2::FullMatch(v, "\\d{12}")) << v;
    ASSERT_EQ(Digit(v[11]), check_digit(v)) << v;
  }
}

TEST(GovernmentProviders, NinoUsesIssuablePrefixes) {
  for (const std::string& v : GenerateOne("nino")) {
    ASSERT_TRUE(RE2::FullMatch(v, "[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\\d{6}[A-D]")) << v;
    for (const char* never : {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}) {
      ASSERT_NE(v.substr(0, 2), never);
    }
  }
}

TEST(GovernmentProviders, NhsNumberHasTheMod11CheckDigit) {
  for (const std::string& v : GenerateOne("nhs_number", 20000)) {
    ASSERT_TRUE(RE2::FullMatch(v, "[4-7]\\d{2} \\d{3} \\d{4}")) << v;
    std::string d;
    for (char c : v) {
      if (c != ' ') d.push_back(c);
    }
    int sum = 0;
    for (int i = 0; i < 9; ++i) sum += Digit(d[static_cast<size_t>(i)]) * (10 - i);
    int check = (11 - sum % 11) % 11;
    ASSERT_NE(check, 10) << v;
    ASSERT_EQ(Digit(d[9]), check) << v;
  }
}

TEST(GovernmentProviders, NationalIdIsTheLocalesOwnId) {
  const std::map<std::string, std::string> expected = {
      {"en_US", "ssn"}, {"en_GB", "nhs_number"}, {"de_DE", "steuer_id"},
      {"fr_FR", "nir"}, {"es_ES", "dni"},        {"it_IT", "codice_fiscale"},
      {"pt_BR", "cpf"}, {"ja_JP", "my_number"}};
  for (const auto& [locale, provider] : expected) {
    // Same column name, so the same stream: national_id must write exactly the provider's values.
    FieldSpec national = Field("id", "national_id");
    FieldSpec own = Field("id", provider);
    national.locale = own.locale = locale;
    Generated a = Generate(Plan("t", 500, {national}));
    Generated b = Generate(Plan("t", 500, {own}));
    ASSERT_TRUE(a.ok() && b.ok()) << locale;
    EXPECT_EQ(Strings(a.column("id")), Strings(b.column("id"))) << locale;
  }
}

TEST(GovernmentProviders, ValuesDependOnlyOnTheSeed) {
  std::vector<FieldSpec> fields;
  for (const char* p : {"ssn", "cpf", "dni", "nir", "steuer_id", "codice_fiscale", "my_number",
                        "nino", "nhs_number"}) {
    fields.push_back(Field(p, p));
  }
  auto plan = Plan("t", 500, fields);
  Generated a = Generate(plan, testing::TestContext(7));
  Generated b = Generate(plan, testing::TestContext(7));
  Generated c = Generate(plan, testing::TestContext(8));
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(testing::RowTexts(a.batch), testing::RowTexts(b.batch));
  for (const FieldSpec& f : fields) {
    EXPECT_NE(Strings(a.column(f.name)), Strings(c.column(f.name))) << f.name;
  }
}

}  // namespace
}  // namespace tdm::gen
