// The compliance report built from constructed inputs: classifications and masking gaps,
// retention violations, regulatory settings that hold or fail, audit access, and the HTML and
// Markdown views (escaping, self-containment).
#include "compliance/report.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace tdm::compliance {
namespace {

using Json = nlohmann::ordered_json;

constexpr char kNow[] = "2026-03-31T12:00:00Z";

gen::FieldSpec Field(const std::string& name, ColumnType type = ColumnType::kString) {
  gen::FieldSpec f;
  f.name = name;
  f.type = type;
  return f;
}

// patients: id, email (rule in the policy), full_name (no rule), diagnosis (PHI), visits.
spec::ResolvedSpec PatientSpec() {
  spec::ResolvedSpec spec;
  spec.files = {"data-spec.yaml"};
  spec::ResolvedDataset patients;
  patients.name = "patients";
  gen::FieldSpec id = Field("id", ColumnType::kInteger);
  id.primary_key = true;
  patients.fields = {id, Field("email"), Field("full_name"), Field("diagnosis"),
                     Field("visits", ColumnType::kInteger)};
  spec.datasets.push_back(patients);
  spec::MaskingPolicyDocument doc;
  doc.path = "masking-policies.yaml";
  doc.default_strategy = "hash";
  spec::MaskingRule email;
  email.field = "email";
  email.strategy = "hash";
  email.salt = "s";
  doc.rules.push_back(email);
  doc.phi_fields = {"diagnosis"};
  doc.regulatory["GDPR"] = {
      {"data_retention_days", "30"}, {"right_to_deletion", "true"}, {"right_to_access", "true"}};
  doc.regulatory["HIPAA"] = {{"audit_logging", "required"}};
  spec.masking_policy = doc;
  return spec;
}

provision::ExecutionRecord Execution(const std::string& id, const std::string& created,
                                     const std::string& status = "ready",
                                     const std::string& target = "sqlite:///tmp/x/") {
  provision::ExecutionRecord r;
  r.id = id;
  r.environment = "ci";
  r.created_at = created;
  r.status = status;
  r.target = target;
  return r;
}

ReportInputs Inputs(const spec::ResolvedSpec& spec) {
  ReportInputs in;
  in.now = kNow;
  in.state_dir = "/state";
  in.spec = &spec;
  in.erasure_backends = {"sqlite", "postgres"};
  in.audit_log_present = true;
  in.audit_verified = true;
  return in;
}

const Json* Setting(const Json& report, const std::string& regulation, const std::string& key) {
  for (const Json& s : report["regulations"]) {
    if (s["regulation"] == regulation && s["setting"] == key) return &s;
  }
  return nullptr;
}

std::string StatusOf(const Json& report, const std::string& regulation, const std::string& key) {
  const Json* s = Setting(report, regulation, key);
  return s ? (*s)["status"].get<std::string>() : "(absent)";
}

TEST(ComplianceReport, ListsEveryRedFieldWithoutAMaskingRule) {
  spec::ResolvedSpec spec = PatientSpec();
  Json report = BuildReport(Inputs(spec));
  const Json& m = report["masking"];
  // email (detected and ruled), full_name (detected), diagnosis (PHI): red; only email masked.
  EXPECT_EQ(m["red_fields"], 3);
  EXPECT_EQ(m["red_fields_masked"], 1);
  EXPECT_EQ(m["gaps"], Json::array({"patients.full_name", "patients.diagnosis"}));
  EXPECT_FALSE(m["complete"].get<bool>());
  EXPECT_DOUBLE_EQ(m["coverage_percent"].get<double>(), 33.3);
  const Json& levels = report["classifications"][0];
  EXPECT_EQ(levels["dataset"], "patients");
  EXPECT_NE(std::find(levels["green"].begin(), levels["green"].end(), "visits"),
            levels["green"].end());
  EXPECT_EQ(StatusOf(report, "HIPAA", "phi_fields"), "fails");

  // A rule for full_name and `masked:` on diagnosis close both gaps.
  spec::MaskingRule name;
  name.field = "patients.full_name";
  name.strategy = "anonymize";
  spec.masking_policy->rules.push_back(name);
  spec.datasets[0].fields[3].masked = "redact";
  report = BuildReport(Inputs(spec));
  EXPECT_TRUE(report["masking"]["gaps"].empty()) << report["masking"]["gaps"].dump();
  EXPECT_DOUBLE_EQ(report["masking"]["coverage_percent"].get<double>(), 100.0);
  EXPECT_EQ(StatusOf(report, "HIPAA", "phi_fields"), "holds");
}

TEST(ComplianceReport, LiveExecutionsOlderThanTheRetentionAreViolations) {
  spec::ResolvedSpec spec = PatientSpec();
  ReportInputs in = Inputs(spec);
  in.executions = {Execution("exec-old", "2026-02-20T12:00:00Z"),  // 39 days
                   Execution("exec-old-cleaned", "2026-01-01T00:00:00Z", "cleaned"),
                   Execution("exec-failed", "2026-02-01T00:00:00Z", "failed"),  // 58 days
                   Execution("exec-new", "2026-03-21T12:00:00Z")};
  Json report = BuildReport(in);
  const Json& violations = report["retention"]["violations"];
  ASSERT_EQ(violations.size(), 2u) << violations.dump();
  EXPECT_EQ(violations[0]["execution_id"], "exec-old");
  EXPECT_EQ(violations[0]["age_days"], 39);
  EXPECT_EQ(violations[1]["execution_id"], "exec-failed");
  EXPECT_EQ(report["retention"]["live_executions"], 3);
  EXPECT_EQ(StatusOf(report, "GDPR", "data_retention_days"), "fails");
  EXPECT_EQ(report["summary"]["retention_violations"], 2);

  spec.masking_policy->regulatory["GDPR"]["data_retention_days"] = "60";
  report = BuildReport(in);
  EXPECT_EQ(report["retention"]["retention_days"], 60);
  EXPECT_TRUE(report["retention"]["violations"].empty());
  EXPECT_EQ(StatusOf(report, "GDPR", "data_retention_days"), "holds");
}

TEST(ComplianceReport, SubjectRightsHoldOnlyWhereEveryLiveBackendSupportsThem) {
  spec::ResolvedSpec spec = PatientSpec();
  ReportInputs in = Inputs(spec);
  in.executions = {Execution("a", "2026-03-30T00:00:00Z"),
                   Execution("b", "2026-03-30T00:00:00Z", "cleaned", "mysql://h/")};
  Json report = BuildReport(in);
  EXPECT_EQ(StatusOf(report, "GDPR", "right_to_deletion"), "holds");
  EXPECT_EQ(StatusOf(report, "GDPR", "right_to_access"), "holds");
  in.executions[1].status = "ready";  // a live execution on a backend without erasure
  report = BuildReport(in);
  EXPECT_EQ(StatusOf(report, "GDPR", "right_to_deletion"), "fails");
  EXPECT_NE(
      (*Setting(report, "GDPR", "right_to_deletion"))["evidence"].get<std::string>().find("mysql"),
      std::string::npos);
  spec.masking_policy->regulatory["GDPR"]["right_to_deletion"] = "false";
  report = BuildReport(in);
  EXPECT_EQ(StatusOf(report, "GDPR", "right_to_deletion"), "not_required");
}

TEST(ComplianceReport, AuditLoggingHoldsOnlyForAPresentLogThatVerifies) {
  spec::ResolvedSpec spec = PatientSpec();
  ReportInputs in = Inputs(spec);
  EXPECT_EQ(StatusOf(BuildReport(in), "HIPAA", "audit_logging"), "holds");
  in.audit_verified = false;
  in.audit_problem = "edited: line 3";
  Json report = BuildReport(in);
  EXPECT_EQ(StatusOf(report, "HIPAA", "audit_logging"), "fails");
  EXPECT_NE(report.dump().find("edited: line 3"), std::string::npos);
  in.audit_log_present = false;
  in.audit_verified.reset();
  EXPECT_EQ(StatusOf(BuildReport(in), "HIPAA", "audit_logging"), "fails");
  in.audit_log_present = true;
  EXPECT_EQ(StatusOf(BuildReport(in), "HIPAA", "audit_logging"), "holds");  // present, unverified
}

TEST(ComplianceReport, AccessSummarisesPlainAndChainedEventsWithoutTheirValues) {
  spec::ResolvedSpec spec = PatientSpec();
  ReportInputs in = Inputs(spec);
  in.audit_events = {
      Json{{"timestamp", "2026-03-01T10:00:00Z"},
           {"operation", "provision"},
           {"user_id", "ana"},
           {"execution_id", "exec-1"}},
      Json{{"seq", 2},
           {"prev", "ab"},
           {"event",
            {{"timestamp", "2026-03-02T10:00:00Z"},
             {"operation", "export"},
             {"user_id", "ana"},
             {"execution_id", "exec-2"},
             {"subject", "private.person@example.org"}}}},
      Json{{"timestamp", "2025-02-01T00:00:00Z"}, {"event", "data_masking"}, {"user_id", "bo"}}};
  Json report = BuildReport(in);
  const Json& access = report["access"];
  ASSERT_EQ(access.size(), 2u);
  EXPECT_EQ(access[0]["user"], "ana");
  EXPECT_EQ(access[0]["events"], 2);
  EXPECT_EQ(access[0]["operations"], (Json{{"export", 1}, {"provision", 1}}));
  EXPECT_EQ(access[0]["executions"], Json::array({"exec-1", "exec-2"}));
  EXPECT_EQ(access[0]["last_time"], "2026-03-02T10:00:00Z");
  EXPECT_EQ(access[1]["operations"], (Json{{"data_masking", 1}}));
  EXPECT_EQ(report["audit_log"]["oldest_event"], "2025-02-01T00:00:00Z");
  EXPECT_EQ(report["audit_log"]["age_days"], 423);
  EXPECT_TRUE(report["audit_log"]["older_than_retention"].get<bool>());
  for (const std::string& text : {report.dump(), RenderMarkdown(report), RenderHtml(report)}) {
    EXPECT_EQ(text.find("private.person"), std::string::npos);
  }
}

TEST(ComplianceReport, HtmlIsOneSelfContainedPageWithEveryStringEscaped) {
  spec::ResolvedSpec spec = PatientSpec();
  spec.datasets[0].name = "p<script>alert(1)</script>";
  ReportInputs in = Inputs(spec);
  in.executions = {Execution("exec-\"quoted\"&'x'", "2026-02-01T00:00:00Z")};  // a violation
  in.audit_events = {Json{{"timestamp", "2026-03-01T10:00:00Z"},
                          {"operation", "<img src=x onerror=alert(1)>"},
                          {"user_id", "eve</td>"}}};
  Json report = BuildReport(in);
  std::string html = RenderHtml(report);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("eve</td>"), std::string::npos);
  EXPECT_NE(html.find("p&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("exec-&quot;quoted&quot;&amp;&#39;x&#39;"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(html.find("<html"), html.rfind("<html"));  // exactly one document
  EXPECT_NE(html.find("</html>"), std::string::npos);
  EXPECT_NE(html.find("<style>"), std::string::npos);
  EXPECT_NE(html.find("aria-label=\"Provisions per day\""), std::string::npos);
  EXPECT_NE(html.find("aria-label=\"Masking coverage\""), std::string::npos);
  EXPECT_EQ(EscapeHtml("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
}

TEST(ComplianceReport, MarkdownRendersTheSameFacts) {
  spec::ResolvedSpec spec = PatientSpec();
  ReportInputs in = Inputs(spec);
  in.executions = {Execution("exec-old", "2026-01-01T00:00:00Z")};
  Json report = BuildReport(in);
  std::string md = RenderMarkdown(report);
  EXPECT_NE(md.find("- `patients.full_name`"), std::string::npos) << md;
  EXPECT_NE(md.find("| exec-old |"), std::string::npos) << md;
  EXPECT_NE(md.find("| GDPR | data_retention_days | 30 | fails |"), std::string::npos) << md;
  EXPECT_NE(md.find("1 of 3 red fields masked"), std::string::npos) << md;
}

TEST(ComplianceReport, RetentionDaysComesFromThePolicyOrDefaultsToThirty) {
  spec::ResolvedSpec spec = PatientSpec();
  EXPECT_EQ(RetentionDays(&spec), 30);
  spec.masking_policy->regulatory["GDPR"]["data_retention_days"] = "7";
  EXPECT_EQ(RetentionDays(&spec), 7);
  spec.masking_policy->regulatory["GDPR"].erase("data_retention_days");
  EXPECT_EQ(RetentionDays(&spec), kDefaultRetentionDays);
  EXPECT_EQ(RetentionDays(nullptr), kDefaultRetentionDays);
  EXPECT_EQ(DaysBetween("2026-03-01T00:00:00Z", "2026-03-31T12:00:00Z"), 30);
  EXPECT_FALSE(DaysBetween("yesterday", kNow).has_value());
}

}  // namespace
}  // namespace tdm::compliance
