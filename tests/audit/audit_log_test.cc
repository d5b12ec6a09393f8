// The chain, the HMAC and the encryption of the audit log, and reading it back.
#include "audit/audit_log.h"

#include "audit/audit_crypto.h"
#include "audit_test_util.h"

namespace tdm::audit_test {
namespace {

using Json = nlohmann::ordered_json;

TEST_F(AuditDir, EveryLineLinksToTheHashOfThePreviousLine) {
  AppendMany(5);
  std::vector<std::string> lines = LogLines();
  ASSERT_EQ(lines.size(), 5u);
  for (size_t i = 0; i < lines.size(); ++i) {
    Json line = Json::parse(lines[i]);
    EXPECT_EQ(line["seq"], static_cast<int64_t>(i + 1));
    EXPECT_EQ(line["prev"], i == 0 ? std::string(64, '0') : audit::Sha256Hex(lines[i - 1]));
    EXPECT_EQ(line["event"]["dataset_id"], "exec-" + std::to_string(i + 1));
    EXPECT_FALSE(line.contains("hmac"));
  }
  Json head = Json::parse(Slurp(this->head()));
  EXPECT_EQ(head["seq"], 5);
  EXPECT_EQ(head["hash"], audit::Sha256Hex(lines.back()));
  audit::VerifyReport report = Verify();
  EXPECT_TRUE(report.ok) << report.detail;
  EXPECT_EQ(report.events, 5);
  EXPECT_EQ(report.first_seq, 1);
  EXPECT_EQ(report.last_seq, 5);
  EXPECT_FALSE(report.authenticated);
}

TEST_F(AuditDir, ReadEventsReturnsTheInnerEventsWithSeqOldestFirst) {
  AppendMany(3);
  auto events = audit::ReadEvents(state());
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  ASSERT_EQ(events->size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ((*events)[i]["seq"], i + 1);
    EXPECT_EQ((*events)[i]["dataset_id"], "exec-" + std::to_string(i + 1));
    EXPECT_EQ((*events)[i]["record_count"], 101 + i);
  }
}

TEST_F(AuditDir, AnEmptyStateDirVerifiesAndReadsAsNoEvents) {
  auto events = audit::ReadEvents(state());
  ASSERT_TRUE(events.ok());
  EXPECT_TRUE(events->empty());
  audit::VerifyReport report = Verify();
  EXPECT_TRUE(report.ok);
  EXPECT_EQ(report.events, 0);
}

TEST_F(AuditDir, WithAKeyEventsAreEncryptedAndEveryLineCarriesAnHmac) {
  UseKey("correct horse battery staple");
  AppendMany(4);
  std::string raw = Slurp(log());
  EXPECT_EQ(raw.find("exec-2"), std::string::npos) << "an event is readable at rest";
  EXPECT_EQ(raw.find("data_provisioning"), std::string::npos);
  for (const std::string& text : LogLines()) {
    Json line = Json::parse(text);
    EXPECT_FALSE(line.contains("event"));
    EXPECT_EQ(line["enc"]["alg"], "AES-256-GCM");
    EXPECT_EQ(line["hmac"].get<std::string>().size(), 64u);
  }
  EXPECT_TRUE(Json::parse(Slurp(head())).contains("hmac"));
  auto events = audit::ReadEvents(state());
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  ASSERT_EQ(events->size(), 4u);
  EXPECT_EQ((*events)[1]["dataset_id"], "exec-2");
  EXPECT_EQ((*events)[1]["seq"], 2);
  audit::VerifyReport report = Verify();
  EXPECT_TRUE(report.ok) << report.detail;
  EXPECT_TRUE(report.authenticated);
  EXPECT_TRUE(report.encrypted);
  EXPECT_EQ(report.events, 4);
}

TEST_F(AuditDir, TheSameEventEncryptsDifferentlyEachTime) {
  UseKey("k");
  ASSERT_TRUE(audit::AppendEvent(state(), Event(1)).ok());
  ASSERT_TRUE(audit::AppendEvent(state(), Event(1)).ok());
  std::vector<std::string> lines = LogLines();
  EXPECT_NE(Json::parse(lines[0])["enc"]["ct"], Json::parse(lines[1])["enc"]["ct"]);
}

TEST_F(AuditDir, AWrongKeyCannotReadAndFailsVerification) {
  UseKey("the right key");
  AppendMany(3);
  UseKey("a wrong key");
  auto events = audit::ReadEvents(state());
  ASSERT_FALSE(events.ok());
  EXPECT_NE(events.status().message().find("TDM_AUDIT_KEY"), std::string::npos);
  audit::VerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_seq, 1);
  EXPECT_EQ(report.problem, "bad_hmac");
}

TEST_F(AuditDir, AppendsWithAWrongKeyOrNoKeyAreRefusedAndLeaveTheLogIntact) {
  UseKey("the right key");
  AppendMany(3);
  std::string before = Slurp(log());
  UseKey("a wrong key");
  EXPECT_FALSE(audit::AppendEvent(state(), Event(4)).ok());
  unsetenv("TDM_AUDIT_KEY");
  EXPECT_FALSE(audit::AppendEvent(state(), Event(4)).ok());
  EXPECT_EQ(Slurp(log()), before);
  UseKey("the right key");
  audit::VerifyReport report = Verify();
  EXPECT_TRUE(report.ok) << report.detail;
  EXPECT_EQ(report.events, 3);
}

TEST_F(AuditDir, AnEncryptedLogWithoutAKeyCannotBeReadButItsChainVerifies) {
  UseKey("k1");
  AppendMany(3);
  unsetenv("TDM_AUDIT_KEY");
  auto events = audit::ReadEvents(state());
  ASSERT_FALSE(events.ok());
  EXPECT_NE(events.status().message().find("encrypted"), std::string::npos);
  audit::VerifyReport report = Verify();
  EXPECT_TRUE(report.ok) << report.detail;
  EXPECT_FALSE(report.authenticated);
  EXPECT_TRUE(report.encrypted);
}

TEST_F(AuditDir, TheKeyCanComeFromAFile) {
  fs::path key_file = dir_ / "audit.key";
  Spit(key_file, "from a file\n");
  setenv("TDM_AUDIT_KEY_FILE", key_file.c_str(), 1);
  AppendMany(2);
  EXPECT_TRUE(Json::parse(LogLines()[0]).contains("enc"));
  unsetenv("TDM_AUDIT_KEY_FILE");
  UseKey("from a file");  // the trailing newline of the file is not part of the secret
  auto events = audit::ReadEvents(state());
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  EXPECT_EQ(events->size(), 2u);
}

TEST_F(AuditDir, AnEmptyKeyFileIsAnErrorNotAnUnprotectedLog) {
  fs::path key_file = dir_ / "empty.key";
  Spit(key_file, "");
  setenv("TDM_AUDIT_KEY_FILE", key_file.c_str(), 1);
  Status status = audit::AppendEvent(state(), Event(1));
  EXPECT_FALSE(status.ok());
  EXPECT_FALSE(fs::exists(log()));
}

TEST_F(AuditDir, AKeyConfiguredLaterAuthenticatesFromThenOn) {
  AppendMany(2);
  UseKey("k");
  ASSERT_TRUE(audit::AppendEvent(state(), Event(3)).ok());
  audit::VerifyReport report = Verify();
  EXPECT_TRUE(report.ok) << report.detail;
  EXPECT_EQ(report.unauthenticated_lines, 2);
  auto events = audit::ReadEvents(state());
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->size(), 3u);
}

TEST_F(AuditDir, AnAppendAfterATornWriteKeepsTheTornLineVisible) {
  AppendMany(3);
  std::string text = Slurp(log());
  Spit(log(), text + R"({"seq":4,"prev":"ab)");  // a write cut short
  ASSERT_TRUE(audit::AppendEvent(state(), Event(5)).ok());
  std::vector<std::string> lines = LogLines();
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(Json::parse(lines[4])["seq"], 4);
  audit::VerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_seq, 4);
}

TEST_F(AuditDir, KeysDeriveDistinctMacAndEncryptionKeys) {
  auto a = audit::DeriveKeys("secret");
  auto b = audit::DeriveKeys("secret");
  auto c = audit::DeriveKeys("secret2");
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(a->mac, b->mac);
  EXPECT_NE(a->mac, a->enc);
  EXPECT_NE(a->mac, c->mac);
}

}  // namespace
}  // namespace tdm::audit_test
