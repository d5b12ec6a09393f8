// "A grep of logs, audit files and error output after a full test run finds none of the generated
// PII values." One broad scenario in a sandbox: provision a spec with PII fields, read, export,
// filter by a real value, fail on purpose (validate, import, show), mask, health-check, clean up
// and read the audit log. Everything a person or a log collector would see that is not the data
// output itself (stdout of show/export-to-stdout, the exported files, the execution databases) is
// gathered, and no generated name, email, phone or SSN may appear in it.
#include <gtest/gtest.h>

#include "cli/cli_runner.h"

namespace tdm::cli_test {
namespace {

using json = nlohmann::json;

constexpr const char* kCustomers = R"(
  customers:
    fields:
      id: {type: integer, provider: sequence, primary_key: true}
      full_name: {type: string, provider: full_name}
      email: {type: string, provider: email, unique: true}
      phone: {type: string, provider: phone}
      ssn: {type: string, provider: ssn}
)";

constexpr const char* kPolicy =
    "policies:\n  pii:\n    fields: [full_name, name, email, phone, ssn]\n"
    "    full_name: {strategy: anonymize, faker_provider: name, salt: n1}\n"
    "    name: {strategy: anonymize, faker_provider: name, salt: n2}\n"
    "    email: {strategy: hash, salt: e1}\n"
    "    phone: {strategy: redact, replacement: \"+1-555-0000\"}\n"
    "    ssn: {strategy: hash, salt: s1}\n";

// The spec with a customers dataset added under `datasets:` (a root table, no relationships).
std::string SpecWithCustomers(const std::string& spec) {
  std::string text = spec;
  size_t at = text.find("datasets:\n");
  if (at == std::string::npos) return text;
  text.insert(at + std::string("datasets:\n").size(), std::string(kCustomers).substr(1));
  return text;
}

class PiiLeak : public ::testing::Test {
 protected:
  // Output a person or a log collector sees: kept.
  void Seen(const std::string& label, const CliResult& r) {
    corpus_.push_back({label + " stdout", r.out});
    corpus_.push_back({label + " stderr", r.err});
  }
  // Output that is the data itself (show, export to stdout): only stderr is kept.
  void DataOut(const std::string& label, const CliResult& r) {
    corpus_.push_back({label + " stderr", r.err});
  }
  CliResult Run(const std::string& command) { return box_.Run(command); }

  // Every string value of the PII fields in a jsonl export.
  static void CollectValues(const std::string& jsonl, std::set<std::string>& values) {
    for (const std::string& line : Lines(jsonl)) {
      json row = json::parse(line, nullptr, false);
      if (!row.is_object()) continue;
      for (const char* field : {"full_name", "name", "email", "phone", "ssn"}) {
        if (!row.contains(field) || !row[field].is_string()) continue;
        std::string v = row[field];
        // A value this short would match ordinary words; every generated one is longer.
        if (v.size() >= 6) values.insert(v);
      }
    }
  }

