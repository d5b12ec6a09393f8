#include "core/time_format.h"

#include <gtest/gtest.h>

namespace tdm {
namespace {

TEST(TimeFormat, RoundTripsDaysAcrossEras) {
  for (int64_t days = -800000; days <= 800000; days += 997) {
    CivilDate c = CivilFromDays(days);
    EXPECT_EQ(DaysFromCivil(c), days);
  }
}

TEST(TimeFormat, FormatsKnownInstants) {
  EXPECT_EQ(FormatDate(0), "1970-01-01");
  EXPECT_EQ(FormatDate(19737), "2024-01-15");
  EXPECT_EQ(FormatDateTime(1705314645LL * kMicrosPerSecond), "2024-01-15T10:30:45Z");
  EXPECT_EQ(FormatDateTime(1705314645LL * kMicrosPerSecond + 120), "2024-01-15T10:30:45.000120Z");
  EXPECT_EQ(FormatDateTime(-1), "1969-12-31T23:59:59.999999Z");
}

TEST(TimeFormat, ParsesWhatItFormats) {
  for (int64_t t : {0LL, 1705314645LL * kMicrosPerSecond, -86400LL * kMicrosPerSecond + 5}) {
    EXPECT_EQ(ParseDateTime(FormatDateTime(t)), t);
  }
  EXPECT_EQ(ParseDateTime("2024-01-15T12:30:45+02:00"), 1705314645LL * kMicrosPerSecond);
  EXPECT_EQ(ParseDate("2024-01-15"), 19737);
}

TEST(TimeFormat, RejectsInvalidDates) {
  EXPECT_FALSE(ParseDateTime("2023-02-29"));
  EXPECT_FALSE(ParseDateTime("2024-13-01"));
  EXPECT_FALSE(ParseDateTime("2024-01-15T25:00:00Z"));
  EXPECT_FALSE(ParseDateTime("yesterday"));
  EXPECT_TRUE(ParseDateTime("2024-02-29"));
}

}  // namespace
}  // namespace tdm

namespace tdm {
namespace {

// The fast formatter (years 0..9999) and the padded fallback agree with the parser everywhere.
TEST(TimeFormatTest, RandomInstantsRoundTrip) {
  constexpr int64_t kMicrosPerDay = 86'400'000'000;
  uint64_t bits = 0x243F6A8885A308D3ULL;
  for (int i = 0; i < 200000; ++i) {
    bits = bits * 6364136223846793005ULL + 1442695040888963407ULL;
    auto micros = static_cast<int64_t>(bits % (9000ULL * 366 * kMicrosPerDay)) -
                  static_cast<int64_t>(1900ULL * 366 * kMicrosPerDay);
    if (i % 4 == 0) micros -= micros % 1'000'000;
    std::string text = FormatDateTime(micros);
    ASSERT_EQ(text.size(), micros % 1'000'000 == 0 ? 20u : 27u) << text;
    ASSERT_EQ(ParseDateTime(text), micros) << text;
    int64_t days = micros / kMicrosPerDay;
    ASSERT_EQ(ParseDate(FormatDate(days)), days) << FormatDate(days);
  }
}

TEST(TimeFormat, ParsesDurations) {
  EXPECT_EQ(*ParseDuration("90s"), std::chrono::seconds(90));
  EXPECT_EQ(*ParseDuration("30m"), std::chrono::minutes(30));
  EXPECT_EQ(*ParseDuration("8h"), std::chrono::hours(8));
  EXPECT_EQ(*ParseDuration("8"), std::chrono::hours(8));
  EXPECT_EQ(*ParseDuration("7d"), std::chrono::hours(24 * 7));
  EXPECT_EQ(*ParseDuration("1.5h"), std::chrono::minutes(90));
}

TEST(TimeFormat, RefusesDurationsThatAreNotPositiveOrTooLong) {
  for (const char* bad : {"", "0h", "-1d", "8w", "h", "nan", "nanh", "infd", "1e300d", "3651d"}) {
    auto parsed = ParseDuration(bad);
    EXPECT_FALSE(parsed.ok()) << bad;
    if (!parsed.ok()) {
      EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument) << bad;
    }
  }
  EXPECT_TRUE(ParseDuration("3650d").ok());
}

}  // namespace
}  // namespace tdm
