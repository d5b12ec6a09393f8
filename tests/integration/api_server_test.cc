// data-cli serve, route by route, with a real HTTP client against the real binary (SQLite target,
// the seed's examples/ spec): provisioning asynchronously and with ?wait=true, status and health of
// provisioning, ready, failed, cleaned and unknown executions, both cleanup routes, the listings,
// /healthz, /metrics and /openapi.json. Roles, bad input and the server's lifecycle have their own
// files (api_access_test.cc, api_input_test.cc, api_lifecycle_test.cc).
#include "integration/api_server.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>

#include "integration/test_targets.h"

namespace tdm::api_test {
namespace {

using cli_test::CliResult;
using cli_test::Succeeded;

constexpr char kProvision[] = "/api/v1/test-data/provision";
constexpr char kStatus[] = "/api/v1/test-data/status/";
constexpr char kHealth[] = "/api/v1/health/";

// The sum of the samples of metric `name` whose labels include every one of `labels`; -1 when
// no sample matches.
double Metric(const std::string& text, const std::string& name,
              const std::map<std::string, std::string>& labels = {}) {
  double sum = -1;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    size_t end = line.find_first_of("{ ");
    if (end == std::string::npos || line.substr(0, end) != name) continue;
    size_t space = line.rfind(' ');
    // Label values may hold braces themselves (route="/api/v1/cleanup/{execution_id}").
    std::string label_text = line[end] == '{' ? line.substr(end, line.rfind('}') - end) : "";
    bool match = true;
    for (const auto& [key, value] : labels) {
      match = match && label_text.find(key + "=\"" + value + "\"") != std::string::npos;
    }
    if (!match) continue;
    sum = (sum < 0 ? 0 : sum) + std::stod(line.substr(space + 1));
  }
  return sum;
}

// POST /api/v1/test-data/provision?wait=true; the response must be 200 ready.
json ProvisionReady(const ApiServer& server, const json& body, const std::string& token) {
  ApiResponse r = server.Post(std::string(kProvision) + "?wait=true", body, token);
  EXPECT_EQ(r.status, 200) << r;
  EXPECT_EQ(Field(r.body_json, "status"), "ready") << r;
  return r.body_json;
}

TEST(ApiServer, ProvisionIsAcceptedThenBecomesReady) {
  CliSandbox box;
  ApiServer server(box);
  ASSERT_TRUE(server.Start());
  std::string ops = CreateToken(box, "devops", "olivia").token;

  ApiResponse r = server.Post(kProvision, json{{"environment", "ci"}, {"dataset", "all"}}, ops);
  ASSERT_EQ(r.status, 202) << r;
  std::string id = Field(r.body_json, "execution_id");
  ASSERT_FALSE(id.empty()) << r;
  EXPECT_EQ(Field(r.body_json, "status"), "provisioning") << r;
  EXPECT_FALSE(Field(r.body_json, "endpoint").empty()) << r;
  EXPECT_TRUE(cli_test::HasSubstr(Field(r.body_json, "status_url"), kStatus + id));
  EXPECT_TRUE(cli_test::HasSubstr(Field(r.body_json, "healthcheck_url"), id));

  ApiResponse status = server.AwaitSettled(id, ops);
  ASSERT_EQ(status.status, 200) << status;
  const json& s = status.body_json;
  EXPECT_EQ(Field(s, "execution_id"), id);
  EXPECT_EQ(Field(s, "status"), "ready") << status;
  EXPECT_EQ(At(s, "ready"), true) << status;
  EXPECT_EQ(Field(s, "environment"), "ci");
  EXPECT_EQ(Field(s, "dataset"), "all");
  ASSERT_TRUE(s.contains("health_checks") && s["health_checks"].is_array()) << status;
  EXPECT_FALSE(s["health_checks"].empty()) << status;
  for (const json& check : s["health_checks"]) {
    EXPECT_FALSE(Field(check, "name").empty()) << check;
    EXPECT_TRUE(Field(check, "status") == "pass" || Field(check, "status") == "fail") << check;
  }
  ASSERT_TRUE(s.contains("sample_data") && s["sample_data"].is_object()) << status;
  for (const char* table : {"users", "movies"}) {
    ASSERT_TRUE(s["sample_data"].contains(table)) << status;
    EXPECT_GE(s["sample_data"][table].size(), 1u) << status;
    EXPECT_LE(s["sample_data"][table].size(), 3u) << status;
  }
  // PII shows "***": none of the execution's real emails or phones reach the response.
  for (const json& user : s["sample_data"]["users"]) {
    if (user.contains("email")) {
      EXPECT_EQ(user["email"], "***") << user;
    }
  }
  CliResult shown =
      box.Run("data-cli show --collection users --limit 10 --json --execution-id " + id);
  ASSERT_TRUE(Succeeded(shown));
  for (const json& user : json::parse(shown.out)) {
    for (const char* pii : {"email", "phone"}) {
      std::string value = Field(user, pii);
      ASSERT_FALSE(value.empty()) << user;
      EXPECT_EQ(status.body.find(value), std::string::npos) << pii << " value leaked" << status;
    }
  }

  ApiResponse health = server.Get(PathOf(Field(r.body_json, "healthcheck_url")), ops);
  ASSERT_EQ(health.status, 200) << health;
  EXPECT_EQ(Field(health.body_json, "execution_id"), id);
  EXPECT_EQ(At(health.body_json, "ready"), true) << health;
  EXPECT_EQ(At(health.body_json, "healthy"), true) << health;
  ASSERT_TRUE(health.body_json["health_checks"].is_array()) << health;
  std::set<std::string> names;
  for (const json& check : health.body_json["health_checks"]) {
    names.insert(Field(check, "name"));
    EXPECT_TRUE(check.contains("detail")) << check;
  }
  EXPECT_TRUE(names.count("connectivity") && names.count("schema")) << health;
}

TEST(ApiServer, WaitTrueAnswersOnceReadyAndIdsAreUnique) {
  CliSandbox box;
  ApiServer server(box);
  ASSERT_TRUE(server.Start());
  std::string ops = CreateToken(box, "devops", "olivia").token;

  json body = {
      {"environment", "local"},    {"dataset", "all"}, {"count", 7}, {"seed", 99}, {"ttl", "8h"},
      {"execution_id", "wait-one"}};
  json ready = ProvisionReady(server, body, ops);
  EXPECT_EQ(Field(ready, "execution_id"), "wait-one");
  // count reached the data: 7 users.
  CliResult shown = box.Run("data-cli show --collection users --limit 100 --json");
  ASSERT_TRUE(Succeeded(shown));
  EXPECT_EQ(json::parse(shown.out).size(), 7u) << shown.out;

  ApiResponse again = server.Post(std::string(kProvision) + "?wait=true", body, ops);
  EXPECT_EQ(again.status, 409) << again;
  EXPECT_EQ(again.ErrorCode(), "conflict") << again;

  // The seed's short route: 202, then ready; and with ?wait=true.
  ApiResponse r =
      server.Post("/api/v1/provision", json{{"environment", "ci"}, {"dataset", "all"}}, ops);
  ASSERT_EQ(r.status, 202) << r;
  std::string id = Field(r.body_json, "execution_id");
  EXPECT_FALSE(id.empty()) << r;
  EXPECT_FALSE(Field(r.body_json, "status").empty()) << r;
  EXPECT_FALSE(Field(r.body_json, "database_url").empty()) << r;
  EXPECT_TRUE(cli_test::HasSubstr(Field(r.body_json, "health_check_url"), id));
  EXPECT_EQ(Field(server.AwaitSettled(id, ops).body_json, "status"), "ready");
  r = server.Post("/api/v1/provision?wait=true",
                  json{{"environment", "ci"}, {"dataset", "movies"}, {"count", 3}}, ops);
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(Field(r.body_json, "status"), "ready") << r;
  EXPECT_NE(Field(r.body_json, "execution_id"), id) << r;
  EXPECT_EQ(server.Get(PathOf(Field(r.body_json, "health_check_url")), ops).status, 200);
}

TEST(ApiServer, AProvisioningExecutionIsNotReadyAndCannotBeCleanedUp) {
  CliSandbox box;
  ApiServer server(box);
  ASSERT_TRUE(server.Start());
  std::string ops = CreateToken(box, "devops", "olivia").token;

  ApiResponse r = server.Post(kProvision, json{{"environment", "ci"}, {"count", 300000}}, ops);
  ASSERT_EQ(r.status, 202) << r;
  std::string id = Field(r.body_json, "execution_id");
  ApiResponse status = server.Get(kStatus + id, ops);
  ASSERT_EQ(status.status, 200) << status;
  EXPECT_EQ(Field(status.body_json, "status"), "provisioning") << status;
  EXPECT_EQ(At(status.body_json, "ready"), false) << status;
  ApiResponse health = server.Get(kHealth + id, ops);
  EXPECT_EQ(health.status, 503) << health;
  EXPECT_EQ(At(health.body_json, "ready"), false) << health;
  EXPECT_EQ(At(health.body_json, "healthy"), false) << health;
  ApiResponse cleanup = server.Post("/api/v1/test-data/cleanup",
                                    json{{"environment", "ci"}, {"execution_id", id}}, ops);
  EXPECT_EQ(cleanup.status, 409) << cleanup;
  EXPECT_EQ(cleanup.ErrorCode(), "conflict") << cleanup;
  cleanup = server.Post("/api/v1/cleanup/" + id, std::string(), ops);
  EXPECT_EQ(cleanup.status, 409) << cleanup;

  status = server.AwaitSettled(id, ops);
  EXPECT_EQ(Field(status.body_json, "status"), "ready") << status;
  EXPECT_EQ(server.Post("/api/v1/cleanup/" + id, std::string(), ops).status, 200);
}

TEST(ApiServer, AFailedProvisionIsReportedAsFailed) {
  CliSandbox box;
  std::string nowhere =
      "postgres://tdm:S3cretPw@127.0.0.1:" + std::to_string(store::UnusedPort()) + "/postgres";
  ApiServer server(box, {"--target", nowhere});
  ASSERT_TRUE(server.Start());
  std::string ops = CreateToken(box, "devops", "olivia").token;

  ApiResponse r = server.Post(std::string(kProvision) + "?wait=true",
                              json{{"environment", "ci"}, {"execution_id", "doomed"}}, ops);
  ASSERT_EQ(r.status, 422) << r;
  EXPECT_EQ(Field(r.body_json, "execution_id"), "doomed") << r;
  EXPECT_EQ(Field(r.body_json, "status"), "failed") << r;
  EXPECT_FALSE(r.ErrorCode().empty()) << r;
  EXPECT_FALSE(r.ErrorMessage().empty()) << r;

  ApiResponse status = server.Get(std::string(kStatus) + "doomed", ops);
  ASSERT_EQ(status.status, 200) << status;
  EXPECT_EQ(Field(status.body_json, "status"), "failed") << status;
  EXPECT_EQ(At(status.body_json, "ready"), false) << status;
  EXPECT_TRUE(status.body_json.contains("error")) << status;
  ApiResponse health = server.Get(std::string(kHealth) + "doomed", ops);
  EXPECT_EQ(health.status, 503) << health;
  EXPECT_EQ(At(health.body_json, "healthy"), false) << health;
  ApiResponse listed = server.Get("/api/v1/executions?status=failed", ops);
  EXPECT_EQ(ExecutionIds(listed.body_json), std::vector<std::string>{"doomed"}) << listed;
  for (const ApiResponse* any : {&r, &status, &health, &listed}) {
    EXPECT_EQ(any->body.find("S3cretPw"), std::string::npos) << *any;
  }
}

TEST(ApiServer, CleanupByEitherRouteIsIdempotentAndChecksTheEnvironment) {
  CliSandbox box;
  ApiServer server(box);
  ASSERT_TRUE(server.Start());
  std::string ops = CreateToken(box, "devops", "olivia").token;
  ProvisionReady(server, json{{"environment", "ci"}, {"execution_id", "first"}}, ops);
  ProvisionReady(server, json{{"environment", "ci"}, {"execution_id", "second"}}, ops);
  json before = cli_test::Executions(box);
  std::string first_file = Field(cli_test::FindExecution(before, "first"), "endpoint");
  ASSERT_EQ(first_file.rfind("sqlite://", 0), 0u) << first_file;
  first_file = first_file.substr(9);
  ASSERT_TRUE(fs::exists(first_file)) << first_file;

  ApiResponse r = server.Post("/api/v1/test-data/cleanup",
                              json{{"environment", "ci"}, {"execution_id", "first"}}, ops);
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(Field(r.body_json, "execution_id"), "first") << r;
  EXPECT_EQ(Field(r.body_json, "status"), "cleaned") << r;
  EXPECT_FALSE(Field(r.body_json, "cleanup_time").empty()) << r;
  EXPECT_FALSE(fs::exists(first_file)) << first_file;
  ApiResponse status = server.Get(std::string(kStatus) + "first", ops);
  EXPECT_EQ(Field(status.body_json, "status"), "cleaned") << status;
  EXPECT_EQ(At(status.body_json, "ready"), false) << status;
  ApiResponse health = server.Get(std::string(kHealth) + "first", ops);
  EXPECT_EQ(health.status, 503) << health;
  r = server.Post("/api/v1/cleanup/first", std::string(), ops);  // again: still a success
  EXPECT_EQ(r.status, 200) << r;
  EXPECT_EQ(Field(r.body_json, "status"), "success") << r;

  r = server.Post("/api/v1/test-data/cleanup",
                  json{{"environment", "local"}, {"execution_id", "second"}}, ops);
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_TRUE(cli_test::HasSubstr(r.ErrorMessage(), "environment")) << r;
  EXPECT_EQ(Field(server.Get(std::string(kStatus) + "second", ops).body_json, "status"), "ready");
  r = server.Post("/api/v1/cleanup/second", std::string(), ops);
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(Field(r.body_json, "status"), "success") << r;
  EXPECT_EQ(Field(r.body_json, "execution_id"), "second") << r;
  EXPECT_FALSE(Field(r.body_json, "cleanup_time").empty()) << r;
  EXPECT_EQ(Field(cli_test::FindExecution(cli_test::Executions(box), "second"), "status"),
            "cleaned");

  for (const ApiResponse& unknown :
       {server.Post("/api/v1/test-data/cleanup",
                    json{{"environment", "ci"}, {"execution_id", "never-was"}}, ops),
        server.Post("/api/v1/cleanup/never-was", std::string(), ops),
        server.Get(std::string(kStatus) + "never-was", ops),
        server.Get(std::string(kHealth) + "never-was", ops)}) {
    EXPECT_EQ(unknown.status, 404) << unknown;
    EXPECT_EQ(unknown.ErrorCode(), "not_found") << unknown;
  }
}

TEST(ApiServer, ListsExecutionsDatasetsAndAuditEvents) {
  CliSandbox box;
  ApiServer server(box);
  ASSERT_TRUE(server.Start());
  std::string ops = CreateToken(box, "devops", "olivia").token;
  ProvisionReady(server, json{{"environment", "ci"}, {"execution_id", "in-ci"}}, ops);
  ProvisionReady(server, json{{"environment", "local"}, {"execution_id", "in-local"}}, ops);
  ASSERT_EQ(server.Post("/api/v1/cleanup/in-local", std::string(), ops).status, 200);

  ApiResponse all = server.Get("/api/v1/executions", ops);
  ASSERT_EQ(all.status, 200) << all;
  EXPECT_EQ(At(all.body_json, "count"), 2) << all;
  std::vector<std::string> ids = ExecutionIds(all.body_json);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()),
            (std::set<std::string>{"in-ci", "in-local"}))
      << all;
  for (const json& e : At(all.body_json, "executions")) {
    for (const char* key :
         {"execution_id", "status", "environment", "dataset", "endpoint", "tables", "created_at"}) {
      EXPECT_TRUE(e.contains(key)) << key << " missing in " << e;
    }
  }
  std::map<std::string, std::vector<std::string>> filters = {
      {"?status=ready", {"in-ci"}},
      {"?environment=local", {"in-local"}},
      {"?status=ready&environment=ci", {"in-ci"}},
      {"?status=ready&environment=local", {}}};
  for (const auto& [query, expected] : filters) {
    ApiResponse r = server.Get("/api/v1/executions" + query, ops);
    EXPECT_EQ(ExecutionIds(r.body_json), expected) << r;
    EXPECT_EQ(At(r.body_json, "count"), static_cast<int>(expected.size())) << r;
  }

  ApiResponse datasets = server.Get("/api/v1/datasets", ops);
  ASSERT_EQ(datasets.status, 200) << datasets;
  std::set<std::string> names;
  for (const json& d : At(datasets.body_json, "datasets")) {
    names.insert(Field(d, "name"));
    ASSERT_TRUE(d.contains("tables") && d["tables"].is_array()) << d;
    for (const json& t : d["tables"]) {
      EXPECT_FALSE(Field(t, "name").empty()) << t;
      EXPECT_TRUE(t.contains("rows") && t["rows"].is_number_integer()) << t;
    }
  }
  EXPECT_TRUE(names.count("movies")) << datasets;
  std::set<std::string> environments;
  for (const json& e : At(datasets.body_json, "environments")) {
    environments.insert(e.is_string() ? e.get<std::string>() : e.dump());
  }
  EXPECT_EQ(environments, (std::set<std::string>{"local", "ci", "staging"})) << datasets;

  ApiResponse audit = server.Get("/api/v1/audit?event=api_request&limit=3", ops);
  ASSERT_EQ(audit.status, 200) << audit;
  ASSERT_TRUE(audit.body_json.contains("events") && audit.body_json["events"].is_array()) << audit;
  EXPECT_EQ(audit.body_json["events"].size(), 3u) << audit;
  EXPECT_EQ(At(audit.body_json, "count"), 3) << audit;
  audit = server.Get("/api/v1/audit?execution_id=in-local", ops);
  ASSERT_EQ(audit.status, 200) << audit;
  EXPECT_FALSE(audit.body_json["events"].empty()) << audit;
  for (const json& e : audit.body_json["events"]) {
    EXPECT_NE(e.dump().find("in-local"), std::string::npos) << e;
    EXPECT_EQ(e.dump().find("in-ci"), std::string::npos) << e;
  }
}

