// data-cli audit show / verify, and that every operation lands in the audit log with its user.
#include <gtest/gtest.h>

#include "cli/cli_runner.h"

namespace tdm::cli_test {
namespace {

using json = nlohmann::json;

json AuditEvents(CliSandbox& box, const std::string& options = "") {
  CliResult r = box.Run("data-cli audit show --json " + options);
  EXPECT_TRUE(Succeeded(r));
  json events = json::parse(r.out, nullptr, false);
  EXPECT_TRUE(events.is_array()) << r.out;
  return events.is_array() ? events : json::array();
}

std::vector<std::string> Operations(const json& events) {
  std::vector<std::string> ops;
  for (const json& e : events) ops.push_back(e.value("operation", "?"));
  return ops;
}

class AuditCli : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(Succeeded(box_.Run(
        "data-cli --user alice -q provision --env ci --dataset all --execution-id a1 --count 20")));
    ASSERT_TRUE(
        Succeeded(box_.Run("TDM_USER=bob data-cli show --collection users --limit 2 "
                           "--execution-id a1")));
    ASSERT_TRUE(
        Succeeded(box_.Run("data-cli --user carol export --collection users --output "
                           "users.jsonl --execution-id a1")));
    CliResult missing = box_.Run("data-cli --user bob show --collection nosuch --execution-id a1");
    ASSERT_EQ(missing.exit_code, 3) << missing.err;
    ASSERT_TRUE(Succeeded(box_.Run("TDM_USER=dave data-cli cleanup --execution-id a1")));
  }
  CliSandbox box_;
};

