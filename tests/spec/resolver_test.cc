// Resolve, LoadAndResolve and PlanProvision on the strategy document's examples and on small
// specs: discovery of the companion files, implicit parents, precedence, volumes per environment.
#include "spec/resolver.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "spec/constraint.h"
#include "spec_test_util.h"

namespace tdm::spec {
namespace {

using testing::ExamplePath;
using testing::MessageHas;
using testing::PlanText;
using testing::ResolveText;

std::vector<std::string> DatasetNames(const ResolvedSpec& spec) {
  std::vector<std::string> names;
  for (const ResolvedDataset& d : spec.datasets) names.push_back(d.name);
  return names;
}

bool AnyContains(const std::vector<std::string>& lines, const std::string& part) {
  return std::any_of(lines.begin(), lines.end(),
                     [&](const std::string& l) { return l.find(part) != std::string::npos; });
}

int64_t RowsOf(const ProvisionPlan& plan, const std::string& table) {
  for (const gen::DatasetPlan& t : plan.tables) {
    if (t.name == table) return t.rows;
  }
  return -1;
}

std::vector<std::string> TableNames(const ProvisionPlan& plan) {
  std::vector<std::string> names;
  for (const gen::DatasetPlan& t : plan.tables) names.push_back(t.name);
  return names;
}

// True when every value in [lo, hi] satisfies the constraint's numeric bounds.
bool WithinConstraint(int64_t lo, int64_t hi, const std::string& text) {
  auto c = ParseConstraint(text);
  if (!c.ok()) return false;
  auto above = [](double v, const Bound& b) { return b.inclusive ? v >= b.number : v > b.number; };
  auto below = [](double v, const Bound& b) { return b.inclusive ? v <= b.number : v < b.number; };
  for (double v : {static_cast<double>(lo), static_cast<double>(hi)}) {
    if (c->lower && !above(v, *c->lower)) return false;
    if (c->upper && !below(v, *c->upper)) return false;
  }
  return lo <= hi;
}

class ExampleSpecTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto resolved = LoadAndResolve(ExamplePath("data-spec.yaml"));
    ASSERT_TRUE(resolved.ok()) << resolved.status().ToString();
    spec_ = std::move(resolved).value();
  }

  Result<ProvisionPlan> Plan(ProvisionRequest request) const {
    return PlanProvision(spec_, request);
  }

  ResolvedSpec spec_;
};

TEST_F(ExampleSpecTest, DiscoversSchemaAndMaskingFilesBesideTheSpec) {
  ASSERT_EQ(spec_.files.size(), 3u);
  EXPECT_EQ(spec_.files[0], ExamplePath("data-spec.yaml"));
  EXPECT_EQ(spec_.files[1], ExamplePath("schema-validation.yaml"));
  EXPECT_EQ(spec_.files[2], ExamplePath("masking-policies.yaml"));
}

TEST_F(ExampleSpecTest, ParentsComeBeforeChildren) {
  EXPECT_EQ(DatasetNames(spec_), (std::vector<std::string>{"users", "movies"}));
}

TEST_F(ExampleSpecTest, UndefinedUsersAreProvisionedFromUserFactory) {
  const ResolvedDataset* users = spec_.Find("users");
  ASSERT_NE(users, nullptr);
  EXPECT_TRUE(users->implicit);
  EXPECT_EQ(users->factory, "UserFactory");
  EXPECT_FALSE(users->volume.has_value());
  EXPECT_TRUE(AnyContains(spec_.notes, "UserFactory")) << ::testing::PrintToString(spec_.notes);
  EXPECT_TRUE(AnyContains(spec_.notes, "users: not defined"));
  EXPECT_FALSE(spec_.Find("movies")->implicit);
}

TEST_F(ExampleSpecTest, StrictSchemaGivesUsersExactlyItsFields) {
  const ResolvedDataset* users = spec_.Find("users");
  ASSERT_NE(users, nullptr);
  EXPECT_TRUE(users->strict);
  std::vector<std::string> names = users->FieldNames();
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names,
            (std::vector<std::string>{"_id", "age", "created_at", "email", "name", "phone"}));
  EXPECT_TRUE(users->FindField("_id")->primary_key);
  EXPECT_EQ(users->FindField("_id")->type, ColumnType::kObjectId);
  EXPECT_EQ(users->FindField("created_at")->type, ColumnType::kDate);
  EXPECT_EQ(users->FindField("email")->pattern,
            "^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\\.[a-zA-Z]{2,}$");
  // The schema's unique index on email makes the column unique.
  EXPECT_TRUE(users->FindField("email")->unique);
  ASSERT_EQ(users->indexes.size(), 2u);
  EXPECT_EQ(users->indexes[0].name, "email_idx");
}

