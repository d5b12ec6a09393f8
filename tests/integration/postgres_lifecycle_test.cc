// PostgreSQL executions under load and under failure: 50 concurrent provisions, a provisioning
// process killed with SIGKILL, and the server itself crashing mid-load.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "cli/cli_runner.h"
#include "integration/test_targets.h"
#include "store/database.h"

namespace tdm::cli_test {
namespace {

using json = nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::seconds;

std::string Id(const std::string& what) { return "pg-" + std::to_string(getpid()) + "-" + what; }

std::unique_ptr<store::Database> Open(const std::string& target) {
  auto url = store::ParseTarget(target);
  if (!url.ok()) return nullptr;
  auto db = store::OpenDatabase(*url);
  return db.ok() ? std::move(*db) : nullptr;
}

std::string SharedServer() {
  auto target = store::TestTarget(store::TargetKind::kPostgres);
  EXPECT_TRUE(target.ok()) << target.status().ToString();
  return target.ok() ? target->url : "";
}

// Polls until `ns` exists on the server (the load has begun) or the process ended.
bool WaitForNamespace(CliSandbox& box, pid_t pid, const std::string& target,
                      const std::string& ns) {
  auto deadline = std::chrono::steady_clock::now() + seconds(60);
  while (box.Running(pid) && std::chrono::steady_clock::now() < deadline) {
    auto db = Open(target);
    if (db && db->Exists(ns).ok() && *db->Exists(ns)) return true;
    std::this_thread::sleep_for(milliseconds(20));
  }
  return false;
}

json Execution(CliSandbox& box, const std::string& id) {
  CliResult r = box.Run("data-cli executions --json");
  EXPECT_TRUE(Succeeded(r));
  for (const json& e : json::parse(r.out)) {
    if (e["execution_id"] == id) return e;
  }
  return json();
}

TEST(PostgresLifecycle, FiftyConcurrentProvisionsAreIsolatedHealthyAndAllCleanedUp) {
  CliSandbox box;
  std::string target = SharedServer();
  ASSERT_FALSE(target.empty());
  constexpr int kJobs = 50;
  std::vector<pid_t> jobs;
  for (int i = 0; i < kJobs; ++i) {
    jobs.push_back(box.Start("data-cli -q provision --env ci --dataset all --execution-id " +
                             Id("job" + std::to_string(i)) + " --target '" + target + "' 2>job" +
                             std::to_string(i) + ".err"));
  }
  for (int i = 0; i < kJobs; ++i) {
    EXPECT_EQ(box.Join(jobs[static_cast<size_t>(i)]), 0)
        << ReadFile(box.path("job" + std::to_string(i) + ".err"));
  }

  auto db = Open(target);
  ASSERT_TRUE(db);
  for (int i = 0; i < kJobs; ++i) {
    std::string id = Id("job" + std::to_string(i));
    SCOPED_TRACE(id);
    EXPECT_EQ(Execution(box, id)["status"], "ready");
    EXPECT_EQ(*db->CountRows("tdm_" + id, "users"), 1000);
    EXPECT_EQ(*db->CountRows("tdm_" + id, "movies"), 1000);
  }
  // Isolation: a change in one execution is invisible in another.
  CliResult health = box.Run("data-cli health check --json --execution-id " + Id("job7"));
  ASSERT_TRUE(Succeeded(health));
  ASSERT_TRUE(db->Drop("tdm_" + Id("job3")).ok());
  EXPECT_TRUE(Succeeded(box.Run("data-cli health check --execution-id " + Id("job4"))));
  EXPECT_NE(box.Run("data-cli health check --execution-id " + Id("job3")).exit_code, 0);

  CliResult r = box.Run("data-cli cleanup --all --env ci --json");
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ(json::parse(r.out)["executions"].size(), static_cast<size_t>(kJobs));
  EXPECT_EQ(*db->List("tdm_" + Id("job")), std::vector<std::string>{});
  EXPECT_EQ(*db->List("tdm_b_" + Id("job")), std::vector<std::string>{});
}

TEST(PostgresLifecycle, AKilledProvisionIsRecoveredByTheNextCommand) {
  CliSandbox box;
  std::string target = SharedServer();
  std::string id = Id("killed");
  pid_t pid = box.Start(
      "data-cli provision --env ci --dataset users --count 2000000 "
      "--no-template --execution-id " +
      id + " --target '" + target + "'");
  ASSERT_TRUE(WaitForNamespace(box, pid, target, "tdm_b_" + id)) << "the load never started";
  std::this_thread::sleep_for(milliseconds(300));
  ASSERT_TRUE(box.Running(pid)) << "2,000,000 rows were provisioned in 0.3 s";
  box.Kill(pid);

  json record = Execution(box, id);  // any command recovers interrupted provisions
  EXPECT_EQ(record["status"], "failed") << record;
  EXPECT_TRUE(HasSubstr(record.value("error", ""), "interrupted"));
  EXPECT_TRUE(HasSubstr(record.value("error", ""), "removed"));
  auto db = Open(target);
  ASSERT_TRUE(db);
  EXPECT_FALSE(*db->Exists("tdm_b_" + id));
  EXPECT_FALSE(*db->Exists("tdm_" + id));
}

// A private server for the one test that crashes it.
class PrivateServer {
 public:
  PrivateServer() {
    // Directly under /tmp: as root the server runs as 'postgres', which must reach its data.
    std::string dir = "/tmp/tdm-crash-XXXXXX";
    if (mkdtemp(dir.data()) == nullptr) return;
    env_ = "TDM_SERVERS_DIR=" + dir + " ";
    std::string out = Shell("start postgres");
    size_t eq = out.find('=');
    if (eq != std::string::npos) url_ = out.substr(eq + 1, out.find('\n') - eq - 1);
  }
  ~PrivateServer() { Shell("stop"); }
  const std::string& url() const { return url_; }
  std::string Shell(const std::string& command) {
    std::string line = env_ + TDM_SOURCE_DIR "/scripts/test-servers " + command + " 2>/dev/null";
    std::string out;
    FILE* pipe = popen(line.c_str(), "r");
    if (pipe == nullptr) return out;
    char buf[512];
    while (fgets(buf, sizeof buf, pipe) != nullptr) out += buf;
    pclose(pipe);
    return out;
  }

