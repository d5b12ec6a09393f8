// TableGenerator: every value is a pure function of (seed, table, column, row), so batch
// boundaries, fill order and the table's volume never change a row, and foreign keys are valid by
// construction.
#include "gen/table_generator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "gen/test_tables.h"

namespace tdm::gen {
namespace {

using testing::Field;
using testing::Generate;
using testing::Generated;
using testing::MakeTable;
using testing::Plan;
using testing::RowTexts;
using testing::TestContext;

// A table with one column of every provider (some unique, some nullable).
DatasetPlan EveryProvider(int64_t rows) {
  std::vector<FieldSpec> fields;
  for (const Provider& p : Registry().all()) {
    FieldSpec f = Field("c_" + p.name, p.name);
    if (p.name == "enum") {
      f.values = {"a", "b", "c"};
      f.weights = {1, 2, 3};
    }
    if (p.name == "regex") f.pattern = "[A-Z]{3}-\\d{3,5}";
    if (p.name == "integer" || p.name == "object_id" || p.name == "phone" || p.name == "email") {
      f.unique = true;
    }
    if (p.name == "word" || p.name == "float" || p.name == "datetime") f.null_rate = 0.3;
    fields.push_back(f);
  }
  FieldSpec unique_regex = Field("sku", "regex");
  unique_regex.pattern = "SKU-\\d{6}";
  unique_regex.unique = true;
  fields.push_back(unique_regex);
  return Plan("everything", rows, fields);
}

std::vector<std::string> FillRows(const TableGenerator& table, int64_t first, size_t count) {
  Batch batch;
  table.Fill(first, count, batch);
  EXPECT_EQ(batch.first_row, first);
  EXPECT_EQ(batch.num_rows, count);
  return RowTexts(batch);
}

// Rows [0, total) filled in batches of `step` rows, reusing one Batch as the pipeline does.
std::vector<std::string> FillInBatches(const TableGenerator& table, int64_t total, int64_t step) {
  std::vector<std::string> rows;
  Batch batch;
  for (int64_t first = 0; first < total; first += step) {
    table.Fill(first, static_cast<size_t>(std::min(step, total - first)), batch);
    std::vector<std::string> part = RowTexts(batch);
    rows.insert(rows.end(), part.begin(), part.end());
  }
  return rows;
}

TEST(TableGenerator, BatchBoundariesDoNotChangeValues) {
  auto table = MakeTable(EveryProvider(1000));
  ASSERT_NE(table, nullptr);
  std::vector<std::string> whole = FillRows(*table, 0, 1000);
  std::vector<std::string> halves = FillRows(*table, 0, 500);
  std::vector<std::string> second = FillRows(*table, 500, 500);
  halves.insert(halves.end(), second.begin(), second.end());
  EXPECT_EQ(whole, halves);
  for (int64_t step : {1, 7, 64, 999}) {
    EXPECT_EQ(FillInBatches(*table, 1000, step), whole) << "batches of " << step;
  }
}

TEST(TableGenerator, AnyRowCanBeProducedAlone) {
  auto table = MakeTable(EveryProvider(1000));
  ASSERT_NE(table, nullptr);
  std::vector<std::string> whole = FillRows(*table, 0, 1000);
  for (int64_t row : {0, 1, 499, 500, 777, 999}) {
    EXPECT_EQ(FillRows(*table, row, 1)[0], whole[static_cast<size_t>(row)]) << "row " << row;
  }
  // Backwards, as a shard or `data-cli show` might ask.
  for (int64_t row = 999; row >= 900; --row) {
    ASSERT_EQ(FillRows(*table, row, 1)[0], whole[static_cast<size_t>(row)]) << "row " << row;
  }
}

TEST(TableGenerator, SameSeedGivesSameRowsAndOtherSeedsDiffer) {
  auto a = MakeTable(EveryProvider(200), TestContext(1));
  auto b = MakeTable(EveryProvider(200), TestContext(1));
  auto c = MakeTable(EveryProvider(200), TestContext(2));
  ASSERT_TRUE(a && b && c);
  std::vector<std::string> rows_a = FillRows(*a, 0, 200);
  EXPECT_EQ(rows_a, FillRows(*b, 0, 200));
  std::vector<std::string> rows_c = FillRows(*c, 0, 200);
  for (size_t i = 0; i < rows_a.size(); ++i) EXPECT_NE(rows_a[i], rows_c[i]) << "row " << i;
}

TEST(TableGenerator, VolumeDoesNotChangeRows) {
  // Root tables are prefix-stable: 100 rows are the first 100 of 1000.
  auto small = MakeTable(EveryProvider(100));
  auto large = MakeTable(EveryProvider(1000));
  ASSERT_TRUE(small && large);
  std::vector<std::string> first = FillRows(*large, 0, 100);
  EXPECT_EQ(FillRows(*small, 0, 100), first);
}

TEST(TableGenerator, TableAndColumnNamesKeyTheValues) {
  auto users = MakeTable(Plan("users", 100, {Field("n", "integer")}));
  auto people = MakeTable(Plan("people", 100, {Field("n", "integer")}));
  auto other = MakeTable(Plan("users", 100, {Field("m", "integer")}));
  ASSERT_TRUE(users && people && other);
  std::vector<std::string> a = FillRows(*users, 0, 100);
  EXPECT_NE(a, FillRows(*people, 0, 100));
  EXPECT_NE(a, FillRows(*other, 0, 100));
}

TEST(TableGenerator, NullRateIsHonouredPerColumn) {
  FieldSpec quarter = Field("q", "integer");
  quarter.null_rate = 0.25;
  FieldSpec half_a = Field("a", "email");
  half_a.null_rate = 0.5;
  FieldSpec half_b = Field("b", "datetime");
  half_b.null_rate = 0.5;
  FieldSpec all = Field("all", "word");
  all.null_rate = 1.0;
  Generated g = Generate(Plan("t", 100000, {quarter, half_a, half_b, all, Field("none", "float")}));
  ASSERT_TRUE(g.ok());
  size_t n = g.batch.num_rows;
  auto rate = [&](const char* name) {
    size_t nulls = 0;
    for (size_t i = 0; i < n; ++i) nulls += g.column(name).IsNull(i);
    return static_cast<double>(nulls) / static_cast<double>(n);
  };
  EXPECT_NEAR(rate("q"), 0.25, 0.01);
  EXPECT_NEAR(rate("a"), 0.5, 0.01);
  EXPECT_NEAR(rate("b"), 0.5, 0.01);
  EXPECT_EQ(rate("all"), 1.0);
  EXPECT_FALSE(g.column("none").has_nulls());
  // The null draws of two columns are independent.
  size_t both = 0;
  for (size_t i = 0; i < n; ++i) both += g.column("a").IsNull(i) && g.column("b").IsNull(i);
  EXPECT_NEAR(static_cast<double>(both) / static_cast<double>(n), 0.25, 0.01);
  // Every column still has one entry per row.
  for (const Column& c : g.batch.columns) EXPECT_EQ(c.size(), n);
}

TEST(TableGenerator, SchemaFollowsThePlan) {
  FieldSpec id = Field("_id", "object_id");
  id.primary_key = id.unique = true;
  FieldSpec email = Field("email", "email");
  email.unique = true;
  FieldSpec age = Field("age", "age");
  age.null_rate = 0.1;
  auto table = MakeTable(Plan("users", 10, {id, email, age}));
  ASSERT_NE(table, nullptr);
  const TableSchema& s = table->schema();
  EXPECT_EQ(s.name, "users");
  ASSERT_EQ(s.columns.size(), 3u);
  EXPECT_TRUE(s.columns[0].primary_key);
  EXPECT_FALSE(s.columns[0].unique);  // implied by the primary key
  EXPECT_TRUE(s.columns[1].unique);
  EXPECT_TRUE(s.columns[2].nullable);
  EXPECT_FALSE(s.columns[1].nullable);
  EXPECT_EQ(table->num_rows(), 10);
}

TEST(TableGenerator, UnknownProviderIsASpecError) {
  Result<std::unique_ptr<TableGenerator>> table = TableGenerator::Create(
      Plan("t", 1, {Field("x", "no_such_provider")}), TestContext(),
      [](std::string_view) { return static_cast<TableGenerator*>(nullptr); });
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), StatusCode::kSpecError);
}

