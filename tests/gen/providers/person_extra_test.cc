// gender, name_prefix, name_suffix, middle_name and birthdate: they agree with the row's first
// name and age, stay inside their option ranges, and reject bad options.

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "core/time_format.h"
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
using testing::SplitWords;
using testing::TestContext;

constexpr int64_t kRows = 20000;

FieldSpec WithOptions(FieldSpec f, std::map<std::string, std::string> options) {
  f.options = std::move(options);
  return f;
}

// Whole years from the birth day to the reference day.
int64_t AgeAt(int64_t birth_days, int64_t reference_days) {
  CivilDate b = CivilFromDays(birth_days);
  CivilDate r = CivilFromDays(reference_days);
  int64_t age = r.year - b.year;
  if (r.month < b.month || (r.month == b.month && r.day < b.day)) --age;
  return age;
}

// Checks gender, prefix, suffix and middle name of every row against the row's first name.
void ExpectPersonColumnsAgree(const Generated& g, bool first_from_full_name) {
  const auto& female = LocaleList("en_US", "first_names_female");
  const auto& male = LocaleList("en_US", "first_names_male");
  const auto& generational = WordList("en_US/person_suffixes_generational.txt");
  const auto& professional = WordList("en_US/person_suffixes_professional.txt");
  const std::set<std::string> female_titles = {"Ms.", "Mrs.", "Miss", "Dr.", "Prof."};
  const std::set<std::string> male_titles = {"Mr.", "Dr.", "Prof."};
  std::set<std::string> titles_seen;
  int checked = 0;
  for (size_t i = 0; i < g.batch.num_rows; ++i) {
    std::string first(first_from_full_name ? SplitWords(g.column("name").GetString(i))[0]
                                           : g.column("first").GetString(i));
    std::string gender(g.column("gender").GetString(i));
    std::string letter(g.column("letter").GetString(i));
    std::string prefix(g.column("prefix").GetString(i));
    std::string middle(g.column("middle").GetString(i));
    std::string suffix(g.column("suffix").GetString(i));
    ASSERT_TRUE(gender == "female" || gender == "male") << gender;
    ASSERT_EQ(letter, gender == "female" ? "F" : "M");
    bool is_female = gender == "female";
    ASSERT_TRUE(InList(is_female ? female : male, first)) << first << " is not " << gender;
    ASSERT_TRUE(InList(is_female ? female : male, middle)) << middle << " is not " << gender;
    ASSERT_NE(middle, first);
    ASSERT_EQ(g.column("initial").GetString(i), middle.substr(0, 1) + ".");
    ASSERT_TRUE((is_female ? female_titles : male_titles).count(prefix)) << prefix << " " << first;
    ASSERT_TRUE(InList(professional, suffix) || (!is_female && InList(generational, suffix)))
        << suffix << " for " << gender;
    titles_seen.insert(prefix);
    // A name in only one list decides the gender on its own.
    if (InList(female, first) != InList(male, first)) {
      ASSERT_EQ(is_female, InList(female, first)) << first;
      ++checked;
    }
  }
  EXPECT_GT(checked, static_cast<int>(g.batch.num_rows) * 9 / 10);
  EXPECT_EQ(titles_seen, (std::set<std::string>{"Mr.", "Ms.", "Mrs.", "Miss", "Dr.", "Prof."}));
}

std::vector<FieldSpec> PersonExtras() {
  return {Field("gender", "gender"),
          WithOptions(Field("letter", "gender"), {{"format", "letter"}}),
          Field("prefix", "name_prefix"),
          Field("middle", "middle_name"),
          WithOptions(Field("initial", "middle_name"), {{"format", "initial"}}),
          Field("suffix", "name_suffix")};
}

TEST(PersonExtraProviders, GenderPrefixAndMiddleNameAgreeWithFullName) {
  std::vector<FieldSpec> fields = PersonExtras();
  fields.push_back(Field("name", "full_name"));
  Generated g = Generate(Plan("people", kRows, fields));
  ASSERT_TRUE(g.ok());
  ExpectPersonColumnsAgree(g, true);
}

TEST(PersonExtraProviders, GenderPrefixAndMiddleNameAgreeWithFirstNameAlone) {
  std::vector<FieldSpec> fields = PersonExtras();
  fields.insert(fields.begin() + 2, Field("first", "first_name"));
  Generated g = Generate(Plan("people", kRows, fields));
  ASSERT_TRUE(g.ok());
  ExpectPersonColumnsAgree(g, false);
}

TEST(PersonExtraProviders, SuffixKindsPickTheirList) {
  Generated g =
      Generate(Plan("p", 2000,
                    {WithOptions(Field("gen", "name_suffix"), {{"kind", "generational"}}),
                     WithOptions(Field("pro", "name_suffix"), {{"kind", "professional"}})}));
  ASSERT_TRUE(g.ok());
  for (size_t i = 0; i < g.batch.num_rows; ++i) {
    ASSERT_TRUE(
        InList(WordList("en_US/person_suffixes_generational.txt"), g.column("gen").GetString(i)));
    ASSERT_TRUE(
        InList(WordList("en_US/person_suffixes_professional.txt"), g.column("pro").GetString(i)));
  }
}

