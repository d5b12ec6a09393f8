// Healthcare providers: formats, pairing with sibling columns, uniqueness and NPI check digits.

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <map>
#include <set>
#include <string>

#include "gen/test_tables.h"
#include "gen/word_lists.h"

namespace tdm::gen {
namespace {

using testing::Field;
using testing::Generate;
using testing::Generated;
using testing::Plan;
using testing::RowTexts;
using testing::Strings;
using testing::TestContext;

constexpr int64_t kRows = 20000;

// "first<TAB>second" lines of a data list as a map.
std::map<std::string, std::string, std::less<>> TabMap(std::string_view path) {
  std::map<std::string, std::string, std::less<>> out;
  for (std::string_view line : WordList(path)) {
    size_t tab = line.find('\t');
    out.emplace(line.substr(0, tab), line.substr(tab + 1));
  }
  return out;
}

// Luhn validity of a digit string, written independently of the provider.
bool LuhnValid(std::string_view digits) {
  int sum = 0;
  for (size_t i = 0; i < digits.size(); ++i) {
    int d = digits[digits.size() - 1 - i] - '0';
    if (i % 2 == 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 == 0;
}

DatasetPlan EveryHealthcareField(int64_t rows) {
  return Plan(
      "patients", rows,
      {Field("mrn", "medical_record_number"), Field("code", "diagnosis_code"),
       Field("diagnosis", "diagnosis"), Field("drug", "medication"),
       Field("dose", "medication_dose"), Field("blood", "blood_type"), Field("npi", "npi")});
}

TEST(HealthcareProviders, DiagnosisMatchesItsCodeAndDoseItsMedication) {
  Generated g = Generate(EveryHealthcareField(kRows));
  ASSERT_TRUE(g.ok());
  auto diagnoses = TabMap("en_US/health_diagnoses.txt");
  auto medications = TabMap("en_US/health_medications.txt");
  EXPECT_GE(diagnoses.size(), 150u);
  EXPECT_GE(medications.size(), 150u);
  std::set<std::string_view> codes;
  for (size_t i = 0; i < g.batch.num_rows; ++i) {
    auto d = diagnoses.find(g.column("code").GetString(i));
    ASSERT_NE(d, diagnoses.end());
    ASSERT_EQ(d->second, g.column("diagnosis").GetString(i));
    codes.insert(g.column("code").GetString(i));
    auto m = medications.find(g.column("drug").GetString(i));
    ASSERT_NE(m, medications.end());
    std::string strengths = "|" + m->second + "|";
    std::string dose = "|" + std::string(g.column("dose").GetString(i)) + "|";
    ASSERT_NE(strengths.find(dose), std::string::npos) << dose << " of " << m->first;
  }
  EXPECT_EQ(codes.size(), diagnoses.size());
}

TEST(HealthcareProviders, DiagnosisWithoutACodeColumnIsStillADescription) {
  Generated g = Generate(Plan("t", 100, {Field("diagnosis", "diagnosis")}));
  ASSERT_TRUE(g.ok());
  std::set<std::string> descriptions;
  for (const auto& [code, text] : TabMap("en_US/health_diagnoses.txt")) descriptions.insert(text);
  for (const std::string& d : Strings(g.column("diagnosis"))) EXPECT_TRUE(descriptions.count(d));
}

TEST(HealthcareProviders, RecordNumbersAndNpisAreWellFormedAndUnique) {
  Generated g = Generate(EveryHealthcareField(kRows));
  ASSERT_TRUE(g.ok());
  RE2 mrn("MRN-[0-9]{8}");
  RE2 npi("[12][0-9]{9}");
  std::set<std::string> mrns, npis;
  for (size_t i = 0; i < g.batch.num_rows; ++i) {
    std::string_view m = g.column("mrn").GetString(i);
    std::string_view n = g.column("npi").GetString(i);
    ASSERT_TRUE(RE2::FullMatch(m, mrn)) << m;
    ASSERT_TRUE(RE2::FullMatch(n, npi)) << n;
    ASSERT_TRUE(LuhnValid("80840" + std::string(n))) << n;
    mrns.emplace(m);
    npis.emplace(n);
  }
  EXPECT_EQ(mrns.size(), static_cast<size_t>(kRows));
  EXPECT_EQ(npis.size(), static_cast<size_t>(kRows));
  EXPECT_TRUE(LuhnValid("808401234567893"));  // the CMS example NPI 1234567893
}

TEST(HealthcareProviders, BloodTypesFollowPopulationFrequencies) {
  Generated g = Generate(Plan("t", 100000, {Field("blood", "blood_type")}));
  ASSERT_TRUE(g.ok());
  std::map<std::string, int> counts;
  for (const std::string& b : Strings(g.column("blood"))) ++counts[b];
  ASSERT_EQ(counts.size(), 8u);
  EXPECT_NEAR(counts["O+"] / 100000.0, 0.374, 0.01);
  EXPECT_NEAR(counts["A+"] / 100000.0, 0.357, 0.01);
  EXPECT_NEAR(counts["AB-"] / 100000.0, 0.006, 0.002);
}

TEST(HealthcareProviders, SameSeedSameValuesAndAnotherSeedOthers) {
  std::vector<std::string> a = RowTexts(Generate(EveryHealthcareField(1000), TestContext(1)).batch);
  std::vector<std::string> b = RowTexts(Generate(EveryHealthcareField(1000), TestContext(1)).batch);
  std::vector<std::string> c = RowTexts(Generate(EveryHealthcareField(1000), TestContext(2)).batch);
  EXPECT_EQ(a, b);
  size_t same = 0;
  for (size_t i = 0; i < a.size(); ++i) same += a[i] == c[i] ? 1 : 0;
  EXPECT_EQ(same, 0u);
}

}  // namespace
}  // namespace tdm::gen
