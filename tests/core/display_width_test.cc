// Display width of UTF-8 text: table columns with kanji, accents and ASCII line up.

#include "core/display_width.h"

#include <gtest/gtest.h>

namespace tdm {
namespace {

TEST(DisplayWidth, CountsColumnsNotBytes) {
  EXPECT_EQ(DisplayWidth("Berlin"), 6u);
  EXPECT_EQ(DisplayWidth("Müller"), 6u);              // ü is two bytes, one column
  EXPECT_EQ(DisplayWidth("埼玉県"), 6u);              // three wide characters
  EXPECT_EQ(DisplayWidth("〒330-2206 大工町"), 17u);  // 〒 and kanji wide, the rest narrow
  EXPECT_EQ(DisplayWidth(""), 0u);
}

TEST(DisplayWidth, TruncatesAtACharacterBoundary) {
  EXPECT_EQ(TruncateToWidth("short", 10), "short");
  EXPECT_EQ(TruncateToWidth("abcdefghij", 8), "abcde...");
  // Never splits a kanji: 4 columns of budget hold two of them.
  EXPECT_EQ(TruncateToWidth("東京都千代田区", 7), "東京...");
  EXPECT_EQ(TruncateToWidth("Éléonore Boyer", 8), "Éléon...");
  EXPECT_LE(DisplayWidth(TruncateToWidth("東京都千代田区本町1-2-3", 9)), 9u);
}

}  // namespace
}  // namespace tdm
