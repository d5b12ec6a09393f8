// company_name, company_suffix, department, job_title, catch_phrase, industry and ein: values
// come from the company lists in their documented shapes, and EINs carry an IRS prefix.

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <set>
#include <string>
#include <vector>

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

const std::vector<std::string_view>& List(std::string_view name) {
  return WordList("en_US/company_" + std::string(name) + ".txt");
}

TEST(CompanyProviders, CompanyNamesTakeOneOfFiveShapes) {
  Generated g = Generate(Plan("c", kRows, {Field("name", "company_name")}));
  ASSERT_TRUE(g.ok());
  const auto& last = LocaleList("en_US", "last_names");
  RE2 brand("(\\S+) (\\S+)(?: (.+))?");
  RE2 surname("(\\S+) (\\S+) (.+)");
  RE2 pair("(\\S+) & (\\S+) (.+)");
  RE2 firm("(\\S+), (\\S+) and (\\S+)");
  int shapes[5] = {};
  for (size_t i = 0; i < g.batch.num_rows; ++i) {
    std::string_view name = g.column("name").GetString(i);
    std::string a, b, c;
    if (RE2::FullMatch(name, firm, &a, &b, &c)) {
      ASSERT_TRUE(InList(last, a) && InList(last, b) && InList(last, c)) << name;
      ++shapes[4];
    } else if (RE2::FullMatch(name, pair, &a, &b, &c)) {
      ASSERT_TRUE(InList(last, a) && InList(last, b) && InList(List("suffixes"), c)) << name;
      ++shapes[3];
    } else if (RE2::FullMatch(name, brand, &a, &b, &c) && InList(List("brand_words"), a)) {
      ASSERT_TRUE(InList(List("sectors"), b)) << name;
      ASSERT_TRUE(c.empty() || InList(List("suffixes"), c)) << name;
      ++shapes[c.empty() ? 1 : 0];
    } else {
      ASSERT_TRUE(RE2::FullMatch(name, surname, &a, &b, &c)) << name;
      ASSERT_TRUE(InList(last, a) && InList(List("sectors"), b) && InList(List("suffixes"), c))
          << name;
      ++shapes[2];
    }
  }
  for (int n : shapes) EXPECT_GT(n, kRows / 20);
}

TEST(CompanyProviders, ListProvidersPickFromTheirLists) {
  Generated g = Generate(Plan("c", kRows,
                              {Field("suffix", "company_suffix"), Field("dept", "department"),
                               Field("title", "job_title"), Field("industry", "industry")}));
  ASSERT_TRUE(g.ok());
  struct Case {
    const char* column;
    const char* list;
  };
  for (Case c : {Case{"suffix", "suffixes"}, Case{"dept", "departments"},
                 Case{"title", "job_titles"}, Case{"industry", "industries"}}) {
    std::set<std::string> seen;
    for (size_t i = 0; i < g.batch.num_rows; ++i) {
      std::string_view v = g.column(c.column).GetString(i);
      ASSERT_TRUE(InList(List(c.list), v)) << c.column << ": " << v;
      seen.emplace(v);
    }
    EXPECT_EQ(seen.size(), List(c.list).size()) << c.column << " uses its whole list";
  }
  EXPECT_GE(List("job_titles").size(), 200u);
}

TEST(CompanyProviders, CatchPhraseIsAdjectiveDescriptorNoun) {
  Generated g = Generate(Plan("c", kRows, {Field("phrase", "catch_phrase")}));
  ASSERT_TRUE(g.ok());
  for (size_t i = 0; i < g.batch.num_rows; ++i) {
    std::string_view phrase = g.column("phrase").GetString(i);
    std::vector<std::string> words = testing::SplitWords(phrase);
    ASSERT_GE(words.size(), 3u) << phrase;
    std::string noun = words[2];
    for (size_t w = 3; w < words.size(); ++w) noun += " " + words[w];
    ASSERT_TRUE(InList(List("phrase_adjectives"), words[0])) << phrase;
    ASSERT_TRUE(InList(List("phrase_descriptors"), words[1])) << phrase;
    ASSERT_TRUE(InList(List("phrase_nouns"), noun)) << phrase;
  }
}

TEST(CompanyProviders, EinHasAnIrsPrefixAndUniqueEinsDiffer) {
  FieldSpec unique = Field("u", "ein");
  unique.unique = true;
  Generated g = Generate(Plan("c", kRows, {Field("ein", "ein"), unique}));
  ASSERT_TRUE(g.ok());
  const std::set<int> unused = {0, 7, 8, 9, 17, 18, 19, 28, 29, 49, 69, 70, 78, 79, 89, 96, 97};
  RE2 shape("(\\d\\d)-\\d{7}");
  std::set<int> prefixes;
  std::set<std::string> uniques;
  for (const char* column : {"ein", "u"}) {
    for (size_t i = 0; i < g.batch.num_rows; ++i) {
      std::string_view ein = g.column(column).GetString(i);
      int prefix = 0;
      ASSERT_TRUE(RE2::FullMatch(ein, shape, &prefix)) << ein;
      ASSERT_FALSE(unused.count(prefix)) << ein;
      prefixes.insert(prefix);
      if (column == std::string("u")) {
        ASSERT_TRUE(uniques.emplace(ein).second) << ein;
      }
    }
  }
  EXPECT_EQ(prefixes.size(), 100u - unused.size());
}

TEST(CompanyProviders, SameSeedSameValuesAndOtherSeedOtherValues) {
  DatasetPlan plan =
      Plan("c", 500,
           {Field("name", "company_name"), Field("suffix", "company_suffix"),
            Field("dept", "department"), Field("title", "job_title"),
            Field("phrase", "catch_phrase"), Field("industry", "industry"), Field("ein", "ein")});
  Generated a = Generate(plan, TestContext(1));
  Generated b = Generate(plan, TestContext(1));
  Generated c = Generate(plan, TestContext(2));
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(RowTexts(a.batch), RowTexts(b.batch));
  std::vector<std::string> ra = RowTexts(a.batch), rc = RowTexts(c.batch);
  size_t same = 0;
  for (size_t i = 0; i < ra.size(); ++i) same += ra[i] == rc[i];
  EXPECT_EQ(same, 0u);
}

}  // namespace
}  // namespace tdm::gen
