// The same spec, seed and volume give byte-identical data, whatever the state dir, the number of
// generator threads or the batch size, and whether it is provisioned or streamed by `generate`.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"

namespace tdm::cli_test {
namespace {

using nlohmann::json;

// The jsonl export of one collection of the newest ready execution.
std::string ExportJsonl(CliSandbox& box, const std::string& collection,
                        const std::string& options = "") {
  CliResult r = box.Run("data-cli " + options + " export --collection " + collection +
                        " --format jsonl --output -");
  EXPECT_TRUE(Succeeded(r));
  return r.out;
}

TEST(Determinism, CiProvisionOfAllUsesTheCiVolume) {
  CliSandbox box;
  CliResult r = box.Run("data-cli provision --env ci --dataset all --json");
  ASSERT_TRUE(Succeeded(r));
  json e = json::parse(r.out);
  EXPECT_EQ(e["status"], "ready");
  EXPECT_EQ(e["environment"], "ci");
  EXPECT_EQ(e["dataset"], "all");
  EXPECT_EQ(e["tables"], (json{{"users", 1000}, {"movies", 1000}}));
  EXPECT_TRUE(e["notes"].is_array());
  // --json keeps stderr free of notes: they are in the document.
  EXPECT_EQ(r.err, "");
  // Provision validated the data before it marked the execution ready.
  EXPECT_EQ(e["validation"], (json{{"schema_validation", "passed"},
                                   {"referential_integrity", "passed"},
                                   {"data_consistency", "passed"}}));
  json recorded = FindExecution(Executions(box), e["execution_id"]);
  recorded["notes"] = e["notes"];
  recorded["validation"] = e["validation"];
  EXPECT_EQ(recorded, e);
}

TEST(Determinism, JsonlExportIsIdenticalAcrossStateDirsAndThreads) {
  CliSandbox first;
  CliSandbox second;
  ASSERT_TRUE(Succeeded(first.Run("data-cli -q provision --env ci --dataset all --threads 1")));
  ASSERT_TRUE(
      Succeeded(first.Run("data-cli -q --state-dir other provision --env ci --dataset all "
                          "--threads 2 --batch-rows 97")));
  ASSERT_TRUE(Succeeded(
      second.Run("TDM_STATE_DIR=state data-cli -q provision --env ci --dataset all --threads 2")));
  ASSERT_TRUE(fs::exists(second.path("state/registry.db")));
  ASSERT_FALSE(fs::exists(second.path(".tdm")));

  for (const std::string collection : {"users", "movies"}) {
    SCOPED_TRACE(collection);
    std::string single = ExportJsonl(first, collection);
    std::string batched = ExportJsonl(first, collection, "--state-dir other");
    std::string elsewhere = ExportJsonl(second, collection, "--state-dir state");
    EXPECT_EQ(Lines(single).size(), 1000u);
    for (const std::string& line : Lines(single)) {
      ASSERT_TRUE(json::parse(line, nullptr, false).is_object()) << line;
    }
    EXPECT_EQ(Sha256Hex(single), Sha256Hex(batched));
    EXPECT_EQ(Sha256Hex(single), Sha256Hex(elsewhere));
  }
}

TEST(Determinism, GenerateEqualsTheExportOfAProvisionOfTheSameCount) {
  CliSandbox box;
  CliResult generated =
      box.Run("data-cli generate --dataset users --count 1000 --format jsonl --output -");
  ASSERT_TRUE(Succeeded(generated));
  EXPECT_EQ(Lines(generated.out).size(), 1000u);
  // generate writes nothing but its output: no execution, no state.
  EXPECT_FALSE(fs::exists(box.path(".tdm")));

  CliResult threaded = box.Run(
      "data-cli generate --dataset users --count 1000 --format jsonl --output - --threads 2 "
      "--batch-rows 64");
  ASSERT_TRUE(Succeeded(threaded));
  EXPECT_EQ(Sha256Hex(threaded.out), Sha256Hex(generated.out));

  ASSERT_TRUE(Succeeded(box.Run("data-cli -q provision --env ci --dataset users --count 1000")));
  EXPECT_EQ(Sha256Hex(ExportJsonl(box, "users")), Sha256Hex(generated.out));
  // users provisioned as the parent of movies, at the ci volume of 1000, are the same rows.
  ASSERT_TRUE(Succeeded(box.Run("data-cli -q provision --env ci --dataset all")));
  EXPECT_EQ(Sha256Hex(ExportJsonl(box, "users")), Sha256Hex(generated.out));
}

TEST(Determinism, AnotherSeedGivesOtherData) {
  CliSandbox box;
  CliResult a = box.Run("data-cli generate --dataset users --count 50 --output -");
  CliResult b = box.Run("data-cli generate --dataset users --count 50 --seed 7 --output -");
  ASSERT_TRUE(Succeeded(a));
  ASSERT_TRUE(Succeeded(b));
  EXPECT_EQ(Lines(b.out).size(), 50u);
  EXPECT_NE(a.out, b.out);
}

}  // namespace
}  // namespace tdm::cli_test
