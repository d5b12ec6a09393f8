#include "compliance/report.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>

#include "core/time_format.h"
#include "mask/pii_detect.h"
#include "mask/policy.h"

namespace tdm::compliance {
namespace {

using Json = nlohmann::ordered_json;

constexpr int64_t kMicrosPerDay = 86'400'000'000;
constexpr int64_t kAuditRetentionDays = 365;

bool Live(const provision::ExecutionRecord& r) { return r.status != "cleaned"; }

bool Contains(const std::vector<std::string>& names, const std::string& name) {
  std::string lower = mask::Lower(name);
  return std::any_of(names.begin(), names.end(),
                     [&](const std::string& n) { return mask::Lower(n) == lower; });
}

TableSchema SchemaOf(const spec::ResolvedDataset& dataset) {
  TableSchema table;
  table.name = dataset.name;
  for (const gen::FieldSpec& f : dataset.fields) {
    ColumnSchema c;
    c.name = f.name;
    c.type = f.type;
    c.primary_key = f.primary_key;
    c.unique = f.unique;
    table.columns.push_back(c);
    if (f.foreign_key) table.foreign_keys.push_back({f.name, "", ""});  // a key is never red
  }
  return table;
}

// Classifications and masking of every field of every dataset.
void AddDatasets(const ReportInputs& in, Json& report) {
  Json classifications = Json::array();
  Json fields = Json::array();
  Json gaps = Json::array();
  Json notes = Json::array();
  int64_t red = 0;
  int64_t red_masked = 0;
  const spec::MaskingPolicyDocument* doc =
      in.spec && in.spec->masking_policy ? &*in.spec->masking_policy : nullptr;
  std::map<std::string, std::string> spec_rules =
      in.spec ? in.spec->masking : decltype(spec_rules){};
  auto policy = mask::MaskingPolicy::Build(doc, spec_rules);
  if (!policy.ok())
    notes.push_back("the masking policy does not load: " + policy.status().message());
  for (const spec::ResolvedDataset& dataset :
       in.spec ? in.spec->datasets : std::vector<spec::ResolvedDataset>{}) {
    TableSchema table = SchemaOf(dataset);
    Batch empty;
    std::vector<mask::ColumnFinding> findings = mask::ClassifyTable(table, empty);
    Json levels = {{"dataset", dataset.name},
                   {"red", Json::array()},
                   {"yellow", Json::array()},
                   {"green", Json::array()}};
    for (size_t i = 0; i < dataset.fields.size() && i < findings.size(); ++i) {
      const gen::FieldSpec& field = dataset.fields[i];
      const mask::ColumnFinding& finding = findings[i];
      std::string level(mask::SensitivityName(finding.level));
      std::string why = finding.kind.empty() ? "" : "detected: " + finding.kind;
      if (doc && Contains(doc->pii_fields, field.name)) {
        level = "red";
        why = "listed in pii.fields";
      }
      if (doc && Contains(doc->phi_fields, field.name)) {
        level = "red";
        why = "HIPAA phi_fields";
      }
      levels[level].push_back(field.name);
      std::string strategy;
      std::string source;
      if (!field.masked.empty()) {
        strategy = field.masked;
        source = "data-spec.yaml masked:";
      } else if (policy.ok()) {
        auto rule = policy->For(dataset.name, field.name, level);
        if (rule.ok() && *rule) {
          strategy = (*rule)->strategy;
          source = "masking policy";
        }
      }
      std::string name = dataset.name + "." + field.name;
      Json entry = {{"field", name},
                    {"classification", level},
                    {"reason", why},
                    {"masked", !strategy.empty()}};
      if (!strategy.empty()) {
        entry["strategy"] = strategy;
        entry["source"] = source;
      }
      fields.push_back(std::move(entry));
      if (level != "red") continue;
      ++red;
      if (strategy.empty()) {
        gaps.push_back(name);
      } else {
        ++red_masked;
      }
    }
    classifications.push_back(std::move(levels));
  }
  double coverage = red == 0 ? 100.0 : 100.0 * static_cast<double>(red_masked) / red;
  report["classifications"] = std::move(classifications);
  report["masking"] = {{"red_fields", red},
                       {"red_fields_masked", red_masked},
                       {"coverage_percent", std::round(coverage * 10) / 10},
                       {"complete", gaps.empty()},
                       {"gaps", std::move(gaps)},
                       {"fields", std::move(fields)},
                       {"notes", std::move(notes)}};
}

// The event object inside an audit line: plain events and {"seq","prev","event"} envelopes.
const Json* EventOf(const Json& line) {
  if (line.is_object() && line.contains("event") && line["event"].is_object()) {
    return &line["event"];
  }
  return line.is_object() ? &line : nullptr;
}

std::string Text(const Json& event, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    if (event.contains(key) && event[key].is_string()) return event[key].get<std::string>();
  }
  return "";
}

void AddAccess(const ReportInputs& in, Json& report) {
  struct Who {
    std::map<std::string, int64_t> operations;
    std::set<std::string> executions;
    std::string last;
    int64_t events = 0;
  };
  std::map<std::string, Who> users;
  std::string oldest;
  for (const Json& line : in.audit_events) {
    const Json* event = EventOf(line);
    if (event == nullptr) continue;
    std::string user = Text(*event, {"user_id", "user"});
    if (user.empty()) user = "(unknown)";
    std::string operation = Text(*event, {"operation", "event"});
    std::string when = Text(*event, {"timestamp"});
    Who& who = users[user];
    ++who.events;
    ++who.operations[operation.empty() ? "(unnamed)" : operation];
    std::string execution = Text(*event, {"execution_id"});
    if (!execution.empty()) who.executions.insert(execution);
    if (when > who.last) who.last = when;
    if (!when.empty() && (oldest.empty() || when < oldest)) oldest = when;
  }
  Json access = Json::array();
  for (const auto& [user, who] : users) {
    Json ops = Json::object();
    for (const auto& [op, n] : who.operations) ops[op] = n;
    access.push_back({{"user", user},
                      {"events", who.events},
                      {"operations", std::move(ops)},
                      {"executions", who.executions},
                      {"last_time", who.last}});
  }
  report["access"] = std::move(access);
  Json log = {{"present", in.audit_log_present},
              {"events", static_cast<int64_t>(in.audit_events.size())},
              {"oldest_event", oldest}};
  auto age = oldest.empty() ? std::nullopt : DaysBetween(oldest, in.now);
  log["age_days"] = age ? Json(*age) : Json(nullptr);
  log["retention_days"] = kAuditRetentionDays;
  log["older_than_retention"] = age.value_or(0) > kAuditRetentionDays;
  log["verified"] = in.audit_verified ? Json(*in.audit_verified) : Json(nullptr);
  if (!in.audit_problem.empty()) log["problem"] = in.audit_problem;
  report["audit_log"] = std::move(log);
}

void AddRetention(const ReportInputs& in, int64_t days, Json& report) {
  Json violations = Json::array();
  int64_t live = 0;
  std::map<std::string, int64_t> per_day;
  for (const provision::ExecutionRecord& r : in.executions) {
    if (r.created_at.size() >= 10) ++per_day[r.created_at.substr(0, 10)];
    if (!Live(r)) continue;
    ++live;
    auto age = DaysBetween(r.created_at, in.now);
    if (age && *age > days) {
      violations.push_back({{"execution_id", r.id},
                            {"environment", r.environment},
                            {"status", r.status},
                            {"created_at", r.created_at},
                            {"age_days", *age}});
    }
  }
  report["retention"] = {
      {"retention_days", days}, {"live_executions", live}, {"violations", std::move(violations)}};
  Json activity = Json::array();
  for (const auto& [day, n] : per_day) activity.push_back({{"date", day}, {"provisions", n}});
  report["provisions_per_day"] = std::move(activity);
}

Json Setting(const std::string& regulation, const std::string& key, const std::string& value,
             const char* status, const std::string& evidence) {
  return {{"regulation", regulation},
          {"setting", key},
          {"value", value},
          {"status", status},
          {"evidence", evidence}};
}

bool IsTrue(const std::string& v) {
  std::string l = mask::Lower(v);
  return l == "true" || l == "yes" || l == "required" || l == "on";
}

// One regulatory setting of the policy: whether tdm's state shows it holds.
Json Evaluate(const ReportInputs& in, const Json& report, const std::string& regulation,
              const std::string& key, const std::string& value) {
  std::string k = mask::Lower(key);
  if (k == "data_retention_days") {
    size_t n = report["retention"]["violations"].size();
    return Setting(regulation, key, value, n == 0 ? "holds" : "fails",
                   n == 0 ? "no live execution is older than " + value + " days"
                          : std::to_string(n) + " live execution(s) older than " + value +
                                " days; run `data-cli retention enforce`");
  }
  if (k == "right_to_deletion" || k == "right_to_access" || k == "personal_info_disclosure") {
    if (!IsTrue(value)) return Setting(regulation, key, value, "not_required", "not required");
    std::set<std::string> missing;
    for (const provision::ExecutionRecord& r : in.executions) {
      if (!Live(r)) continue;
      std::string kind = r.target.substr(0, r.target.find(':'));
      if (!in.erasure_backends.count(kind)) missing.insert(kind);
    }
    const char* command = k == "right_to_deletion" ? "gdpr erase" : "gdpr access";
    if (!missing.empty()) {
      std::string list;
      for (const std::string& m : missing) list += (list.empty() ? "" : ", ") + m;
      return Setting(regulation, key, value, "fails",
                     std::string("`data-cli ") + command + "` does not support: " + list);
    }
    return Setting(
        regulation, key, value, "holds",
        std::string("`data-cli ") + command + "` works on every backend holding live executions");
  }
  if (k == "audit_logging") {
    if (!IsTrue(value)) return Setting(regulation, key, value, "not_required", "not required");
    const Json& log = report["audit_log"];
    if (!log["present"].get<bool>()) {
      return Setting(regulation, key, value, "fails", "no audit log in the state directory");
    }
    if (log["verified"].is_boolean()) {
      bool ok = log["verified"].get<bool>();
      return Setting(regulation, key, value, ok ? "holds" : "fails",
                     ok ? "the audit log is present and its hash chain verifies"
                        : "the audit log does not verify: " + in.audit_problem);
    }
    return Setting(regulation, key, value, "holds", "the audit log is present (not verified)");
  }
  return Setting(regulation, key, value, "not_evaluated",
                 "tdm has no evidence for this setting; check it by hand");
}

void AddRegulations(const ReportInputs& in, Json& report) {
  Json settings = Json::array();
  const spec::MaskingPolicyDocument* doc =
      in.spec && in.spec->masking_policy ? &*in.spec->masking_policy : nullptr;
  if (doc) {
    for (const auto& [regulation, keys] : doc->regulatory) {
      for (const auto& [key, value] : keys) {
        if (mask::Lower(key) == "phi_fields") continue;  // evaluated below, field by field
        settings.push_back(Evaluate(in, report, regulation, key, value));
      }
    }
    if (!doc->phi_fields.empty()) {
      std::vector<std::string> unmasked;
      std::vector<std::string> present;
      for (const Json& f : report["masking"]["fields"]) {
        std::string name = f["field"].get<std::string>();
        std::string column = name.substr(name.find('.') + 1);
        if (!Contains(doc->phi_fields, column)) continue;
        present.push_back(name);
        if (!f["masked"].get<bool>()) unmasked.push_back(name);
      }
      std::string list;
      for (const std::string& p : doc->phi_fields) list += (list.empty() ? "" : ", ") + p;
      std::string evidence;
      if (present.empty()) {
        evidence = "no dataset holds a PHI field";
      } else if (unmasked.empty()) {
        evidence = "every PHI field present is masked (" + std::to_string(present.size()) + ")";
      } else {
        for (const std::string& u : unmasked) evidence += (evidence.empty() ? "" : ", ") + u;
        evidence = "PHI fields without a masking rule: " + evidence;
      }
      settings.push_back(
          Setting("HIPAA", "phi_fields", list, unmasked.empty() ? "holds" : "fails", evidence));
    }
  }
  int64_t holding = 0;
  int64_t failing = 0;
  for (const Json& s : settings) {
    holding += s["status"] == "holds";
    failing += s["status"] == "fails";
  }
  report["regulations"] = std::move(settings);
  report["summary"]["settings_holding"] = holding;
  report["summary"]["settings_failing"] = failing;
}

}  // namespace

