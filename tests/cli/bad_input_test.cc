// Every rejected input fails the same way: a non-zero exit, nothing on stdout, exactly one line on
// stderr starting "data-cli: error:" (with file:line:col when a spec file is at fault), and nothing
// written: no new or changed execution, no database, no partial output file.
#include <gtest/gtest.h>

#include <regex>

#include "cli/cli_runner.h"

namespace tdm::cli_test {
namespace {

struct BadInput {
  std::string name;
  // Run before the snapshot of the sandbox, e.g. to create an input file.
  std::string setup;
  std::string command;
  // When set, data-spec.yaml is replaced by this text (and the example schema file is removed, so
  // that only the spec can be at fault).
  std::string spec;
  // A regex the text after "data-cli: error: " must start with, e.g. a location.
  std::string starts_with;
  // A phrase the message must contain.
  std::string mentions;
};

// A provision of the spec `text`, which must fail at `location`, a regex such as "file:6:5".
BadInput BadSpec(std::string name, std::string text, std::string location, std::string mentions) {
  return {std::move(name),
          "",
          "data-cli provision --env ci --dataset all",
          std::move(text),
          location + ": ",
          std::move(mentions)};
}

BadInput BadCommand(std::string name, std::string command, std::string mentions,
                    std::string setup = "") {
  return {std::move(name), std::move(setup), std::move(command), "", "", std::move(mentions)};
}

void PrintTo(const BadInput& input, std::ostream* os) { *os << input.name; }

class BadInputTest : public ::testing::TestWithParam<BadInput> {};

TEST_P(BadInputTest, FailsWithOneErrorLineAndWritesNothing) {
  const BadInput& input = GetParam();
  CliSandbox box;
  ASSERT_TRUE(Succeeded(
      box.Run("data-cli -q provision --env ci --dataset all --execution-id base --count 20")));
  if (!input.setup.empty()) {
    ASSERT_TRUE(Succeeded(box.Run(input.setup)));
  }
  if (!input.spec.empty()) {
    WriteFile(box.path("data-spec.yaml"), input.spec);
    fs::remove(box.path("schema-validation.yaml"));
  }
  const std::set<std::string> files_before = box.Files();
  const std::string db_before = ReadFile(box.path(".tdm/executions/base.db"));
  const nlohmann::json executions_before = Executions(box);

  CliResult r = box.Run(input.command);

  EXPECT_GT(r.exit_code, 0) << r.out;
  EXPECT_LT(r.exit_code, 128) << "killed by a signal; stderr: " << r.err;
  EXPECT_EQ(r.out, "");
  std::vector<std::string> lines = r.ErrLines();
  ASSERT_EQ(lines.size(), 1u) << r.err;
  EXPECT_EQ(r.err.back(), '\n');
  const std::string prefix = "data-cli: error: ";
  ASSERT_EQ(lines[0].rfind(prefix, 0), 0u) << lines[0];
  const std::string message = lines[0].substr(prefix.size());
  if (!input.starts_with.empty()) {
    EXPECT_TRUE(std::regex_search(message, std::regex("^" + input.starts_with)))
        << "expected the message to start with /" << input.starts_with << "/: " << message;
  }
  EXPECT_TRUE(HasSubstr(message, input.mentions));

  EXPECT_EQ(box.Files(), files_before);
  EXPECT_EQ(ReadFile(box.path(".tdm/executions/base.db")), db_before);
  EXPECT_EQ(Executions(box), executions_before);
}

// A spec that is fine but for `line`, which is spliced in as the 7th line, a field of 'items'.
std::string SpecWithField(const std::string& line) {
  return "environments:\n"
         "  ci:\n"
         "    volumes: 10\n"
         "datasets:\n"
         "  items:\n"
         "    fields:\n" +
         line + "\n";
}

const BadInput kBadInputs[] = {
    BadSpec("MalformedYaml",
            "environments:\n"
            "  ci: {volumes: 10}\n"
            "datasets:\n"
            "  users: {factory: UserFactory\n"
            "  movies: [\n",
            R"(data-spec\.yaml:[45]:[0-9]+)", "YAML"),
    BadSpec("UnknownKey",
            "environments:\n"
            "  ci:\n"
            "    volumes: 10\n"
            "datasets:\n"
            "  users:\n"
            "    factroy: UserFactory\n",
            R"(data-spec\.yaml:6:5)", "did you mean 'factory'"),
    BadSpec("RelationshipCycle",
            "environments:\n"
            "  ci:\n"
            "    volumes: 10\n"
            "datasets:\n"
            "  a:\n"
            "    fields:\n"
            "      - {name: _id, type: integer, primary_key: true}\n"
            "      - {name: b_id, foreign_key: b._id}\n"
            "  b:\n"
            "    fields:\n"
            "      - {name: _id, type: integer, primary_key: true}\n"
            "      - {name: a_id, foreign_key: a._id}\n",
            R"(data-spec\.yaml:8:9)", "cycle (a -> b -> a)"),
    BadSpec("ForeignKeyToMissingField",
            "environments:\n"
            "  ci:\n"
            "    volumes: 10\n"
            "datasets:\n"
            "  users:\n"
            "    factory: UserFactory\n"
            "  orders:\n"
            "    fields:\n"
            "      - {name: user_id, foreign_key: users.nosuch}\n",
            R"(data-spec\.yaml:9:9)", "users.nosuch"),
    BadSpec("InvertedRange", SpecWithField("      - {name: qty, type: integer, min: 100, max: 10}"),
            R"(data-spec\.yaml:7:41)", "inverted"),
    BadSpec("InvertedConstraint",
            SpecWithField(R"(      - {name: qty, type: integer, constraint: "> 100 AND < 10"})"),
            R"(data-spec\.yaml:7:48)", "admits no value"),
    BadSpec("BadRegexPattern",
            SpecWithField(R"(      - {name: code, type: string, pattern: "[a-"})"),
            R"(data-spec\.yaml:7:45)", "[a-"),
    BadSpec("UniqueDomainTooSmall",
            SpecWithField(R"(      - {name: code, type: string, pattern: "[ab]", unique: true})"),
            R"(data-spec\.yaml:7:9)", "only 2 distinct values"),
    BadCommand("NegativeCount", "data-cli provision --env ci --dataset users --count -5",
               "--count must not be negative"),
    BadCommand("CountNotANumber", "data-cli provision --env ci --dataset users --count many",
               "--count"),
    BadCommand("UnknownEnv", "data-cli provision --env nosuch --dataset all",
               "unknown environment 'nosuch'"),
    BadCommand("UnknownDataset", "data-cli provision --env ci --dataset nosuch",
               "unknown dataset 'nosuch'"),
    BadCommand("ExistingExecutionId", "data-cli provision --env ci --execution-id base",
               "'base' already exists"),
    BadCommand("ExecutionIdWithSlash", "data-cli provision --env ci --execution-id ../escape",
               "execution id '../escape'"),
    BadCommand("UnsupportedTarget", "data-cli provision --env ci --target mongodb://db/test",
               "mongoimport"),
    BadCommand("UnsetTargetVariable",
               "data-cli provision --env ci --target 'postgres://ci:${TDM_UNSET_SECRET}@db/x'",
               "TDM_UNSET_SECRET"),
    BadCommand("MissingSpecFile", "data-cli --spec missing.yaml provision --env ci",
               "missing.yaml"),
    BadCommand("MissingSpecFileFromEnvironment",
               "TDM_SPEC=gone.yaml data-cli generate --dataset users --output out.jsonl",
               "gone.yaml"),
    BadCommand("ShowUnknownExecution", "data-cli show --collection users --execution-id nope",
               "no execution 'nope'"),
    BadCommand("CleanupUnknownExecution", "data-cli cleanup --execution-id nope",
               "no execution 'nope'"),
    BadCommand("HealthCheckUnknownExecution", "data-cli health check --execution-id nope",
               "no execution 'nope'"),
    BadCommand("ShowUnknownCollection", "data-cli show --collection nosuch", "'nosuch'"),
    BadCommand("BadFilterJson", R"(data-cli show --collection movies --filter '{"year": 20')",
               "--filter"),
    BadCommand("FilterOnUnknownField",
               R"(data-cli show --collection movies --filter '{"nosuch": 1}')", "'nosuch'"),
    BadCommand("UnknownExportFormat",
               "data-cli export --collection users --format xml --output users.xml",
               "unknown file format 'xml'"),
    BadCommand("UnknownGenerateFormat",
               "data-cli generate --dataset users --format xml --output users.xml",
               "unknown file format 'xml'"),
    BadCommand("ExportUnknownCollection",
               "data-cli export --collection nosuch --format json --output x.json", "'nosuch'"),
    BadCommand("ExportAllAsCsv", "data-cli export --format csv --output all.csv", "--collection"),
    BadCommand("ImportIntoExistingCollection",
               "data-cli import --file users.jsonl --collection users", "'users' already exists",
               "data-cli -q export --collection users --format jsonl --output users.jsonl"),
    BadCommand("ImportMissingFile", "data-cli import --file nosuch.jsonl --collection copy",
               "nosuch.jsonl"),
    BadCommand("ImportMalformedFile", "data-cli import --file bad.jsonl --collection copy",
               "bad.jsonl:2", R"(printf '{"a": 1}\n{"a":\n' > bad.jsonl)"),
};

INSTANTIATE_TEST_SUITE_P(Cli, BadInputTest, ::testing::ValuesIn(kBadInputs),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace tdm::cli_test
