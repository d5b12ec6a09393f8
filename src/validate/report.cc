#include "validate/report.h"

#include <fmt/format.h>

#include <cmath>

namespace tdm::validate {
namespace {

bool Blocks(const StageResult& s) { return s.name != "performance"; }

std::string Keys(const Finding& f) {
  if (f.row_keys.empty()) return "";
  return fmt::format(" (keys {}{})", fmt::join(f.row_keys, ", "),
                     f.count > static_cast<int64_t>(f.row_keys.size()) ? ", ..." : "");
}

std::string Where(const Finding& f) { return f.field.empty() ? f.table : f.table + "." + f.field; }

}  // namespace

bool ValidationReport::passed() const {
  for (const StageResult& s : stages) {
    if (Blocks(s) && !s.passed) return false;
  }
  return true;
}

bool ValidationReport::blocking_passed() const {
  for (const StageResult& s : stages) {
    if ((s.name == "schema" || s.name == "relationships") && !s.passed) return false;
  }
  return true;
}

const StageResult* ValidationReport::Stage(const std::string& name) const {
  for (const StageResult& s : stages) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

ValidationSummary ValidationReport::Summary() const {
  auto state = [&](const char* name) -> std::string {
    const StageResult* s = Stage(name);
    return s == nullptr ? "skipped" : s->passed ? "passed" : "failed";
  };
  return {state("schema"), state("relationships"), state("consistency")};
}

nlohmann::ordered_json ToJson(const ValidationSummary& summary) {
  return {{"schema_validation", summary.schema_validation},
          {"referential_integrity", summary.referential_integrity},
          {"data_consistency", summary.data_consistency}};
}

nlohmann::ordered_json ToJson(const ValidationReport& report) {
  nlohmann::ordered_json stages = nlohmann::ordered_json::array();
  for (const StageResult& s : report.stages) {
    nlohmann::ordered_json findings = nlohmann::ordered_json::array();
    for (const Finding& f : s.findings) {
      findings.push_back({{"table", f.table},
                          {"field", f.field},
                          {"rule", f.rule},
                          {"row_keys", f.row_keys},
                          {"count", f.count},
                          {"message", f.message}});
    }
    stages.push_back({{"name", s.name},
                      {"passed", s.passed},
                      {"action", s.action},
                      {"duration_ms", std::round(s.duration_ms * 1000) / 1000},
                      {"checks", s.checks},
                      {"findings", findings}});
  }
  return {{"execution_id", report.execution_id},
          {"target", report.target},
          {"passed", report.passed()},
          {"stages", stages}};
}

void PrintReport(std::ostream& out, const ValidationReport& report) {
  for (const StageResult& s : report.stages) {
    const char* verdict = s.passed ? "PASS" : Blocks(s) ? "FAIL" : "WARN";
    out << fmt::format("{:<4}  {:<13} {:>4} checks, {} findings, {:.1f} ms{}\n", verdict, s.name,
                       s.checks, s.findings.size(), s.duration_ms,
                       s.passed ? "" : " -> " + s.action);
  }
  for (const StageResult& s : report.stages) {
    for (const Finding& f : s.findings) {
      out << fmt::format("  {} {}: {} [{}]: {}{}\n", s.passed ? "warn" : "fail", s.name, Where(f),
                         f.rule, f.message, Keys(f));
    }
  }
  out << (report.passed() ? "validation passed" : "validation FAILED") << "\n";
}

std::string DescribeFailure(const ValidationReport& report, size_t max_findings) {
  std::vector<std::string> parts;
  size_t total = 0;
  for (const StageResult& s : report.stages) {
    if (s.passed || !Blocks(s)) continue;
    for (const Finding& f : s.findings) {
      ++total;
      if (parts.size() < max_findings) {
        parts.push_back(
            fmt::format("{}: {} [{}]: {}{}", s.name, Where(f), f.rule, f.message, Keys(f)));
      }
    }
  }
  std::string text = fmt::format("{}", fmt::join(parts, "; "));
  if (total > parts.size()) text += fmt::format("; and {} more", total - parts.size());
  return text;
}

}  // namespace tdm::validate