int64_t RetentionDays(const spec::ResolvedSpec* spec) {
  if (spec == nullptr || !spec->masking_policy) return kDefaultRetentionDays;
  for (const auto& [regulation, keys] : spec->masking_policy->regulatory) {
    if (mask::Lower(regulation) != "gdpr") continue;
    auto it = keys.find("data_retention_days");
    if (it == keys.end()) continue;
    char* end = nullptr;
    long long days = std::strtoll(it->second.c_str(), &end, 10);
    if (!it->second.empty() && *end == '\0' && days >= 0) return days;
  }
  return kDefaultRetentionDays;
}

std::optional<int64_t> DaysBetween(const std::string& from, const std::string& to) {
  auto a = ParseDateTime(from);
  auto b = ParseDateTime(to);
  if (!a || !b) return std::nullopt;
  return (*b - *a) / kMicrosPerDay;
}

Json BuildReport(const ReportInputs& in) {
  Json report;
  report["report"] = "tdm compliance report";
  report["generated_at"] = in.now;
  report["state_dir"] = in.state_dir;
  report["spec"] =
      in.spec && !in.spec->files.empty() ? Json(in.spec->files.front()) : Json(nullptr);
  report["policy"] =
      in.spec && in.spec->masking_policy ? Json(in.spec->masking_policy->path) : Json(nullptr);
  report["summary"] = Json::object();
  int64_t days = RetentionDays(in.spec);
  AddDatasets(in, report);
  AddAccess(in, report);
  AddRetention(in, days, report);
  AddRegulations(in, report);
  Json& summary = report["summary"];
  Json settings = {{"settings_holding", summary["settings_holding"]},
                   {"settings_failing", summary["settings_failing"]}};
  summary = {{"datasets", report["classifications"].size()},
             {"red_fields", report["masking"]["red_fields"]},
             {"masking_coverage_percent", report["masking"]["coverage_percent"]},
             {"masking_gaps", report["masking"]["gaps"].size()},
             {"live_executions", report["retention"]["live_executions"]},
             {"retention_violations", report["retention"]["violations"].size()},
             {"audit_events", report["audit_log"]["events"]},
             {"settings_holding", settings["settings_holding"]},
             {"settings_failing", settings["settings_failing"]}};
  // The summary goes first for people reading the JSON; ordered_json keeps insertion order.
  Json ordered;
  for (const char* key : {"report", "generated_at", "state_dir", "spec", "policy", "summary"}) {
    ordered[key] = report[key];
  }
  for (auto it = report.begin(); it != report.end(); ++it) {
    if (!ordered.contains(it.key())) ordered[it.key()] = it.value();
  }
  return ordered;
}

}  // namespace tdm::compliance
