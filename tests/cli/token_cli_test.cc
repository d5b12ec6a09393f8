// data-cli token create / list / revoke, run as a user would, and what they leave in the audit log.
#include <gtest/gtest.h>

#include "cli/cli_runner.h"

namespace tdm::cli_test {
namespace {

using json = nlohmann::json;

json ParseJson(const CliResult& r) {
  json parsed = json::parse(r.out, nullptr, false);
  EXPECT_FALSE(parsed.is_discarded()) << r.out;
  return parsed;
}

json TokenList(CliSandbox& box) {
  CliResult r = box.Run("data-cli token list --json");
  EXPECT_TRUE(Succeeded(r));
  json list = ParseJson(r);
  EXPECT_TRUE(list.is_array()) << r.out;
  return list.is_array() ? list : json::array();
}

json AccessEvents(CliSandbox& box) {
  CliResult r = box.Run("data-cli audit show --json --event access_control");
  EXPECT_TRUE(Succeeded(r));
  json events = ParseJson(r);
  EXPECT_TRUE(events.is_array()) << r.out;
  return events.is_array() ? events : json::array();
}

const std::regex kSecret(R"(tdm_[A-Za-z0-9_-]{43})");

TEST(TokenCli, CreatePrintsTheSecretOnceAndNotesTheRest) {
  CliSandbox box;
  CliResult r = box.Run("data-cli --user alice token create --role qa");
  ASSERT_TRUE(Succeeded(r));
  std::vector<std::string> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 1u) << r.out;
  EXPECT_TRUE(std::regex_match(lines[0], kSecret)) << lines[0];
  EXPECT_TRUE(HasSubstr(r.err, "role qa"));
  EXPECT_TRUE(HasSubstr(r.err, "expires at"));
  EXPECT_EQ(r.err.find(lines[0]), std::string::npos);

  json list = TokenList(box);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_TRUE(HasSubstr(r.err, list[0]["id"].get<std::string>()));
  EXPECT_EQ(list[0]["user"], "alice");
  EXPECT_EQ(list[0]["role"], "qa");
  EXPECT_EQ(list[0]["kind"], "session");
  EXPECT_EQ(list[0]["state"], "active");
  EXPECT_EQ(list[0].dump().find(lines[0]), std::string::npos);
}

TEST(TokenCli, JsonCreateListAndRevoke) {
  CliSandbox box;
  CliResult created = box.Run("TDM_USER=bob data-cli token create --role devops --standing --json");
  ASSERT_TRUE(Succeeded(created));
  json token = ParseJson(created);
  EXPECT_TRUE(std::regex_match(token.value("token", ""), kSecret)) << token;
  EXPECT_EQ(token["user"], "bob");
  EXPECT_EQ(token["role"], "devops");
  EXPECT_EQ(token["kind"], "standing");
  EXPECT_TRUE(token["expires_at"].is_string());
  std::string id = token.value("id", "");
  ASSERT_FALSE(id.empty());

  ASSERT_TRUE(Succeeded(box.Run("data-cli --user carol token create --role analyst --ttl 30m")));
  json list = TokenList(box);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["id"], id);
  EXPECT_EQ(list[1]["role"], "analyst");

  CliResult revoked = box.Run("data-cli token revoke " + id + " --json");
  ASSERT_TRUE(Succeeded(revoked));
  EXPECT_EQ(ParseJson(revoked)["revoked"], true);
  list = TokenList(box);
  EXPECT_EQ(list[0]["state"], "revoked");
  EXPECT_EQ(list[1]["state"], "active");

  CliResult human = box.Run("data-cli token list");
  ASSERT_TRUE(Succeeded(human));
  EXPECT_TRUE(HasSubstr(human.out, id));
  EXPECT_TRUE(HasSubstr(human.out, "revoked"));
  EXPECT_EQ(human.out.find("tdm_"), std::string::npos);

  CliResult unknown = box.Run("data-cli token revoke tok-000000000000");
  EXPECT_EQ(unknown.exit_code, 3) << unknown.err;
  EXPECT_TRUE(HasSubstr(unknown.err, "tok-000000000000"));
}

