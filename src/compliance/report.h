// The compliance report: what personal data the test data holds, whether it is masked, who
// touched it, how long it is kept, and whether the policy's regulatory settings hold.
//
// The CLI gathers the inputs (registry executions, the resolved spec with its masking policy,
// audit events, what the audit verifier said) and BuildReport turns them into one JSON document,
// the source of truth; RenderMarkdown and RenderHtml only present it. Everything is computed from
// the inputs alone (including "now"), so a report is a pure function of them.
//
// No value of a PII field ever enters a report: fields are named, rows are counted, and audit
// events contribute only their user, operation, execution, dataset and time.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "provision/registry.h"
#include "spec/resolver.h"

namespace tdm::compliance {

inline constexpr int64_t kDefaultRetentionDays = 30;

struct ReportInputs {
  std::string now;  // ISO-8601 UTC ("2026-01-31T12:00:00Z"): ages are measured from it
  std::string state_dir;
  std::vector<provision::ExecutionRecord> executions;
  const spec::ResolvedSpec* spec = nullptr;  // null: no spec could be loaded
  std::vector<nlohmann::ordered_json> audit_events;
  bool audit_log_present = false;
  // Whether the audit chain verifies; nullopt when no verifier ran. `audit_problem` says why not.
  std::optional<bool> audit_verified;
  std::string audit_problem;
  // Target kinds ("sqlite", "postgres", ...) on which `gdpr erase` / `gdpr access` work.
  std::set<std::string> erasure_backends;
};

// GDPR data_retention_days of the policy, else kDefaultRetentionDays.
int64_t RetentionDays(const spec::ResolvedSpec* spec);

// Whole days from `from` to `to` (ISO-8601 UTC timestamps); nullopt when one does not parse.
std::optional<int64_t> DaysBetween(const std::string& from, const std::string& to);

// Builds the report. Keys, in order: report, generated_at, state_dir, spec, policy, summary
// (counts), classifications [{dataset, red, yellow, green}], masking {red_fields,
// red_fields_masked, coverage_percent, complete, gaps ["dataset.field"], fields [...], notes},
// access [{user, events, operations {op: n}, executions, last_time}], audit_log {present, events,
// oldest_event, age_days, retention_days, older_than_retention, verified[, problem]}, retention
// {retention_days, live_executions, violations [...]}, provisions_per_day [{date, provisions}],
// regulations [{regulation, setting, value, status: holds|fails|not_required|not_evaluated,
// evidence}].
nlohmann::ordered_json BuildReport(const ReportInputs& inputs);

std::string RenderMarkdown(const nlohmann::ordered_json& report);

// One self-contained HTML page: inline CSS and SVG, no scripts, fonts or other external
// references; every string from the report is HTML-escaped.
std::string RenderHtml(const nlohmann::ordered_json& report);

// `text` with & < > " ' replaced by entities.
std::string EscapeHtml(std::string_view text);

}  // namespace tdm::compliance
