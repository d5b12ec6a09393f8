// ParseConstraint and ParseNowOffset: the range language of schema-validation.yaml.
#include "spec/constraint.h"

#include <gtest/gtest.h>

#include <string>

namespace tdm::spec {
namespace {

constexpr int64_t kSecond = 1'000'000;
constexpr int64_t kDay = 86'400 * kSecond;

TEST(ConstraintTest, OpenRangeOnBothSides) {
  auto c = ParseConstraint("> 0 AND < 150");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_TRUE(c->lower && c->upper);
  EXPECT_FALSE(c->equal);
  EXPECT_EQ(c->lower->kind, Bound::Kind::kNumber);
  EXPECT_EQ(c->lower->number, 0);
  EXPECT_FALSE(c->lower->inclusive);
  EXPECT_EQ(c->upper->number, 150);
  EXPECT_FALSE(c->upper->inclusive);
}

TEST(ConstraintTest, ClosedRangeOnBothSides) {
  auto c = ParseConstraint(">= 1900 AND <= 2100");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_TRUE(c->lower && c->upper);
  EXPECT_EQ(c->lower->number, 1900);
  EXPECT_TRUE(c->lower->inclusive);
  EXPECT_EQ(c->upper->number, 2100);
  EXPECT_TRUE(c->upper->inclusive);
}

TEST(ConstraintTest, BeforeNow) {
  auto c = ParseConstraint("< now()");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_FALSE(c->lower);
  ASSERT_TRUE(c->upper);
  EXPECT_EQ(c->upper->kind, Bound::Kind::kNow);
  EXPECT_EQ(c->upper->now_offset_us, 0);
  EXPECT_FALSE(c->upper->inclusive);
}

TEST(ConstraintTest, AfterThirtyDaysAgo) {
  auto c = ParseConstraint(">= now() - 30d");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_TRUE(c->lower);
  EXPECT_EQ(c->lower->kind, Bound::Kind::kNow);
  EXPECT_EQ(c->lower->now_offset_us, -30 * kDay);
  EXPECT_TRUE(c->lower->inclusive);
}

TEST(ConstraintTest, LowerCaseAndAndExtraSpaces) {
  auto c = ParseConstraint("  >   1.5   and   <=   2.5  ");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_DOUBLE_EQ(c->lower->number, 1.5);
  EXPECT_DOUBLE_EQ(c->upper->number, 2.5);
}

TEST(ConstraintTest, EqualityAndNegativeNumbers) {
  auto c = ParseConstraint("= -4");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_TRUE(c->equal);
  EXPECT_EQ(c->equal->number, -4);
  EXPECT_TRUE(c->equal->inclusive);
  auto eq2 = ParseConstraint("== 7");
  ASSERT_TRUE(eq2.ok());
  EXPECT_EQ(eq2->equal->number, 7);
}

TEST(ConstraintTest, DateLiteralsAreKeptAsText) {
  auto c = ParseConstraint(">= '2020-01-01' AND < 2021-01-01T00:00:00Z");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->lower->text, "2020-01-01");
  EXPECT_EQ(c->upper->text, "2021-01-01T00:00:00Z");
}

TEST(ConstraintTest, BadInputsNameTheProblem) {
  struct Case {
    std::string text;
    std::string expected;
  };
  for (const Case& c : std::vector<Case>{
           {"", "empty comparison"},
           {"   ", "empty comparison"},
           {"0 AND < 150", "'0' does not start with"},
           {"> 0 AND AND < 5", "'AND < 5' does not start with"},
           {"> 0 AND ", "empty comparison"},
           {"> abc", "'abc' is not a number, a date or now()"},
           {">", "'' is not a number"},
           {"> 1 AND > 2", "two lower bounds"},
           {"< 1 AND <= 2", "two upper bounds"},
           {"between 1 and 2", "does not start with"},
           {"> now() - 30x", "is not a number"},
           {"< tomorrow", "is not a number"},
       }) {
    SCOPED_TRACE("constraint: \"" + c.text + "\"");
    auto parsed = ParseConstraint(c.text);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.status().code(), StatusCode::kSpecError);
    EXPECT_NE(parsed.status().message().find(c.expected), std::string::npos)
        << parsed.status().message();
    // Every message shows the input and an example of what works.
    EXPECT_NE(parsed.status().message().find("\"" + c.text + "\""), std::string::npos);
    EXPECT_NE(parsed.status().message().find("> 0 AND < 150"), std::string::npos);
  }
}

TEST(NowOffsetTest, AcceptedForms) {
  EXPECT_EQ(ParseNowOffset("now"), 0);
  EXPECT_EQ(ParseNowOffset("now()"), 0);
  EXPECT_EQ(ParseNowOffset("NOW()"), 0);
  EXPECT_EQ(ParseNowOffset("now() - 30d"), -30 * kDay);
  EXPECT_EQ(ParseNowOffset("now-30d"), -30 * kDay);
  EXPECT_EQ(ParseNowOffset("now() + 2h"), 2 * 3600 * kSecond);
  EXPECT_EQ(ParseNowOffset("now+90m"), 90 * 60 * kSecond);
  EXPECT_EQ(ParseNowOffset("now-45s"), -45 * kSecond);
  EXPECT_EQ(ParseNowOffset("now+1w"), 7 * kDay);
  EXPECT_EQ(ParseNowOffset("now-2y"), -2 * 365 * kDay);
}

TEST(NowOffsetTest, RejectedForms) {
  for (const char* text : {"", "no", "today", "now-", "now-30", "now-d", "now-30q", "now*3d",
                           "now-1.5d", "now()-30dd", "2024-01-01", "nowish"}) {
    EXPECT_FALSE(ParseNowOffset(text).has_value()) << text;
  }
}

// An offset too large for 64-bit microseconds must be rejected, not wrapped around (signed
// overflow is undefined behaviour; in practice it turns a far-future bound into a past one).
TEST(NowOffsetTest, OverflowingOffsetIsRejected) {
  EXPECT_FALSE(ParseNowOffset("now+999999999999y").has_value());
  EXPECT_FALSE(ParseNowOffset("now-9223372036854775807d").has_value());
  auto c = ParseConstraint("< now() + 999999999999y");
  EXPECT_FALSE(c.ok() && c->upper && c->upper->kind == Bound::Kind::kNow &&
               c->upper->now_offset_us < 0)
      << "a far-future bound wrapped into the past";
}

}  // namespace
}  // namespace tdm::spec
