// Bad specs that the resolver and the planner reject: each gives kSpecError at the file:line:column
// of the offending token, with a message that says what is wrong and, for a misspelt name, what
// was meant.
#include <gtest/gtest.h>

#include <string>

#include "spec/resolver.h"
#include "spec_test_util.h"

namespace tdm::spec {
namespace {

using testing::IsSpecErrorAt;
using testing::MessageHas;
using testing::PlanText;
using testing::ResolveText;

constexpr const char* kSpec = "data-spec.yaml";
constexpr const char* kSchema = "schema-validation.yaml";

TEST(SpecErrorTest, UnknownTypeSuggestsTheKnownOne) {
  const std::string text =
      "datasets:\n"
      "  users:\n"
      "    fields:\n"
      "      age:\n"
      "        type: integr\n";
  EXPECT_TRUE(IsSpecErrorAt(
      ResolveText(text).status(), kSpec, text, "integr\n",
      {"field 'users.age'", "unknown type 'integr'", "did you mean 'integer'", "types: string"}));
}

TEST(SpecErrorTest, UnknownTypeInSchemaPointsAtTheSchema) {
  const std::string spec = "datasets:\n  users:\n";
  const std::string schema =
      "collections:\n"
      "  users:\n"
      "    fields:\n"
      "      created_at: {type: dattime}\n";
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(spec, schema).status(), kSchema, schema, "dattime",
                            {"unknown type 'dattime'", "did you mean 'datetime'"}));
}

TEST(SpecErrorTest, AnOptionTheProviderDoesNotTakeIsRejectedWhereItIsWritten) {
  const std::string text =
      "datasets:\n"
      "  users:\n"
      "    fields:\n"
      "      name: {provider: full_name, options: {brnd: visa}}\n";
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(text).status(), kSpec, text, "brnd",
                            {"field 'users.name'", "no option 'brnd'", "takes none"}));
}

TEST(SpecErrorTest, ABadOptionValueNamesTheFieldOnceAndListsTheAcceptedValues) {
  const std::string text =
      "datasets:\n"
      "  users:\n"
      "    fields:\n"
      "      card: {provider: card_number, options: {brand: visaa}}\n";
  Status status = PlanText(text).status();
  EXPECT_TRUE(MessageHas(status, {"field 'users.card': card_number brand 'visaa'", "amex"}))
      << status.ToString();
  EXPECT_EQ(status.message().find("field 'card'"), std::string::npos) << status.ToString();
}

TEST(SpecErrorTest, OptionsMustBeAMapping) {
  const std::string text =
      "datasets:\n"
      "  users:\n"
      "    fields:\n"
      "      name: {provider: full_name, options: visa}\n";
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(text).status(), kSpec, text, "visa",
                            {"must be a mapping of provider parameters"}));
}

TEST(SpecErrorTest, UnknownProviderSuggestsTheKnownOne) {
  const std::string text =
      "datasets:\n"
      "  users:\n"
      "    fields:\n"
      "      contact:\n"
      "        provider: emal\n";
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(text).status(), kSpec, text, "emal",
                            {"field 'users.contact'", "unknown provider 'emal'",
                             "did you mean 'email'", "data-cli providers"}));
}

TEST(SpecErrorTest, UnknownFactorySuggestsTheKnownOne) {
  const std::string text =
      "datasets:\n"
      "  users:\n"
      "    factory: UserFactroy\n";
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(text).status(), kSpec, text, "UserFactroy",
                            {"dataset 'users'", "unknown factory 'UserFactroy'",
                             "did you mean 'UserFactory'", "MovieFactory"}));
}

TEST(SpecErrorTest, UnknownFactoryWithoutCloseMatchListsTheBuiltIns) {
  const std::string text =
      "datasets:\n"
      "  things:\n"
      "    factory: Widget\n";
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(text).status(), kSpec, text, "Widget",
                            {"unknown factory 'Widget'",
                             "built-in: UserFactory, MovieFactory, "
                             "ProductFactory, OrderFactory"}));
}

TEST(SpecErrorTest, RelationshipCycleNamesThePath) {
  const std::string text =
      "datasets:\n"
      "  a:\n"
      "    fields:\n"
      "      _id: {type: ObjectId, primary_key: true}\n"
      "      b_id: {foreign_key: b._id}\n"
      "  b:\n"
      "    fields:\n"
      "      _id: {type: ObjectId, primary_key: true}\n"
      "      a_id: {foreign_key: a._id}\n";
  EXPECT_TRUE(
      IsSpecErrorAt(ResolveText(text).status(), kSpec, text, "b_id", {"cycle", "a -> b -> a"}));
}

