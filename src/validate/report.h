// What a validation found, and how it is shown: one result per stage of the strategy's
// workflow, each with its findings. A finding names table, field and rule and counts offending
// rows; it never holds a value of the data (row keys only, and none when the key is PII).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

namespace tdm::validate {

struct Finding {
  std::string table;
  std::string field;  // empty for table-level findings (missing table, row count)
  std::string rule;   // "pattern ^[A-Za-z ]+$", "constraint > 0 AND < 150", "foreign_key users._id"
  std::vector<std::string> row_keys;  // primary keys of up to 5 offending rows
  int64_t count = 0;                  // offending rows (or 1 for a structural finding)
  std::string message;
};

struct StageResult {
  std::string name;    // schema, relationships, consistency, performance
  std::string action;  // on failure: "log & reject", "log & rollback", "alert", "warn"
  bool passed = true;
  double duration_ms = 0;
  int checks = 0;  // rules evaluated
  std::vector<Finding> findings;
};

// The audit log's shape: each of "passed", "failed" or "skipped".
struct ValidationSummary {
  std::string schema_validation = "skipped";
  std::string referential_integrity = "skipped";
  std::string data_consistency = "skipped";
};

struct ValidationReport {
  std::string execution_id;  // empty when validating a target directly
  std::string target;        // redacted endpoint of the namespace
  std::vector<StageResult> stages;

  // Schema, relationships and consistency passed (performance only warns).
  bool passed() const;
  // Schema and relationships passed: what provisioning requires.
  bool blocking_passed() const;
  const StageResult* Stage(const std::string& name) const;
  ValidationSummary Summary() const;
};

nlohmann::ordered_json ToJson(const ValidationReport& report);
nlohmann::ordered_json ToJson(const ValidationSummary& summary);

// One line per stage (PASS/FAIL/WARN, checks, findings), then the findings.
void PrintReport(std::ostream& out, const ValidationReport& report);

// "schema: users.name pattern ^[A-Za-z ]+$: 3 rows (keys a, b, c)": the first blocking findings,
// for an error message.
std::string DescribeFailure(const ValidationReport& report, size_t max_findings = 3);

}  // namespace tdm::validate
