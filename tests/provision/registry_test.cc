#include "provision/registry.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <vector>

#include "provision/lifecycle.h"

namespace tdm::provision {
namespace {

class RegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("tdm_registry_test_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  ExecutionRecord Record(const std::string& id, const std::string& status, int64_t pid) {
    ExecutionRecord r;
    r.id = id;
    r.environment = "ci";
    r.dataset = "all";
    r.dataset_version = "0123456789abcdef";
    r.spec_path = "/spec.yaml";
    r.ns = (dir_ / "executions" / (id + ".db")).string();
    r.target = "sqlite://" + r.ns;
    r.status = status;
    r.seed = 7;
    r.generator = 1;
    r.tables = {{"users", 10}, {"movies", 20}};
    r.pid = pid;
    r.created_at = r.updated_at = NowUtc();
    return r;
  }

  std::filesystem::path dir_;
};

TEST_F(RegistryTest, InsertFindUpdateList) {
  auto registry = Registry::Open(dir_.string());
  ASSERT_TRUE(registry.ok()) << registry.status().ToString();
  ASSERT_TRUE(registry->Insert(Record("a1", "provisioning", getpid())).ok());
  auto found = registry->Find("a1");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->tables.size(), 2u);
  EXPECT_EQ((*found)->tables[1].first, "movies");
  EXPECT_EQ((*found)->tables[1].second, 20);
  ExecutionRecord r = **found;
  r.status = "ready";
  ASSERT_TRUE(registry->Update(r).ok());
  auto newest = registry->NewestReady();
  ASSERT_TRUE(newest.ok() && newest->has_value());
  EXPECT_EQ((*newest)->id, "a1");
  Status duplicate = registry->Insert(Record("a1", "provisioning", getpid()));
  EXPECT_EQ(duplicate.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(registry->Update(Record("nope", "ready", 1)).code(), StatusCode::kNotFound);
}

TEST_F(RegistryTest, RecoverMarksDeadProvisionsFailedAndRemovesTheirData) {
  pid_t child = fork();
  if (child == 0) _exit(0);
  waitpid(child, nullptr, 0);  // a pid that no longer runs
  auto registry = Registry::Open(dir_.string());
  ASSERT_TRUE(registry.ok());
  ExecutionRecord dead = Record("dead", "provisioning", child);
  ExecutionRecord alive = Record("alive", "provisioning", getpid());
  alive.owner = ProcessOwner();
  ASSERT_TRUE(registry->Insert(dead).ok());
  ASSERT_TRUE(registry->Insert(alive).ok());
  std::ofstream(dead.ns + ".building.partial") << "half a database";
  std::ofstream(dead.ns) << "renamed into place, but never marked ready";
  ASSERT_TRUE(RecoverInterrupted(*registry).ok());
  EXPECT_EQ((*registry->Find("dead"))->status, "failed");
  EXPECT_NE((*registry->Find("dead"))->error.find("interrupted"), std::string::npos);
  EXPECT_NE((*registry->Find("dead"))->error.find("removed"), std::string::npos);
  EXPECT_EQ((*registry->Find("alive"))->status, "provisioning");
  EXPECT_FALSE(std::filesystem::exists(dead.ns + ".building.partial"));
  EXPECT_FALSE(std::filesystem::exists(dead.ns));
}

TEST_F(RegistryTest, AReusedPidDoesNotKeepADeadProvisionAlive) {
  auto registry = Registry::Open(dir_.string());
  ASSERT_TRUE(registry.ok());
  std::string owner = ProcessOwner();
  // This process's pid, but a different start time: the pid was reused after a crash.
  ExecutionRecord reused = Record("reused", "provisioning", getpid());
  reused.owner = owner.substr(0, owner.rfind('/') + 1) + "1";
  // Another host's process cannot be checked from here and is left alone.
  ExecutionRecord remote = Record("remote", "provisioning", getpid());
  remote.owner = "some-other-host/1/1";
  ASSERT_TRUE(registry->Insert(reused).ok());
  ASSERT_TRUE(registry->Insert(remote).ok());
  auto claimed = registry->ClaimInterrupted();
  ASSERT_TRUE(claimed.ok());
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ((*claimed)[0].id, "reused");
  EXPECT_TRUE(registry->ClaimInterrupted()->empty());  // claimed once only
  EXPECT_EQ((*registry->Find("remote"))->status, "provisioning");
}

TEST_F(RegistryTest, KeepsTheRecordedSchemaAndExpiry) {
  auto registry = Registry::Open(dir_.string());
  ASSERT_TRUE(registry.ok());
  ExecutionRecord r = Record("s1", "ready", 1);
  TableSchema users;
  users.name = "users";
  users.columns = {{"id", ColumnType::kObjectId, false, true, true},
                   {"email", ColumnType::kString, false, true, false}};
  users.indexes = {{"users_email_idx", {"email"}, true}};
  r.schema = {users};
  r.expires_at = "2030-01-01T00:00:00Z";
  r.origin = "template tdm_t_x";
  ASSERT_TRUE(registry->Insert(r).ok());
  auto found = registry->Find("s1");
  ASSERT_TRUE(found.ok() && found->has_value());
  ASSERT_EQ((*found)->schema.size(), 1u);
  EXPECT_EQ((*found)->schema[0].columns[0].type, ColumnType::kObjectId);
  EXPECT_EQ((*found)->schema[0].indexes[0].columns, std::vector<std::string>{"email"});
  EXPECT_EQ((*found)->expires_at, "2030-01-01T00:00:00Z");
  EXPECT_EQ((*found)->origin, "template tdm_t_x");
}

// Several processes opening a brand-new state dir at once race to create the registry, switch
// it to WAL and add columns; every one of them must get a working registry.
TEST_F(RegistryTest, ProcessesOpeningAFreshStateDirTogetherAllSucceed) {
  constexpr int kRounds = 20;
  constexpr int kProcesses = 6;
  for (int round = 0; round < kRounds; ++round) {
    std::filesystem::path dir = dir_ / std::to_string(round);
    std::vector<pid_t> children;
    for (int i = 0; i < kProcesses; ++i) {
      pid_t pid = fork();
      ASSERT_GE(pid, 0);
      if (pid == 0) {
        auto registry = Registry::Open(dir.string());
        bool ok = registry.ok() &&
                  registry->Insert(Record("p" + std::to_string(i), "ready", getpid())).ok();
        _exit(ok ? 0 : 1);
      }
      children.push_back(pid);
    }
    for (pid_t child : children) {
      int status = 0;
      ASSERT_EQ(waitpid(child, &status, 0), child);
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "round " << round;
    }
    auto registry = Registry::Open(dir.string());
    ASSERT_TRUE(registry.ok());
    auto all = registry->List();
    ASSERT_TRUE(all.ok());
    EXPECT_EQ(all->size(), static_cast<size_t>(kProcesses)) << "round " << round;
  }
}

TEST(ExecutionIdTest, AcceptsCiJobIdsRejectsPaths) {
  EXPECT_TRUE(CheckExecutionId("abc123").ok());
  EXPECT_TRUE(CheckExecutionId("ci-job_42-1").ok());
  EXPECT_FALSE(CheckExecutionId("ci.job").ok());  // MySQL database names cannot hold '.'
  EXPECT_TRUE(CheckExecutionId(std::string(48, 'a')).ok());
  EXPECT_FALSE(CheckExecutionId(std::string(49, 'a')).ok());
  EXPECT_FALSE(CheckExecutionId("").ok());
  EXPECT_FALSE(CheckExecutionId("../etc").ok());
  EXPECT_FALSE(CheckExecutionId("a/b").ok());
  EXPECT_FALSE(CheckExecutionId(std::string(65, 'a')).ok());
  EXPECT_NE(NewExecutionId(), NewExecutionId());
}

}  // namespace
}  // namespace tdm::provision
