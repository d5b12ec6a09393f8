#include "provision/registry.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

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
    r.target = (dir_ / "executions" / (id + ".db")).string();
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

TEST_F(RegistryTest, RecoverMarksDeadProvisionsFailedAndRemovesPartialFiles) {
  pid_t child = fork();
  if (child == 0) _exit(0);
  waitpid(child, nullptr, 0);  // a pid that no longer runs
  auto registry = Registry::Open(dir_.string());
  ASSERT_TRUE(registry.ok());
  ExecutionRecord dead = Record("dead", "provisioning", child);
  ExecutionRecord alive = Record("alive", "provisioning", getpid());
  ASSERT_TRUE(registry->Insert(dead).ok());
  ASSERT_TRUE(registry->Insert(alive).ok());
  std::ofstream(dead.target + ".partial") << "half a database";
  ASSERT_TRUE(registry->Recover().ok());
  EXPECT_EQ((*registry->Find("dead"))->status, "failed");
  EXPECT_NE((*registry->Find("dead"))->error.find("interrupted"), std::string::npos);
  EXPECT_EQ((*registry->Find("alive"))->status, "provisioning");
  EXPECT_FALSE(std::filesystem::exists(dead.target + ".partial"));
}

TEST(ExecutionIdTest, AcceptsCiJobIdsRejectsPaths) {
  EXPECT_TRUE(CheckExecutionId("abc123").ok());
  EXPECT_TRUE(CheckExecutionId("ci-job_42.1").ok());
  EXPECT_FALSE(CheckExecutionId("").ok());
  EXPECT_FALSE(CheckExecutionId("../etc").ok());
  EXPECT_FALSE(CheckExecutionId("a/b").ok());
  EXPECT_FALSE(CheckExecutionId(std::string(65, 'a')).ok());
  EXPECT_NE(NewExecutionId(), NewExecutionId());
}

}  // namespace
}  // namespace tdm::provision
