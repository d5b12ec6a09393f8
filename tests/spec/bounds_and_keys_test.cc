// One-sided bounds, unique domains, model hashing of unset bounds, and key rules.
#include <gtest/gtest.h>

#include "spec/field_resolver.h"
#include "spec_test_util.h"

namespace tdm::spec {
namespace {

using testing::PlanText;
using testing::ResolveText;

const gen::FieldSpec& FieldOf(const ResolvedSpec& spec, const std::string& table,
                              const std::string& field) {
  return *spec.Find(table)->FindField(field);
}

TEST(BoundsTest, AMinBeyondTheDefaultMaxMovesTheWindow) {
  auto spec = ResolveText(
      "datasets:\n"
      "  items:\n"
      "    fields:\n"
      "      n: {type: integer, min: 2000}\n"
      "      p: {type: float, min: 5000}\n"
      "      at: {type: datetime, min: \"2030-01-01\"}\n");
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  const gen::FieldSpec& n = FieldOf(*spec, "items", "n");
  EXPECT_EQ(n.int_min, 2000);
  EXPECT_EQ(n.int_max, 3000);
  const gen::FieldSpec& p = FieldOf(*spec, "items", "p");
  EXPECT_EQ(p.float_min, 5000.0);
  EXPECT_EQ(p.float_max, 6000.0);
  const gen::FieldSpec& at = FieldOf(*spec, "items", "at");
  ASSERT_TRUE(at.int_min && at.int_max);
  EXPECT_LT(*at.int_min, *at.int_max);
}

TEST(BoundsTest, AMaxBelowTheDefaultMinMovesTheWindow) {
  auto spec = ResolveText(
      "datasets:\n"
      "  items:\n"
      "    fields:\n"
      "      n: {type: integer, max: -50}\n");
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_EQ(FieldOf(*spec, "items", "n").int_min, -1050);
  EXPECT_EQ(FieldOf(*spec, "items", "n").int_max, -50);
}

TEST(BoundsTest, UniqueDatetimeWithOnlyAMinPlans) {
  auto plan = PlanText(
      "reference_time: \"2026-01-01T00:00:00Z\"\n"
      "datasets:\n"
      "  events:\n"
      "    volume: 1000\n"
      "    fields:\n"
      "      at: {type: datetime, min: \"2024-01-01\", unique: true}\n"
      "      day: {type: date, min: now-30d, unique: true, nullable: false}\n",
      {"local", "all", 20, std::nullopt});
  EXPECT_TRUE(plan.ok()) << plan.status().ToString();
}

TEST(BoundsTest, FloatBoundTooLargeForItsDecimalsIsRejected) {
  auto spec = ResolveText(
      "datasets:\n"
      "  items:\n"
      "    fields:\n"
      "      p: {type: float, max: 1e12, decimals: 9}\n");
  ASSERT_FALSE(spec.ok());
  EXPECT_EQ(spec.status().code(), StatusCode::kSpecError);
  EXPECT_NE(spec.status().message().find("too large"), std::string::npos);
}

TEST(BoundsTest, OverflowingSequenceIsRejectedByThePlan) {
  auto plan = PlanText(
      "datasets:\n"
      "  items:\n"
      "    fields:\n"
      "      n: {provider: sequence, start: 9223372036854775000, step: 10}\n",
      {"local", "all", 1000, std::nullopt});
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.status().message().find("overflows"), std::string::npos);
}

TEST(ModelHashTest, AnUnsetBoundDiffersFromZero) {
  auto unset = ResolveText("datasets:\n  p:\n    fields:\n      age: {provider: age}\n");
  auto zero = ResolveText("datasets:\n  p:\n    fields:\n      age: {provider: age, min: 0}\n");
  ASSERT_TRUE(unset.ok() && zero.ok());
  EXPECT_NE(unset->content_hash, zero->content_hash);
}

TEST(KeysTest, OnlyOneRelationshipMaySetChildrenPerParent) {
  auto spec = ResolveText(
      "datasets:\n"
      "  users: {factory: UserFactory}\n"
      "  products: {factory: ProductFactory}\n"
      "  orders:\n"
      "    fields:\n"
      "      _id: {type: ObjectId}\n"
      "    relationships:\n"
      "      - {foreign_key: user_id, collection: users, min: 2, max: 4}\n"
      "      - {foreign_key: product_id, collection: products, min: 0, max: 1}\n");
  ASSERT_FALSE(spec.ok());
  EXPECT_EQ(spec.status().code(), StatusCode::kSpecError);
  EXPECT_NE(spec.status().message().find("only one relationship"), std::string::npos);
}

TEST(KeysTest, UniqueRegexNeedsAnUnambiguousPattern) {
  auto ambiguous = ResolveText(
      "datasets:\n"
      "  items:\n"
      "    fields:\n"
      "      code: {provider: regex, pattern: \"[a-c]{1,2}[a-c]{0,1}\", unique: true}\n");
  ASSERT_FALSE(ambiguous.ok());
  EXPECT_NE(ambiguous.status().message().find("fixed repeat counts"), std::string::npos);
  auto fixed = ResolveText(
      "datasets:\n"
      "  items:\n"
      "    fields:\n"
      "      code: {provider: regex, pattern: \"[A-Z]{3}-\\\\d{4}\\\\+[?]\", unique: true}\n");
  EXPECT_TRUE(fixed.ok()) << fixed.status().ToString();
  EXPECT_TRUE(PatternEnumeratesUniquely("SKU-[0-9]{8}"));
  EXPECT_FALSE(PatternEnumeratesUniquely("(a|b)c"));
  EXPECT_FALSE(PatternEnumeratesUniquely("a+"));
  EXPECT_TRUE(PatternEnumeratesUniquely("a{3,3}[|*+?]"));
}

}  // namespace
}  // namespace tdm::spec
