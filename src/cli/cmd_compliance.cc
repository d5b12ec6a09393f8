// compliance report, retention enforce (and, through cmd_gdpr.cc, gdpr erase/access).
//
// The report is built by compliance/report.h from what this file gathers: the registry's
// executions, the resolved spec and its masking policy, the audit log's events and whether its
// chain verifies. Retention reuses the cleanup path (provision/lifecycle.h) for executions and
// audit::PruneEventsBefore for the audit log.
#include <filesystem>
#include <fstream>
#include <memory>

#include "audit/audit_log.h"
#include "cli/audit_support.h"
#include "cli/cmd_gdpr.h"
#include "cli/commands.h"
#include "compliance/report.h"
#include "core/time_format.h"
#include "provision/lifecycle.h"

namespace tdm::cli {
namespace {

using Json = nlohmann::ordered_json;
namespace fs = std::filesystem;

// Audit log events are kept this long; older ones are pruned by `retention enforce`.
constexpr auto kAuditRetention = std::chrono::hours(24 * 365);

struct ReportArgs {
  std::string format = "json";
  std::string output;
};

struct RetentionArgs {
  std::optional<int64_t> days;
  bool dry_run = false;
};

// Every backend implements Database::DeleteRows and Read, so erase and access work on all.
const std::set<std::string> kSubjectRightsBackends = {"sqlite",  "postgres", "postgresql", "mysql",
                                                      "mariadb", "redis",    "file"};

Status WriteText(const Context& ctx, const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    *ctx.out << text;
    return Status::Ok();
  }
  std::string work = path + ".partial";
  {
    std::ofstream out(work, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) return {StatusCode::kIoError, "cannot write '" + path + "'"};
  }
  std::error_code ec;
  fs::rename(work, path, ec);
  if (ec) return {StatusCode::kIoError, "cannot write '" + path + "': " + ec.message()};
  return Status::Ok();
}

Status RunReport(const Context& ctx, const ReportArgs& args) {
  if (args.format != "json" && args.format != "md" && args.format != "html") {
    return {StatusCode::kInvalidArgument,
            "--format must be json, md or html (not '" + args.format + "')"};
  }
  compliance::ReportInputs in;
  in.now = provision::NowUtc();
  in.state_dir = ctx.state_dir;
  in.erasure_backends = kSubjectRightsBackends;
  auto spec = ctx.LoadSpec();
  if (spec.ok()) {
    in.spec = &*spec;
  } else {
    ctx.Note("note: the report covers no datasets: " + spec.status().ToString());
  }
  TDM_ASSIGN_OR_RETURN(provision::Registry registry, ctx.OpenRegistry());
  TDM_ASSIGN_OR_RETURN(in.executions, registry.List());
  std::error_code ec;
  in.audit_log_present = fs::exists(audit::AuditLogPath(ctx.state_dir), ec);
  if (in.audit_log_present) {
    auto events = audit::ReadEvents(ctx.state_dir);
    if (events.ok()) {
      in.audit_events = std::move(*events);
    } else {
      in.audit_problem = events.status().message();
    }
    auto verified = audit::VerifyLog(ctx.state_dir);
    if (verified.ok()) {
      in.audit_verified = verified->ok;
      if (!verified->ok) in.audit_problem = verified->problem + ": " + verified->detail;
    } else {
      in.audit_verified = false;
      in.audit_problem = verified.status().message();
    }
  }
  Json report = compliance::BuildReport(in);
  std::string text = args.format == "md"     ? compliance::RenderMarkdown(report)
                     : args.format == "html" ? compliance::RenderHtml(report)
                                             : report.dump(2) + "\n";
  TDM_RETURN_IF_ERROR(WriteText(ctx, args.output, text));
  if (!args.output.empty() && args.output != "-") {
    ctx.Note("wrote the compliance report to " + args.output);
  }
  return Status::Ok();
}

Status RunRetention(const Context& ctx, const RetentionArgs& args) {
  if (args.days && *args.days < 0) {
    return {StatusCode::kInvalidArgument, "--days must be 0 or more"};
  }
  int64_t days = compliance::kDefaultRetentionDays;
  if (args.days) {
    days = *args.days;
  } else {
    auto spec = ctx.LoadSpec();
    days = compliance::RetentionDays(spec.ok() ? &*spec : nullptr);
  }
  std::string now = provision::NowUtc();
  TDM_ASSIGN_OR_RETURN(provision::Registry registry, ctx.OpenRegistry());
  TDM_RETURN_IF_ERROR(provision::RecoverInterrupted(registry));
  TDM_ASSIGN_OR_RETURN(auto all, registry.List());
  Json executions = Json::array();
  std::vector<std::string> deleted;
  Status failure;
  for (const provision::ExecutionRecord& r : all) {
    if (r.status == "cleaned") continue;
    auto age = compliance::DaysBetween(r.created_at, now);
    if (!age || *age <= days) continue;
    Json entry = {{"execution_id", r.id},
                  {"environment", r.environment},
                  {"status", r.status},
                  {"created_at", r.created_at},
                  {"age_days", *age}};
    if (args.dry_run) {
      entry["action"] = "would_delete";
    } else {
      Status cleaned = provision::Cleanup(registry, r.id);
      entry["action"] = cleaned.ok() ? "deleted" : "failed";
      if (cleaned.ok()) {
        deleted.push_back(r.id);
      } else {
        entry["error"] = cleaned.message();
        if (failure.ok()) failure = cleaned.WithContext("execution '" + r.id + "'");
      }
    }
    executions.push_back(std::move(entry));
  }
  // The state dir holds executions, the registry and the audit log; tdm writes no archives or
  // exports there, so there is nothing else to expire.
  Json archives = {{"found", 0},
                   {"deleted", 0},
                   {"note", "tdm keeps no archives or exported files in the state directory"}};
  auto audit_cutoff = std::chrono::system_clock::now() - kAuditRetention;
  int64_t audit_cutoff_us =
      std::chrono::duration_cast<std::chrono::microseconds>(audit_cutoff.time_since_epoch())
          .count();
  Json audit_log = {{"retention_days", 365}, {"cutoff", FormatDateTime(audit_cutoff_us)}};
  std::error_code ec;
  if (!fs::exists(audit::AuditLogPath(ctx.state_dir), ec)) {
    audit_log["events_pruned"] = 0;
  } else if (args.dry_run) {
    TDM_ASSIGN_OR_RETURN(auto events, audit::ReadEvents(ctx.state_dir));
    int64_t older = 0;
    for (const Json& e : events) {
      auto t = e.contains("timestamp") && e["timestamp"].is_string()
                   ? ParseDateTime(e["timestamp"].get<std::string>())
                   : std::nullopt;
      older += t && *t < audit_cutoff_us ? 1 : 0;
    }
    audit_log["events_to_prune"] = older;
  } else {
    TDM_ASSIGN_OR_RETURN(int64_t pruned, audit::PruneEventsBefore(ctx.state_dir, audit_cutoff));
    audit_log["events_pruned"] = pruned;
  }
  Json result = {{"retention_days", days},   {"dry_run", args.dry_run}, {"checked_at", now},
                 {"executions", executions}, {"archives", archives},    {"audit_log", audit_log}};
  if (!args.dry_run) {
    Json event;
    event["timestamp"] = now;
    event["event"] = "retention_enforcement";
    event["operation"] = "retention_enforce";
    event["user_id"] = ctx.AuditUser();
    event["status"] = failure.ok() ? "success" : "failure";
    event["retention_days"] = days;
    event["executions_deleted"] = deleted;
    event["audit_events_pruned"] = audit_log.value("events_pruned", int64_t{0});
    TDM_RETURN_IF_ERROR(audit::AppendEvent(ctx.state_dir, event));
  }
  if (ctx.json) {
    *ctx.out << result.dump(2) << "\n";
  } else {
    *ctx.out << (args.dry_run ? "Would delete " : "Deleted ") << executions.size()
             << (executions.size() == 1 ? " execution" : " executions") << " older than " << days
             << " days";
    for (const Json& e : executions)
      *ctx.out << (&e == &executions[0] ? ": " : ", ") << e["execution_id"].get<std::string>();
    *ctx.out << "\nArchives: none kept by tdm\nAudit log: "
             << (args.dry_run ? audit_log.value("events_to_prune", int64_t{0})
                              : audit_log.value("events_pruned", int64_t{0}))
             << " events older than a year " << (args.dry_run ? "would be pruned" : "pruned")
             << "\n";
  }
  return failure;
}

}  // namespace

