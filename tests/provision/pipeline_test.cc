// The generation pipeline end to end on the seed's example spec: bytes do not depend on threads or
// batch sizes, root tables are prefix-stable across volumes, and foreign keys always resolve.
#include "provision/pipeline.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "provision/spec_outputs.h"

namespace tdm::provision {
namespace {

using testing::FindTable;
using testing::GenerateJsonl;
using testing::Lines;
using testing::LoadSpec;
using testing::Options;
using testing::PlanFor;
using testing::SourcePath;
using testing::TableOutput;

const std::string kExampleSpec = SourcePath("examples/data-spec.yaml");

std::vector<std::string> Column(const TableOutput& table, const std::string& column) {
  std::vector<std::string> values;
  for (const std::string& line : Lines(table.jsonl)) {
    nlohmann::json row = nlohmann::json::parse(line);
    EXPECT_TRUE(row.contains(column)) << line;
    values.push_back(row[column].is_string() ? row[column].get<std::string>() : row[column].dump());
  }
  return values;
}

TEST(Pipeline, ExampleSpecPlansUsersAndMoviesForCi) {
  auto spec = LoadSpec(kExampleSpec);
  ASSERT_TRUE(spec);
  auto plan = PlanFor(*spec, "ci");
  ASSERT_TRUE(plan);
  ASSERT_EQ(plan->tables.size(), 2u);
  EXPECT_EQ(plan->tables[0].name, "users");  // parents first
  EXPECT_EQ(plan->tables[1].name, "movies");
  for (const gen::DatasetPlan& t : plan->tables) EXPECT_EQ(t.rows, 1000) << t.name;
  std::vector<TableOutput> out = GenerateJsonl(*plan);
  ASSERT_EQ(out.size(), 2u);
  for (const TableOutput& t : out) EXPECT_EQ(Lines(t.jsonl).size(), 1000u) << t.table;
}

TEST(Pipeline, BytesDoNotDependOnThreadsOrBatchSize) {
  auto spec = LoadSpec(kExampleSpec);
  ASSERT_TRUE(spec);
  auto plan = PlanFor(*spec, "ci");
  ASSERT_TRUE(plan);
  std::vector<TableOutput> expected = GenerateJsonl(*plan, Options(1, 65536));
  ASSERT_EQ(expected.size(), 2u);
  for (int threads : {1, 2, 4}) {
    for (size_t batch_rows : {size_t{1}, size_t{7}, size_t{1000}, size_t{65536}}) {
      std::vector<TableOutput> got = GenerateJsonl(*plan, Options(threads, batch_rows));
      ASSERT_EQ(got.size(), expected.size());
      for (size_t t = 0; t < got.size(); ++t) {
        EXPECT_TRUE(got[t].jsonl == expected[t].jsonl)
            << got[t].table << " differs with " << threads << " threads and batches of "
            << batch_rows << " rows";
      }
    }
  }
}

TEST(Pipeline, RepeatedRunsGiveTheSameBytes) {
  auto first = LoadSpec(kExampleSpec);
  auto second = LoadSpec(kExampleSpec);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->content_hash, second->content_hash);
  auto plan_a = PlanFor(*first, "ci");
  auto plan_b = PlanFor(*second, "ci");
  ASSERT_TRUE(plan_a && plan_b);
  EXPECT_EQ(plan_a->dataset_version, plan_b->dataset_version);
  std::vector<TableOutput> a = GenerateJsonl(*plan_a);
  std::vector<TableOutput> b = GenerateJsonl(*plan_b);
  ASSERT_EQ(a.size(), b.size());
  for (size_t t = 0; t < a.size(); ++t) EXPECT_TRUE(a[t].jsonl == b[t].jsonl) << a[t].table;
}

TEST(Pipeline, RootTablesArePrefixStableAcrossCounts) {
  auto spec = LoadSpec(kExampleSpec);
  ASSERT_TRUE(spec);
  auto small = PlanFor(*spec, "ci", 100);
  auto large = PlanFor(*spec, "ci", 1000);
  ASSERT_TRUE(small && large);
  std::vector<std::string> few = Lines(FindTable(GenerateJsonl(*small), "users")->jsonl);
  std::vector<std::string> many = Lines(FindTable(GenerateJsonl(*large), "users")->jsonl);
  ASSERT_EQ(few.size(), 100u);
  ASSERT_EQ(many.size(), 1000u);
  EXPECT_EQ(few, std::vector<std::string>(many.begin(), many.begin() + 100));
}

TEST(Pipeline, LocalUsersAreTheFirstUsersOfCi) {
  auto spec = LoadSpec(kExampleSpec);
  ASSERT_TRUE(spec);
  auto local = PlanFor(*spec, "local");
  auto ci = PlanFor(*spec, "ci");
  ASSERT_TRUE(local && ci);
  std::vector<std::string> few = Lines(FindTable(GenerateJsonl(*local), "users")->jsonl);
  std::vector<std::string> many = Lines(FindTable(GenerateJsonl(*ci), "users")->jsonl);
  ASSERT_EQ(few.size(), 100u);
  ASSERT_GE(many.size(), 100u);
  EXPECT_EQ(few, std::vector<std::string>(many.begin(), many.begin() + 100));
}

TEST(Pipeline, EveryMovieReferencesAnExistingUser) {
  auto spec = LoadSpec(kExampleSpec);
  ASSERT_TRUE(spec);
  for (const char* env : {"local", "ci"}) {
    auto plan = PlanFor(*spec, env);
    ASSERT_TRUE(plan);
    std::vector<TableOutput> out = GenerateJsonl(*plan);
    std::vector<std::string> ids = Column(*FindTable(out, "users"), "_id");
    std::set<std::string> users(ids.begin(), ids.end());
    EXPECT_EQ(users.size(), ids.size()) << "users._id is not unique";
    std::set<std::string> referenced;
    for (const std::string& user_id : Column(*FindTable(out, "movies"), "user_id")) {
      ASSERT_TRUE(users.count(user_id))
          << env << ": movies.user_id " << user_id << " is not a users._id";
      referenced.insert(user_id);
    }
    EXPECT_GT(referenced.size(), users.size() / 2) << env;
  }
}

TEST(Pipeline, CardinalityGivesEveryUserOneToThreeMovies) {
  testing::TempDir dir;
  std::filesystem::path path = dir.path() / "data-spec.yaml";
  testing::WriteFile(path, R"(seed: 99
datasets:
  users:
    factory: UserFactory
    volume: 400
  movies:
    factory: MovieFactory
    relationships: [{foreign_key: user_id, collection: users, min: 1, max: 3}]
)");
  auto spec = LoadSpec(path.string());
  ASSERT_TRUE(spec);
  auto plan = PlanFor(*spec, "ci");
  ASSERT_TRUE(plan);
  ASSERT_EQ(plan->tables.size(), 2u);
  const int64_t planned_movies = plan->tables[1].rows;
  EXPECT_GE(planned_movies, 400);
  EXPECT_LE(planned_movies, 1200);
  std::vector<TableOutput> out = GenerateJsonl(*plan, Options(2, 97));
  std::map<std::string, int> movies_of;
  for (const std::string& id : Column(*FindTable(out, "users"), "_id")) movies_of[id] = 0;
  ASSERT_EQ(movies_of.size(), 400u);
  int64_t total = 0;
  for (const std::string& user_id : Column(*FindTable(out, "movies"), "user_id")) {
    auto it = movies_of.find(user_id);
    ASSERT_NE(it, movies_of.end()) << user_id << " is not a users._id";
    ++it->second;
    ++total;
  }
  EXPECT_EQ(total, planned_movies);
  std::set<int> counts;
  for (const auto& [id, n] : movies_of) {
    EXPECT_GE(n, 1) << id;
    EXPECT_LE(n, 3) << id;
    counts.insert(n);
  }
  EXPECT_EQ(counts, (std::set<int>{1, 2, 3}));
}

TEST(Pipeline, RequestingOneDatasetGivesTheSameRowsAsAll) {
  auto spec = LoadSpec(kExampleSpec);
  ASSERT_TRUE(spec);
  auto all = PlanFor(*spec, "ci");
  auto movies = PlanFor(*spec, "ci", std::nullopt, "movies");  // pulls in users for the FK
  ASSERT_TRUE(all && movies);
  std::vector<TableOutput> a = GenerateJsonl(*all);
  std::vector<TableOutput> b = GenerateJsonl(*movies);
  ASSERT_EQ(b.size(), 2u);
  for (const char* table : {"users", "movies"}) {
    EXPECT_TRUE(FindTable(a, table)->jsonl == FindTable(b, table)->jsonl) << table;
  }
}

TEST(Pipeline, EmptyTableWritesNothing) {
  auto spec = LoadSpec(kExampleSpec);
  ASSERT_TRUE(spec);
  auto plan = PlanFor(*spec, "ci", 0, "users");
  ASSERT_TRUE(plan);
  std::vector<TableOutput> out = GenerateJsonl(*plan, Options(4, 7));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].jsonl, "");
}