TEST(SpecErrorTest, RelationshipCycleThroughRelationshipEntries) {
  const std::string text =
      "datasets:\n"
      "  a:\n"
      "    fields: {_id: {type: ObjectId}}\n"
      "    relationships:\n"
      "      - {foreign_key: b_id, collection: b}\n"
      "  b:\n"
      "    fields: {_id: {type: ObjectId}}\n"
      "    relationships:\n"
      "      - b_id2 -> c._id\n"
      "  c:\n"
      "    fields: {_id: {type: ObjectId}}\n"
      "    relationships:\n"
      "      - a_id -> a._id (foreign key)\n";
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(text).status(), kSpec, text, "{foreign_key: b_id",
                            {"cycle", "a -> b -> c -> a"}));
}

TEST(SpecErrorTest, SelfReferenceIsAnError) {
  const std::string text =
      "datasets:\n"
      "  employees:\n"
      "    fields:\n"
      "      _id: {type: ObjectId}\n"
      "      manager_id: {foreign_key: employees._id}\n";
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(text).status(), kSpec, text, "manager_id",
                            {"employees.manager_id", "own table"}));
}

TEST(SpecErrorTest, ForeignKeyToMissingTableWithoutFactory) {
  const std::string text =
      "datasets:\n"
      "  invoices:\n"
      "    fields:\n"
      "      _id: {type: ObjectId}\n"
      "      widget_id: {foreign_key: widgets._id}\n";
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(text).status(), kSpec, text, "widget_id",
                            {"'invoices' references 'widgets'", "not defined",
                             "no built-in factory", "add it under 'datasets:'"}));
}

TEST(SpecErrorTest, RelationshipToMissingTableSuggestsADefinedOne) {
  const std::string text =
      "datasets:\n"
      "  customers:\n"
      "    fields: {_id: {type: ObjectId}}\n"
      "  invoices:\n"
      "    fields: {_id: {type: ObjectId}}\n"
      "    relationships:\n"
      "      - customer_id -> customer._id (foreign key)\n";
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(text).status(), kSpec, text, "customer_id ->",
                            {"references 'customer'", "did you mean 'customers'"}));
}

TEST(SpecErrorTest, ForeignKeyToMissingField) {
  const std::string text =
      "datasets:\n"
      "  users:\n"
      "    factory: UserFactory\n"
      "  movies:\n"
      "    factory: MovieFactory\n"
      "    fields:\n"
      "      user_id: {foreign_key: users.emai}\n";
  EXPECT_TRUE(
      IsSpecErrorAt(ResolveText(text).status(), kSpec, text, "user_id",
                    {"movies.user_id", "users.emai", "does not exist", "did you mean 'email'"}));
}

TEST(SpecErrorTest, ForeignKeyToNonUniqueField) {
  const std::string text =
      "datasets:\n"
      "  users:\n"
      "    factory: UserFactory\n"
      "  movies:\n"
      "    relationships:\n"
      "      - user_name -> users.name\n";
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(text).status(), kSpec, text, "user_name ->",
                            {"movies.user_name", "users.name", "not a unique, non-null key"}));
}

TEST(SpecErrorTest, InvertedRangePointsAtMin) {
  const std::string text =
      "datasets:\n"
      "  items:\n"
      "    fields:\n"
      "      qty: {type: integer, min: 10, max: 5}\n";
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(text).status(), kSpec, text, "10, max",
                            {"items.qty", "inverted", "min 10", "max 5"}));
}

TEST(SpecErrorTest, InvertedDateRange) {
  const std::string text =
      "datasets:\n"
      "  items:\n"
      "    fields:\n"
      "      sold:\n"
      "        type: date\n"
      "        min: 2024-05-01\n"
      "        max: 2024-01-01\n";
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(text).status(), kSpec, text, "2024-05-01",
                            {"items.sold", "inverted"}));
}

TEST(SpecErrorTest, EmptyConstraintRange) {
  const std::string text =
      "datasets:\n"
      "  items:\n"
      "    fields:\n"
      "      qty:\n"
      "        type: integer\n"
      "        constraint: \"> 10 AND < 5\"\n";
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(text).status(), kSpec, text, "\"> 10",
                            {"items.qty", "\"> 10 AND < 5\"", "admits no value"}));
}

