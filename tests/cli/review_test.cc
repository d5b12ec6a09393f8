// Cleanup never deletes files tdm did not create; --json errors are JSON; sql scripts of a child
// dataset load on their own.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_runner.h"

namespace tdm::cli_test {
namespace {

TEST(Ownership, CleanupOfAFailedProvisionKeepsAFileThatWasInTheWay) {
  CliSandbox box;
  WriteFile(box.dir() / "mine.db", "precious");
  CliResult provision =
      box.Run("data-cli provision --env ci --target sqlite://mine.db --execution-id x1");
  EXPECT_NE(provision.exit_code, 0);
  EXPECT_NE(provision.err.find("already exists"), std::string::npos) << provision.err;
  box.Run("data-cli cleanup --execution-id x1");
  EXPECT_EQ(ReadFile(box.dir() / "mine.db"), "precious");
}

TEST(Ownership, ASecondProvisionCannotTakeAnotherExecutionsTarget) {
  CliSandbox box;
  ASSERT_EQ(
      box.Run("data-cli provision --env ci --target sqlite://shared.db --execution-id a").exit_code,
      0);
  EXPECT_NE(
      box.Run("data-cli provision --env ci --target sqlite://shared.db --execution-id b").exit_code,
      0);
  box.Run("data-cli cleanup --execution-id b");
  EXPECT_TRUE(fs::exists(box.dir() / "shared.db"));
  EXPECT_EQ(box.Run("data-cli health check --execution-id a").exit_code, 0);
}

TEST(JsonErrors, AreJsonOnStdout) {
  CliSandbox box;
  CliResult r = box.Run("data-cli provision --json --env nosuch");
  EXPECT_NE(r.exit_code, 0);
  nlohmann::json error = nlohmann::json::parse(r.out);
  EXPECT_EQ(error["error"]["code"], "invalid_argument");
  EXPECT_NE(error["error"]["message"].get<std::string>().find("nosuch"), std::string::npos);
  EXPECT_EQ(r.ErrLines().size(), 1u);
}

TEST(GenerateSql, AChildDatasetScriptCarriesItsParents) {
  CliSandbox box;
  CliResult r =
      box.Run("data-cli generate --dataset movies --env local --format sql --output m.sql");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  if (std::system("command -v sqlite3 >/dev/null 2>&1") != 0) GTEST_SKIP() << "no sqlite3";
  CliResult load =
      box.Run("sqlite3 -bail m.db < m.sql && sqlite3 m.db 'select count(*) from movies'");
  ASSERT_EQ(load.exit_code, 0) << load.err;
  EXPECT_EQ(load.out, "100\n");
}

}  // namespace
}  // namespace tdm::cli_test
