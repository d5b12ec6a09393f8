// audit show, audit verify: reading and checking the audit log. Both are audited themselves,
// since reading the trail of who touched which data is access too.
#include <chrono>
#include <nlohmann/json.hpp>
#include <ostream>

#include "audit/audit_log.h"
#include "audit/audit_query.h"
#include "cli/audit_support.h"
#include "cli/commands.h"
#include "cli/render.h"
#include "core/time_format.h"
#include "provision/lifecycle.h"

namespace tdm::cli {
namespace {

using Json = nlohmann::ordered_json;

struct ShowArgs {
  std::string since;
  std::string user;
  std::string event;
  std::string execution_id;
  int64_t limit = 0;
};

std::string Text(const Json& event, const char* key) {
  auto it = event.find(key);
  return it != event.end() && it->is_string() ? it->get<std::string>() : "";
}

// The counts an event carries, for the one-line view: "records 1,000, actions 3".
std::string Counts(const Json& event) {
  std::string counts;
  auto add = [&](const std::string& name, int64_t n) {
    counts += (counts.empty() ? "" : ", ") + name + " " + WithThousands(n);
  };
  for (const auto& [key, value] : event.items()) {
    if (key != "seq" && value.is_number_integer()) add(key, value.get<int64_t>());
  }
  if (auto actions = event.find("actions"); actions != event.end() && actions->is_array()) {
    add("actions", static_cast<int64_t>(actions->size()));
  }
  return counts.empty() ? "-" : counts;
}

Status RunShow(const Context& ctx, const ShowArgs& args, OperationAudit& audit) {
  if (args.limit < 0) return {StatusCode::kInvalidArgument, "--limit must not be negative"};
  audit::EventQuery query{args.since, args.user, args.event, args.execution_id, args.limit};
  auto queried = audit::QueryEvents(ctx.state_dir, query);
  if (!queried.ok() && queried.status().code() == StatusCode::kInvalidArgument) {
    return Status(StatusCode::kInvalidArgument, "--" + queried.status().message());
  }
  TDM_ASSIGN_OR_RETURN(std::vector<Json> shown, std::move(queried));
  audit.details["events_returned"] = static_cast<int64_t>(shown.size());
  Json filters = Json::object();
  if (!args.since.empty()) filters["since"] = args.since;
  if (!args.user.empty()) filters["user"] = args.user;
  if (!args.event.empty()) filters["event"] = args.event;
  if (!args.execution_id.empty()) filters["execution_id"] = args.execution_id;
  if (!filters.empty()) audit.details["filters"] = filters;
  if (ctx.json) {
    *ctx.out << Json(shown).dump(2) << "\n";
    return Status::Ok();
  }
  if (shown.empty()) {
    *ctx.out << "No audit events" << (filters.empty() ? "" : " match") << "\n";
    return Status::Ok();
  }
  std::vector<std::vector<std::string>> rows;
  for (const Json& e : shown) {
    std::string what = Text(e, "event");
    std::string operation = Text(e, "operation");
    if (!operation.empty() && operation != what) what += "/" + operation;
    std::string status = Text(e, "status");
    rows.push_back({e.contains("seq") ? e["seq"].dump() : "-", Text(e, "timestamp"),
                    Text(e, "user_id"), what, Text(e, "environment"), Text(e, "dataset_id"),
                    status.empty() ? "-" : status, Counts(e)});
  }
  PrintTable(*ctx.out, {"seq", "time", "user", "event", "env", "dataset", "status", "counts"}, rows,
             60);
  return Status::Ok();
}

Json ReportJson(const audit::VerifyReport& r) {
  Json j = {{"ok", r.ok},
            {"events", r.events},
            {"first_seq", r.first_seq},
            {"last_seq", r.last_seq},
            {"legacy_lines", r.legacy_lines},
            {"authenticated", r.authenticated},
            {"encrypted", r.encrypted}};
  if (r.unauthenticated_lines > 0) j["unauthenticated_lines"] = r.unauthenticated_lines;
  if (!r.ok) {
    j["first_bad_seq"] = r.first_bad_seq ? Json(*r.first_bad_seq) : Json(nullptr);
    j["problem"] = r.problem;
    j["detail"] = r.detail;
  }
  return j;
}

Status RunVerify(const Context& ctx, OperationAudit& audit) {
  TDM_ASSIGN_OR_RETURN(audit::VerifyReport report, audit::VerifyLog(ctx.state_dir));
  audit.details["verified"] = report.ok;
  audit.details["events_checked"] = report.events;
  if (!report.ok) {
    audit.details["first_bad_seq"] = report.first_bad_seq.value_or(0);
    audit.details["problem"] = report.problem;
  }
  if (ctx.json) {
    *ctx.out << ReportJson(report).dump(2) << "\n";
  } else if (report.ok) {
    *ctx.out << "Audit log intact: " << WithThousands(report.events)
             << (report.events == 1 ? " event" : " events");
    if (report.events > 0)
      *ctx.out << " (seq " << report.first_seq << ".." << report.last_seq << ")";
    *ctx.out << (report.authenticated ? ", HMACs checked" : ", hash chain only (no TDM_AUDIT_KEY)")
             << (report.encrypted ? ", encrypted" : "") << "\n";
    if (report.legacy_lines > 0) {
      *ctx.out << report.legacy_lines
               << " legacy lines of an older tdm precede seq 1; they are not chained\n";
    }
    if (report.unauthenticated_lines > 0) {
      *ctx.out << report.unauthenticated_lines
               << " lines were written before the key was configured (no HMAC)\n";
    }
  }
  if (report.ok) return Status::Ok();
  return {StatusCode::kFailedPrecondition, "the audit log " + audit::AuditLogPath(ctx.state_dir) +
                                               " fails verification at seq " +
                                               std::to_string(report.first_bad_seq.value_or(0)) +
                                               " (" + report.problem + "): " + report.detail};
}

}  // namespace

void AddAuditCommands(CLI::App& app, Context& ctx, Action& action) {
  CLI::App* audit = app.add_subcommand(
      "audit",
      "Read and verify the audit log (set TDM_AUDIT_KEY, or TDM_AUDIT_KEY_FILE, to encrypt and "
      "authenticate it)");
  audit->require_subcommand(1);

  auto show = std::make_shared<ShowArgs>();
  CLI::App* s = audit->add_subcommand("show", "Print audit events, oldest first");
  s->add_option("--since", show->since, "Only events from this date (2026-01-01) or age (7d)");
  s->add_option("--user", show->user, "Only events of this user");
  s->add_option("--event", show->event, "Only this event or operation, e.g. data_export");
  s->add_option("--execution-id", show->execution_id, "Only events about this execution");
  s->add_option("--limit", show->limit, "Only the newest N matching events");
  s->callback([&ctx, &action, show] {
    action = [&ctx, show] {
      OperationAudit audit{"audit_access", "audit_show"};
      return RunAudited(ctx, audit, [&] { return RunShow(ctx, *show, audit); });
    };
  });

  CLI::App* v = audit->add_subcommand(
      "verify", "Check the hash chain, HMACs and head; exit 1 naming the first bad seq");
  v->callback([&ctx, &action] {
    action = [&ctx] {
      OperationAudit audit{"audit_access", "audit_verify"};
      return RunAudited(ctx, audit, [&] { return RunVerify(ctx, audit); });
    };
  });
}

}  // namespace tdm::cli
