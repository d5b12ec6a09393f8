// Batched appends (AppendEvents): one lock and one fsync for many events, and still the same
// chain a run of single appends would leave, plain or keyed, next to other processes' appends.
#include <sys/wait.h>

#include <map>

#include "audit/audit_crypto.h"
#include "audit_test_util.h"

namespace tdm::audit_test {
namespace {

using Json = nlohmann::ordered_json;

class AuditBatch : public AuditDir {
 protected:
  static std::vector<Json> Batch(int first, int n) {
    std::vector<Json> events;
    for (int i = first; i < first + n; ++i) events.push_back(Event(i));
    return events;
  }
};

TEST_F(AuditBatch, ABatchContinuesTheChainBetweenSingleAppends) {
  AppendMany(2);
  ASSERT_TRUE(audit::AppendEvents(state(), Batch(3, 40)).ok());
  ASSERT_TRUE(audit::AppendEvent(state(), Event(43)).ok());

  std::vector<std::string> lines = LogLines();
  ASSERT_EQ(lines.size(), 43u);
  for (size_t i = 0; i < lines.size(); ++i) {
    Json line = Json::parse(lines[i]);
    EXPECT_EQ(line["seq"], static_cast<int64_t>(i + 1));
    EXPECT_EQ(line["prev"], i == 0 ? std::string(64, '0') : audit::Sha256Hex(lines[i - 1]));
    EXPECT_EQ(line["event"]["dataset_id"], "exec-" + std::to_string(i + 1));
  }
  Json head = Json::parse(Slurp(this->head()));
  EXPECT_EQ(head["seq"], 43);
  EXPECT_EQ(head["hash"], audit::Sha256Hex(lines.back()));
  audit::VerifyReport report = Verify();
  EXPECT_TRUE(report.ok) << report.detail;
  EXPECT_EQ(report.events, 43);
}

TEST_F(AuditBatch, AFirstBatchStartsTheChainAndTheHeadAnchorsIt) {
  ASSERT_TRUE(audit::AppendEvents(state(), Batch(1, 5)).ok());
  Json head = Json::parse(Slurp(this->head()));
  EXPECT_EQ(head["seq"], 5);
  EXPECT_EQ(head["start_seq"], 1);
  EXPECT_EQ(head["start_prev"], std::string(64, '0'));
  auto events = audit::ReadEvents(state());
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  ASSERT_EQ(events->size(), 5u);
  EXPECT_EQ((*events)[4]["dataset_id"], "exec-5");
  EXPECT_TRUE(Verify().ok);
}

TEST_F(AuditBatch, AKeyedBatchIsEncryptedAuthenticatedAndVerifies) {
  UseKey("batch key");
  AppendMany(1);
  ASSERT_TRUE(audit::AppendEvents(state(), Batch(2, 30)).ok());
  std::string raw = Slurp(log());
  EXPECT_EQ(raw.find("exec-17"), std::string::npos) << "a batched event is readable at rest";
  for (const std::string& text : LogLines()) {
    Json line = Json::parse(text);
    EXPECT_TRUE(line.contains("enc"));
    EXPECT_TRUE(line.contains("hmac"));
    EXPECT_FALSE(line.contains("event"));
  }
  audit::VerifyReport report = Verify();
  EXPECT_TRUE(report.ok) << report.detail;
  EXPECT_TRUE(report.authenticated);
  EXPECT_TRUE(report.encrypted);
  EXPECT_EQ(report.events, 31);
  auto events = audit::ReadEvents(state());
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  ASSERT_EQ(events->size(), 31u);
  EXPECT_EQ((*events)[30]["dataset_id"], "exec-31");
}

TEST_F(AuditBatch, ABatchWithTheWrongKeyIsRefusedAndWritesNothing) {
  UseKey("right key");
  AppendMany(3);
  std::string before = Slurp(log());
  std::string head_before = Slurp(head());
  UseKey("wrong key");
  EXPECT_FALSE(audit::AppendEvents(state(), Batch(4, 10)).ok());
  EXPECT_EQ(Slurp(log()), before);
  EXPECT_EQ(Slurp(head()), head_before);
}

TEST_F(AuditBatch, AnEmptyBatchWritesNothing) {
  EXPECT_TRUE(audit::AppendEvents(state(), {}).ok());
  EXPECT_FALSE(fs::exists(log()));
  EXPECT_FALSE(fs::exists(head()));
}

TEST_F(AuditBatch, ABatchAfterALostHeadRebuildsTheAnchorLikeASingleAppend) {
  AppendMany(3);
  fs::remove(head());
  ASSERT_TRUE(audit::AppendEvents(state(), Batch(4, 3)).ok());
  Json head = Json::parse(Slurp(this->head()));
  EXPECT_EQ(head["seq"], 6);
  EXPECT_EQ(head["start_seq"], 1);
  EXPECT_EQ(head["rebuilt_after"], 3);
}

// Children append concurrently: some one event at a time, some in batches of `batch`.
void AppendFromProcesses(const std::string& state_dir, int singles, int batchers, int per_process,
                         int batch) {
  std::vector<pid_t> children;
  for (int p = 0; p < singles + batchers; ++p) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      std::vector<Json> pending;
      for (int i = 0; i < per_process; ++i) {
        Json event = {{"timestamp", "2026-03-01T10:00:00Z"}, {"process", p}, {"i", i}};
        if (p < singles) {
          if (!audit::AppendEvent(state_dir, event).ok()) _exit(1);
          continue;
        }
        pending.push_back(std::move(event));
        if (static_cast<int>(pending.size()) == batch || i + 1 == per_process) {
          if (!audit::AppendEvents(state_dir, pending).ok()) _exit(1);
          pending.clear();
        }
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

// Every event once, each process's events in order, and each batch on consecutive lines.
void ExpectOneChainWithBatchesWhole(const std::string& state_dir, int singles, int batchers,
                                    int per_process, int batch) {
  auto events = audit::ReadEvents(state_dir);
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  ASSERT_EQ(events->size(), static_cast<size_t>((singles + batchers) * per_process));
  std::map<int, int> next_i;
  for (size_t k = 0; k < events->size(); ++k) {
    const Json& e = (*events)[k];
    EXPECT_EQ(e["seq"], static_cast<int64_t>(k + 1));
    int p = e["process"].get<int>();
    int i = e["i"].get<int>();
    EXPECT_EQ(i, next_i[p]) << "process " << p << " out of order at seq " << k + 1;
    next_i[p] = i + 1;
    bool starts_batch = p < singles || i % batch == 0;
    if (!starts_batch) {
      ASSERT_GT(k, 0u);
      EXPECT_EQ((*events)[k - 1]["process"], p) << "a batch was split at seq " << k + 1;
    }
  }
}

TEST_F(AuditBatch, BatchesInterleavedWithSingleAppendsFromOtherProcessesFormOneChain) {
  AppendFromProcesses(state(), 4, 4, 60, 12);
  audit::VerifyReport report = Verify();
  EXPECT_TRUE(report.ok) << report.first_bad_seq.value_or(-1) << " " << report.detail;
  EXPECT_EQ(report.events, 480);
  ExpectOneChainWithBatchesWhole(state(), 4, 4, 60, 12);
}

TEST_F(AuditBatch, KeyedBatchesInterleavedWithSingleAppendsFormOneAuthenticatedChain) {
  UseKey("concurrent batch key");
  AppendFromProcesses(state(), 3, 3, 40, 7);
  audit::VerifyReport report = Verify();
  EXPECT_TRUE(report.ok) << report.first_bad_seq.value_or(-1) << " " << report.detail;
  EXPECT_TRUE(report.authenticated);
  EXPECT_EQ(report.events, 240);
  ExpectOneChainWithBatchesWhole(state(), 3, 3, 40, 7);
}

}  // namespace
}  // namespace tdm::audit_test
