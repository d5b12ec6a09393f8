// data-cli serve against the PostgreSQL test server ($TDM_TEST_POSTGRES_URL): 50 clients provision
// at once, each its own ci execution with its own seed and count; all reach ready, each database
// tdm_<id> holds exactly its own rows, and after 50 concurrent cleanups every database is gone.
// Execution ids (and seeds) carry this process's pid, so parallel runs on one server don't clash.
#include <gtest/gtest.h>

#include <thread>

#include "integration/api_server.h"
#include "integration/test_targets.h"
#include "store/database.h"

namespace tdm::api_test {
namespace {

constexpr int kClients = 50;

std::string Id(int i) { return "api-" + std::to_string(getpid()) + "-" + std::to_string(i); }
int Count(int i) { return 20 + 3 * i; }  // distinct per execution, so a mix-up shows

TEST(ApiPostgres, FiftyConcurrentProvisionsAreIsolatedAndCleanedUp) {
  auto target = store::TestTarget(store::TargetKind::kPostgres);
  ASSERT_TRUE(target.ok()) << target.status().ToString();
  auto url = store::ParseTarget(target->url);
  ASSERT_TRUE(url.ok()) << url.status().ToString();
  auto opened = store::OpenDatabase(*url);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  std::unique_ptr<store::Database> db = std::move(*opened);

  CliSandbox box;
  ApiServer server(box, {"--target", target->url});
  ASSERT_TRUE(server.Start());
  std::string ops = CreateToken(box, "devops", "olivia").token;
  auto started = std::chrono::steady_clock::now();

  std::vector<ApiResponse> accepted(kClients);
  std::vector<ApiResponse> settled(kClients);
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back([&, i] {
      json body = {{"environment", "ci"},
                   {"dataset", "all"},
                   {"count", Count(i)},
                   {"seed", getpid() * 100 + i},
                   {"execution_id", Id(i)}};
      accepted[i] = server.Post("/api/v1/test-data/provision", body, ops);
      if (accepted[i].status == 202) settled[i] = server.AwaitSettled(Id(i), ops);
    });
  }
  for (std::thread& t : clients) t.join();
  auto provisioned = std::chrono::steady_clock::now();

  int ready = 0;
  for (int i = 0; i < kClients; ++i) {
    SCOPED_TRACE(Id(i));
    EXPECT_EQ(accepted[i].status, 202) << accepted[i];
    EXPECT_EQ(Field(settled[i].body_json, "status"), "ready") << settled[i];
    if (Field(settled[i].body_json, "status") != "ready") continue;
    ++ready;
    std::string endpoint = Field(accepted[i].body_json, "endpoint");
    EXPECT_EQ(endpoint.find(":tdm@"), std::string::npos) << "a password in " << endpoint;
    for (const char* table : {"users", "movies"}) {
      auto rows = db->CountRows("tdm_" + Id(i), table);
      EXPECT_TRUE(rows.ok()) << rows.status().ToString();
      if (rows.ok()) {
        EXPECT_EQ(*rows, Count(i)) << table;
      }
    }
    EXPECT_EQ(server.Get("/api/v1/health/" + Id(i), ops).status, 200);
  }
  EXPECT_EQ(ready, kClients);

  // The dataset versions, for the templates the provisions left (dropped at the end).
  std::vector<std::string> versions;
  for (const json& e : cli_test::Executions(box)) versions.push_back(Field(e, "dataset_version"));

  std::vector<ApiResponse> cleaned(kClients);
  clients.clear();
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back([&, i] {
      cleaned[i] = server.Post("/api/v1/test-data/cleanup",
                               json{{"environment", "ci"}, {"execution_id", Id(i)}}, ops);
    });
  }
  for (std::thread& t : clients) t.join();
  for (int i = 0; i < kClients; ++i) {
    EXPECT_EQ(cleaned[i].status, 200) << cleaned[i];
    EXPECT_FALSE(*db->Exists("tdm_" + Id(i))) << Id(i);
  }
  std::string prefix = "tdm_api-" + std::to_string(getpid()) + "-";
  auto left = db->List(prefix);
  ASSERT_TRUE(left.ok());
  EXPECT_TRUE(left->empty()) << left->size() << " databases left, e.g. " << left->front();
  // Whatever happened, nothing of this test stays on the shared server.
  for (const std::string& name : *left) (void)db->Drop(name);
  for (const std::string& version : versions) {
    if (!version.empty()) (void)db->Drop("tdm_t_" + version);
  }
  double provision_s = std::chrono::duration<double>(provisioned - started).count();
  RecordProperty("provision_wall_s", std::to_string(provision_s));
  EXPECT_LT(provision_s, 120) << "50 provisions took " << provision_s << " s";
}

}  // namespace
}  // namespace tdm::api_test
