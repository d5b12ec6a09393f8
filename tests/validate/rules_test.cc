// Rules compiled from a spec: constraint texts as written, field comparisons for date order,
// back-references from the schema file, and PII keys.
#include "validate/rules.h"

#include <gtest/gtest.h>

#include "spec/constraint.h"
#include "validate_fixture.h"

namespace tdm::validate_test {
namespace {

TEST(ConstraintFieldComparisonTest, SnakeCaseNamesAreFieldReferences) {
  auto c = spec::ParseConstraint(">= created_at AND < now()");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_EQ(c->fields.size(), 1u);
  EXPECT_EQ(c->fields[0].op, ">=");
  EXPECT_EQ(c->fields[0].field, "created_at");
  EXPECT_FALSE(c->lower.has_value());
  ASSERT_TRUE(c->upper.has_value());
  EXPECT_EQ(c->upper->kind, spec::Bound::Kind::kNow);
  // A word without an underscore is still a misspelt literal, not a field.
  EXPECT_FALSE(spec::ParseConstraint("> abc").ok());
  EXPECT_FALSE(spec::ParseConstraint("< tomorrow").ok());
}

TEST(CompileRulesTest, KeepsTheRulesAsWritten) {
  ValidateFixture fixture("");
  auto spec = spec::LoadAndResolve(fixture.record().spec_path);
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  auto rules = validate::CompileRules(*spec);
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  ASSERT_EQ(rules->size(), 2u);
  const validate::TableRules& users = (*rules)[0];
  EXPECT_EQ(users.table, "users");
  EXPECT_TRUE(users.strict);
  EXPECT_EQ(users.key, "_id");
  EXPECT_FALSE(users.key_is_pii);
  const validate::ColumnRules* age = users.Find("age");
  ASSERT_NE(age, nullptr);
  EXPECT_EQ(age->constraint, "> 0 AND < 150");
  ASSERT_TRUE(age->lower && age->upper);
  EXPECT_EQ(age->lower->value, 0);
  EXPECT_FALSE(age->lower->inclusive);
  EXPECT_EQ(age->upper->value, 150);
  const validate::ColumnRules* updated = users.Find("updated_at");
  ASSERT_NE(updated, nullptr);
  ASSERT_EQ(updated->order.size(), 1u);
  EXPECT_EQ(updated->order[0].other, "created_at");
  EXPECT_TRUE(users.Find("email")->pii);
  EXPECT_TRUE(users.Find("name")->required);
  ASSERT_EQ(users.back_references.size(), 1u);
  EXPECT_EQ(users.back_references[0].child, "movies");
  ASSERT_EQ(users.unique_sets.size(), 1u);
  EXPECT_EQ(users.unique_sets[0].columns, std::vector<std::string>{"email"});
  const validate::TableRules& movies = (*rules)[1];
  ASSERT_EQ(movies.foreign_keys.size(), 1u);
  EXPECT_EQ(validate::ForeignKeyRuleName(movies.foreign_keys[0]), "foreign_key users._id");
  // Only the tables asked for, and back-references only to children among them.
  auto only_users = validate::CompileRules(*spec, {"users"});
  ASSERT_TRUE(only_users.ok());
  ASSERT_EQ(only_users->size(), 1u);
  EXPECT_TRUE((*only_users)[0].back_references.empty());
}

}  // namespace
}  // namespace tdm::validate_test