TEST_F(AuditCli, EveryOperationIsListedWithItsUserAndOutcome) {
  json events = AuditEvents(box_);
  ASSERT_EQ(events.size(), 5u) << events.dump(2);
  EXPECT_EQ(Operations(events),
            (std::vector<std::string>{"provision_dataset", "show_data", "export_data", "show_data",
                                      "cleanup_execution"}));
  std::vector<std::string> users;
  for (const json& e : events) users.push_back(e.value("user_id", ""));
  EXPECT_EQ(users, (std::vector<std::string>{"alice", "bob", "carol", "bob", "dave"}));
  for (size_t i = 0; i < events.size(); ++i) {
    const json& e = events[i];
    EXPECT_EQ(e["seq"], i + 1);
    EXPECT_EQ(e["dataset_id"], "a1") << e;
    EXPECT_EQ(e["environment"], "ci") << e;
    EXPECT_TRUE(std::regex_match(e.value("timestamp", ""),
                                 std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")))
        << e;
  }
  const json& provision = events[0];
  EXPECT_EQ(provision["event"], "data_provisioning");
  EXPECT_EQ(provision["status"], "success");
  EXPECT_EQ(provision["record_count"], provision["tables"]["users"].get<int64_t>() +
                                           provision["tables"]["movies"].get<int64_t>());
  EXPECT_EQ(provision["tables"]["users"], 20);
  ASSERT_TRUE(provision["validation"].is_object());
  EXPECT_FALSE(provision["validation"].empty());
  EXPECT_EQ(events[1]["record_count"], 2);
  EXPECT_EQ(events[2]["event"], "data_export");
  EXPECT_EQ(events[2]["record_count"], 20);
  EXPECT_EQ(events[2]["collections"], json::array({"users"}));
  const json& failed = events[3];
  EXPECT_EQ(failed["status"], "failure");
  EXPECT_EQ(failed["error"], json({{"category", "not_found"}}));
  EXPECT_EQ(events[4]["event"], "data_cleanup");
}

TEST_F(AuditCli, FiltersSelectEvents) {
  EXPECT_EQ(AuditEvents(box_, "--user bob").size(), 2u);
  EXPECT_EQ(Operations(AuditEvents(box_, "--event data_export")),
            std::vector<std::string>{"export_data"});
  EXPECT_EQ(Operations(AuditEvents(box_, "--event cleanup_execution")),
            std::vector<std::string>{"cleanup_execution"});
  EXPECT_EQ(AuditEvents(box_, "--execution-id a1 --event data_provisioning").size(), 1u);
  EXPECT_EQ(AuditEvents(box_, "--execution-id nosuch").size(), 0u);
  EXPECT_EQ(AuditEvents(box_, "--since 2000-01-01 --event data_access").size(), 2u);
  EXPECT_EQ(AuditEvents(box_, "--since 2999-01-01").size(), 0u);
  EXPECT_EQ(AuditEvents(box_, "--since 1d --user alice").size(), 1u);
  // --limit keeps the newest: the earlier audit show runs were audited too.
  json last = AuditEvents(box_, "--limit 2");
  ASSERT_EQ(last.size(), 2u);
  EXPECT_EQ(last[1]["operation"], "audit_show");
  EXPECT_LT(last[0]["seq"], last[1]["seq"]);
  CliResult bad = box_.Run("data-cli audit show --since yesterday");
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_TRUE(HasSubstr(bad.err, "--since"));
}

TEST_F(AuditCli, ReadingTheLogIsAuditedToo) {
  AuditEvents(box_, "--user bob");
  json events = AuditEvents(box_);
  ASSERT_EQ(events.size(), 6u);  // the five, then the audit show above
  EXPECT_EQ(events[5]["event"], "audit_access");
  EXPECT_EQ(events[5]["operation"], "audit_show");
  EXPECT_EQ(events[5]["events_returned"], 2);
  EXPECT_EQ(events[5]["filters"]["user"], "bob");
}

TEST_F(AuditCli, HumanShowPrintsOneLinePerEvent) {
  CliResult r = box_.Run("data-cli audit show --event data_access");
  ASSERT_TRUE(Succeeded(r));
  std::vector<std::string> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 4u) << r.out;  // header, rule, two events
  EXPECT_TRUE(HasSubstr(lines[2], "bob"));
  EXPECT_TRUE(HasSubstr(lines[2], "data_access/show_data"));
  EXPECT_TRUE(HasSubstr(lines[2], "a1"));
  EXPECT_TRUE(HasSubstr(lines[2], "record_count 2"));
  EXPECT_TRUE(HasSubstr(lines[3], "failure"));
}

TEST_F(AuditCli, VerifyPassesAndThenFailsAfterAnEditNamingTheSeq) {
  CliResult ok = box_.Run("data-cli audit verify");
  ASSERT_TRUE(Succeeded(ok));
  EXPECT_TRUE(HasSubstr(ok.out, "Audit log intact: 5 events"));
  CliResult ok_json = box_.Run("data-cli audit verify --json");
  ASSERT_TRUE(Succeeded(ok_json));
  EXPECT_EQ(json::parse(ok_json.out)["ok"], true);

  std::vector<std::string> lines = Lines(ReadFile(box_.path(".tdm/audit.jsonl")));
  ASSERT_GE(lines.size(), 3u);
  size_t at = lines[2].find("\"carol\"");
  ASSERT_NE(at, std::string::npos) << lines[2];
  lines[2].replace(at, 7, "\"mallory\"");
  std::string text;
  for (const std::string& l : lines) text += l + "\n";
  WriteFile(box_.path(".tdm/audit.jsonl"), text);

  CliResult bad = box_.Run("data-cli audit verify");
  EXPECT_EQ(bad.exit_code, 1) << bad.out << bad.err;
  EXPECT_TRUE(HasSubstr(bad.err, "fails verification at seq 3 (edited)"));
  CliResult bad_json = box_.Run("data-cli audit verify --json");
  EXPECT_EQ(bad_json.exit_code, 1);
  json report = json::parse(
      Lines(bad_json.out).empty() ? "{}" : bad_json.out.substr(0, bad_json.out.find("\n}") + 2));
  EXPECT_EQ(report["ok"], false);
  EXPECT_EQ(report["first_bad_seq"], 3);
  EXPECT_EQ(report["problem"], "edited");
}

TEST(AuditCliKey, WithAKeyTheLogIsEncryptedAndNeedsTheKeyToRead) {
  CliSandbox box;
  ASSERT_TRUE(Succeeded(box.Run(
      "TDM_AUDIT_KEY=team-secret data-cli -q provision --env ci --execution-id keyed-exec-4711 "
      "--count 5")));
  std::string raw = ReadFile(box.path(".tdm/audit.jsonl"));
  EXPECT_EQ(raw.find("data_provisioning"), std::string::npos) << raw;
  // The '-' and '_' of these names are not in base64's alphabet: no ciphertext can hold them.
  EXPECT_EQ(raw.find("keyed-exec-4711"), std::string::npos) << raw;
  CliResult shown = box.Run("TDM_AUDIT_KEY=team-secret data-cli audit show --json");
  ASSERT_TRUE(Succeeded(shown));
  EXPECT_EQ(json::parse(shown.out)[0]["dataset_id"], "keyed-exec-4711");
  CliResult verified = box.Run("TDM_AUDIT_KEY=team-secret data-cli audit verify");
  ASSERT_TRUE(Succeeded(verified));
  EXPECT_TRUE(HasSubstr(verified.out, "HMACs checked, encrypted"));

  CliResult no_key = box.Run("data-cli audit show");
  EXPECT_NE(no_key.exit_code, 0);
  EXPECT_TRUE(HasSubstr(no_key.err, "TDM_AUDIT_KEY"));
  CliResult wrong = box.Run("TDM_AUDIT_KEY=guess data-cli audit verify");
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_TRUE(HasSubstr(wrong.err, "seq 1 (bad_hmac)"));
  // Neither attempt could add to the log (provision, show, verify are the 3), and it still
  // verifies with the right key.
  CliResult again = box.Run("TDM_AUDIT_KEY=team-secret data-cli audit verify");
  ASSERT_TRUE(Succeeded(again));
  EXPECT_TRUE(HasSubstr(again.out, "intact: 3 events"));
}

TEST(AuditCliUser, TheUserOptionOverridesTdmUser) {
  CliSandbox box;
  ASSERT_TRUE(Succeeded(box.Run("TDM_USER=env-user data-cli --user flag-user executions")));
  ASSERT_TRUE(Succeeded(box.Run("TDM_USER=env-user data-cli executions")));
  json events = AuditEvents(box, "--event list_executions");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]["user_id"], "flag-user");
  EXPECT_EQ(events[1]["user_id"], "env-user");
}

TEST(AuditCliGenerate, GenerateIsAuditedOnlyIntoAnExistingStateDir) {
  CliSandbox box;
  ASSERT_TRUE(Succeeded(box.Run("data-cli generate --dataset users --count 3 --output u.jsonl")));
  EXPECT_FALSE(fs::exists(box.path(".tdm")));
  ASSERT_TRUE(Succeeded(box.Run("data-cli -q provision --env ci --execution-id g1 --count 5")));
  ASSERT_TRUE(Succeeded(box.Run("data-cli generate --dataset users --count 3 --output u.jsonl")));
  json events = AuditEvents(box, "--event data_generation");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["record_count"], 3);
  EXPECT_EQ(events[0]["destination"], "u.jsonl");
}

}  // namespace
}  // namespace tdm::cli_test
