// Unique columns stay unique at a million rows: their values come from a keyed permutation of the
// row index (or the row number itself), never from a "seen" set.
#include <gtest/gtest.h>

#include <algorithm>
#include <string_view>
#include <vector>

#include "gen/test_tables.h"

namespace tdm::gen {
namespace {

using testing::Field;
using testing::Generate;
using testing::Generated;
using testing::Plan;

constexpr int64_t kRows = 1'000'000;

// Number of values that equal an earlier one.
size_t DuplicateStrings(const Column& column) {
  std::vector<std::string_view> values;
  values.reserve(column.size());
  for (size_t i = 0; i < column.size(); ++i) values.push_back(column.GetString(i));
  std::sort(values.begin(), values.end());
  return static_cast<size_t>(values.end() - std::unique(values.begin(), values.end()));
}

size_t DuplicateInts(const Column& column) {
  std::vector<int64_t> values = column.ints();
  std::sort(values.begin(), values.end());
  return static_cast<size_t>(values.end() - std::unique(values.begin(), values.end()));
}

// A one-column table (plus a full_name column for providers that derive from it) of kRows rows.
Generated GenerateUnique(FieldSpec field, bool with_name = false) {
  field.unique = true;
  std::vector<FieldSpec> fields;
  if (with_name) fields.push_back(Field("name", "full_name"));
  fields.push_back(std::move(field));
  return Generate(Plan("users", kRows, fields));
}

TEST(Uniqueness, EmailIsUniqueAtAMillionRows) {
  Generated g = GenerateUnique(Field("email", "email"), /*with_name=*/true);
  ASSERT_TRUE(g.ok());
  ASSERT_EQ(g.column("email").size(), static_cast<size_t>(kRows));
  EXPECT_EQ(DuplicateStrings(g.column("email")), 0u);
}

TEST(Uniqueness, PhoneIsUniqueAtAMillionRows) {
  Generated g = GenerateUnique(Field("phone", "phone"));
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(DuplicateStrings(g.column("phone")), 0u);
}

TEST(Uniqueness, ObjectIdIsUniqueAtAMillionRows) {
  Generated g = GenerateUnique(Field("_id", "object_id"));
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(DuplicateStrings(g.column("_id")), 0u);
}

TEST(Uniqueness, UuidIsUniqueAtAMillionRows) {
  Generated g = GenerateUnique(Field("id", "uuid"));
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(DuplicateStrings(g.column("id")), 0u);
}

TEST(Uniqueness, IntegerIsUniqueOverAWiderRange) {
  FieldSpec f = Field("n", "integer");
  f.int_min = -500'000;
  f.int_max = 999'999;
  Generated g = GenerateUnique(f);
  ASSERT_TRUE(g.ok());
  const Column& n = g.column("n");
  EXPECT_EQ(DuplicateInts(n), 0u);
  auto [lo, hi] = std::minmax_element(n.ints().begin(), n.ints().end());
  EXPECT_GE(*lo, -500'000);
  EXPECT_LE(*hi, 999'999);
}

TEST(Uniqueness, IntegerOverAnExactRangeIsAPermutation) {
  FieldSpec f = Field("n", "integer");
  f.int_min = 1;
  f.int_max = kRows;
  Generated g = GenerateUnique(f);
  ASSERT_TRUE(g.ok());
  std::vector<int64_t> values = g.column("n").ints();
  std::sort(values.begin(), values.end());
  ASSERT_EQ(values.size(), static_cast<size_t>(kRows));
  EXPECT_EQ(values.front(), 1);
  EXPECT_EQ(values.back(), kRows);
  EXPECT_EQ(std::adjacent_find(values.begin(), values.end()), values.end());
}

TEST(Uniqueness, RegexIsUniqueAtAMillionRows) {
  FieldSpec sku = Field("sku", "regex");
  sku.pattern = "[A-Z]{2}-[0-9]{5}";
  Generated g = GenerateUnique(sku);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(DuplicateStrings(g.column("sku")), 0u);
}

TEST(Uniqueness, RegexWithExactlyAMillionStringsUsesEachOnce) {
  FieldSpec tight = Field("code", "regex");
  tight.pattern = "[0-9]{6}";
  Generated t = GenerateUnique(tight);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(DuplicateStrings(t.column("code")), 0u);
}

TEST(Uniqueness, DateTimeIsUniqueAtAMillionRows) {
  Generated g = GenerateUnique(Field("created_at", "datetime"));
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(DuplicateInts(g.column("created_at")), 0u);
}

}  // namespace
}  // namespace tdm::gen