TEST(TokenCli, TtlSetsTheExpiry) {
  CliSandbox box;
  CliResult r = box.Run("data-cli token create --role developer --ttl 2h --json");
  ASSERT_TRUE(Succeeded(r));
  json list = TokenList(box);
  ASSERT_EQ(list.size(), 1u);
  auto seconds_of = [](const std::string& t) {
    std::tm tm{};
    strptime(t.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return static_cast<int64_t>(timegm(&tm));
  };
  int64_t lifetime = seconds_of(list[0]["expires_at"]) - seconds_of(list[0]["created_at"]);
  EXPECT_NEAR(lifetime, 2 * 3600, 1);
}

TEST(TokenCli, ProductAndOverlongTtlAreRefused) {
  CliSandbox box;
  CliResult product = box.Run("data-cli token create --role product");
  EXPECT_EQ(product.exit_code, 2) << product.err;
  EXPECT_TRUE(HasSubstr(product.err, "no access"));
  EXPECT_TRUE(product.out.empty()) << product.out;

  CliResult too_long = box.Run("data-cli token create --role devops --standing --ttl 8d");
  EXPECT_EQ(too_long.exit_code, 2) << too_long.err;
  EXPECT_TRUE(HasSubstr(too_long.err, "7 days"));
  EXPECT_TRUE(too_long.out.empty()) << too_long.out;

  CliResult bad_ttl = box.Run("data-cli token create --role qa --ttl soon");
  EXPECT_EQ(bad_ttl.exit_code, 2) << bad_ttl.err;

  CliResult no_role = box.Run("data-cli token create");
  EXPECT_EQ(no_role.exit_code, 2) << no_role.err;

  EXPECT_EQ(TokenList(box).size(), 0u);
  // The full week is allowed.
  EXPECT_TRUE(Succeeded(box.Run("data-cli token create --role devops --ttl 7d")));
}

TEST(TokenCli, EveryCommandIsAuditedWithoutTheSecret) {
  CliSandbox box;
  CliResult created = box.Run("data-cli --user alice token create --role qa --json");
  ASSERT_TRUE(Succeeded(created));
  json token = ParseJson(created);
  std::string secret = token.value("token", "");
  std::string id = token.value("id", "");
  ASSERT_FALSE(secret.empty());
  ASSERT_TRUE(Succeeded(box.Run("data-cli --user alice token list")));
  ASSERT_TRUE(Succeeded(box.Run("data-cli --user dave token revoke " + id)));
  ASSERT_EQ(box.Run("data-cli --user eve token create --role product").exit_code, 2);

  json events = AccessEvents(box);
  ASSERT_EQ(events.size(), 4u) << events.dump(2);
  EXPECT_EQ(events[0]["operation"], "create_token");
  EXPECT_EQ(events[0]["user_id"], "alice");
  EXPECT_EQ(events[0]["status"], "success");
  EXPECT_EQ(events[0]["token_id"], id);
  EXPECT_EQ(events[0]["role"], "qa");
  EXPECT_EQ(events[0]["expires_at"], token["expires_at"]);
  EXPECT_EQ(events[1]["operation"], "list_tokens");
  EXPECT_EQ(events[1]["tokens_returned"], 1);
  EXPECT_EQ(events[2]["operation"], "revoke_token");
  EXPECT_EQ(events[2]["user_id"], "dave");
  EXPECT_EQ(events[2]["token_id"], id);
  EXPECT_EQ(events[3]["operation"], "create_token");
  EXPECT_EQ(events[3]["status"], "failure");
  EXPECT_EQ(events[3]["error"]["category"], "invalid_argument");

  // Neither the log nor any other file of the state dir holds the secret.
  for (const auto& entry : fs::recursive_directory_iterator(box.path(".tdm"))) {
    if (!entry.is_regular_file()) continue;
    std::string bytes = ReadFile(entry.path());
    EXPECT_EQ(bytes.find(secret), std::string::npos) << entry.path();
    EXPECT_EQ(bytes.find(secret.substr(4)), std::string::npos) << entry.path();
  }
}

}  // namespace
}  // namespace tdm::cli_test
