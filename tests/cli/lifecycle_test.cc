// An execution's life as `data-cli executions` reports it: provisioning, ready, cleaned, and
// failed when the provisioning process dies half-way.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli/cli_runner.h"

namespace tdm::cli_test {
namespace {

using nlohmann::json;

// The database path of an execution record ("sqlite:///abs/path.db" -> "/abs/path.db").
fs::path TargetPath(const json& record) {
  std::string target = record.value("endpoint", "");
  const std::string scheme = "sqlite://";
  return target.rfind(scheme, 0) == 0 ? fs::path(target.substr(scheme.size())) : fs::path();
}

// Files under the sandbox whose name ends with `suffix`.
std::vector<std::string> FilesEndingWith(CliSandbox& box, const std::string& suffix) {
  std::vector<std::string> found;
  for (const std::string& f : box.Files()) {
    if (f.size() >= suffix.size() &&
        f.compare(f.size() - suffix.size(), suffix.size(), suffix) == 0)
      found.push_back(f);
  }
  return found;
}

TEST(Cleanup, RemovesTheDatabaseAndMarksTheExecutionCleaned) {
  CliSandbox box;
  CliResult r = box.Run("data-cli provision --env ci --dataset all --execution-id job-42 --json");
  ASSERT_TRUE(Succeeded(r));
  const fs::path db = TargetPath(json::parse(r.out));
  EXPECT_EQ(db, box.path(".tdm/executions/job-42.db"));
  ASSERT_TRUE(fs::exists(db));
  ASSERT_TRUE(Succeeded(box.Run("data-cli health check --execution-id job-42")));

  r = box.Run("data-cli cleanup --execution-id job-42 --json");
  ASSERT_TRUE(Succeeded(r));
  json cleaned = json::parse(r.out);
  EXPECT_EQ(cleaned["execution_id"], "job-42");
  EXPECT_EQ(cleaned["status"], "cleaned");
  EXPECT_FALSE(fs::exists(db));
  EXPECT_TRUE(fs::is_empty(box.path(".tdm/executions")));

  json record = FindExecution(Executions(box), "job-42");
  EXPECT_EQ(record["status"], "cleaned") << record;

  for (const std::string command :
       {"data-cli health check --execution-id job-42",
        "data-cli health check --execution-id job-42 --json",
        "data-cli show --collection users --execution-id job-42",
        "data-cli export --execution-id job-42 --collection users --output users.json",
        // No ready execution is left to default to.
        "data-cli health check", "data-cli show --collection users"}) {
    SCOPED_TRACE(command);
    r = box.Run(command);
    EXPECT_NE(r.exit_code, 0);
    if (command.find("--json") == std::string::npos) {
      EXPECT_EQ(r.out, "");
    } else {  // --json callers get the error as a JSON object on stdout too
      EXPECT_TRUE(HasSubstr(r.out, "\"error\":")) << r.out;
    }
    ASSERT_EQ(r.ErrLines().size(), 1u) << r.err;
    EXPECT_EQ(r.err.rfind("data-cli: error: ", 0), 0u) << r.err;
  }
  EXPECT_TRUE(HasSubstr(box.Run("data-cli health check --execution-id job-42").err, "cleaned"));
  EXPECT_FALSE(fs::exists(box.path("users.json")));
}

TEST(Cleanup, RemovesAnExplicitTargetAndLeavesOtherExecutionsAlone) {
  CliSandbox box;
  ASSERT_TRUE(Succeeded(box.Run("data-cli -q provision --env ci --execution-id keep")));
  const std::string target = "sqlite://" + box.path("custom/mine.db").string();
  fs::create_directory(box.path("custom"));
  CliResult r =
      box.Run("data-cli provision --env ci --dataset users --execution-id mine --target " + target);
  ASSERT_TRUE(Succeeded(r));
  EXPECT_TRUE(HasSubstr(r.out, "endpoint: " + target + "\n")) << r.out;
  ASSERT_TRUE(fs::exists(box.path("custom/mine.db")));
  if (Succeeded(box.Run("command -v sqlite3"))) {
    EXPECT_EQ(box.Run("sqlite3 custom/mine.db 'SELECT COUNT(*) FROM users'").out, "1000\n");
  }

  ASSERT_TRUE(Succeeded(box.Run("data-cli cleanup --execution-id mine")));
  EXPECT_FALSE(fs::exists(box.path("custom/mine.db")));
  EXPECT_TRUE(fs::is_empty(box.path("custom")));
  json executions = Executions(box);
  EXPECT_EQ(FindExecution(executions, "mine")["status"], "cleaned");
  EXPECT_EQ(FindExecution(executions, "keep")["status"], "ready");
  EXPECT_TRUE(fs::exists(box.path(".tdm/executions/keep.db")));
  EXPECT_TRUE(Succeeded(box.Run("data-cli health check --execution-id keep")));
}

TEST(Provision, InterruptedProvisionIsReportedFailedAndLeavesNoPartialFile) {
  CliSandbox box;
  pid_t pid = box.Start("data-cli provision --env ci --count 3000000 --dataset users");
  // Wait until it is writing (its .partial database exists), then give it ~0.5 s more.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (FilesEndingWith(box, ".partial").empty() && box.Running(pid) &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_FALSE(FilesEndingWith(box, ".partial").empty()) << "the provision never started writing";
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ASSERT_TRUE(box.Running(pid)) << "3,000,000 rows were provisioned in under 0.5 s";
  EXPECT_EQ(box.Kill(pid), 128 + SIGKILL);

  json executions = Executions(box);
  ASSERT_EQ(executions.size(), 1u) << executions;
  const json& record = executions[0];
  EXPECT_EQ(record["status"], "failed") << record;
  EXPECT_TRUE(HasSubstr(record.value("error", ""), "interrupted"));
  EXPECT_EQ(FilesEndingWith(box, ".partial"), std::vector<std::string>{});
  EXPECT_FALSE(fs::exists(TargetPath(record)));

  // It stays failed, and nothing treats it as data.
  EXPECT_EQ(Executions(box)[0]["status"], "failed");
  const std::string id = record["execution_id"];
  CliResult r = box.Run("data-cli health check --execution-id " + id);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(HasSubstr(r.err, "failed"));
  EXPECT_NE(box.Run("data-cli show --collection users").exit_code, 0);
  // Cleaning a failed execution is allowed and removes what is left of it.
  EXPECT_TRUE(Succeeded(box.Run("data-cli cleanup --execution-id " + id)));
  EXPECT_EQ(FindExecution(Executions(box), id)["status"], "cleaned");
}

TEST(Provision, ConcurrentProvisionsIntoOneStateDirAllSucceed) {
  CliSandbox box;
  CliResult r = box.Run(
      "for i in 1 2 3 4; do data-cli provision --env ci --dataset all --count 300 --json "
      "> p$i.json 2> p$i.err & done; wait; cat p1.err p2.err p3.err p4.err");
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ(r.out, "");
  std::set<std::string> ids;
  for (int i = 1; i <= 4; ++i) {
    json e = json::parse(ReadFile(box.path("p" + std::to_string(i) + ".json")), nullptr, false);
    ASSERT_TRUE(e.is_object()) << i;
    EXPECT_EQ(e["status"], "ready");
    ids.insert(e["execution_id"].get<std::string>());
  }
  EXPECT_EQ(ids.size(), 4u);
  json executions = Executions(box);
  EXPECT_EQ(executions.size(), 4u);
  for (const json& e : executions) {
    EXPECT_EQ(e["status"], "ready");
    EXPECT_TRUE(Succeeded(box.Run("data-cli -q health check --execution-id " +
                                  e["execution_id"].get<std::string>())));
  }
}

TEST(Provision, ExecutionsOfAnEmptyStateDirIsAnEmptyList) {
  CliSandbox box;
  EXPECT_EQ(Executions(box), json::array());
  CliResult r = box.Run("data-cli health check");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(r.ErrLines().size(), 1u) << r.err;
}

// BUG: `--count 0 --dataset all` fails with "field 'movies.user_id' references users._id, which
// has no rows to reference" (located at schema-validation.yaml:35:9). PlanProvision deliberately
// allows a 0-row parent when the child has 0 rows too (its check requires rows > 0), but
// gen::TableGenerator::Create rejects any foreign key to an empty parent, whatever the child's
// rows. Empty tables are a legitimate request (a test of the empty case); `--dataset users
// --count 0` and `--dataset movies --count 0` both work.
TEST(Provision, ZeroCountGivesEmptyTables) {
  CliSandbox box;
  CliResult r = box.Run("data-cli provision --env ci --dataset all --count 0 --json");
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ(json::parse(r.out)["tables"], (json{{"users", 0}, {"movies", 0}}));
}

}  // namespace
}  // namespace tdm::cli_test