TEST(PersonExtraProviders, BirthdateAgeStaysInsideMinAndMaxAge) {
  for (int64_t reference : {testing::kReferenceTime, *ParseDateTime("2024-02-29T08:00:00Z")}) {
    GenerationContext ctx = TestContext();
    ctx.reference_time = reference;
    int64_t today = reference / kMicrosPerDay;
    Generated g = Generate(
        Plan("p", kRows,
             {Field("born", "birthdate"),
              WithOptions(Field("adult", "birthdate"), {{"min_age", "30"}, {"max_age", "33"}}),
              WithOptions(Field("baby", "birthdate"), {{"min_age", "0"}, {"max_age", "0"}})}),
        ctx);
    ASSERT_TRUE(g.ok());
    struct Want {
      const char* column;
      int64_t lo, hi;
    };
    for (Want w : {Want{"born", 18, 80}, Want{"adult", 30, 33}, Want{"baby", 0, 0}}) {
      std::set<int64_t> ages;
      const Column& c = g.column(w.column);
      for (size_t i = 0; i < c.size(); ++i) {
        int64_t age = AgeAt(c.GetInt(i), today);
        ASSERT_TRUE(age >= w.lo && age <= w.hi) << w.column << " " << FormatDate(c.GetInt(i));
        ages.insert(age);
      }
      EXPECT_EQ(*ages.begin(), w.lo) << w.column;
      EXPECT_EQ(*ages.rbegin(), w.hi) << w.column;
    }
  }
}

TEST(PersonExtraProviders, BirthdateAgreesWithTheRowsAge) {
  FieldSpec bounded = Field("age", "age");
  bounded.int_min = 21;
  bounded.int_max = 25;
  FieldSpec unique = Field("age", "age");
  unique.int_min = 0;
  unique.int_max = 119;
  unique.unique = true;
  for (const FieldSpec& age : {Field("age", "age"), bounded, unique}) {
    for (int64_t reference : {testing::kReferenceTime, *ParseDateTime("2028-02-29T23:00:00Z")}) {
      GenerationContext ctx = TestContext(7);
      ctx.reference_time = reference;
      int64_t rows = age.unique ? 120 : kRows;
      Generated g = Generate(Plan("p", rows, {Field("born", "birthdate"), age}), ctx);
      ASSERT_TRUE(g.ok());
      for (size_t i = 0; i < g.batch.num_rows; ++i) {
        ASSERT_EQ(AgeAt(g.column("born").GetInt(i), reference / kMicrosPerDay),
                  g.column("age").GetInt(i))
            << FormatDate(g.column("born").GetInt(i));
      }
    }
  }
}

TEST(PersonExtraProviders, BirthdateKeepsItsMinAndMaxOrRejectsThemAgainstAge) {
  FieldSpec born = Field("born", "birthdate");
  born.int_min = *ParseDate("1990-01-01");
  Generated g = Generate(Plan("p", kRows, {born}));
  ASSERT_TRUE(g.ok());
  int64_t today = testing::kReferenceTime / kMicrosPerDay;
  for (size_t i = 0; i < g.batch.num_rows; ++i) {
    int64_t day = g.column("born").GetInt(i);
    ASSERT_GE(day, *born.int_min);
    ASSERT_GE(AgeAt(day, today), 18);
  }
  // With an age column, bounds that would cut off some ages' birthdates are a spec error.
  auto table = TableGenerator::Create(Plan("p", 10, {born, Field("age", "age")}), TestContext(),
                                      [](std::string_view) { return nullptr; });
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), StatusCode::kSpecError);
}

TEST(PersonExtraProviders, SameSeedSameValuesAndOtherSeedOtherValues) {
  std::vector<FieldSpec> fields = PersonExtras();
  fields.push_back(Field("born", "birthdate"));
  DatasetPlan plan = Plan("p", 500, fields);
  Generated a = Generate(plan, TestContext(1));
  Generated b = Generate(plan, TestContext(1));
  Generated c = Generate(plan, TestContext(2));
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(RowTexts(a.batch), RowTexts(b.batch));
  EXPECT_NE(RowTexts(a.batch), RowTexts(c.batch));
}

TEST(PersonExtraProviders, BadOptionsAreSpecErrors) {
  FieldSpec age = Field("age", "age");
  const std::vector<std::vector<FieldSpec>> bad = {
      {WithOptions(Field("b", "birthdate"), {{"min_age", "abc"}})},
      {WithOptions(Field("b", "birthdate"), {{"max_age", "200"}})},
      {WithOptions(Field("b", "birthdate"), {{"min_age", "-1"}})},
      {WithOptions(Field("b", "birthdate"), {{"min_age", "40"}, {"max_age", "30"}})},
      {WithOptions(Field("b", "birthdate"), {{"min_age", "30"}, {"max_age", "40"}}), age},
      {WithOptions(Field("g", "gender"), {{"format", "long"}})},
      {WithOptions(Field("m", "middle_name"), {{"format", "x"}})},
      {WithOptions(Field("s", "name_suffix"), {{"kind", "royal"}})},
  };
  for (const auto& fields : bad) {
    auto table = TableGenerator::Create(Plan("p", 10, fields), TestContext(),
                                        [](std::string_view) { return nullptr; });
    ASSERT_FALSE(table.ok()) << fields[0].name;
    EXPECT_EQ(table.status().code(), StatusCode::kSpecError) << table.status().ToString();
  }
}

}  // namespace
}  // namespace tdm::gen
