// Masked copies end to end on SQLite, through the real data-cli: an execution provisioned from a
// masked subset of another, a copy refused (and nothing written) when a PII column has no rule,
// and the audit event each run leaves. PostgreSQL is covered by tests/integration.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "cli/cli_runner.h"

namespace tdm::cli_test {
namespace {

using nlohmann::json;

constexpr const char* kPolicy =
    "policies:\n"
    "  pii:\n"
    "    fields: [name, email, phone]\n"
    "    name: {strategy: anonymize, faker_provider: name, salt: n1}\n"
    "    email: {strategy: hash, salt: e1}\n"
    "    phone: {strategy: redact, replacement: \"+1-555-0000\"}\n";

bool IsHex64(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

// The newest data_masking event of the sandbox's audit log (lines are chained envelopes, and
// every operation is audited, so the event is looked up by name through the CLI).
json MaskingEvent(CliSandbox& box) {
  CliResult r = box.Run("data-cli audit show --json --event data_masking --limit 1");
  EXPECT_TRUE(Succeeded(r));
  json events = json::parse(r.out, nullptr, false);
  EXPECT_TRUE(events.is_array() && events.size() == 1) << r.out;
  return events.is_array() && !events.empty() ? events.back() : json::object();
}

class MaskCli : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(Succeeded(box_.Run("data-cli provision --env ci --execution-id prod --json")));
    WriteFile(box_.path("policy.yaml"), kPolicy);
    source_ = "sqlite://" + box_.path(".tdm/executions/prod.db").string();
  }

  CliSandbox box_;
  std::string source_;
};

TEST_F(MaskCli, ProvisionFromAMaskedSubset) {
  CliResult r = box_.Run("data-cli provision --from '" + source_ +
                         "' --subset users:10 --policies policy.yaml --env staging --json");
  ASSERT_TRUE(Succeeded(r)) << r.err;
  json record = json::parse(r.out);
  EXPECT_EQ(record["status"], "ready");
  EXPECT_EQ(record["tables"]["users"], 10);
  std::string id = record["execution_id"];

  CliResult shown =
      box_.Run("data-cli show --collection users --limit 100 --json --execution-id " + id);
  ASSERT_TRUE(Succeeded(shown)) << shown.err;
  std::set<std::string> users;
  for (const json& row : json::parse(shown.out)) {
    EXPECT_TRUE(IsHex64(row["email"])) << row.dump();
    EXPECT_EQ(row["phone"], "+1-555-0000");
    EXPECT_NE(row["name"].get<std::string>().find(' '), std::string::npos) << row.dump();
    users.insert(row["_id"].get<std::string>());
  }
  EXPECT_EQ(users.size(), 10u);
  CliResult movies =
      box_.Run("data-cli show --collection movies --limit 100000 --json --execution-id " + id);
  ASSERT_TRUE(Succeeded(movies)) << movies.err;
  for (const json& row : json::parse(movies.out)) {
    EXPECT_TRUE(users.contains(row["user_id"].get<std::string>())) << row.dump();
  }

  json event = MaskingEvent(box_);
  EXPECT_EQ(event["operation"], "provision_dataset");
  EXPECT_EQ(event["dataset_id"], id);
  EXPECT_EQ(event["actions"].size(), 3u);
  for (const json& action : event["actions"]) EXPECT_EQ(action["record_count"], 10);
}

TEST_F(MaskCli, UncoveredPiiStopsTheCopyBeforeAnythingIsWritten) {
  WriteFile(box_.path("partial.yaml"),
            "policies:\n  pii:\n    email: {strategy: hash, salt: e1}\n"
            "    phone: {strategy: redact}\n");
  std::string target = "sqlite://" + box_.path("masked.db").string();
  CliResult r = box_.Run("data-cli mask --source '" + source_ + "' --target '" + target +
                         "' --policies partial.yaml");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("users.name"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Nothing was written"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(box_.path("masked.db")));

  CliResult allowed = box_.Run("data-cli mask --source '" + source_ + "' --target '" + target +
                               "' --policies partial.yaml --allow-unmasked users.name --json");
  ASSERT_TRUE(Succeeded(allowed)) << allowed.err;
  json event = MaskingEvent(box_);
  EXPECT_EQ(event["compliance_check"]["gdpr_compliant"], false);
}

TEST_F(MaskCli, FromTakesNoGenerationOptions) {
  CliResult r = box_.Run("data-cli provision --from '" + source_ + "' --count 5");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  CliResult subset = box_.Run("data-cli provision --env ci --subset users:5");
  EXPECT_EQ(subset.exit_code, 2) << subset.err;
}

}  // namespace
}  // namespace tdm::cli_test
