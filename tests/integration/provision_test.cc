// data-cli provisioning end to end against every target kind: the same spec gives the same data
// everywhere, health checks pass, cleanup leaves nothing behind, and failures are rolled back.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "cli/cli_runner.h"
#include "integration/test_targets.h"
#include "store/database.h"

namespace tdm::cli_test {
namespace {

using json = nlohmann::json;
using store::TargetKind;

std::string Id(const std::string& what) { return "it-" + std::to_string(getpid()) + "-" + what; }

// The --target argument for a kind ("" for the SQLite default).
std::string TargetFor(TargetKind kind, const CliSandbox& box) {
  if (kind == TargetKind::kSqlite) return "";
  if (kind == TargetKind::kFile) return "file://" + box.path("files").string() + "?format=jsonl";
  auto target = store::TestTarget(kind);
  EXPECT_TRUE(target.ok()) << target.status().ToString();
  return target.ok() ? target->url : "";
}

std::string TargetFlag(const std::string& target) {
  return target.empty() ? "" : " --target '" + target + "'";
}

std::unique_ptr<store::Database> Open(const std::string& target) {
  auto url = store::ParseTarget(target);
  EXPECT_TRUE(url.ok()) << url.status().ToString();
  if (!url.ok()) return nullptr;
  auto db = store::OpenDatabase(*url);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  return db.ok() ? std::move(*db) : nullptr;
}

class ProvisionTest : public ::testing::TestWithParam<TargetKind> {};

TEST_P(ProvisionTest, ProvisionsHealthChecksShowsAndCleansUp) {
  CliSandbox box;
  std::string target = TargetFor(GetParam(), box);
  std::string id = Id(std::string(store::TargetKindName(GetParam())));
  CliResult r = box.Run("data-cli provision --env ci --dataset all --json --execution-id " + id +
                        TargetFlag(target));
  ASSERT_TRUE(Succeeded(r));
  json record = json::parse(r.out);
  EXPECT_EQ(record["status"], "ready");
  EXPECT_EQ(record["tables"]["users"], 1000);
  // Credentials never reach the output.
  EXPECT_EQ(r.out.find(":tdm@"), std::string::npos) << r.out;
  EXPECT_EQ(r.err.find(":tdm@"), std::string::npos) << r.err;

  r = box.Run("data-cli health check --json --execution-id " + id);
  ASSERT_TRUE(Succeeded(r));
  json health = json::parse(r.out);
  EXPECT_EQ(health["ready"], true) << health;
  std::vector<std::string> names;
  for (const json& check : health["health_checks"]) {
    names.push_back(check["name"]);
    // A sample query over the baseline on a loaded machine is reported, not a failure.
    if (check["name"] == "performance") {
      EXPECT_EQ(check["threshold"], 100) << check;
      EXPECT_EQ(check["unit"], "ms") << check;
    } else {
      EXPECT_EQ(check["status"], "pass") << check;
    }
  }
  EXPECT_EQ(names, (std::vector<std::string>{"connectivity", "schema", "crud", "performance",
                                             "readiness"}));

  r = box.Run(
      "data-cli show --collection movies --filter '{\"year\": 2024}' --json "
      "--execution-id " +
      id);
  ASSERT_TRUE(Succeeded(r));
  for (const json& movie : json::parse(r.out)) EXPECT_EQ(movie["year"], 2024);

  std::string ns = record["endpoint"];
  ASSERT_TRUE(Succeeded(box.Run("data-cli cleanup --execution-id " + id)));
  if (!target.empty()) {
    auto db = Open(target);
    ASSERT_TRUE(db);
    EXPECT_FALSE(*db->Exists(GetParam() == TargetKind::kFile ? box.path("files/" + id).string()
                                                             : "tdm_" + id));
    EXPECT_FALSE(*db->Exists("tdm_b_" + id));
  }
  r = box.Run("data-cli health check --execution-id " + id);
  EXPECT_NE(r.exit_code, 0);
}

TEST_P(ProvisionTest, ATargetDatabaseThatExistsIsRefusedAndKept) {
  if (GetParam() == TargetKind::kSqlite || GetParam() == TargetKind::kFile) return;
  CliSandbox box;
  std::string target = TargetFor(GetParam(), box);
  std::string id = Id("taken");
  auto db = Open(target);
  ASSERT_TRUE(db);
  (void)db->Drop("tdm_" + id);
  {  // someone else's database of that name, with one table
    auto sink = db->Create("tdm_" + id);
    ASSERT_TRUE(sink.ok()) << sink.status().ToString();
    TableSchema t;
    t.name = "precious";
    t.columns = {{"id", ColumnType::kInteger, false, false, true}};
    Batch batch;
    batch.Reset(t, 0, 1);
    batch.columns[0].AppendInt(7);
    ASSERT_TRUE((*sink)->BeginTable(t).ok());
    ASSERT_TRUE((*sink)->Write(batch).ok());
    ASSERT_TRUE((*sink)->EndTable().ok());
    ASSERT_TRUE((*sink)->Finish().ok());
  }
  CliResult r = box.Run("data-cli provision --env ci --execution-id " + id + TargetFlag(target));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(HasSubstr(r.err, "already exists")) << r.err;
  EXPECT_EQ(*db->CountRows("tdm_" + id, "precious"), 1);
  json executions = json::parse(box.Run("data-cli executions --json").out);
  ASSERT_EQ(executions.size(), 1u);
  EXPECT_EQ(executions[0]["status"], "failed");
  ASSERT_TRUE(Succeeded(box.Run("data-cli cleanup --execution-id " + id)));
  EXPECT_EQ(*db->CountRows("tdm_" + id, "precious"), 1);  // never ours to remove
  ASSERT_TRUE(db->Drop("tdm_" + id).ok());
}

TEST_P(ProvisionTest, WrongCredentialsAndUnreachableServersFailCleanly) {
  if (GetParam() == TargetKind::kSqlite || GetParam() == TargetKind::kFile) return;
  CliSandbox box;
  auto url = store::ParseTarget(TargetFor(GetParam(), box));
  ASSERT_TRUE(url.ok());
  store::TargetUrl wrong = *url;
  wrong.password = "N0tThePassword";
  store::TargetUrl away = *url;
  away.port = store::UnusedPort();
  std::string scheme(store::TargetKindName(GetParam()));
  std::string wrong_url = scheme + "://" + wrong.user + ":" + wrong.password + "@" + wrong.host +
                          ":" + std::to_string(wrong.port) + "/" + wrong.database;
  std::string away_url = scheme + "://" + away.user + ":" + url->password + "@" + away.host + ":" +
                         std::to_string(away.port) + "/" + away.database;
  for (const std::string& bad : {wrong_url, away_url}) {
    SCOPED_TRACE(bad);
    CliResult r = box.Run("data-cli provision --env ci --target '" + bad + "'");
    EXPECT_NE(r.exit_code, 0);
    ASSERT_EQ(r.ErrLines().size(), 1u) << r.err;
    EXPECT_TRUE(HasSubstr(r.err, "cannot connect")) << r.err;
    EXPECT_EQ(r.err.find("N0tThePassword"), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
  }
  json executions = json::parse(box.Run("data-cli executions --json").out);
  ASSERT_EQ(executions.size(), 2u);
  for (const json& e : executions) {
    EXPECT_EQ(e["status"], "failed");
    EXPECT_EQ(e.dump().find("N0tThePassword"), std::string::npos) << e;
  }
}

INSTANTIATE_TEST_SUITE_P(Targets, ProvisionTest,
                         ::testing::Values(TargetKind::kSqlite, TargetKind::kFile,
                                           TargetKind::kPostgres, TargetKind::kMysql,
                                           TargetKind::kRedis),
                         [](const auto& info) {
                           return std::string(store::TargetKindName(info.param));
                         });

// The seed's spec in every target kind, exported to jsonl: the same bytes.
TEST(EveryTarget, HoldsTheSameDataForTheSameSpec) {
  CliSandbox box;
  std::map<std::string, std::string> users;
  std::map<std::string, std::string> movies;
  for (TargetKind kind : {TargetKind::kSqlite, TargetKind::kFile, TargetKind::kPostgres,
                          TargetKind::kMysql, TargetKind::kRedis}) {
    std::string name(store::TargetKindName(kind));
    SCOPED_TRACE(name);
    std::string id = Id("same-" + name);
    ASSERT_TRUE(Succeeded(box.Run("data-cli -q provision --env ci --dataset all --execution-id " +
                                  id + TargetFlag(TargetFor(kind, box)))));
    for (const char* table : {"users", "movies"}) {
      std::string file = name + "-" + table + ".jsonl";
      ASSERT_TRUE(Succeeded(box.Run("data-cli export --execution-id " + id + " --collection " +
                                    table + " --format jsonl --output " + file)));
      (std::string(table) == "users" ? users : movies)[name] = Sha256Hex(ReadFile(box.path(file)));
    }
    ASSERT_TRUE(Succeeded(box.Run("data-cli -q cleanup --execution-id " + id)));
  }
  for (const auto& [name, digest] : users) EXPECT_EQ(digest, users["sqlite"]) << name;
  for (const auto& [name, digest] : movies) EXPECT_EQ(digest, movies["sqlite"]) << name;
}

// PostgreSQL: the second provision of a dataset version clones the first one's template.
TEST(Postgres, RepeatProvisionsCloneTheVersionsTemplate) {
  CliSandbox box;
  std::string target = TargetFor(TargetKind::kPostgres, box);
  // A seed no other test uses, so this test owns the template.
  std::string seed = std::to_string(1000 + getpid() % 100000);
  std::vector<json> records;
  for (int i = 0; i < 2; ++i) {
    CliResult r = box.Run("data-cli provision --env ci --json --seed " + seed + " --execution-id " +
                          Id("tpl" + std::to_string(i)) + TargetFlag(target));
    ASSERT_TRUE(Succeeded(r));
    records.push_back(json::parse(r.out));
  }
  std::string version = records[0]["dataset_version"];
  EXPECT_EQ(records[1]["origin"], "template tdm_t_" + version);
  auto db = Open(target);
  ASSERT_TRUE(db);
  EXPECT_TRUE(*db->Exists("tdm_t_" + version));
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(*db->CountRows("tdm_" + Id("tpl" + std::to_string(i)), "users"), 1000);
  }
  ASSERT_TRUE(Succeeded(box.Run("data-cli cleanup --all")));
  EXPECT_TRUE(db->List("tdm_" + Id("tpl"))->empty());
  // Other tests share this server, so only this test's template goes (`cleanup --templates`
  // runs on a private server in postgres_lifecycle_test.cc).
  ASSERT_TRUE(db->Drop("tdm_t_" + version).ok());
}

}  // namespace
}  // namespace tdm::cli_test