 private:
  std::string env_;
  std::string url_;
};

TEST(PostgresLifecycle, AServerCrashMidLoadFailsTheProvisionAndCleanupFinishesTheJob) {
  CliSandbox box;
  PrivateServer server;
  ASSERT_FALSE(server.url().empty());
  std::string id = Id("crash");
  pid_t pid = box.Start(
      "data-cli provision --env ci --dataset users --count 3000000 "
      "--execution-id " +
      id + " --target '" + server.url() + "'");
  ASSERT_TRUE(WaitForNamespace(box, pid, server.url(), "tdm_b_" + id));
  std::this_thread::sleep_for(milliseconds(300));
  server.Shell("kill-postgres");
  EXPECT_NE(box.Join(pid), 0);
  json record = Execution(box, id);
  EXPECT_EQ(record["status"], "failed") << record;
  EXPECT_EQ(record.dump().find(":tdm@"), std::string::npos) << record;

  server.Shell("revive-postgres");
  auto db = Open(server.url());
  ASSERT_TRUE(db);
  EXPECT_FALSE(*db->Exists("tdm_" + id));  // never looked finished
  ASSERT_TRUE(Succeeded(box.Run("data-cli cleanup --execution-id " + id)));
  EXPECT_FALSE(*db->Exists("tdm_b_" + id));

  // Templates stay until removed; on this private server removing all of them is safe.
  ASSERT_TRUE(
      Succeeded(box.Run("data-cli -q provision --env local --target '" + server.url() + "'")));
  EXPECT_EQ(db->List("tdm_t_")->size(), 1u);
  ASSERT_TRUE(Succeeded(box.Run("data-cli cleanup --templates --target '" + server.url() + "'")));
  EXPECT_TRUE(db->List("tdm_t_")->empty());
}

}  // namespace
}  // namespace tdm::cli_test