TEST(SpecErrorTest, ConstraintWithNoWholeValue) {
  const std::string text =
      "datasets:\n"
      "  items:\n"
      "    fields:\n"
      "      qty: {type: integer, constraint: \"> 1 AND < 2\"}\n";
  EXPECT_TRUE(
      IsSpecErrorAt(ResolveText(text).status(), kSpec, text, "\"> 1", {"items.qty", "no value"}));
}

TEST(SpecErrorTest, ConstraintAndMinMaxThatDoNotOverlap) {
  const std::string text =
      "datasets:\n"
      "  items:\n"
      "    fields:\n"
      "      qty: {type: integer, min: 1, max: 5, constraint: \"> 10\"}\n";
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(text).status(), kSpec, text, "\"> 10",
                            {"items.qty", "empty range"}));
}

TEST(SpecErrorTest, UnreadableConstraintPointsAtIt) {
  const std::string text =
      "datasets:\n"
      "  items:\n"
      "    fields:\n"
      "      qty: {type: integer, constraint: \"between 1 and 5\"}\n";
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(text).status(), kSpec, text, "\"between",
                            {"items.qty", "cannot read constraint", "does not start with"}));
}

TEST(SpecErrorTest, ConstraintOnTextIsAnError) {
  const std::string text =
      "datasets:\n"
      "  items:\n"
      "    fields:\n"
      "      label: {type: string, constraint: \"> 3\"}\n";
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(text).status(), kSpec, text, "\"> 3",
                            {"items.label", "numbers, dates and datetimes"}));
}

TEST(SpecErrorTest, TrailingAndInConstraintIsAnError) {
  const std::string text =
      "datasets:\n"
      "  items:\n"
      "    fields:\n"
      "      qty: {type: integer, constraint: \"> 0 AND\"}\n";
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(text).status(), kSpec, text, "\"> 0 AND",
                            {"items.qty", "cannot read '0 AND'"}));
}

TEST(SpecErrorTest, PatternThatDoesNotCompile) {
  const std::string text =
      "datasets:\n"
      "  items:\n"
      "    fields:\n"
      "      code:\n"
      "        type: string\n"
      "        pattern: \"[A-Z\"\n";
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(text).status(), kSpec, text, "\"[A-Z",
                            {"items.code", "pattern \"[A-Z\"", "does not compile"}));
}

TEST(SpecErrorTest, PatternInSchemaThatDoesNotCompile) {
  const std::string spec = "datasets:\n  users:\n";
  const std::string schema =
      "collections:\n"
      "  users:\n"
      "    fields:\n"
      "      email: {pattern: \"(a\"}\n";
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(spec, schema).status(), kSchema, schema, "\"(a",
                            {"users.email", "does not compile"}));
}

TEST(SpecErrorTest, UniqueEnumSmallerThanVolumeIsCaughtByThePlan) {
  const std::string text =
      "datasets:\n"
      "  tickets:\n"
      "    volume: 10\n"
      "    fields:\n"
      "      _id: {type: ObjectId}\n"
      "      tier: {values: [gold, silver, bronze], unique: true}\n";
  ASSERT_TRUE(ResolveText(text).ok()) << ResolveText(text).status().ToString();
  EXPECT_TRUE(
      IsSpecErrorAt(PlanText(text).status(), kSpec, text, "tier",
                    {"tickets.tier", "unique", "only 3 distinct values", "volume is 10 rows"}));
  auto fits = PlanText(text, testing::Request("local", "all", 3));
  EXPECT_TRUE(fits.ok()) << fits.status().ToString();
}

TEST(SpecErrorTest, UniqueIntegerRangeSmallerThanVolumeIsCaughtByThePlan) {
  const std::string text =
      "datasets:\n"
      "  seats:\n"
      "    volume: 100\n"
      "    fields:\n"
      "      _id: {type: ObjectId}\n"
      "      number: {type: integer, min: 1, max: 5, unique: true}\n";
  ASSERT_TRUE(ResolveText(text).ok()) << ResolveText(text).status().ToString();
  EXPECT_TRUE(IsSpecErrorAt(PlanText(text).status(), kSpec, text, "number:",
                            {"seats.number", "only 5 distinct values", "volume is 100 rows"}));
}

TEST(SpecErrorTest, UniqueFieldWhoseProviderCannotBeUnique) {
  const std::string text =
      "datasets:\n"
      "  posts:\n"
      "    fields:\n"
      "      body: {provider: sentence, unique: true}\n";
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(text).status(), kSpec, text, "body",
                            {"posts.body", "cannot guarantee unique values"}));
}

