// Reserve(): the API registers a provision before a worker runs it, so the execution is visible
// at once; Provision then takes the reserved row over, and only that process may.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "provision/lifecycle.h"
#include "provision/provisioner.h"
#include "spec/resolver.h"

namespace tdm::provision {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSpec = R"yaml(seed: 3
datasets:
  users:
    volume: 25
    fields:
      id: {type: integer, primary_key: true}
      email: {type: string, provider: email, unique: true}
)yaml";

class ReserveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("tdm-reserve-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(dir_ / "data-spec.yaml") << kSpec;
    auto spec = spec::LoadAndResolve((dir_ / "data-spec.yaml").string());
    ASSERT_TRUE(spec.ok()) << spec.status().ToString();
    spec_ = std::move(*spec);
  }
  void TearDown() override { fs::remove_all(dir_); }

  PreparedProvision Prepared() {
    auto prepared = Prepare(spec_, spec::ProvisionRequest{"ci", "all", {}, {}});
    EXPECT_TRUE(prepared.ok()) << prepared.status().ToString();
    return std::move(*prepared);
  }
  std::string Spec() const { return (dir_ / "data-spec.yaml").string(); }
  std::string State() const { return (dir_ / ".tdm").string(); }

  fs::path dir_;
  spec::ResolvedSpec spec_;
};

TEST_F(ReserveTest, ReservedExecutionIsVisibleThenProvisionedInPlace) {
  auto registry = Registry::Open(State());
  ASSERT_TRUE(registry.ok());
  PreparedProvision prepared = Prepared();
  ProvisionOptions options;
  options.requested_by = "alice";
  auto reserved = Reserve(prepared, Spec(), *registry, options);
  ASSERT_TRUE(reserved.ok()) << reserved.status().ToString();
  ASSERT_TRUE(options.execution_id.has_value());
  EXPECT_TRUE(options.reserved);
  auto seen = registry->Find(*options.execution_id);
  ASSERT_TRUE(seen.ok() && seen->has_value());
  EXPECT_EQ((*seen)->status, "provisioning");
  EXPECT_EQ((*seen)->requested_by, "alice");
  EXPECT_FALSE((*seen)->ns.empty());
  EXPECT_EQ(ExecutionEndpoint(**seen), ExecutionEndpoint(*reserved));

  auto outcome = Provision(std::move(prepared), Spec(), *registry, options);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(outcome->record.status, "ready");
  EXPECT_EQ(outcome->record.created_at, (*seen)->created_at);
  auto ready = registry->Find(*options.execution_id);
  EXPECT_EQ((*ready)->status, "ready");
  EXPECT_EQ((*ready)->requested_by, "alice");
}

TEST_F(ReserveTest, AReservedIdIsTakenForEveryoneElse) {
  auto registry = Registry::Open(State());
  PreparedProvision first = Prepared();
  ProvisionOptions reserving;
  reserving.execution_id = "job-1";
  ASSERT_TRUE(Reserve(first, Spec(), *registry, reserving).ok());
  // Without the reservation flag the id is simply taken.
  ProvisionOptions other;
  other.execution_id = "job-1";
  auto clash = Provision(Prepared(), Spec(), *registry, other);
  EXPECT_EQ(clash.status().code(), StatusCode::kFailedPrecondition);
  // Reserving it twice is refused too.
  ProvisionOptions again;
  again.execution_id = "job-1";
  EXPECT_EQ(Reserve(first, Spec(), *registry, again).status().code(),
            StatusCode::kFailedPrecondition);
}

TEST_F(ReserveTest, AnUnstartedReservationCanBeRemovedAndADeadOnesIsRecovered) {
  auto registry = Registry::Open(State());
  PreparedProvision prepared = Prepared();
  ProvisionOptions options;
  options.execution_id = "gone";
  ASSERT_TRUE(Reserve(prepared, Spec(), *registry, options).ok());
  ASSERT_TRUE(registry->Remove("gone").ok());
  EXPECT_FALSE(registry->Find("gone")->has_value());
  EXPECT_EQ(registry->Remove("gone").code(), StatusCode::kNotFound);

  // A reservation made by a process that then died is an interrupted provision.
  pid_t child = fork();
  if (child == 0) {
    auto own = Registry::Open(State());
    ProvisionOptions o;
    o.execution_id = "orphan";
    _exit(own.ok() && Reserve(prepared, Spec(), *own, o).ok() ? 0 : 1);
  }
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(registry->Remove("orphan").code(), StatusCode::kNotFound);  // not ours to forget
  ASSERT_TRUE(RecoverInterrupted(*registry).ok());
  EXPECT_EQ((*registry->Find("orphan"))->status, "failed");
}

}  // namespace
}  // namespace tdm::provision