// Parent `users` and child `movies` whose user_id references users._id.
struct Family {
  std::unique_ptr<TableGenerator> users;
  std::unique_ptr<TableGenerator> movies;
};

Family MakeFamily(int64_t users, int64_t movies, std::optional<int64_t> min_children = {},
                  std::optional<int64_t> max_children = {}) {
  Family f;
  FieldSpec id = Field("_id", "object_id");
  id.primary_key = id.unique = true;
  f.users = MakeTable(Plan("users", users, {id, Field("name", "full_name")}));
  FieldSpec user_id = Field("user_id", "object_id");
  user_id.provider.clear();
  user_id.foreign_key = ForeignKeyPlan{"users", "_id", min_children, max_children};
  if (min_children) {
    movies =
        CardinalityTotal(TestContext(), "movies", "user_id", users, *min_children, *max_children);
  }
  const TableGenerator* parent = f.users.get();
  f.movies = MakeTable(Plan("movies", movies, {Field("_id", "object_id"), user_id}), TestContext(),
                       [parent](std::string_view name) {
                         return name == "users" ? parent : static_cast<TableGenerator*>(nullptr);
                       });
  return f;
}

std::vector<std::string> KeysOf(const TableGenerator& table, const char* column) {
  Batch batch;
  table.Fill(0, static_cast<size_t>(table.num_rows()), batch);
  return testing::Strings(batch.columns[static_cast<size_t>(table.schema().FindColumn(column))]);
}