TEST(ApiServer, HealthzDashboardAndOpenApiArePublic) {
  CliSandbox box;
  ApiServer server(box);
  ASSERT_TRUE(server.Start());

  ApiResponse healthz = server.Get("/healthz");
  ASSERT_EQ(healthz.status, 200) << healthz;
  EXPECT_EQ(Field(healthz.body_json, "status"), "ok") << healthz;
  std::string version = Field(healthz.body_json, "version");
  EXPECT_FALSE(version.empty()) << healthz;
  EXPECT_TRUE(cli_test::HasSubstr(box.Run("data-cli --version").out, version));
  EXPECT_TRUE(healthz.body_json["queue_depth"].is_number_integer()) << healthz;
  EXPECT_TRUE(healthz.body_json["workers_busy"].is_number_integer()) << healthz;

  ApiResponse dashboard = server.Get("/");
  EXPECT_EQ(dashboard.status, 200) << dashboard;
  EXPECT_TRUE(cli_test::HasSubstr(dashboard.Header("Content-Type"), "text/html"));

  ApiResponse spec = server.Get("/openapi.json");
  ASSERT_EQ(spec.status, 200) << spec;
  EXPECT_EQ(Field(spec.body_json, "openapi"), "3.0.3") << spec.body.substr(0, 200);
  cli_test::WriteFile(box.path("openapi.json"), spec.body);
  CliResult valid = box.Run(std::string(TDM_SOURCE_DIR) + "/scripts/validate-openapi openapi.json");
  EXPECT_TRUE(Succeeded(valid));
  EXPECT_TRUE(cli_test::HasSubstr(valid.out, "valid"));
  // Every route of the contract, with its method; path parameters may have any name.
  std::set<std::string> documented;
  static const std::regex kParameter(R"(\{[^}]*\})");
  json paths = At(spec.body_json, "paths");
  for (const auto& [path, item] : paths.items()) {
    for (const auto& [method, operation] : item.items()) {
      documented.insert(method + " " + std::regex_replace(path, kParameter, "{}"));
    }
  }
  for (const char* route : {"post /api/v1/test-data/provision", "post /api/v1/provision",
                            "post /api/v1/test-data/cleanup", "post /api/v1/cleanup/{}",
                            "get /api/v1/test-data/status/{}", "get /api/v1/health/{}",
                            "get /api/v1/executions", "get /api/v1/datasets", "get /api/v1/audit",
                            "get /healthz", "get /metrics", "get /openapi.json"}) {
    EXPECT_TRUE(documented.count(route)) << route << " is not in /openapi.json's paths";
  }
}

