// Every way of altering the log on disk is caught by VerifyLog, which names the first seq that can
// no longer be trusted. Each case runs on a plain log and on an encrypted, HMAC'd one.
#include "audit/audit_crypto.h"
#include "audit_test_util.h"

namespace tdm::audit_test {
namespace {

using Json = nlohmann::ordered_json;

class Tamper : public AuditDir, public ::testing::WithParamInterface<bool> {
 protected:
  void SetUp() override {
    AuditDir::SetUp();
    if (GetParam()) UseKey("tamper test key");
    AppendMany(6);
    audit::VerifyReport clean = Verify();
    ASSERT_TRUE(clean.ok) << clean.detail;
    ASSERT_EQ(clean.events, 6);
  }

  void ExpectBad(int64_t seq, const std::vector<std::string>& problems) {
    audit::VerifyReport report = Verify();
    EXPECT_FALSE(report.ok);
    EXPECT_EQ(report.first_bad_seq, seq) << report.problem << ": " << report.detail;
    EXPECT_NE(std::find(problems.begin(), problems.end(), report.problem), problems.end())
        << report.problem << ": " << report.detail;
    EXPECT_FALSE(report.detail.empty());
  }
};

TEST_P(Tamper, EditingAFieldOfAMiddleEvent) {
  std::vector<std::string> lines = LogLines();
  Json line = Json::parse(lines[2]);
  if (GetParam()) {
    std::string ct = line["enc"]["ct"];
    ct[0] = ct[0] == 'A' ? 'B' : 'A';
    line["enc"]["ct"] = ct;
  } else {
    line["event"]["record_count"] = 999999;
  }
  lines[2] = line.dump();
  WriteLines(lines);
  ExpectBad(3, {"edited", "bad_hmac"});
}

TEST_P(Tamper, EditingAnEventAndRechainingWithoutTheKey) {
  // A forger fixes every later prev and the head; only the HMAC (with a key) stops this.
  std::vector<std::string> lines = LogLines();
  Json line = Json::parse(lines[1]);
  if (GetParam()) {
    line["enc"]["tag"] = "AAAAAAAAAAAAAAAAAAAAAA==";
  } else {
    line["event"]["user_id"] = "someone_else";
  }
  lines[1] = line.dump();
  for (size_t i = 2; i < lines.size(); ++i) {
    Json next = Json::parse(lines[i]);
    next["prev"] = audit::Sha256Hex(lines[i - 1]);
    lines[i] = next.dump();
  }
  WriteLines(lines);
  Json head = Json::parse(Slurp(this->head()));
  head["hash"] = audit::Sha256Hex(lines.back());
  Spit(this->head(), head.dump());
  audit::VerifyReport report = Verify();
  if (GetParam()) {
    EXPECT_FALSE(report.ok);
    EXPECT_EQ(report.first_bad_seq, 2) << report.detail;
    EXPECT_EQ(report.problem, "bad_hmac");
  } else {
    EXPECT_TRUE(report.ok) << "without a key the chain only detects naive edits";
  }
}

TEST_P(Tamper, DeletingAMiddleEvent) {
  std::vector<std::string> lines = LogLines();
  lines.erase(lines.begin() + 2);
  WriteLines(lines);
  ExpectBad(3, {"deleted"});
}

TEST_P(Tamper, SwappingTwoEvents) {
  std::vector<std::string> lines = LogLines();
  std::swap(lines[2], lines[3]);
  WriteLines(lines);
  ExpectBad(3, {"reordered"});
}

TEST_P(Tamper, DeletingTheLastEvent) {
  std::vector<std::string> lines = LogLines();
  lines.pop_back();
  WriteLines(lines);
  ExpectBad(6, {"deleted"});
}

TEST_P(Tamper, EditingTheLastEvent) {
  std::vector<std::string> lines = LogLines();
  Json line = Json::parse(lines[5]);
  if (GetParam()) {
    line["prev"] = std::string(64, 'f');  // the HMAC names this line, not the one before
  } else {
    line["event"]["status"] = "failure";
  }
  lines[5] = line.dump();
  WriteLines(lines);
  ExpectBad(6, {"edited", "bad_hmac"});
}

TEST_P(Tamper, TruncatingTheFileMidLine) {
  std::string text = Slurp(log());
  std::vector<std::string> lines = LogLines();
  size_t cut = lines[0].size() + lines[1].size() + lines[2].size() + 3 + lines[3].size() / 2;
  Spit(log(), text.substr(0, cut));
  ExpectBad(4, {"truncated"});
}

TEST_P(Tamper, TruncatingTheFileToNothing) {
  Spit(log(), "");
  ExpectBad(1, {"deleted"});
}

TEST_P(Tamper, RemovingTheHead) {
  fs::remove(head());
  ExpectBad(7, {"missing_head"});
}

TEST_P(Tamper, RemovingTheHeadStaysVisibleAfterLaterAppends) {
  fs::remove(head());
  ASSERT_TRUE(audit::AppendEvent(state(), Event(7)).ok());
  ASSERT_TRUE(audit::AppendEvent(state(), Event(8)).ok());
  ExpectBad(7, {"missing_head"});
}

TEST_P(Tamper, DeletingTheFirstEvents) {
  std::vector<std::string> lines = LogLines();
  lines.erase(lines.begin(), lines.begin() + 2);
  WriteLines(lines);
  ExpectBad(1, {"deleted"});
}

TEST_P(Tamper, RewindingTheHeadTogetherWithTheTail) {
  // Deleting the tail and fixing the head to match: detectable only when the head is HMAC'd.
  std::vector<std::string> lines = LogLines();
  lines.pop_back();
  WriteLines(lines);
  Json head = Json::parse(Slurp(this->head()));
  head["seq"] = 5;
  head["hash"] = audit::Sha256Hex(lines.back());
  Spit(this->head(), head.dump());
  audit::VerifyReport report = Verify();
  if (GetParam()) {
    EXPECT_FALSE(report.ok);
    EXPECT_EQ(report.problem, "bad_head");
    EXPECT_EQ(report.first_bad_seq, 6);
  } else {
    EXPECT_TRUE(report.ok);
  }
}

TEST_P(Tamper, StrippingEveryHmacAndRechainingAfterADeletion) {
  // The downgrade a forger without the key would try: drop a line, strip the HMACs, rechain.
  std::vector<std::string> lines = LogLines();
  lines.erase(lines.begin() + 2);
  for (size_t i = 0; i < lines.size(); ++i) {
    Json line = Json::parse(lines[i]);
    line.erase("hmac");
    line["seq"] = static_cast<int64_t>(i + 1);
    line["prev"] = i == 0 ? std::string(64, '0') : audit::Sha256Hex(lines[i - 1]);
    lines[i] = line.dump();
  }
  WriteLines(lines);
  Json head = {{"seq", 5},
               {"hash", audit::Sha256Hex(lines.back())},
               {"start_seq", 1},
               {"start_prev", std::string(64, '0')}};
  Spit(this->head(), head.dump());
  audit::VerifyReport report = Verify();
  if (GetParam()) {
    EXPECT_FALSE(report.ok) << "encrypted lines without HMACs under an unauthenticated head";
  } else {
    EXPECT_TRUE(report.ok) << "without a key the chain only detects naive edits";
  }
}

TEST_P(Tamper, InsertingALineWithoutSeqAfterTheChain) {
  std::vector<std::string> lines = LogLines();
  lines.insert(lines.begin() + 4, R"({"event":"data_provisioning","user_id":"ghost"})");
  WriteLines(lines);
  ExpectBad(5, {"inserted"});
}

INSTANTIATE_TEST_SUITE_P(PlainAndEncrypted, Tamper, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Encrypted" : "Plain"; });

}  // namespace
}  // namespace tdm::audit_test
