// data-cli validate end to end: the seed's examples pass on a fresh provision; a broken execution
// fails with a non-zero exit, in human and --json output; --target validates a file directly.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_runner.h"

namespace tdm::cli_test {
namespace {

// The first JSON document of `text` (a failed --json run prints the report, then the error).
nlohmann::json FirstJson(const std::string& text) {
  std::string doc;
  for (const std::string& line : Lines(text)) {
    doc += line + "\n";
    if (line == "}") break;
  }
  return nlohmann::json::parse(doc);
}

std::string EndpointPath(const CliResult& provisioned) {
  auto j = nlohmann::json::parse(provisioned.out);
  std::string endpoint = j["endpoint"];
  return endpoint.substr(std::string("sqlite://").size());
}

TEST(ValidateCliTest, SeedExamplesPassOnAFreshProvision) {
  CliSandbox box;
  CliResult p = box.Run("data-cli provision --env ci --json");
  ASSERT_EQ(p.exit_code, 0) << p.err;
  CliResult v = box.Run("data-cli validate");
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
  for (const char* stage : {"schema", "relationships", "consistency", "performance"}) {
    EXPECT_NE(v.out.find(stage), std::string::npos) << v.out;
  }
  EXPECT_NE(v.out.find("PASS  schema"), std::string::npos) << v.out;
  EXPECT_NE(v.out.find("validation passed"), std::string::npos) << v.out;

  CliResult j = box.Run("data-cli validate --json");
  ASSERT_EQ(j.exit_code, 0) << j.err;
  auto report = nlohmann::json::parse(j.out);
  EXPECT_EQ(report["execution_id"], nlohmann::json::parse(p.out)["execution_id"]);
  EXPECT_TRUE(report["passed"].get<bool>());
  ASSERT_EQ(report["stages"].size(), 4u);
  for (const auto& s : report["stages"]) {
    for (const char* key : {"name", "passed", "action", "duration_ms", "checks", "findings"}) {
      EXPECT_TRUE(s.contains(key)) << key;
    }
    EXPECT_GT(s["checks"].get<int>(), 0) << s.dump();
  }
}

TEST(ValidateCliTest, BrokenExecutionFailsWithFindings) {
  CliSandbox box;
  CliResult p = box.Run("data-cli provision --count 200 --json");
  ASSERT_EQ(p.exit_code, 0) << p.err;
  std::string id = nlohmann::json::parse(p.out)["execution_id"];
  std::string db = EndpointPath(p);
  // A name that breaks the seed's ^[A-Za-z ]+$ pattern, as PII the output must not repeat.
  CliResult broke = box.Run("sqlite3 '" + db +
                            "' \"UPDATE users SET name = 'Agent 007 Secret' WHERE rowid = 3\"");
  ASSERT_EQ(broke.exit_code, 0) << broke.err;

  CliResult v = box.Run("data-cli validate --execution-id " + id);
  EXPECT_NE(v.exit_code, 0);
  EXPECT_NE(v.out.find("FAIL  schema"), std::string::npos) << v.out;
  EXPECT_NE(v.out.find("users.name [pattern ^[A-Za-z ]+$]"), std::string::npos) << v.out;
  EXPECT_EQ((v.out + v.err).find("Agent 007 Secret"), std::string::npos);

  CliResult j = box.Run("data-cli validate --json --execution-id " + id);
  EXPECT_NE(j.exit_code, 0);
  auto report = FirstJson(j.out);
  EXPECT_FALSE(report["passed"].get<bool>());
  const auto& schema = report["stages"][0];
  EXPECT_EQ(schema["name"], "schema");
  EXPECT_EQ(schema["action"], "log & reject");
  ASSERT_EQ(schema["findings"].size(), 1u) << schema.dump(2);
  const auto& f = schema["findings"][0];
  EXPECT_EQ(f["table"], "users");
  EXPECT_EQ(f["field"], "name");
  EXPECT_EQ(f["rule"], "pattern ^[A-Za-z ]+$");
  EXPECT_EQ(f["count"], 1);
  ASSERT_EQ(f["row_keys"].size(), 1u);
  EXPECT_EQ(j.out.find("Agent 007 Secret"), std::string::npos);
}

TEST(ValidateCliTest, TargetNamesASqliteFileDirectly) {
  CliSandbox box;
  CliResult p = box.Run("data-cli provision --count 50 --json");
  ASSERT_EQ(p.exit_code, 0) << p.err;
  std::string db = EndpointPath(p);
  CliResult v = box.Run("data-cli validate --json --target 'sqlite://" + db + "'");
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
  auto report = nlohmann::json::parse(v.out);
  EXPECT_EQ(report["execution_id"], "");
  EXPECT_TRUE(report["passed"].get<bool>());

  CliResult missing = box.Run("data-cli validate --target sqlite:///nonexistent/x.db");
  EXPECT_EQ(missing.exit_code, 3) << missing.err;
}

TEST(ValidateCliTest, NoExecutionIsAClearError) {
  CliSandbox box;
  CliResult v = box.Run("data-cli validate");
  EXPECT_NE(v.exit_code, 0);
  EXPECT_NE(v.err.find("no ready execution"), std::string::npos) << v.err;
}

}  // namespace
}  // namespace tdm::cli_test