void AddComplianceCommands(CLI::App& app, Context& ctx, Action& action) {
  CLI::App* compliance = app.add_subcommand("compliance", "Compliance reporting");
  compliance->require_subcommand(1);
  auto report_args = std::make_shared<ReportArgs>();
  CLI::App* report = compliance->add_subcommand(
      "report", "Classifications, masking coverage, access, retention and regulatory settings");
  report->add_option("--format", report_args->format, "json (default), md or html");
  report->add_option("--output", report_args->output, "Write to this file instead of stdout");
  report->callback([&ctx, &action, report_args] {
    action = [&ctx, report_args] {
      OperationAudit audit{"compliance_report", "compliance_report"};
      return RunAudited(ctx, audit, [&] { return RunReport(ctx, *report_args); });
    };
  });

  CLI::App* retention = app.add_subcommand("retention", "Data retention");
  retention->require_subcommand(1);
  auto retention_args = std::make_shared<RetentionArgs>();
  CLI::App* enforce = retention->add_subcommand(
      "enforce", "Delete executions older than the retention period and prune the audit log");
  enforce->add_option("--days", retention_args->days,
                      "Retention in days (default: GDPR data_retention_days, else 30)");
  enforce->add_flag("--dry-run", retention_args->dry_run, "Report what would be deleted");
  enforce->callback([&ctx, &action, retention_args] {
    action = [&ctx, retention_args] { return RunRetention(ctx, *retention_args); };
  });

  AddGdprCommands(app, ctx, action);
}

}  // namespace tdm::cli