TEST_F(ExampleSpecTest, MoviesUserIdIsAForeignKeyToUsersId) {
  const ResolvedDataset* movies = spec_.Find("movies");
  ASSERT_NE(movies, nullptr);
  const gen::FieldSpec* user_id = movies->FindField("user_id");
  ASSERT_NE(user_id, nullptr);
  ASSERT_TRUE(user_id->foreign_key.has_value());
  EXPECT_EQ(user_id->foreign_key->table, "users");
  EXPECT_EQ(user_id->foreign_key->column, "_id");
  EXPECT_EQ(user_id->type, ColumnType::kObjectId);
  EXPECT_FALSE(user_id->unique);
}

TEST_F(ExampleSpecTest, AgeBoundsSatisfyTheSchemaConstraint) {
  const gen::FieldSpec* age = spec_.Find("users")->FindField("age");
  ASSERT_NE(age, nullptr);
  EXPECT_EQ(age->type, ColumnType::kInteger);
  ASSERT_TRUE(age->int_min && age->int_max);
  EXPECT_TRUE(WithinConstraint(*age->int_min, *age->int_max, "> 0 AND < 150"))
      << *age->int_min << ".." << *age->int_max;
  EXPECT_FALSE(age->required);
}

TEST_F(ExampleSpecTest, MovieYearStaysWithinTheSchemaRange) {
  const gen::FieldSpec* year = spec_.Find("movies")->FindField("year");
  ASSERT_NE(year, nullptr);
  ASSERT_TRUE(year->int_min && year->int_max);
  EXPECT_GE(*year->int_min, 1900);
  EXPECT_LE(*year->int_max, 2100);
  EXPECT_LE(*year->int_min, *year->int_max);
}

TEST_F(ExampleSpecTest, CreatedAtEndsBeforeTheReferenceTime) {
  const gen::FieldSpec* created = spec_.Find("users")->FindField("created_at");
  ASSERT_NE(created, nullptr);
  ASSERT_TRUE(created->int_max.has_value());
  // Dates are days; "< now()" excludes the reference day itself.
  EXPECT_LT(*created->int_max, spec_.context.reference_time / 86'400'000'000);
}

TEST_F(ExampleSpecTest, MaskingMergesSpecAndPolicyFileWithSpecFirst) {
  EXPECT_EQ(spec_.masking.at("email"), "anonymize");  // data-spec.yaml wins over the policy file
  EXPECT_EQ(spec_.masking.at("phone"), "redact");
  EXPECT_EQ(spec_.masking.at("ssn"), "hash");
  EXPECT_EQ(spec_.masking.at("credit_card"), "hash");
  EXPECT_EQ(spec_.masking.at("full_name"), "anonymize");
}

TEST_F(ExampleSpecTest, CiGivesAThousandOfEach) {
  auto plan = Plan(testing::Request("ci"));
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->environment, "ci");
  EXPECT_EQ(TableNames(*plan), (std::vector<std::string>{"users", "movies"}));
  EXPECT_EQ(RowsOf(*plan, "users"), 1000);
  EXPECT_EQ(RowsOf(*plan, "movies"), 1000);
  EXPECT_EQ(plan->dataset_version.size(), 16u);
}

TEST_F(ExampleSpecTest, LocalGivesAHundredOfEach) {
  auto plan = Plan(testing::Request("local"));
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(RowsOf(*plan, "users"), 100);
  EXPECT_EQ(RowsOf(*plan, "movies"), 100);
}

TEST_F(ExampleSpecTest, StagingGivesAHundredThousandOfEach) {
  auto plan = Plan(testing::Request("staging"));
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(RowsOf(*plan, "users"), 100000);
  EXPECT_EQ(RowsOf(*plan, "movies"), 100000);
}