TEST(ApiServer, MetricsCountProvisionsRowsAndRequests) {
  CliSandbox box;
  ApiServer server(box);
  ASSERT_TRUE(server.Start());
  std::string ops = CreateToken(box, "devops", "olivia").token;

  ApiResponse before = server.Get("/metrics", ops);
  ASSERT_EQ(before.status, 200) << before;
  EXPECT_TRUE(cli_test::HasSubstr(before.Header("Content-Type"), "text/plain"));
  EXPECT_TRUE(cli_test::HasSubstr(before.Header("Content-Type"), "version=0.0.4"));
  ProvisionReady(server, json{{"environment", "ci"}, {"execution_id", "counted"}}, ops);
  ASSERT_EQ(server.Post("/api/v1/cleanup/counted", std::string(), ops).status, 200);
  ProvisionReady(server, json{{"environment", "ci"}, {"execution_id", "alive"}}, ops);
  ApiResponse after = server.Get("/metrics", ops);
  ASSERT_EQ(after.status, 200) << after;
  const std::string& a = after.body;
  const std::string& b = before.body;

  for (const char* name :
       {"tdm_provision_duration_seconds_bucket", "tdm_provision_duration_seconds_sum",
        "tdm_provision_duration_seconds_count", "tdm_provisions_total", "tdm_cleanups_total",
        "tdm_rows_generated_total", "tdm_executions_alive", "tdm_http_requests_total",
        "tdm_queue_depth"}) {
    EXPECT_GE(Metric(a, name), 0) << name << " missing in\n" << a;
  }
  auto delta = [&](const std::string& name, const std::map<std::string, std::string>& labels) {
    return Metric(a, name, labels) - std::max(0.0, Metric(b, name, labels));
  };
  EXPECT_EQ(delta("tdm_provisions_total", {{"status", "ready"}}), 2) << a;
  EXPECT_EQ(delta("tdm_provision_duration_seconds_count", {}), 2) << a;
  EXPECT_EQ(delta("tdm_rows_generated_total", {}), 4000) << a;  // ci: 1000 users + 1000 movies
  EXPECT_EQ(delta("tdm_cleanups_total", {{"status", "success"}}), 1) << a;
  EXPECT_EQ(delta("tdm_executions_alive", {}), 1) << a;
  EXPECT_GE(Metric(a, "tdm_http_requests_total", {{"method", "POST"}, {"code", "200"}}), 3) << a;
  EXPECT_GE(Metric(a, "tdm_http_requests_total", {{"method", "GET"}, {"code", "200"}}), 1) << a;
}