TEST(SpecErrorTest, NegativeCountIsAnInvalidArgument) {
  auto spec = ResolveText("datasets:\n  users:\n");
  ASSERT_TRUE(spec.ok());
  auto plan = PlanProvision(*spec, testing::Request("local", "all", -1));
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(MessageHas(plan.status(), {"--count must not be negative", "-1"}));
}

TEST(SpecErrorTest, UnsupportedGeneratorVersion) {
  const std::string text =
      "generator: 99\n"
      "datasets:\n"
      "  users:\n";
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(text).status(), kSpec, text, "99",
                            {"'generator: 99' is not supported", "supported: 1..1"}));
}

TEST(SpecErrorTest, BadReferenceTime) {
  const std::string text =
      "reference_time: yesterday\n"
      "datasets:\n"
      "  users:\n";
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(text).status(), kSpec, text, "yesterday",
                            {"'reference_time'", "ISO-8601", "'yesterday'"}));
}

TEST(SpecErrorTest, StrictSchemaRejectsAFieldOfTheDataSpec) {
  const std::string spec =
      "datasets:\n"
      "  users:\n"
      "    factory: UserFactory\n"
      "    fields:\n"
      "      nickname: {type: string}\n";
  const std::string schema =
      "collections:\n"
      "  users:\n"
      "    strict: true\n"
      "    fields:\n"
      "      _id: {type: ObjectId}\n"
      "      email: {type: string}\n";
  EXPECT_TRUE(
      IsSpecErrorAt(ResolveText(spec, schema).status(), kSpec, spec, "nickname",
                    {"users.nickname", "not allowed", "strict", "schema-validation.yaml:2"}));
}

TEST(SpecErrorTest, StrictSchemaDropsFactoryFieldsWithANote) {
  const std::string spec = "datasets:\n  users:\n    factory: UserFactory\n";
  const std::string schema =
      "collections:\n"
      "  users:\n"
      "    strict: true\n"
      "    fields:\n"
      "      _id: {type: ObjectId}\n"
      "      email: {type: string}\n";
  auto resolved = ResolveText(spec, schema);
  ASSERT_TRUE(resolved.ok()) << resolved.status().ToString();
  EXPECT_EQ(resolved->Find("users")->fields.size(), 2u);
  ASSERT_FALSE(resolved->notes.empty());
  EXPECT_NE(resolved->notes[0].find("left out name, phone, created_at, age"), std::string::npos)
      << resolved->notes[0];
}

TEST(SpecErrorTest, IndexNamingAMissingField) {
  const std::string text =
      "datasets:\n"
      "  users:\n"
      "    factory: UserFactory\n"
      "    indexes:\n"
      "      - {fields: [emal], unique: true}\n";
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(text).status(), kSpec, text, "{fields: [emal]",
                            {"index 'users_emal_idx'", "field 'emal'", "did you mean 'email'"}));
}

TEST(SpecErrorTest, SchemaIndexNamingAMissingFieldPointsAtTheSchema) {
  const std::string spec = "datasets:\n  users:\n";
  const std::string schema =
      "collections:\n"
      "  users:\n"
      "    indexes:\n"
      "      - fields: [phone, zip]\n"
      "        name: phone_zip\n";
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(spec, schema).status(), kSchema, schema, "fields: [phone",
                            {"index 'phone_zip'", "field 'zip'"}));
}

TEST(SpecErrorTest, DatasetWithoutFieldsOrFactory) {
  const std::string text =
      "datasets:\n"
      "  gadgets:\n"
      "    volume: 3\n";
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(text).status(), kSpec, text, "gadgets",
                            {"'gadgets' has no fields", "UserFactory"}));
}

TEST(SpecErrorTest, WeightsThatDoNotMatchValues) {
  const std::string text =
      "datasets:\n"
      "  orders:\n"
      "    fields:\n"
      "      _id: {type: ObjectId}\n"
      "      status: {values: [a, b], weights: [1, 2, 3]}\n";
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(text).status(), kSpec, text, "[1, 2, 3]",
                            {"orders.status", "'weights' has 3 entries", "'values' has 2"}));
}

TEST(SpecErrorTest, ProviderOfTheWrongType) {
  const std::string text =
      "datasets:\n"
      "  users:\n"
      "    fields:\n"
      "      age: {type: integer, provider: email}\n";
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(text).status(), kSpec, text, "email}",
                            {"users.age", "provider 'email' produces string, not integer"}));
}

}  // namespace
}  // namespace tdm::spec