TEST_F(ExampleSpecTest, DevIsAnAliasOfLocalWithANote) {
  auto plan = Plan(testing::Request("dev"));
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->environment, "local");
  EXPECT_EQ(RowsOf(*plan, "users"), 100);
  EXPECT_TRUE(AnyContains(plan->notes, "'dev'")) << ::testing::PrintToString(plan->notes);
  EXPECT_TRUE(AnyContains(plan->notes, "local"));
  auto local = Plan(testing::Request("local"));
  ASSERT_TRUE(local.ok());
  EXPECT_EQ(plan->dataset_version, local->dataset_version);
}

TEST_F(ExampleSpecTest, CountOverridesTheEnvironmentVolume) {
  auto plan = Plan(testing::Request("ci", "all", 7));
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(RowsOf(*plan, "users"), 7);
  EXPECT_EQ(RowsOf(*plan, "movies"), 7);
  auto ci = Plan(testing::Request("ci"));
  ASSERT_TRUE(ci.ok());
  EXPECT_NE(plan->dataset_version, ci->dataset_version);
}

TEST_F(ExampleSpecTest, MoviesAloneBringsTheirUsers) {
  auto plan = Plan(testing::Request("local", "movies", 25));
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(TableNames(*plan), (std::vector<std::string>{"users", "movies"}));
  EXPECT_EQ(RowsOf(*plan, "movies"), 25);
  EXPECT_EQ(RowsOf(*plan, "users"), 100);  // the count applies to the requested dataset only
  EXPECT_TRUE(AnyContains(plan->notes, "movies needs users"))
      << ::testing::PrintToString(plan->notes);
}

TEST_F(ExampleSpecTest, UsersAloneNeedsNothingElse) {
  auto plan = Plan(testing::Request("ci", "users"));
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(TableNames(*plan), std::vector<std::string>{"users"});
}

TEST_F(ExampleSpecTest, UnknownEnvironmentSuggestsTheClosest) {
  auto plan = Plan(testing::Request("stagin"));
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(MessageHas(plan.status(), {"unknown environment 'stagin'", "did you mean 'staging'",
                                         "local, ci, staging"}));
}

TEST_F(ExampleSpecTest, UnknownDatasetSuggestsTheClosest) {
  auto plan = Plan(testing::Request("ci", "movie"));
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(
      MessageHas(plan.status(), {"unknown dataset 'movie'", "did you mean 'movies'", "'all'"}));
}

TEST_F(ExampleSpecTest, SeedOverrideChangesTheVersionOnly) {
  auto a = Plan(testing::Request("ci"));
  auto b = Plan(testing::Request("ci", "all", std::nullopt, 99));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(b->context.seed, 99u);
  EXPECT_EQ(a->context.seed, spec_.context.seed);
  EXPECT_NE(a->dataset_version, b->dataset_version);
  EXPECT_EQ(RowsOf(*a, "users"), RowsOf(*b, "users"));
}

