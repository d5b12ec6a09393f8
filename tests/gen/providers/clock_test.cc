// Clock providers: formats, windows around the pinned reference time, determinism and ULIDs.

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <algorithm>
#include <set>
#include <string>

#include "core/time_format.h"
#include "gen/providers/provider_checks.h"
#include "gen/test_tables.h"
#include "gen/word_lists.h"

namespace tdm::gen {
namespace {

using testing::ExpectIntegersInside;
using testing::Field;
using testing::Generate;
using testing::Generated;
using testing::InList;
using testing::kReferenceTime;
using testing::Plan;
using testing::RowTexts;
using testing::Strings;
using testing::TestContext;

constexpr int64_t kRows = 20000;

FieldSpec WithOption(FieldSpec f, const std::string& key, const std::string& value) {
  f.options[key] = value;
  return f;
}

DatasetPlan EveryClockField() {
  return Plan("t", 2000,
              {Field("at", "time"), Field("zone", "timezone"), Field("offset", "utc_offset"),
               Field("weekday", "day_of_week"), Field("month", "month_name"),
               Field("seen", "past_datetime"), Field("due", "future_datetime"),
               Field("born", "past_date"), Field("visit", "future_date"),
               Field("stamp", "unix_time"), Field("id", "ulid"), Field("notes", "paragraph")});
}

TEST(ClockProviders, NamesAndTimesHaveTheirDocumentedShapes) {
  Generated g = Generate(EveryClockField());
  ASSERT_TRUE(g.ok());
  RE2 time("([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]");
  RE2 offset("[+-](0[0-9]|1[0-4]):(00|30|45)");
  const auto& zones = WordList("en_US/clock_timezones.txt");
  std::set<std::string> weekdays, months;
  for (size_t i = 0; i < g.batch.num_rows; ++i) {
    ASSERT_TRUE(RE2::FullMatch(g.column("at").GetString(i), time)) << g.column("at").GetString(i);
    ASSERT_TRUE(RE2::FullMatch(g.column("offset").GetString(i), offset));
    ASSERT_TRUE(InList(zones, g.column("zone").GetString(i)));
    weekdays.emplace(g.column("weekday").GetString(i));
    months.emplace(g.column("month").GetString(i));
  }
  EXPECT_EQ(weekdays, (std::set<std::string>{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                                             "Saturday", "Sunday"}));
  EXPECT_EQ(months.size(), 12u);
  EXPECT_TRUE(months.count("September"));
}

TEST(ClockProviders, SameSeedSameValuesAndAnotherSeedOthers) {
  std::vector<std::string> a = RowTexts(Generate(EveryClockField(), TestContext(7)).batch);
  std::vector<std::string> b = RowTexts(Generate(EveryClockField(), TestContext(7)).batch);
  std::vector<std::string> c = RowTexts(Generate(EveryClockField(), TestContext(8)).batch);
  ASSERT_EQ(a.size(), 2000u);
  EXPECT_EQ(a, b);
  size_t same = 0;
  for (size_t i = 0; i < a.size(); ++i) same += a[i] == c[i] ? 1 : 0;
  EXPECT_EQ(same, 0u);
}

TEST(ClockProviders, PastAndFutureStayWithinTheirWindowAroundTheReferenceTime) {
  Generated g = Generate(Plan(
      "t", kRows,
      {WithOption(Field("seen", "past_datetime"), "within", "30d"),
       WithOption(Field("due", "future_datetime"), "within", "12h"),
       Field("default_past", "past_datetime"),
       WithOption(Field("born", "past_date"), "within", "2y"),
       WithOption(Field("visit", "future_date"), "within", "3w"), Field("stamp", "unix_time")}));
  ASSERT_TRUE(g.ok());
  int64_t s = kMicrosPerSecond;
  ExpectIntegersInside(g.column("seen"), kReferenceTime - 30 * kMicrosPerDay, kReferenceTime - s,
                       false);
  ExpectIntegersInside(g.column("due"), kReferenceTime + s, kReferenceTime + 12 * 3600 * s, false);
  ExpectIntegersInside(g.column("default_past"), kReferenceTime - 365 * kMicrosPerDay,
                       kReferenceTime - s, false);
  for (int64_t v : g.column("seen").ints()) ASSERT_EQ(v % s, 0);
  int64_t today = kReferenceTime / kMicrosPerDay;
  ExpectIntegersInside(g.column("born"), today - 730, today - 1);
  ExpectIntegersInside(g.column("visit"), today + 1, today + 21);
  int64_t ten_years_ago = DaysFromCivil({2016, 1, 1}) * 86'400;
  ExpectIntegersInside(g.column("stamp"), ten_years_ago, kReferenceTime / s - 1, false);
}

TEST(ClockProviders, BadWithinIsASpecError) {
  for (const char* within : {"30", "d", "-3d", "3x", "1.5d", "9999y"}) {
    DatasetPlan plan =
        Plan("t", 10, {WithOption(Field("seen", "past_datetime"), "within", within)});
    auto table = TableGenerator::Create(plan, TestContext(), [](std::string_view) {
      return static_cast<const TableGenerator*>(nullptr);
    });
    ASSERT_FALSE(table.ok()) << within;
    EXPECT_EQ(table.status().code(), StatusCode::kSpecError);
    EXPECT_NE(table.status().message().find("within"), std::string::npos);
  }
  DatasetPlan hours = Plan("t", 10, {WithOption(Field("d", "past_date"), "within", "12h")});
  EXPECT_FALSE(TableGenerator::Create(hours, TestContext(), [](std::string_view) {
                 return static_cast<const TableGenerator*>(nullptr);
               }).ok());
}

// Crockford base32 → the 48-bit timestamp in milliseconds.
int64_t UlidMillis(std::string_view ulid) {
  static constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  int64_t millis = 0;
  for (char c : ulid.substr(0, 10)) {
    millis = millis * 32 + static_cast<int64_t>(kAlphabet.find(c));
  }
  return millis;
}

TEST(ClockProviders, UlidsAreUniqueSortedInRowOrderAndStampedWithTheReferenceTime) {
  Generated g = Generate(Plan("t", kRows, {Field("id", "ulid")}));
  ASSERT_TRUE(g.ok());
  std::vector<std::string> ids = Strings(g.column("id"));
  RE2 shape("[0-7][0-9A-HJKMNP-TV-Z]{25}");
  for (const std::string& id : ids) {
    ASSERT_TRUE(RE2::FullMatch(id, shape)) << id;
    ASSERT_EQ(UlidMillis(id), kReferenceTime / 1000);
  }
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
  // A later batch of the same table continues the order (values depend on the row only).
  Generated more = Generate(Plan("t", kRows + 5, {Field("id", "ulid")}));
  EXPECT_EQ(more.column("id").GetString(kRows - 1), ids.back());
  EXPECT_LT(ids.back(), std::string(more.column("id").GetString(kRows)));
}

TEST(ClockProviders, ParagraphHasTheRequestedNumberOfSentences) {
  FieldSpec two = Field("p", "paragraph");
  two.options = {{"min_sentences", "2"}, {"max_sentences", "2"}};
  Generated g = Generate(Plan("t", 2000, {two, Field("q", "paragraph")}));
  ASSERT_TRUE(g.ok());
  std::set<size_t> counts;
  for (size_t i = 0; i < g.batch.num_rows; ++i) {
    std::string_view p = g.column("p").GetString(i);
    ASSERT_EQ(std::count(p.begin(), p.end(), '.'), 2) << p;
    std::string_view q = g.column("q").GetString(i);
    counts.insert(static_cast<size_t>(std::count(q.begin(), q.end(), '.')));
    ASSERT_TRUE(q[0] >= 'A' && q[0] <= 'Z');
  }
  EXPECT_EQ(counts, (std::set<size_t>{3, 4, 5, 6}));
}

}  // namespace
}  // namespace tdm::gen
