// Pruning old events keeps the rest verifiable; legacy lines of older versions are read and
// reported, never mistaken for damage.
#include "audit_test_util.h"
#include "core/time_format.h"

namespace tdm::audit_test {
namespace {

using Json = nlohmann::ordered_json;

std::chrono::system_clock::time_point At(const std::string& when) {
  return std::chrono::system_clock::time_point(std::chrono::microseconds(*ParseDateTime(when)));
}

class Retention : public AuditDir, public ::testing::WithParamInterface<bool> {
 protected:
  void SetUp() override {
    AuditDir::SetUp();
    if (GetParam()) UseKey("retention key");
    for (int i = 1; i <= 4; ++i) {
      ASSERT_TRUE(
          audit::AppendEvent(state(), Event(i, "2024-0" + std::to_string(i) + "-01T00:00:00Z"))
              .ok());
    }
    for (int i = 5; i <= 7; ++i) {
      ASSERT_TRUE(
          audit::AppendEvent(state(), Event(i, "2026-0" + std::to_string(i) + "-01T00:00:00Z"))
              .ok());
    }
  }
};

TEST_P(Retention, PruningRemovesOldEventsAndTheRestStillVerifies) {
  auto removed = audit::PruneEventsBefore(state(), At("2025-01-01"));
  ASSERT_TRUE(removed.ok()) << removed.status().ToString();
  EXPECT_EQ(*removed, 4);
  audit::VerifyReport report = Verify();
  EXPECT_TRUE(report.ok) << report.problem << " " << report.detail;
  EXPECT_EQ(report.first_seq, 5);
  EXPECT_EQ(report.last_seq, 8);
  auto events = audit::ReadEvents(state());
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 4u);
  EXPECT_EQ((*events)[0]["dataset_id"], "exec-5");
  EXPECT_EQ(events->back()["event"], "audit_pruning");
  EXPECT_EQ(events->back()["removed_events"], 4);
  EXPECT_EQ(events->back()["first_retained_seq"], 5);
  // The chain goes on after pruning.
  ASSERT_TRUE(audit::AppendEvent(state(), Event(9)).ok());
  EXPECT_TRUE(Verify().ok);
}

TEST_P(Retention, DeletingTheFirstRetainedEventAfterPruningIsStillCaught) {
  ASSERT_TRUE(audit::PruneEventsBefore(state(), At("2025-01-01")).ok());
  std::vector<std::string> lines = LogLines();
  lines.erase(lines.begin());
  WriteLines(lines);
  audit::VerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_seq, 5);
  EXPECT_EQ(report.problem, "deleted");
}

TEST_P(Retention, PruningEverythingLeavesOnlyThePruningEvent) {
  auto removed = audit::PruneEventsBefore(state(), At("2030-01-01"));
  ASSERT_TRUE(removed.ok()) << removed.status().ToString();
  EXPECT_EQ(*removed, 7);
  audit::VerifyReport report = Verify();
  EXPECT_TRUE(report.ok) << report.problem << " " << report.detail;
  EXPECT_EQ(report.first_seq, 8);
  EXPECT_EQ(report.events, 1);
}

TEST_P(Retention, PruningNothingChangesNothing) {
  std::string before = Slurp(log());
  auto removed = audit::PruneEventsBefore(state(), At("2020-01-01"));
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(*removed, 0);
  EXPECT_EQ(Slurp(log()), before);
}

INSTANTIATE_TEST_SUITE_P(PlainAndEncrypted, Retention, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Encrypted" : "Plain"; });

TEST_F(AuditDir, PruningAnEncryptedLogNeedsTheKey) {
  UseKey("k");
  AppendMany(2);
  unsetenv("TDM_AUDIT_KEY");
  auto removed = audit::PruneEventsBefore(state(), At("2030-01-01"));
  EXPECT_FALSE(removed.ok());
}

const char* kLegacy[] = {
    R"({"timestamp":"2024-01-15T10:30:45Z","event":"data_masking","operation":"mask_copy","user_id":"old"})",
    R"({"timestamp":"2024-01-16T10:30:45Z","event":"data_masking","operation":"provision_dataset","user_id":"old"})",
    R"({"timestamp":"2024-01-17T10:30:45Z","event":"data_masking","operation":"mask_copy","user_id":"old"})"};

TEST_F(AuditDir, LegacyLinesAreReadAndReportedNotFlagged) {
  Spit(log(), std::string(kLegacy[0]) + "\n" + kLegacy[1] + "\n" + kLegacy[2] + "\n");
  audit::VerifyReport before = Verify();
  EXPECT_TRUE(before.ok) << before.detail;
  EXPECT_EQ(before.legacy_lines, 3);
  AppendMany(2);
  audit::VerifyReport report = Verify();
  EXPECT_TRUE(report.ok) << report.problem << " " << report.detail;
  EXPECT_EQ(report.legacy_lines, 3);
  EXPECT_EQ(report.events, 2);
  EXPECT_EQ(Json::parse(LogLines()[3])["seq"], 1);
  auto events = audit::ReadEvents(state());
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  ASSERT_EQ(events->size(), 5u);
  EXPECT_EQ((*events)[0]["seq"], 0);
  EXPECT_EQ((*events)[0]["user_id"], "old");
  EXPECT_EQ((*events)[3]["seq"], 1);
}

TEST_F(AuditDir, EditingTheLastLegacyLineBreaksTheChainAtSeqOne) {
  Spit(log(), std::string(kLegacy[0]) + "\n" + kLegacy[1] + "\n");
  AppendMany(2);
  std::vector<std::string> lines = LogLines();
  lines[1].replace(lines[1].find("old"), 3, "new");
  WriteLines(lines);
  audit::VerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_seq, 1);
}

TEST_F(AuditDir, LegacyLinesCanBePruned) {
  Spit(log(), std::string(kLegacy[0]) + "\n" + kLegacy[1] + "\n");
  AppendMany(2);  // timestamped 2026
  auto removed = audit::PruneEventsBefore(state(), At("2025-01-01"));
  ASSERT_TRUE(removed.ok()) << removed.status().ToString();
  EXPECT_EQ(*removed, 2);
  audit::VerifyReport report = Verify();
  EXPECT_TRUE(report.ok) << report.problem << " " << report.detail;
  EXPECT_EQ(report.legacy_lines, 0);
  EXPECT_EQ(report.events, 3);
}

}  // namespace
}  // namespace tdm::audit_test
