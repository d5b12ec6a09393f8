#include "mask/pii_person_names.h"

#include <gtest/gtest.h>

#include <string_view>

namespace tdm::mask::pii {
namespace {

TEST(PiiPersonNames, FullNamesInEveryOrderTdmWrites) {
  for (std::string_view v :
       {"Anna M\xc3\xbcller", "ANNA M\xc3\x9cLLER", "James Smith", "Mary J. Johnson",
        "Smith, James", "Dr. Sophie Dubois", "Lucas Da Silva",
        "Maria Garc\xc3\xad"
        "a-Rossi",
        "James Smith Jr.", "\xe4\xbd\x90\xe8\x97\xa4 \xe7\xbf\x94\xe5\xa4\xaa",
        "\xe4\xbd\x90\xe8\x97\xa4\xe7\xbf\x94\xe5\xa4\xaa"}) {
    EXPECT_TRUE(MatchPersonName(v).full) << v;
  }
}

TEST(PiiPersonNames, SingleWordsAreFirstNamesOrSurnames) {
  NameMatch anna = MatchPersonName("Anna");
  EXPECT_TRUE(anna.first);
  EXPECT_FALSE(anna.full);
  NameMatch mueller = MatchPersonName("M\xc3\xbcller");
  EXPECT_TRUE(mueller.last);
  EXPECT_FALSE(mueller.first);
  EXPECT_TRUE(MatchPersonName("Da Silva").last || MatchPersonName("Da Silva").full);
}

TEST(PiiPersonNames, ProductsAndSentencesAreNotNames) {
  for (std::string_view v :
       {"Ergonomic Steel Chair", "Wireless Mouse", "Green Tea 500g",
        "The quick brown fox jumps over the lazy dog", "", "12345", "Anna Chair", "Steel Smith"}) {
    NameMatch m = MatchPersonName(v);
    EXPECT_FALSE(m.full || m.first || m.last) << v;
  }
}

}  // namespace
}  // namespace tdm::mask::pii
