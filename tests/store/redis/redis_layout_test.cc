// The Redis key layout and value text (store/redis/redis_layout.h); no server needed. The
// behaviour against a real server is covered by tests/integration/database_test.cc.
#include "store/redis/redis_layout.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/time_format.h"

namespace tdm::store {
namespace {

// Writes `column`'s row 0 as text and parses it back into a fresh column of the same type.
Column RoundTrip(const Column& column, std::string* text = nullptr) {
  std::string out;
  AppendRedisValue(column, 0, out);
  if (text != nullptr) *text = out;
  Column back(column.type());
  EXPECT_TRUE(ParseRedisValue(out, back)) << out;
  return back;
}

Column Ints(ColumnType type, int64_t value) {
  Column c(type);
  c.AppendInt(value);
  return c;
}

Column Double(double value) {
  Column c(ColumnType::kFloat);
  c.AppendDouble(value);
  return c;
}

TEST(RedisLayout, KeysFollowTheDocumentedMapping) {
  EXPECT_EQ(MetaKey("tdm_x"), "tdm_x:_meta");
  EXPECT_EQ(IdsKey("tdm_x", "users"), "tdm_x:_ids:users");
  EXPECT_EQ(RowKeyPrefix("tdm_x", "users"), "tdm_x:users:");
}

TEST(RedisLayout, IntegersBooleansAndTemporalValuesReadBackExactly) {
  for (int64_t v : {int64_t{0}, int64_t{-1}, std::numeric_limits<int64_t>::min(),
                    std::numeric_limits<int64_t>::max()}) {
    std::string text;
    EXPECT_EQ(RoundTrip(Ints(ColumnType::kInteger, v), &text).GetInt(0), v);
    EXPECT_EQ(text, std::to_string(v));
  }
  std::string text;
  EXPECT_EQ(RoundTrip(Ints(ColumnType::kBoolean, 1), &text).GetInt(0), 1);
  EXPECT_EQ(text, "true");
  EXPECT_EQ(RoundTrip(Ints(ColumnType::kBoolean, 0), &text).GetInt(0), 0);
  EXPECT_EQ(text, "false");
  EXPECT_EQ(RoundTrip(Ints(ColumnType::kDate, -719162), &text).GetInt(0), -719162);
  EXPECT_EQ(text, "0001-01-01");
  int64_t micros = *ParseDateTime("2024-01-02T03:04:05.000007Z");
  EXPECT_EQ(RoundTrip(Ints(ColumnType::kDateTime, micros), &text).GetInt(0), micros);
  EXPECT_EQ(text, "2024-01-02T03:04:05.000007Z");
}

TEST(RedisLayout, FloatsUseTheShortestTextThatReadsBackTheSame) {
  std::string text;
  EXPECT_EQ(RoundTrip(Double(0.1), &text).GetDouble(0), 0.1);
  EXPECT_EQ(text, "0.1");
  EXPECT_EQ(RoundTrip(Double(7.0), &text).GetDouble(0), 7.0);
  EXPECT_EQ(text, "7");
  for (double v : {-1.5e300, 5e-324, 1.0 / 3.0, std::numeric_limits<double>::max()}) {
    EXPECT_EQ(RoundTrip(Double(v)).GetDouble(0), v);
  }
  EXPECT_TRUE(std::signbit(RoundTrip(Double(-0.0)).GetDouble(0)));
  EXPECT_EQ(RoundTrip(Double(-INFINITY)).GetDouble(0), -INFINITY);
  EXPECT_TRUE(std::isnan(RoundTrip(Double(NAN)).GetDouble(0)));
}

TEST(RedisLayout, StringsAreStoredAsTheyAre) {
  Column c(ColumnType::kString);
  std::string raw("Zo\xc3\xab \"q\"\n\t\\ \0 end", 17);
  c.AppendString(raw);
  std::string text;
  EXPECT_EQ(RoundTrip(c, &text).GetString(0), raw);
  EXPECT_EQ(text, raw);
}

TEST(RedisLayout, TextThatIsNotOfTheColumnsTypeIsRefused) {
  Column integer(ColumnType::kInteger);
  EXPECT_FALSE(ParseRedisValue("12a", integer));
  EXPECT_FALSE(ParseRedisValue("1.5", integer));
  EXPECT_FALSE(ParseRedisValue("", integer));
  EXPECT_FALSE(ParseRedisValue("99999999999999999999", integer));
  Column boolean(ColumnType::kBoolean);
  EXPECT_FALSE(ParseRedisValue("TRUE", boolean));
  EXPECT_FALSE(ParseRedisValue("1", boolean));
  Column date(ColumnType::kDate);
  EXPECT_FALSE(ParseRedisValue("2024-13-01", date));
  Column real(ColumnType::kFloat);
  EXPECT_FALSE(ParseRedisValue("1.5x", real));
  EXPECT_EQ(integer.size() + boolean.size() + date.size() + real.size(), 0u);
}

TEST(RedisLayout, GlobCharactersAreEscapedForScan) {
  EXPECT_EQ(EscapeGlob("plain_name-1"), "plain_name-1");
  EXPECT_EQ(EscapeGlob("a*b?c[d]e\\f"), "a\\*b\\?c\\[d\\]e\\\\f");
}

TEST(RedisLayout, NamesThatCouldShareAPrefixAreRefused) {
  EXPECT_TRUE(CheckNamespaceName("tdm_exec-1").ok());
  EXPECT_EQ(CheckNamespaceName("a:b").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckNamespaceName("").code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(CheckTableName("users").ok());
  EXPECT_EQ(CheckTableName("a:b").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckTableName("_ids").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckTableName("_meta").code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tdm::store