TEST(ResolverTest, VersionFormExampleResolves) {
  auto doc = LoadDataSpec(ExamplePath("data-spec-v1.yaml"));
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  auto spec = Resolve(SpecFiles{*doc, std::nullopt, std::nullopt});
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_EQ(DatasetNames(*spec), (std::vector<std::string>{"users", "movies"}));
  const ResolvedDataset* users = spec->Find("users");
  EXPECT_FALSE(users->implicit);
  EXPECT_EQ(users->volume, 1000);
  EXPECT_EQ(users->FindField("email")->masked, "hash");
  EXPECT_EQ(users->FindField("phone")->masked, "redact");
  const gen::FieldSpec* age = users->FindField("age");
  ASSERT_TRUE(age->int_min && age->int_max);
  EXPECT_TRUE(WithinConstraint(*age->int_min, *age->int_max, "> 0 AND < 150"));
  const gen::FieldSpec* user_id = spec->Find("movies")->FindField("user_id");
  ASSERT_NE(user_id, nullptr);
  ASSERT_TRUE(user_id->foreign_key.has_value());
  EXPECT_EQ(user_id->foreign_key->table, "users");
  EXPECT_EQ(user_id->foreign_key->column, "_id");
  EXPECT_EQ(user_id->type, ColumnType::kObjectId);

  auto plan = PlanProvision(*spec, {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(RowsOf(*plan, "users"), 1000);
  EXPECT_EQ(RowsOf(*plan, "movies"), 5000);
}

TEST(ResolverTest, VersionFormExampleResolvesWithItsCompanionFiles) {
  auto spec = LoadAndResolve(ExamplePath("data-spec-v1.yaml"));
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_EQ(spec->files.size(), 3u);
  EXPECT_EQ(spec->Find("users")->FindField("email")->masked, "hash");
  auto plan = PlanProvision(*spec, testing::Request("ci"));
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(RowsOf(*plan, "users"), 1000);
  EXPECT_EQ(RowsOf(*plan, "movies"), 5000);
}

TEST(ResolverTest, ExplicitEmptyCompanionPathsSkipDiscovery) {
  auto spec = LoadAndResolve(ExamplePath("data-spec.yaml"), "", "");
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_EQ(spec->files.size(), 1u);
  EXPECT_FALSE(spec->Find("users")->strict);
}

TEST(ResolverTest, DataSpecFieldOverridesFactoryAndSchemaOverridesBoth) {
  auto spec = ResolveText(R"(
datasets:
  users:
    factory: UserFactory
    fields:
      age: {min: 30, max: 40}
      name: {provider: first_name}
)",
                          R"(
collections:
  users:
    fields:
      age: {min: 31}
)");
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  const ResolvedDataset* users = spec->Find("users");
  EXPECT_EQ(users->FindField("age")->int_min, 31);
  EXPECT_EQ(users->FindField("age")->int_max, 40);
  EXPECT_EQ(users->FindField("name")->provider, "first_name");
  EXPECT_EQ(users->FindField("email")->provider, "email");  // untouched preset
}

TEST(ResolverTest, CollectionNameImpliesItsFactory) {
  auto spec = ResolveText("datasets:\n  products:\n  orders:\n");
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  // orders references users, which nobody defined: it is provisioned from UserFactory first.
  EXPECT_EQ(DatasetNames(*spec), (std::vector<std::string>{"products", "users", "orders"}));
  EXPECT_EQ(spec->Find("products")->factory, "ProductFactory");
  EXPECT_EQ(spec->Find("orders")->factory, "OrderFactory");
  EXPECT_TRUE(spec->Find("users")->implicit);
}

TEST(ResolverTest, PerEnvironmentDatasetVolumeWins) {
  auto spec = ResolveText(R"(
environments:
  local: {volume: 10}
  ci: {volume: 20}
datasets:
  users:
    volume: {ci: 3}
)");
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  auto ci = PlanProvision(*spec, testing::Request("ci"));
  ASSERT_TRUE(ci.ok()) << ci.status().ToString();
  EXPECT_EQ(RowsOf(*ci, "users"), 3);
  auto local = PlanProvision(*spec, testing::Request("local"));
  ASSERT_TRUE(local.ok()) << local.status().ToString();
  EXPECT_EQ(RowsOf(*local, "users"), 10);
}

TEST(ResolverTest, NoEnvironmentsMeansDefaultVolume) {
  auto plan = PlanText("datasets:\n  users:\n", testing::Request("anything"));
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(RowsOf(*plan, "users"), 100);
}

TEST(ResolverTest, CardinalityFixesTheChildCount) {
  auto plan = PlanText(R"(
datasets:
  users:
    volume: 10
  movies:
    relationships:
      - {foreign_key: user_id, collection: users, min: 2, max: 2}
)");
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(RowsOf(*plan, "movies"), 20);
  EXPECT_TRUE(AnyContains(plan->notes, "2..2 per users row"));
}

TEST(ResolverTest, ChildOfAnEmptyParentIsAnError) {
  auto plan = PlanText(R"(
datasets:
  users:
    volume: 0
  movies:
    volume: 5
    relationships:
      - {foreign_key: user_id, collection: users}
)");
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), StatusCode::kSpecError);
  EXPECT_TRUE(MessageHas(plan.status(), {"movies.user_id", "users has 0 rows"}));
}

TEST(ResolverTest, ReferenceTimePinsNow) {
  auto spec = ResolveText(R"yaml(
reference_time: 2024-06-01
datasets:
  events:
    fields:
      at: {type: date, constraint: "< now()"}
)yaml");
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  const gen::FieldSpec* at = spec->Find("events")->FindField("at");
  ASSERT_TRUE(at->int_max.has_value());
  EXPECT_EQ(*at->int_max, 19875 - 1);  // 2024-06-01 is day 19875
}

}  // namespace
}  // namespace tdm::spec