// The seed's "REST API Quick Start", verbatim but for the port, against a --no-auth server whose
// registry already holds the CLI's execution abc123.
TEST(ApiServer, SeedQuickStartCurlLinesWork) {
  CliSandbox box;
  ASSERT_TRUE(Succeeded(box.Run("data-cli provision --execution-id abc123 --env ci")));
  ApiServer server(box, {"--no-auth"}, "quickstart");
  ASSERT_TRUE(server.Start());
  std::string port = std::to_string(server.port());

  CliResult provision = box.Run("curl -X POST http://localhost:" + port +
                                "/api/v1/provision \\\n"
                                "  -H \"Content-Type: application/json\" \\\n"
                                "  -d '{\"environment\": \"ci\", \"dataset\": \"all\"}'");
  ASSERT_TRUE(Succeeded(provision));
  json accepted = json::parse(provision.out, nullptr, false);
  std::string id = Field(accepted, "execution_id");
  ASSERT_FALSE(id.empty()) << provision.out;
  EXPECT_EQ(Field(server.AwaitSettled(id).body_json, "status"), "ready");

  CliResult health = box.Run("curl http://localhost:" + port + "/api/v1/health/abc123");
  ASSERT_TRUE(Succeeded(health));
  json healthy = json::parse(health.out, nullptr, false);
  EXPECT_EQ(Field(healthy, "execution_id"), "abc123") << health.out;
  EXPECT_EQ(At(healthy, "healthy"), true) << health.out;

  CliResult cleanup = box.Run("curl -X POST http://localhost:" + port + "/api/v1/cleanup/abc123");
  ASSERT_TRUE(Succeeded(cleanup));
  EXPECT_EQ(Field(json::parse(cleanup.out, nullptr, false), "status"), "success") << cleanup.out;
  json executions = cli_test::Executions(box);
  EXPECT_EQ(Field(cli_test::FindExecution(executions, "abc123"), "status"), "cleaned");
  EXPECT_EQ(Field(cli_test::FindExecution(executions, id), "status"), "ready");
}

