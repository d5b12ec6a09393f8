// Who may do what through data-cli serve: bearer tokens from `data-cli token create` (missing,
// unknown, revoked and expired ones → 401 with WWW-Authenticate), the access model's roles (403
// when forbidden), --no-auth only on loopback, and an audit event for every authenticated
// request that names the token's user and never holds the token.
#include <gtest/gtest.h>

#include <set>

#include "integration/api_server.h"

namespace tdm::api_test {
namespace {

using cli_test::CliResult;
using cli_test::Succeeded;

constexpr char kProvision[] = "/api/v1/test-data/provision";
constexpr char kWait[] = "/api/v1/test-data/provision?wait=true";

::testing::AssertionResult Unauthenticated(const ApiResponse& r) {
  if (r.status != 401) return ::testing::AssertionFailure() << "expected 401" << r;
  if (r.Header("WWW-Authenticate").rfind("Bearer", 0) != 0) {
    return ::testing::AssertionFailure() << "no WWW-Authenticate: Bearer" << r;
  }
  if (r.ErrorCode() != "unauthenticated") {
    return ::testing::AssertionFailure() << "error code is not unauthenticated" << r;
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult Forbidden(const ApiResponse& r) {
  if (r.status == 403 && r.ErrorCode() == "forbidden") return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "expected 403 forbidden" << r;
}

::testing::AssertionResult Allowed(const ApiResponse& r) {
  if (r.status >= 200 && r.status < 300) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "expected a 2xx" << r;
}

// True when some string or number anywhere in `j` equals `value` (or, with `part`, contains it).
bool Mentions(const json& j, const std::string& value, bool part = false) {
  if (j.is_string()) {
    const std::string& s = j.get_ref<const std::string&>();
    return part ? s.find(value) != std::string::npos : s == value;
  }
  if (j.is_number()) return j.dump() == value;
  if (j.is_structured()) {
    for (const json& child : j) {
      if (Mentions(child, value, part)) return true;
    }
  }
  return false;
}

TEST(ApiAccess, RequestsWithoutAValidTokenAreUnauthenticated) {
  CliSandbox box;
  ApiServer server(box);
  ASSERT_TRUE(server.Start());
  ApiToken revoked = CreateToken(box, "devops", "olivia");
  ApiToken brief = CreateToken(box, "devops", "olivia", "--ttl 1s");
  ASSERT_TRUE(Allowed(server.Get("/api/v1/executions", revoked.token)));
  ASSERT_TRUE(Succeeded(box.Run("data-cli token revoke " + revoked.id)));

  EXPECT_TRUE(Unauthenticated(server.Get("/api/v1/executions")));
  EXPECT_TRUE(Unauthenticated(server.Get("/api/v1/executions", "not-a-real-token")));
  EXPECT_TRUE(Unauthenticated(server.Get("/api/v1/executions", revoked.token)));
  EXPECT_TRUE(
      Unauthenticated(server.Send("GET", "/api/v1/executions", "", "", "", "Basic b2xpdmlhOnB3")));
  EXPECT_TRUE(Unauthenticated(server.Post(kProvision, json{{"environment", "ci"}})));
  EXPECT_TRUE(Unauthenticated(server.Post("/api/v1/cleanup/x", std::string(), "nope")));
  EXPECT_TRUE(Unauthenticated(server.Get("/metrics")));
  std::this_thread::sleep_for(std::chrono::milliseconds(2200));
  EXPECT_TRUE(Unauthenticated(server.Get("/api/v1/executions", brief.token)));
  EXPECT_TRUE(Unauthenticated(server.Post(kProvision, json{{"environment", "ci"}}, brief.token)));
  // None of them provisioned anything.
  EXPECT_TRUE(cli_test::Executions(box).empty());
  // The public routes need no token.
  EXPECT_EQ(server.Get("/healthz").status, 200);
  EXPECT_EQ(server.Get("/openapi.json").status, 200);
  EXPECT_EQ(server.Get("/").status, 200);
}

TEST(ApiAccess, TokenCreateRefusesProductAndOverlongTtls) {
  CliSandbox box;
  EXPECT_NE(box.Run("data-cli token create --role product").exit_code, 0);
  EXPECT_NE(box.Run("data-cli token create --role qa --ttl 8d").exit_code, 0);
  ApiToken standing = CreateToken(box, "qa", "quinn", "--standing");
  EXPECT_EQ(standing.role, "qa");
  EXPECT_EQ(standing.user, "quinn");
  EXPECT_FALSE(standing.expires_at.empty());
}

TEST(ApiAccess, NoAuthIsOnlyForLoopbackAndActsAsDevops) {
  CliSandbox box;
  CliResult refused =
      box.Run("data-cli serve --no-auth --host 0.0.0.0 --port 0", std::chrono::seconds(20));
  EXPECT_NE(refused.exit_code, 0) << refused.out << refused.err;
  EXPECT_EQ(refused.out.find("listening on"), std::string::npos) << refused.out;

  ApiServer server(box, {"--no-auth"}, "nadia");
  ASSERT_TRUE(server.Start());
  EXPECT_TRUE(Allowed(server.Post(
      kWait, json{{"environment", "staging"}, {"count", 5}, {"execution_id", "open-door"}})));
  ApiResponse audit = server.Get("/api/v1/audit?execution_id=open-door");
  ASSERT_TRUE(Allowed(audit));
  EXPECT_TRUE(Mentions(audit.body_json, "nadia")) << audit;
}

// The access model, role by role. olivia (devops), quinn (qa), dana (developer) and ann
// (analyst) each own what they provisioned.
TEST(ApiAccess, EachRoleGetsWhatTheAccessModelGivesIt) {
  CliSandbox box;
  ApiServer server(box);
  ASSERT_TRUE(server.Start());
  std::string ops = CreateToken(box, "devops", "olivia").token;
  std::string qa = CreateToken(box, "qa", "quinn").token;
  std::string dev = CreateToken(box, "developer", "dana").token;
  std::string analyst = CreateToken(box, "analyst", "ann").token;
  auto provision = [&](const std::string& env, const std::string& id, const std::string& token) {
    return server.Post(kWait, json{{"environment", env}, {"count", 5}, {"execution_id", id}},
                       token);
  };
  auto cleanup_both = [&](const std::string& id, const std::string& token,
                          const std::string& env = "ci") {
    return std::vector<ApiResponse>{
        server.Post("/api/v1/test-data/cleanup", json{{"environment", env}, {"execution_id", id}},
                    token),
        server.Post("/api/v1/cleanup/" + id, std::string(), token)};
  };

  // devops: everything, staging included.
  ASSERT_TRUE(Allowed(provision("ci", "ops-ci", ops)));
  ASSERT_TRUE(Allowed(provision("staging", "ops-staging", ops)));
  EXPECT_TRUE(Allowed(server.Get("/api/v1/audit", ops)));

  // qa: provisions in local and ci only; reads everything; cleans up only its own.
  EXPECT_TRUE(Allowed(provision("ci", "qa-ci", qa)));
  EXPECT_TRUE(Allowed(provision("local", "qa-local", qa)));
  EXPECT_TRUE(Forbidden(provision("staging", "qa-staging", qa)));
  EXPECT_TRUE(Allowed(server.Get("/api/v1/test-data/status/ops-ci", qa)));
  EXPECT_TRUE(Allowed(server.Get("/api/v1/health/ops-ci", qa)));
  ApiResponse qa_list = server.Get("/api/v1/executions", qa);
  std::vector<std::string> ids = ExecutionIds(qa_list.body_json);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()),
            (std::set<std::string>{"ops-ci", "ops-staging", "qa-ci", "qa-local"}))
      << qa_list;
  for (const ApiResponse& r : cleanup_both("ops-ci", qa)) EXPECT_TRUE(Forbidden(r));
  EXPECT_TRUE(Allowed(server.Get("/api/v1/datasets", qa)));
  EXPECT_TRUE(Allowed(server.Get("/metrics", qa)));
  EXPECT_TRUE(Forbidden(server.Get("/api/v1/audit", qa)));
  for (const ApiResponse& r : cleanup_both("qa-ci", qa)) EXPECT_TRUE(Allowed(r));

  // developer: like qa, but reads only its own executions.
  EXPECT_TRUE(Allowed(provision("ci", "dev-ci", dev)));
  EXPECT_TRUE(Forbidden(provision("staging", "dev-staging", dev)));
  EXPECT_TRUE(Allowed(server.Get("/api/v1/test-data/status/dev-ci", dev)));
  EXPECT_TRUE(Allowed(server.Get("/api/v1/health/dev-ci", dev)));
  EXPECT_TRUE(Forbidden(server.Get("/api/v1/test-data/status/ops-ci", dev)));
  EXPECT_TRUE(Forbidden(server.Get("/api/v1/health/qa-local", dev)));
  ApiResponse dev_list = server.Get("/api/v1/executions", dev);
  EXPECT_EQ(ExecutionIds(dev_list.body_json), std::vector<std::string>{"dev-ci"}) << dev_list;
  EXPECT_EQ(At(dev_list.body_json, "count"), 1) << dev_list;
  for (const ApiResponse& r : cleanup_both("ops-ci", dev)) EXPECT_TRUE(Forbidden(r));
  EXPECT_TRUE(Allowed(server.Get("/api/v1/datasets", dev)));
  EXPECT_TRUE(Allowed(server.Get("/metrics", dev)));
  EXPECT_TRUE(Forbidden(server.Get("/api/v1/audit", dev)));
  EXPECT_TRUE(Allowed(server.Post("/api/v1/cleanup/dev-ci", std::string(), dev)));

  // analyst: aggregates only.
  EXPECT_TRUE(Allowed(server.Get("/api/v1/datasets", analyst)));
  EXPECT_TRUE(Allowed(server.Get("/metrics", analyst)));
  ApiResponse counts = server.Get("/api/v1/executions", analyst);
  ASSERT_TRUE(Allowed(counts));
  EXPECT_FALSE(counts.body_json.contains("executions")) << counts;
  EXPECT_EQ(At(counts.body_json, "count"), 5) << counts;
  EXPECT_EQ(At(At(counts.body_json, "by_status"), "ready"), 3) << counts;
  EXPECT_EQ(At(At(counts.body_json, "by_status"), "cleaned"), 2) << counts;
  EXPECT_EQ(At(At(counts.body_json, "by_environment"), "ci"), 3) << counts;
  for (const char* id : {"ops-ci", "dev-ci"}) {
    EXPECT_FALSE(Mentions(counts.body_json, id, true)) << counts;
  }
  EXPECT_TRUE(Forbidden(server.Get("/api/v1/test-data/status/ops-ci", analyst)));
  EXPECT_TRUE(Forbidden(server.Get("/api/v1/health/ops-ci", analyst)));
  EXPECT_TRUE(Forbidden(provision("ci", "analyst-ci", analyst)));
  EXPECT_TRUE(Forbidden(server.Post("/api/v1/provision", json{{"environment", "ci"}}, analyst)));
  for (const ApiResponse& r : cleanup_both("ops-ci", analyst)) EXPECT_TRUE(Forbidden(r));
  EXPECT_TRUE(Forbidden(server.Get("/api/v1/audit", analyst)));

  // devops cleans up anyone's. Nothing forbidden was provisioned.
  for (const ApiResponse& r : cleanup_both("qa-local", ops, "local")) EXPECT_TRUE(Allowed(r));
  std::vector<std::string> all = ExecutionIds(cli_test::Executions(box));
  EXPECT_EQ(std::set<std::string>(all.begin(), all.end()),
            (std::set<std::string>{"ops-ci", "ops-staging", "qa-ci", "qa-local", "dev-ci"}));
}

TEST(ApiAccess, EveryAuthenticatedRequestIsAuditedWithoutTheToken) {
  CliSandbox box;
  ApiServer server(box);
  ASSERT_TRUE(server.Start());
  ApiToken ops = CreateToken(box, "devops", "avery");
  ApiToken qa = CreateToken(box, "qa", "quentin");
  struct Made {
    std::string method, route, user;
    int code;
  };
  std::vector<Made> made;
  auto note = [&](const ApiResponse& r, const std::string& method, const std::string& route,
                  const std::string& user) {
    EXPECT_NE(r.status, 0) << r;
    made.push_back({method, route, user, r.status});
  };
  note(server.Get("/api/v1/executions", ops.token), "GET", "/api/v1/executions", "avery");
  note(server.Get("/api/v1/datasets", ops.token), "GET", "/api/v1/datasets", "avery");
  note(server.Post(kWait, json{{"environment", "ci"}, {"execution_id", "audited"}}, ops.token),
       "POST", "/api/v1/test-data/provision", "avery");
  note(server.Get("/api/v1/test-data/status/audited", ops.token), "GET",
       "/api/v1/test-data/status/", "avery");
  note(server.Get("/api/v1/audit", qa.token), "GET", "/api/v1/audit", "quentin");  // 403
  note(server.Post("/api/v1/cleanup/audited", std::string(), ops.token), "POST", "/api/v1/cleanup/",
       "avery");
  ASSERT_EQ(made[4].code, 403);

  CliResult shown = box.Run("data-cli audit show --json --event api_request");
  ASSERT_TRUE(Succeeded(shown));
  json events = json::parse(shown.out, nullptr, false);
  ASSERT_TRUE(events.is_array()) << shown.out;
  for (const Made& m : made) {
    bool found = false;
    for (const json& e : events) {
      // Method and route as fields of their own, or as one "METHOD /route" value.
      bool request = (Mentions(e, m.method) && Mentions(e, m.route, true)) ||
                     Mentions(e, m.method + " " + m.route, true);
      found = found || (request && Mentions(e, m.user) && Mentions(e, std::to_string(m.code)));
    }
    EXPECT_TRUE(found) << "no api_request event for " << m.method << " " << m.route << " by "
                       << m.user << " (" << m.code << ") in\n"
                       << events.dump(1);
  }
  bool role_named = false;
  for (const json& e : events) role_named = role_named || Mentions(e, "qa");
  EXPECT_TRUE(role_named) << "no event names the role qa";

  // The secrets are nowhere: not in the audit log as shown, not in any file of the state dir.
  CliResult everything = box.Run("data-cli audit show --json");
  for (const ApiToken& t : {ops, qa}) {
    ASSERT_FALSE(t.token.empty());
    EXPECT_EQ(everything.out.find(t.token), std::string::npos) << "a token in the audit log";
    for (const auto& entry : fs::recursive_directory_iterator(box.path(".tdm"))) {
      if (!entry.is_regular_file()) continue;
      EXPECT_EQ(cli_test::ReadFile(entry.path()).find(t.token), std::string::npos)
          << "the secret token is stored in " << entry.path();
    }
    EXPECT_EQ(server.Stdout().find(t.token), std::string::npos);
    EXPECT_EQ(server.Stderr().find(t.token), std::string::npos);
  }
}

}  // namespace
}  // namespace tdm::api_test
