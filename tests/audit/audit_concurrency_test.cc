// Appends from many processes at once form one valid chain: the flock serialises them.
#include <sys/wait.h>

#include <set>

#include "audit_test_util.h"

namespace tdm::audit_test {
namespace {

void AppendFromProcesses(const std::string& state_dir, int processes, int per_process) {
  std::vector<pid_t> children;
  for (int p = 0; p < processes; ++p) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      for (int i = 0; i < per_process; ++i) {
        nlohmann::ordered_json event = {{"timestamp", "2026-03-01T10:00:00Z"},
                                        {"event", "data_export"},
                                        {"process", p},
                                        {"i", i}};
        if (!audit::AppendEvent(state_dir, event).ok()) _exit(1);
      }
      _exit(0);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
}

void ExpectEveryAppendOnce(const std::string& state_dir, int processes, int per_process) {
  auto events = audit::ReadEvents(state_dir);
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  ASSERT_EQ(events->size(), static_cast<size_t>(processes * per_process));
  std::set<std::pair<int, int>> seen;
  for (size_t k = 0; k < events->size(); ++k) {
    const auto& e = (*events)[k];
    EXPECT_EQ(e["seq"], static_cast<int64_t>(k + 1));
    seen.insert({e["process"].get<int>(), e["i"].get<int>()});
  }
  EXPECT_EQ(seen.size(), static_cast<size_t>(processes * per_process));
}

TEST_F(AuditDir, EightProcessesAppendingFiftyEventsEachLeaveAValidChain) {
  AppendFromProcesses(state(), 8, 50);
  audit::VerifyReport report = Verify();
  EXPECT_TRUE(report.ok) << report.first_bad_seq.value_or(-1) << " " << report.detail;
  EXPECT_EQ(report.events, 400);
  ExpectEveryAppendOnce(state(), 8, 50);
}

TEST_F(AuditDir, ConcurrentEncryptedAppendsLeaveAValidAuthenticatedChain) {
  UseKey("concurrent key");
  AppendFromProcesses(state(), 8, 50);
  audit::VerifyReport report = Verify();
  EXPECT_TRUE(report.ok) << report.first_bad_seq.value_or(-1) << " " << report.detail;
  EXPECT_TRUE(report.authenticated);
  EXPECT_EQ(report.events, 400);
  ExpectEveryAppendOnce(state(), 8, 50);
}

}  // namespace
}  // namespace tdm::audit_test