TEST(ApiServer, CliAndApiShareTheRegistryBothWays) {
  CliSandbox box;
  ApiServer server(box);
  ASSERT_TRUE(server.Start());
  std::string ops = CreateToken(box, "devops", "olivia").token;

  // API → CLI.
  ProvisionReady(server, json{{"environment", "ci"}, {"execution_id", "from-api"}}, ops);
  json listed = cli_test::FindExecution(cli_test::Executions(box), "from-api");
  EXPECT_EQ(Field(listed, "status"), "ready") << listed;
  CliResult shown = box.Run("data-cli show --collection movies --limit 2 --execution-id from-api");
  EXPECT_TRUE(Succeeded(shown));
  ASSERT_TRUE(Succeeded(box.Run("data-cli cleanup --execution-id from-api")));
  EXPECT_EQ(Field(server.Get(std::string(kStatus) + "from-api", ops).body_json, "status"),
            "cleaned");

  // CLI → API.
  ASSERT_TRUE(Succeeded(box.Run("data-cli provision --env local --execution-id from-cli")));
  ApiResponse status = server.Get(std::string(kStatus) + "from-cli", ops);
  EXPECT_EQ(Field(status.body_json, "status"), "ready") << status;
  EXPECT_EQ(Field(status.body_json, "environment"), "local") << status;
  EXPECT_EQ(server.Get(std::string(kHealth) + "from-cli", ops).status, 200);
  ApiResponse r = server.Post("/api/v1/test-data/cleanup",
                              json{{"environment", "local"}, {"execution_id", "from-cli"}}, ops);
  EXPECT_EQ(r.status, 200) << r;
  EXPECT_EQ(Field(cli_test::FindExecution(cli_test::Executions(box), "from-cli"), "status"),
            "cleaned");
}

}  // namespace
}  // namespace tdm::api_test
