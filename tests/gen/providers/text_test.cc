// word, words, sentence, title, movie_title, movie_genre, product_name, product_category and
// regex: words from their lists, word counts, capitalisation, and full pattern matches.

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
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
using testing::Lower;
using testing::Plan;
using testing::SplitWords;

constexpr int64_t kRows = 20000;

void ExpectWordCounts(const Column& c, size_t lo, size_t hi) {
  std::set<size_t> counts;
  for (size_t i = 0; i < c.size(); ++i) {
    size_t n = SplitWords(c.GetString(i)).size();
    ASSERT_GE(n, lo) << c.GetString(i);
    ASSERT_LE(n, hi) << c.GetString(i);
    counts.insert(n);
  }
  EXPECT_EQ(counts.size(), hi - lo + 1);
}

TEST(TextProviders, WordsSentencesAndTitlesHaveTheirShape) {
  FieldSpec few = Field("few", "words");
  few.min_words = 3;
  few.max_words = 4;
  FieldSpec unique_word = Field("uw", "word");
  unique_word.unique = true;
  Generated g =
      Generate(Plan("t", 600,
                    {Field("word", "word"), Field("words", "words"), Field("sentence", "sentence"),
                     Field("title", "title"), few, unique_word}));
  ASSERT_TRUE(g.ok());
  const auto& dictionary = WordList("en_US/words.txt");
  for (size_t i = 0; i < g.batch.num_rows; ++i) {
    ASSERT_TRUE(InList(dictionary, g.column("word").GetString(i)));
    for (const std::string& w : SplitWords(g.column("words").GetString(i))) {
      ASSERT_TRUE(InList(dictionary, w)) << g.column("words").GetString(i);
    }
    std::string sentence(g.column("sentence").GetString(i));
    ASSERT_EQ(sentence.back(), '.');
    ASSERT_TRUE(std::isupper(static_cast<unsigned char>(sentence[0]))) << sentence;
    std::vector<std::string> words = SplitWords(sentence.substr(0, sentence.size() - 1));
    ASSERT_TRUE(InList(dictionary, Lower(words[0])));
    for (size_t w = 1; w < words.size(); ++w) ASSERT_TRUE(InList(dictionary, words[w])) << sentence;
    for (const std::string& w : SplitWords(g.column("title").GetString(i))) {
      ASSERT_TRUE(std::isupper(static_cast<unsigned char>(w[0]))) << g.column("title").GetString(i);
      ASSERT_TRUE(InList(dictionary, Lower(w)));
    }
  }
  ExpectWordCounts(g.column("words"), 2, 5);
  ExpectWordCounts(g.column("sentence"), 6, 14);
  ExpectWordCounts(g.column("title"), 2, 5);
  ExpectWordCounts(g.column("few"), 3, 4);
  std::vector<std::string> unique = testing::Strings(g.column("uw"));
  std::sort(unique.begin(), unique.end());
  EXPECT_EQ(std::adjacent_find(unique.begin(), unique.end()), unique.end());
}

TEST(TextProviders, DomainPhrasesComeFromTheirLists) {
  Generated g =
      Generate(Plan("t", kRows,
                    {Field("movie", "movie_title"), Field("genre", "movie_genre"),
                     Field("product", "product_name"), Field("category", "product_category")}));
  ASSERT_TRUE(g.ok());
  const auto& title_words = WordList("en_US/movie_title_words.txt");
  const auto& genres = WordList("en_US/movie_genres.txt");
  const auto& adjectives = WordList("en_US/product_adjectives.txt");
  const auto& materials = WordList("en_US/product_materials.txt");
  const auto& nouns = WordList("en_US/product_nouns.txt");
  const auto& categories = WordList("en_US/product_categories.txt");
  std::set<std::string> seen_genres, seen_categories;
  for (size_t i = 0; i < g.batch.num_rows; ++i) {
    std::vector<std::string> title = SplitWords(g.column("movie").GetString(i));
    ASSERT_GE(title.size(), 1u);
    ASSERT_LE(title.size(), 4u);
    for (const std::string& w : title) {
      if (w == "The" || w == "of" || w == "the") continue;
      ASSERT_TRUE(InList(title_words, w)) << g.column("movie").GetString(i);
    }
    ASSERT_TRUE(InList(genres, g.column("genre").GetString(i)));
    seen_genres.emplace(g.column("genre").GetString(i));
    std::vector<std::string> product = SplitWords(g.column("product").GetString(i));
    ASSERT_EQ(product.size(), 3u);
    ASSERT_TRUE(InList(adjectives, product[0]));
    ASSERT_TRUE(InList(materials, product[1]));
    ASSERT_TRUE(InList(nouns, product[2]));
    ASSERT_TRUE(InList(categories, g.column("category").GetString(i)));
    seen_categories.emplace(g.column("category").GetString(i));
  }
  EXPECT_EQ(seen_genres.size(), genres.size());
  EXPECT_EQ(seen_categories.size(), categories.size());
}

TEST(TextProviders, RegexValuesFullyMatchThePattern) {
  const char* patterns[] = {"[A-Z]{3}-\\d{4}", "SKU-[0-9]{8}", "(red|green|blue)-[a-f]{2,4}",
                            "\\w+@example\\.com"};
  std::vector<FieldSpec> fields;
  for (size_t p = 0; p < std::size(patterns); ++p) {
    FieldSpec f = Field("r" + std::to_string(p), "regex");
    f.pattern = patterns[p];
    f.unique = p < 2;
    fields.push_back(f);
  }
  Generated g = Generate(Plan("t", 5000, fields));
  ASSERT_TRUE(g.ok());
  for (size_t p = 0; p < std::size(patterns); ++p) {
    RE2 re(patterns[p]);
    const Column& c = g.column("r" + std::to_string(p));
    for (size_t i = 0; i < c.size(); ++i) {
      ASSERT_TRUE(RE2::FullMatch(c.GetString(i), re)) << patterns[p] << ": " << c.GetString(i);
    }
  }
}

TEST(TextProviders, RegexWithoutPatternIsASpecError) {
  Result<std::unique_ptr<TableGenerator>> table = TableGenerator::Create(
      Plan("t", 1, {Field("r", "regex")}), testing::TestContext(),
      [](std::string_view) { return static_cast<const TableGenerator*>(nullptr); });
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), StatusCode::kSpecError);
}

// A field that sets only max_words below the provider's default minimum (`sentence` with
// max_words: 4, default 6..14), or only min_words above its default maximum (`title` with
// min_words: 8), moves the other bound instead of producing an inverted range.
TEST(TextProviders, OneSidedWordCountsBeyondTheDefaultRangeAreHonoured) {
  FieldSpec sentence = Field("s", "sentence");
  sentence.max_words = 4;
  FieldSpec title = Field("t", "title");
  title.min_words = 8;
  FieldSpec words = Field("w", "words");
  words.max_words = 1;
  Generated g = Generate(Plan("t", 200, {sentence, title, words}));
  ASSERT_TRUE(g.ok());
  for (size_t i = 0; i < g.batch.num_rows; ++i) {
    size_t ns = SplitWords(g.column("s").GetString(i)).size();
    size_t nt = SplitWords(g.column("t").GetString(i)).size();
    EXPECT_EQ(ns, 4u) << g.column("s").GetString(i);
    EXPECT_EQ(nt, 8u) << g.column("t").GetString(i);
    EXPECT_EQ(SplitWords(g.column("w").GetString(i)).size(), 1u);
  }
}

}  // namespace
}  // namespace tdm::gen
