// date and datetime: inclusive bounds, whole seconds, and defaults before the pinned "now".

#include <gtest/gtest.h>

#include <set>

#include "core/time_format.h"
#include "gen/providers/provider_checks.h"
#include "gen/test_tables.h"

namespace tdm::gen {
namespace {

using testing::ExpectIntegersInside;
using testing::Field;
using testing::Generate;
using testing::Generated;
using testing::kReferenceTime;
using testing::Plan;

constexpr int64_t kRows = 20000;

TEST(TemporalProviders, DatesStayInsideTheirInclusiveBounds) {
  int64_t lo = DaysFromCivil({2020, 2, 27});
  int64_t hi = DaysFromCivil({2020, 3, 2});  // a leap year: 5 days
  FieldSpec bounded = Field("d", "date");
  bounded.int_min = lo;
  bounded.int_max = hi;
  Generated g = Generate(Plan("t", kRows, {bounded, Field("default_date", "date")}));
  ASSERT_TRUE(g.ok());
  ExpectIntegersInside(g.column("d"), lo, hi);
  std::set<int64_t> seen(g.column("d").ints().begin(), g.column("d").ints().end());
  EXPECT_EQ(seen.size(), 5u);
  // Default: the three years before the reference date, never the reference date itself.
  int64_t today = kReferenceTime / kMicrosPerDay;
  ExpectIntegersInside(g.column("default_date"), today - 1 - 3 * 365, today - 1);
}

TEST(TemporalProviders, DateTimesStayInsideTheirInclusiveBoundsAtWholeSeconds) {
  // Bounds off whole seconds: the first and last whole seconds inside them are drawn.
  int64_t lo = kReferenceTime - 10 * kMicrosPerSecond + 1;
  int64_t hi = kReferenceTime - 1;
  FieldSpec bounded = Field("t", "datetime");
  bounded.int_min = lo;
  bounded.int_max = hi;
  FieldSpec exact = Field("e", "datetime");
  exact.int_min = kReferenceTime - 4 * kMicrosPerSecond;
  exact.int_max = kReferenceTime;
  Generated g = Generate(Plan("x", kRows, {bounded, exact, Field("created_at", "datetime")}));
  ASSERT_TRUE(g.ok());
  const Column& t = g.column("t");
  std::set<int64_t> seen;
  for (size_t i = 0; i < t.size(); ++i) {
    ASSERT_GE(t.GetInt(i), lo);
    ASSERT_LE(t.GetInt(i), hi);
    ASSERT_EQ(t.GetInt(i) % kMicrosPerSecond, 0);
    seen.insert(t.GetInt(i));
  }
  EXPECT_EQ(seen.size(), 9u);
  ExpectIntegersInside(g.column("e"), kReferenceTime - 4 * kMicrosPerSecond, kReferenceTime);
  // Default: the three years before the pinned "now", strictly before it.
  ExpectIntegersInside(g.column("created_at"),
                       kReferenceTime - kMicrosPerSecond - 3 * 365 * kMicrosPerDay,
                       kReferenceTime - kMicrosPerSecond, /*reach_ends=*/false);
}

}  // namespace
}  // namespace tdm::gen
