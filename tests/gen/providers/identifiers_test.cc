// object_id, uuid and sequence: the documented formats.

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <cstdio>
#include <set>
#include <string>

#include "core/time_format.h"
#include "gen/test_tables.h"

namespace tdm::gen {
namespace {

using testing::Field;
using testing::Generate;
using testing::Generated;
using testing::kReferenceTime;
using testing::Plan;

constexpr int64_t kRows = 20000;

TEST(IdentifierProviders, ObjectIdIs24LowercaseHexStampedWithTheReferenceTime) {
  Generated g = Generate(Plan("t", kRows, {Field("_id", "object_id")}));
  ASSERT_TRUE(g.ok());
  char stamp[9];
  std::snprintf(stamp, sizeof(stamp), "%08x",
                static_cast<unsigned>(kReferenceTime / kMicrosPerSecond));
  RE2 shape("[0-9a-f]{24}");
  const Column& ids = g.column("_id");
  ASSERT_EQ(ids.size(), static_cast<size_t>(kRows));
  for (size_t i = 0; i < ids.size(); ++i) {
    ASSERT_TRUE(RE2::FullMatch(ids.GetString(i), shape)) << ids.GetString(i);
    ASSERT_EQ(ids.GetString(i).substr(0, 8), stamp);
  }
}

TEST(IdentifierProviders, UuidIsCanonicalVersion4) {
  Generated g = Generate(Plan("t", kRows, {Field("id", "uuid")}));
  ASSERT_TRUE(g.ok());
  RE2 shape("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  const Column& ids = g.column("id");
  std::set<char> variants;
  for (size_t i = 0; i < ids.size(); ++i) {
    ASSERT_TRUE(RE2::FullMatch(ids.GetString(i), shape)) << ids.GetString(i);
    variants.insert(ids.GetString(i)[19]);
  }
  EXPECT_EQ(variants.size(), 4u);  // 8, 9, a and b all occur: the 62 free bits are used
}

TEST(IdentifierProviders, SequenceCountsFromStartByStep) {
  FieldSpec up = Field("n", "sequence");
  up.sequence_start = 100;
  up.sequence_step = 5;
  FieldSpec down = Field("d", "sequence");
  down.sequence_start = -7;
  down.sequence_step = -3;
  FieldSpec text = Field("s", "sequence");
  text.type = ColumnType::kString;
  FieldSpec plain = Field("p", "sequence");
  Generated g = Generate(Plan("t", 1000, {up, down, text, plain}));
  ASSERT_TRUE(g.ok());
  for (int64_t row = 0; row < 1000; ++row) {
    auto i = static_cast<size_t>(row);
    ASSERT_EQ(g.column("n").GetInt(i), 100 + 5 * row);
    ASSERT_EQ(g.column("d").GetInt(i), -7 - 3 * row);
    ASSERT_EQ(g.column("s").GetString(i), std::to_string(1 + row));
    ASSERT_EQ(g.column("p").GetInt(i), 1 + row);
  }
}

}  // namespace
}  // namespace tdm::gen
