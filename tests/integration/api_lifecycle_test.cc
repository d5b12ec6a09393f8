// data-cli serve under pressure and in death: a full queue answers 429 with Retry-After; SIGTERM
// lets the running provision finish (or roll back), fails the queued ones and exits 0; after a
// kill -9 the restarted server marks the orphaned execution failed and removes its data. These run
// --no-auth (roles are api_access_test.cc's) with provisions large enough to be caught mid-way.
#include <gtest/gtest.h>

#include <thread>

#include "integration/api_server.h"

namespace tdm::api_test {
namespace {

constexpr char kProvision[] = "/api/v1/test-data/provision";

// Files under the executions dir whose name holds `id` (the data, or a half-written part of it).
std::vector<std::string> DataFiles(const CliSandbox& box, const std::string& id) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : fs::recursive_directory_iterator(box.path(".tdm/executions"), ec)) {
    std::string name = entry.path().filename().string();
    if (name.find(id) != std::string::npos) files.push_back(name);
  }
  return files;
}

// The path of an execution's SQLite file as `data-cli executions --json` reports it.
std::string SqliteFile(const json& execution) {
  std::string endpoint = Field(execution, "endpoint");
  return endpoint.rfind("sqlite://", 0) == 0 ? endpoint.substr(9) : std::string();
}

TEST(ApiLifecycle, AFullQueueAnswers429WithRetryAfter) {
  CliSandbox box;
  ApiServer server(box, {"--no-auth", "--workers", "1", "--queue", "1"});
  ASSERT_TRUE(server.Start());

  constexpr int kRequests = 6;
  std::vector<ApiResponse> responses(kRequests);
  std::vector<std::thread> clients;
  for (int i = 0; i < kRequests; ++i) {
    clients.emplace_back([&, i] {
      responses[i] = server.Post(kProvision, json{{"environment", "ci"},
                                                  {"count", 300000},
                                                  {"execution_id", "big-" + std::to_string(i)}});
    });
  }
  for (std::thread& t : clients) t.join();
  ApiResponse healthz = server.Get("/healthz");
  std::vector<std::string> accepted;
  int refused = 0;
  for (int i = 0; i < kRequests; ++i) {
    const ApiResponse& r = responses[i];
    if (r.status == 202) {
      accepted.push_back("big-" + std::to_string(i));
      continue;
    }
    EXPECT_EQ(r.status, 429) << r;
    EXPECT_EQ(r.ErrorCode(), "too_many_requests") << r;
    EXPECT_FALSE(r.Header("Retry-After").empty()) << r;
    ++refused;
    // A refused request left nothing behind.
    EXPECT_EQ(server.Get("/api/v1/test-data/status/big-" + std::to_string(i)).status, 404);
  }
  EXPECT_GE(refused, 1) << "6 provisions of 300,000 rows into 1 worker + a queue of 1";
  EXPECT_GE(accepted.size(), 1u);
  EXPECT_LE(accepted.size(), 3u);
  // One worker at most, and at most one waiting (the first may already be done).
  EXPECT_LE(At(healthz.body_json, "workers_busy").get<int>(), 1) << healthz;
  EXPECT_LE(At(healthz.body_json, "queue_depth").get<int>(), 1) << healthz;
  for (const std::string& id : accepted) {
    ApiResponse r = server.AwaitSettled(id, "", std::chrono::seconds(300));
    EXPECT_EQ(Field(r.body_json, "status"), "ready") << r;
  }
  EXPECT_EQ(cli_test::Executions(box).size(), accepted.size());
}

TEST(ApiLifecycle, SigtermFinishesTheRunningProvisionAndFailsTheQueued) {
  CliSandbox box;
  ApiServer server(box, {"--no-auth", "--workers", "1"});
  ASSERT_TRUE(server.Start());
  ApiResponse running = server.Post(
      kProvision, json{{"environment", "ci"}, {"count", 1000000}, {"execution_id", "running"}});
  ASSERT_EQ(running.status, 202) << running;
  ApiResponse queued = server.Post(
      kProvision, json{{"environment", "ci"}, {"count", 10}, {"execution_id", "queued"}});
  ASSERT_EQ(queued.status, 202) << queued;
  std::this_thread::sleep_for(std::chrono::seconds(1));
  ApiResponse mid = server.Get("/api/v1/test-data/status/running");
  ASSERT_EQ(Field(mid.body_json, "status"), "provisioning") << mid;

  server.Terminate();
  int code = server.Wait(std::chrono::seconds(180));
  EXPECT_EQ(code, 0) << server.Logs();

  json executions = cli_test::Executions(box);
  ASSERT_EQ(executions.size(), 2u) << executions.dump(1);
  for (const json& e : executions) EXPECT_NE(Field(e, "status"), "provisioning") << e;
  json first = cli_test::FindExecution(executions, "running");
  std::string status = Field(first, "status");
  EXPECT_TRUE(status == "ready" || status == "failed") << first;
  // Finished means its data is there; rolled back means it is gone.
  EXPECT_EQ(fs::exists(SqliteFile(first)), status == "ready") << first;
  if (status == "failed") {
    EXPECT_TRUE(DataFiles(box, "running").empty()) << first;
  }
  json second = cli_test::FindExecution(executions, "queued");
  EXPECT_EQ(Field(second, "status"), "failed") << second;
  EXPECT_TRUE(
      cli_test::HasSubstr(Field(second, "error"), "server shut down before the provision started"));
}

TEST(ApiLifecycle, AfterAKillTheRestartedServerFailsTheOrphanedExecution) {
  CliSandbox box;
  ApiServer server(box, {"--no-auth", "--workers", "1"});
  ASSERT_TRUE(server.Start());
  ApiResponse r = server.Post(
      kProvision, json{{"environment", "ci"}, {"count", 1000000}, {"execution_id", "orphan"}});
  ASSERT_EQ(r.status, 202) << r;
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  ASSERT_EQ(Field(server.Get("/api/v1/test-data/status/orphan").body_json, "status"),
            "provisioning");
  EXPECT_EQ(server.Kill(), 128 + SIGKILL);
  std::string file = SqliteFile(cli_test::FindExecution(cli_test::Executions(box), "orphan"));

  ASSERT_TRUE(server.Start());
  ApiResponse status = server.Get("/api/v1/test-data/status/orphan");
  ASSERT_EQ(status.status, 200) << status;
  EXPECT_EQ(Field(status.body_json, "status"), "failed") << status;
  EXPECT_TRUE(status.body_json.contains("error")) << status;
  EXPECT_EQ(Field(cli_test::FindExecution(cli_test::Executions(box), "orphan"), "status"),
            "failed");
  EXPECT_FALSE(file.empty());
  EXPECT_FALSE(fs::exists(file)) << file << " is left behind";
  EXPECT_TRUE(DataFiles(box, "orphan").empty()) << DataFiles(box, "orphan")[0];
  // The restarted server provisions as usual.
  r = server.Post(std::string(kProvision) + "?wait=true", json{{"environment", "ci"}});
  EXPECT_EQ(r.status, 200) << r;
}

}  // namespace
}  // namespace tdm::api_test