TEST(Pipeline, ProgressReportsEveryBatchInOrder) {
  auto spec = LoadSpec(kExampleSpec);
  ASSERT_TRUE(spec);
  auto plan = PlanFor(*spec, "ci", 1000, "users");
  ASSERT_TRUE(plan);
  auto tables = BuildGenerators(*plan);
  ASSERT_TRUE(tables.ok());
  for (int threads : {1, 3}) {
    std::ostringstream out;
    auto sink = store::MakeFileSink(store::FileFormat::kJsonl, out);
    PipelineOptions options = Options(threads, 300);
    std::vector<int64_t> reported;
    options.progress = [&](const std::string& table, int64_t rows) {
      EXPECT_EQ(table, "users");
      reported.push_back(rows);
    };
    ASSERT_TRUE(RunPipeline({(*tables)[0].get()}, *sink, options).ok());
    EXPECT_EQ(reported, (std::vector<int64_t>{300, 600, 900, 1000})) << threads << " threads";
  }
}

// data-spec-v1.yaml marks users.email `masked: hash` and users.phone `masked: redact`; the
// masking-policies.yaml beside it gives the email rule its salt and phone its replacement.
TEST(Pipeline, MaskedFieldsAreMaskedAndStayDeterministic) {
  auto spec = LoadSpec(std::string(TDM_SOURCE_DIR) + "/examples/data-spec-v1.yaml");
  ASSERT_TRUE(spec);
  auto plan = PlanFor(*spec, "ci", 500, "users");
  ASSERT_TRUE(plan);
  std::vector<TableOutput> expected = GenerateJsonl(*plan, Options(1, 65536), &*spec);
  const TableOutput* users = FindTable(expected, "users");
  ASSERT_NE(users, nullptr);
  for (const std::string& line : Lines(users->jsonl)) {
    auto row = nlohmann::json::parse(line);
    std::string email = row["email"];
    EXPECT_EQ(email.size(), 64u) << line;
    EXPECT_EQ(email.find_first_not_of("0123456789abcdef"), std::string::npos) << line;
    EXPECT_EQ(row["phone"], "+1-555-0000") << line;
  }
  for (int threads : {2, 3}) {
    for (size_t batch_rows : {size_t{7}, size_t{128}}) {
      std::vector<TableOutput> got = GenerateJsonl(*plan, Options(threads, batch_rows), &*spec);
      ASSERT_EQ(got.size(), expected.size());
      for (size_t t = 0; t < got.size(); ++t) {
        EXPECT_TRUE(got[t].jsonl == expected[t].jsonl)
            << got[t].table << " differs with " << threads << " threads, batches of " << batch_rows;
      }
    }
  }
}

}  // namespace
}  // namespace tdm::provision