  CliSandbox box_;
  std::vector<std::pair<std::string, std::string>> corpus_;
};

TEST_F(PiiLeak, NoGeneratedPiiValueAppearsInLogsAuditFilesOrErrors) {
  WriteFile(box_.path("data-spec.yaml"), SpecWithCustomers(ReadFile(box_.path("data-spec.yaml"))));
  WriteFile(box_.path("policy.yaml"), kPolicy);
  Seen("provision", Run("data-cli --user ci-bot provision --env ci --dataset all "
                        "--execution-id leak --count 200"));
  ASSERT_TRUE(fs::exists(box_.path(".tdm/executions/leak.db")))
      << corpus_[0].second << corpus_[1].second;

  // The values: exports to files before anything is cleaned up.
  CliResult exported =
      Run("data-cli export --collection customers --format jsonl --output "
          "customers.jsonl --execution-id leak");
  ASSERT_TRUE(Succeeded(exported));
  Seen("export customers", exported);
  Seen("export users", Run("data-cli export --collection users --format jsonl --output "
                           "users.jsonl --execution-id leak"));
  std::set<std::string> values;
  CollectValues(ReadFile(box_.path("customers.jsonl")), values);
  CollectValues(ReadFile(box_.path("users.jsonl")), values);
  ASSERT_GT(values.size(), 600u) << "customers and users should give hundreds of PII values";
  json first = json::parse(Lines(ReadFile(box_.path("customers.jsonl")))[0]);
  std::string email = first["email"], name = first["full_name"], ssn = first["ssn"];

  CliResult shown = Run("data-cli show --collection customers --limit 5 --execution-id leak");
  ASSERT_TRUE(Succeeded(shown));
  DataOut("show", shown);
  DataOut("show --json", Run("data-cli show --collection customers --limit 5 --json"));
  CliResult filtered = Run("data-cli show --collection customers --filter '{\"email\": \"" + email +
                           "\"}' --execution-id leak --json");
  ASSERT_TRUE(Succeeded(filtered));
  DataOut("show --filter", filtered);
  // The search works: the data output itself does hold the values.
  ASSERT_NE(filtered.out.find(email), std::string::npos);
  ASSERT_NE(shown.out.find(name), std::string::npos) << shown.out;
  DataOut("export to stdout", Run("data-cli export --collection customers --format csv"));

  // Failures that have a value at hand.
  Seen("show --filter unknown field",
       Run("data-cli show --collection customers --filter '{\"nosuch\": \"" + email + "\"}'"));
  Seen("show --filter wrong type",
       Run("data-cli show --collection customers --filter '{\"id\": \"" + ssn + "\"}'"));
  WriteFile(box_.path("bad.jsonl"), "{\"email\": \"" + email + "\", \"ssn\": \"" + ssn +
                                        "\"}\n{\"email\": \"" + name + "\", oops\n");
  Seen("bad import", Run("data-cli import --file bad.jsonl --collection copy"));
  WriteFile(box_.path("bad.csv"), "id,full_name\n1,\"" + name + "\"\nnot-a-number," + ssn + ",x\n");
  Seen("bad csv import", Run("data-cli import --file bad.csv --collection copy2"));
  std::string schema = ReadFile(box_.path("schema-validation.yaml"));
  size_t pattern = schema.find("pattern: \"^[A-Za-z ]+$\"");
  ASSERT_NE(pattern, std::string::npos);
  schema.replace(pattern, std::string("pattern: \"^[A-Za-z ]+$\"").size(), "pattern: \"^[0-9]+$\"");
  WriteFile(box_.path("schema-validation.yaml"), schema);
  CliResult validate = Run("data-cli validate --execution-id leak");
  EXPECT_NE(validate.exit_code, 0) << "every users.name now breaks the schema";
  Seen("failing validate", validate);
  Seen("failing validate --json", Run("data-cli validate --execution-id leak --json"));

  std::string source = "sqlite://" + box_.path(".tdm/executions/leak.db").string();
  std::string target = "sqlite://" + box_.path("masked.db").string();
  Seen("mask", Run("data-cli mask --source '" + source + "' --target '" + target +
                   "' --policies policy.yaml"));
  Seen("mask again (target exists)", Run("data-cli mask --source '" + source + "' --target '" +
                                         target + "' --policies policy.yaml --json"));
  Seen("detect-pii", Run("data-cli detect-pii --source '" + source + "'"));
  Seen("health", Run("data-cli health check --execution-id leak"));
  Seen("executions", Run("data-cli executions"));
  Seen("audit show", Run("data-cli audit show"));
  Seen("audit show --json", Run("data-cli audit show --json"));
  Seen("audit verify", Run("data-cli audit verify --json"));
  Seen("cleanup", Run("data-cli cleanup --execution-id leak"));
  Seen("cleanup again", Run("data-cli cleanup --all"));

  // Every file of the state dir except the execution databases themselves.
  int state_files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(box_.path(".tdm"))) {
    if (!entry.is_regular_file()) continue;
    std::string name = fs::relative(entry.path(), box_.path(".tdm")).string();
    if (name.rfind("executions/", 0) == 0) continue;
    corpus_.push_back({".tdm/" + name, ReadFile(entry.path())});
    ++state_files;
  }
  ASSERT_GE(state_files, 3) << "audit.jsonl, audit.head and the registry at least";
  ASSERT_GT(ReadFile(box_.path(".tdm/audit.jsonl")).size(), 2000u);

  int leaks = 0;
  for (const auto& [label, text] : corpus_) {
    for (const std::string& v : values) {
      if (text.find(v) == std::string::npos) continue;
      ADD_FAILURE() << label << " holds the generated value '" << v << "'";
      if (++leaks > 20) return;
    }
  }
}

}  // namespace
}  // namespace tdm::cli_test