TEST(TableGenerator, ForeignKeysReferenceExistingParentRows) {
  Family f = MakeFamily(300, 5000);
  ASSERT_TRUE(f.users && f.movies);
  std::vector<std::string> ids = KeysOf(*f.users, "_id");
  std::set<std::string> parents(ids.begin(), ids.end());
  std::set<std::string> referenced;
  for (const std::string& id : KeysOf(*f.movies, "user_id")) {
    ASSERT_TRUE(parents.count(id)) << id << " is not a users._id";
    referenced.insert(id);
  }
  EXPECT_GT(referenced.size(), 290u);  // children spread over (nearly) every parent
  ASSERT_EQ(f.movies->schema().foreign_keys.size(), 1u);
  EXPECT_EQ(f.movies->schema().foreign_keys[0].ref_table, "users");
}

TEST(TableGenerator, CardinalityGivesEveryParentMinToMaxChildren) {
  Family f = MakeFamily(500, 0, 1, 3);
  ASSERT_TRUE(f.users && f.movies);
  EXPECT_EQ(f.movies->num_rows(), CardinalityTotal(TestContext(), "movies", "user_id", 500, 1, 3));
  std::map<std::string, int> children;
  for (const std::string& id : KeysOf(*f.users, "_id")) children[id] = 0;
  int64_t total = 0;
  for (const std::string& id : KeysOf(*f.movies, "user_id")) {
    auto it = children.find(id);
    ASSERT_NE(it, children.end()) << id << " is not a users._id";
    ++it->second;
    ++total;
  }
  EXPECT_EQ(total, f.movies->num_rows());
  std::set<int> counts;
  for (const auto& [id, n] : children) {
    EXPECT_GE(n, 1) << id;
    EXPECT_LE(n, 3) << id;
    counts.insert(n);
  }
  EXPECT_EQ(counts, (std::set<int>{1, 2, 3}));
}

TEST(TableGenerator, CardinalityWithZeroMinimumSkipsSomeParents) {
  Family f = MakeFamily(400, 0, 0, 2);
  ASSERT_TRUE(f.users && f.movies);
  std::map<std::string, int> children;
  for (const std::string& id : KeysOf(*f.movies, "user_id")) ++children[id];
  std::set<int> counts;
  for (const auto& [id, n] : children) counts.insert(n);
  EXPECT_LT(children.size(), 400u);  // some parents have no children
  EXPECT_EQ(counts, (std::set<int>{1, 2}));
  // Children are laid out parent by parent.
  std::vector<std::string> fk = KeysOf(*f.movies, "user_id");
  std::set<std::string> finished;
  for (size_t i = 1; i < fk.size(); ++i) {
    if (fk[i] != fk[i - 1]) {
      ASSERT_TRUE(finished.insert(fk[i - 1]).second) << "children of " << fk[i - 1] << " split";
    }
  }
}

TEST(TableGenerator, ForeignKeysDoNotDependOnBatchBoundaries) {
  Family f = MakeFamily(50, 1000);
  Family c = MakeFamily(50, 0, 0, 5);
  ASSERT_TRUE(f.movies && c.movies);
  for (const TableGenerator* t : {f.movies.get(), c.movies.get()}) {
    std::vector<std::string> whole = FillRows(*t, 0, static_cast<size_t>(t->num_rows()));
    for (int64_t step : {1, 13, 500}) EXPECT_EQ(FillInBatches(*t, t->num_rows(), step), whole);
  }
}

TEST(TableGenerator, ForeignKeyToATableWithoutRowsIsASpecError) {
  auto users = MakeTable(Plan("users", 0, {Field("_id", "object_id")}));
  ASSERT_NE(users, nullptr);
  FieldSpec user_id = Field("user_id", "object_id");
  user_id.foreign_key = ForeignKeyPlan{"users", "_id", std::nullopt, std::nullopt};
  const TableGenerator* parent = users.get();
  auto movies = TableGenerator::Create(Plan("movies", 10, {user_id}), TestContext(),
                                       [parent](std::string_view) { return parent; });
  ASSERT_FALSE(movies.ok());
  EXPECT_EQ(movies.status().code(), StatusCode::kSpecError);
  auto orphans = TableGenerator::Create(
      Plan("movies", 10, {user_id}), TestContext(),
      [](std::string_view) { return static_cast<const TableGenerator*>(nullptr); });
  EXPECT_FALSE(orphans.ok());
}

}  // namespace
}  // namespace tdm::gen
