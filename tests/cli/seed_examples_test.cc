// The CLI lines of the seed document, run verbatim against the example spec: the "CLI Commands
// Cheat Sheet" in order, and the first "CLI Tool" example.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "cli/cli_runner.h"

namespace tdm::cli_test {
namespace {

using nlohmann::json;

// The rows of `data-cli show` text output: a title line, a header, a rule, then one line per row.
std::vector<std::string> ShownRows(const CliResult& r) {
  std::vector<std::string> lines = Lines(r.out);
  if (lines.size() < 3) return {};
  return {lines.begin() + 3, lines.end()};
}

TEST(SeedCheatSheet, RunsVerbatimInOrder) {
  CliSandbox box;

  // Not in the cheat sheet: it makes the literal id abc123 that two of its lines name.
  CliResult r = box.Run("data-cli provision --env local --dataset all --execution-id abc123");
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ(ProvisionedId(r), "abc123");
  ASSERT_TRUE(fs::exists(box.path(".tdm/executions/abc123.db")));

  // # Provision data
  r = box.Run("data-cli provision --env local --dataset all");
  ASSERT_TRUE(Succeeded(r));
  const std::string local_id = ProvisionedId(r);
  ASSERT_FALSE(local_id.empty()) << r.out;
  EXPECT_NE(local_id, "abc123");

  r = box.Run("data-cli provision --env ci --dataset users --count 500");
  ASSERT_TRUE(Succeeded(r));
  const std::string ci_id = ProvisionedId(r);
  ASSERT_FALSE(ci_id.empty()) << r.out;

  json executions = Executions(box);
  ASSERT_EQ(executions.size(), 3u);
  for (const std::string& id : {std::string("abc123"), local_id}) {
    json e = FindExecution(executions, id);
    EXPECT_EQ(e["status"], "ready") << e;
    EXPECT_EQ(e["environment"], "local");
    EXPECT_EQ(e["tables"], (json{{"users", 100}, {"movies", 100}}));  // local volumes: 100
  }
  json ci = FindExecution(executions, ci_id);
  EXPECT_EQ(ci["status"], "ready") << ci;
  EXPECT_EQ(ci["environment"], "ci");
  EXPECT_EQ(ci["tables"], (json{{"users", 500}}));

  // # Check health (the newest ready execution by default)
  r = box.Run("data-cli health check");
  ASSERT_TRUE(Succeeded(r));
  EXPECT_TRUE(HasSubstr(r.out, "Execution " + ci_id + ": healthy\n"));
  EXPECT_TRUE(HasSubstr(r.out, "500 rows as specified"));
  EXPECT_FALSE(HasSubstr(r.out, "FAIL"));

  r = box.Run("data-cli health check --execution-id abc123");
  ASSERT_TRUE(Succeeded(r));
  EXPECT_TRUE(HasSubstr(r.out, "Execution abc123: healthy\n"));
  EXPECT_TRUE(HasSubstr(r.out, "200 rows as specified"));
  EXPECT_FALSE(HasSubstr(r.out, "FAIL"));

  // # View data
  r = box.Run("data-cli show --collection users --limit 10");
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ(Lines(r.out).at(0), "users (execution " + ci_id + ", 10 rows shown)");
  EXPECT_TRUE(HasSubstr(Lines(r.out).at(1), "email"));
  EXPECT_EQ(ShownRows(r).size(), 10u);

  // The newest ready execution (ci, users only) has no movies: show reads the newest ready one
  // that does, the second local provision.
  r = box.Run(R"(data-cli show --collection movies --filter '{"year": 2024}')");
  ASSERT_TRUE(Succeeded(r));
  EXPECT_TRUE(HasSubstr(Lines(r.out).at(0), "movies (execution " + local_id + ", "));
  std::vector<std::string> movies = ShownRows(r);
  EXPECT_FALSE(movies.empty()) << r.out;
  for (const std::string& row : movies) EXPECT_TRUE(HasSubstr(row, "  2024  "));
  CliResult as_json =
      box.Run(R"(data-cli show --collection movies --filter '{"year": 2024}' --json)");
  ASSERT_TRUE(Succeeded(as_json));
  json rows = json::parse(as_json.out);
  EXPECT_EQ(rows.size(), movies.size());
  for (const json& row : rows) EXPECT_EQ(row["year"], 2024) << row;

  // # Clean up
  r = box.Run("data-cli cleanup --execution-id abc123");
  ASSERT_TRUE(Succeeded(r));
  EXPECT_FALSE(fs::exists(box.path(".tdm/executions/abc123.db")));
  EXPECT_EQ(FindExecution(Executions(box), "abc123")["status"], "cleaned");

  // # Export/Import: users of the newest ready execution holding users (the ci one, 500 rows).
  r = box.Run("data-cli export --collection users --format json --output users.json");
  ASSERT_TRUE(Succeeded(r));
  json users = json::parse(ReadFile(box.path("users.json")));
  ASSERT_TRUE(users.is_array());
  EXPECT_EQ(users.size(), 500u);
  std::set<std::string> ids;
  for (const json& u : users) {
    ids.insert(u["_id"].get<std::string>());
    EXPECT_TRUE(HasSubstr(u["email"].get<std::string>(), "@"));
  }
  EXPECT_EQ(ids.size(), 500u);

  r = box.Run("data-cli import --file users.json --collection users_backup");
  ASSERT_TRUE(Succeeded(r));
  EXPECT_TRUE(HasSubstr(r.out, "Imported 500 rows from users.json into users_backup"));
  EXPECT_EQ(FindExecution(Executions(box), ci_id)["tables"],
            (json{{"users", 500}, {"users_backup", 500}}));
  r = box.Run("data-cli show --collection users_backup --limit 1000 --json");
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ(json::parse(r.out), users);
}

TEST(SeedCliToolExample, ProvisionShowHealthExport) {
  CliSandbox box;

  // The example spec has no 'dev' environment; dev means local.
  CliResult r = box.Run("data-cli provision --env dev --dataset movies --count 1000");
  ASSERT_TRUE(Succeeded(r));
  EXPECT_TRUE(HasSubstr(r.err, "environment 'dev' is not in the spec; using 'local'"));
  const std::string id = ProvisionedId(r);
  json e = FindExecution(Executions(box), id);
  EXPECT_EQ(e["status"], "ready") << e;
  EXPECT_EQ(e["environment"], "local");
  // movies references users, so users come along at the local volume.
  EXPECT_EQ(e["tables"], (json{{"users", 100}, {"movies", 1000}}));

  r = box.Run("data-cli show --collection users --limit 5");
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ(Lines(r.out).at(0), "users (execution " + id + ", 5 rows shown)");
  EXPECT_EQ(Lines(r.out).size(), 3u + 5u);

  r = box.Run("data-cli health check");
  ASSERT_TRUE(Succeeded(r));
  EXPECT_TRUE(HasSubstr(r.out, "Execution " + id + ": healthy\n"));

  r = box.Run("data-cli export --format json --output backup.json");
  ASSERT_TRUE(Succeeded(r));
  json backup = json::parse(ReadFile(box.path("backup.json")));
  ASSERT_TRUE(backup.is_object()) << backup.type_name();
  ASSERT_EQ(backup.size(), 2u);
  ASSERT_EQ(backup["users"].size(), 100u);
  ASSERT_EQ(backup["movies"].size(), 1000u);
  std::set<std::string> user_ids;
  for (const json& u : backup["users"]) user_ids.insert(u["_id"].get<std::string>());
  EXPECT_EQ(user_ids.size(), 100u);
  for (const json& m : backup["movies"]) {
    ASSERT_TRUE(user_ids.count(m["user_id"].get<std::string>())) << m;
  }
}

}  // namespace
}  // namespace tdm::cli_test
