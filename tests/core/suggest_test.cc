#include "core/suggest.h"

#include <gtest/gtest.h>

namespace tdm {
namespace {

TEST(SuggestTest, EditDistance) {
  EXPECT_EQ(EditDistance("", ""), 0u);
  EXPECT_EQ(EditDistance("volume", "volume"), 0u);
  EXPECT_EQ(EditDistance("volum", "volume"), 1u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
}

TEST(SuggestTest, SuggestsOnlyCloseNames) {
  std::vector<std::string> keys = {"factory", "volume", "fields", "relationships"};
  EXPECT_EQ(DidYouMean("volum", keys), " (did you mean 'volume'?)");
  EXPECT_EQ(DidYouMean("relationship", keys), " (did you mean 'relationships'?)");
  EXPECT_EQ(DidYouMean("zzzzzzzz", keys), "");
}

}  // namespace
}  // namespace tdm

namespace tdm {
namespace {

TEST(SuggestTest, AdjacentSwapCostsOne) {
  EXPECT_EQ(EditDistance("emial", "email"), 1u);
  EXPECT_EQ(DidYouMean("emial", {"email", "phone"}), " (did you mean 'email'?)");
}

}  // namespace
}  // namespace tdm
