// gdpr erase and gdpr access: a data subject's rows in every ready execution (see
// compliance/subject_rights.h for how a subject is matched).
//
// The subject is never printed, logged or audited: output and audit events name it by
// SubjectHash. `gdpr access` output IS the subject's data, by design, and goes only to stdout or
// the --output file (created 0600), never to the audit log.
//
// Policy settings: `gdpr erase` runs whatever GDPR right_to_deletion says, because removing
// personal data from test copies is always allowed and a policy that does not promise erasure
// cannot make keeping it right (a note says the setting is off). `gdpr access` discloses personal
// data, so it refuses when right_to_access is explicitly false.
#include "cli/cmd_gdpr.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <memory>

#include "audit/audit_log.h"
#include "compliance/subject_rights.h"
#include "mask/policy.h"
#include "provision/lifecycle.h"

namespace tdm::cli {
namespace {

using Json = nlohmann::ordered_json;

struct GdprArgs {
  std::string subject;
  std::string execution_id;
  bool dry_run = false;
  std::string output;
};

// The policy's GDPR setting `key`, when the spec and its policy load and set it.
std::optional<bool> GdprSetting(const Context& ctx, const std::string& key) {
  auto spec = ctx.LoadSpec();
  if (!spec.ok() || !spec->masking_policy) return std::nullopt;
  for (const auto& [regulation, keys] : spec->masking_policy->regulatory) {
    if (mask::Lower(regulation) != "gdpr") continue;
    auto it = keys.find(key);
    if (it == keys.end()) continue;
    std::string v = mask::Lower(it->second);
    if (v == "false" || v == "no" || v == "off") return false;
    if (v == "true" || v == "yes" || v == "on") return true;
  }
  return std::nullopt;
}

// Ready executions to search: the one named, or all of them.
Result<std::vector<provision::ExecutionRecord>> Executions(const Context& ctx,
                                                           provision::Registry& registry,
                                                           const std::string& id) {
  if (!id.empty()) {
    TDM_ASSIGN_OR_RETURN(provision::ExecutionRecord one, ctx.PickExecution(registry, id));
    return std::vector<provision::ExecutionRecord>{one};
  }
  TDM_ASSIGN_OR_RETURN(auto all, registry.List());
  std::vector<provision::ExecutionRecord> ready;
  for (auto& r : all) {
    if (r.status == "ready") ready.push_back(std::move(r));
  }
  return ready;
}

struct Opened {
  std::unique_ptr<store::Database> db;
  std::vector<TableSchema> schema;
};

Result<Opened> Open(const provision::ExecutionRecord& record) {
  Opened o;
  TDM_ASSIGN_OR_RETURN(o.db, provision::OpenExecutionTarget(record));
  o.schema = record.schema;
  if (o.schema.empty()) {
    TDM_ASSIGN_OR_RETURN(o.schema, o.db->Describe(record.ns));
  }
  return o;
}

Status CheckSubject(const GdprArgs& args) {
  if (args.subject.empty()) {
    return {StatusCode::kInvalidArgument, "--subject needs an email address or an id"};
  }
  return Status::Ok();
}

Json BaseEvent(const Context& ctx, const char* event, const char* operation,
               const std::string& hash) {
  Json j;
  j["timestamp"] = provision::NowUtc();
  j["event"] = event;
  j["operation"] = operation;
  j["user_id"] = ctx.AuditUser();
  j["subject_hash"] = hash;
  return j;
}

Status RunErase(const Context& ctx, const GdprArgs& args) {
  TDM_RETURN_IF_ERROR(CheckSubject(args));
  std::string hash = compliance::SubjectHash(args.subject);
  if (GdprSetting(ctx, "right_to_deletion") == false) {
    ctx.Note(
        "note: GDPR right_to_deletion is false in the policy; erasing anyway, since "
        "removing personal data is always allowed");
  }
  TDM_ASSIGN_OR_RETURN(provision::Registry registry, ctx.OpenRegistry());
  TDM_RETURN_IF_ERROR(provision::RecoverInterrupted(registry));
  TDM_ASSIGN_OR_RETURN(auto executions, Executions(ctx, registry, args.execution_id));
  const char* count_key = args.dry_run ? "rows_to_delete" : "rows_deleted";
  Json out_executions = Json::array();
  int64_t total = 0;
  Status failure;
  for (provision::ExecutionRecord& record : executions) {
    Json tables = Json::array();
    Status status = [&]() -> Status {
      TDM_ASSIGN_OR_RETURN(Opened o, Open(record));
      TDM_ASSIGN_OR_RETURN(
          auto found, compliance::FindSubject(*o.db, record.ns, o.schema, args.subject, false));
      std::vector<std::pair<std::string, int64_t>> counts;
      if (args.dry_run) {
        for (const auto& t : found.tables) counts.emplace_back(t.table, t.rows);
      } else if (!found.selections.empty()) {
        TDM_ASSIGN_OR_RETURN(counts, compliance::EraseSubject(*o.db, record.ns, o.schema, found));
        for (auto& [table, rows] : record.tables) {
          for (const auto& [t, n] : counts) rows -= t == table ? n : 0;
        }
        record.updated_at = provision::NowUtc();
        TDM_RETURN_IF_ERROR(registry.Update(record));
      }
      for (const auto& [table, n] : counts) {
        tables.push_back({{"table", table}, {count_key, n}});
        total += n;
      }
      return Status::Ok();
    }();
    Json entry = {{"execution_id", record.id}, {"tables", std::move(tables)}};
    if (!status.ok()) {
      entry["error"] = status.message();
      if (failure.ok()) failure = status.WithContext("execution '" + record.id + "'");
    }
    out_executions.push_back(std::move(entry));
  }
  Json result = {{"subject_hash", hash},
                 {"dry_run", args.dry_run},
                 {"executions", out_executions},
                 {"total_rows", total}};
  // A dry run is audited too: it searched every execution for one person's data.
  Json event = BaseEvent(ctx, "gdpr_erasure", "gdpr_erase", hash);
  event["status"] = failure.ok() ? "success" : "failure";
  event["dry_run"] = args.dry_run;
  event["executions"] = out_executions;
  event["total_rows"] = total;
  TDM_RETURN_IF_ERROR(audit::AppendEvent(ctx.state_dir, event));
  if (ctx.json) {
    *ctx.out << result.dump(2) << "\n";
  } else {
    *ctx.out << (args.dry_run ? "Would erase " : "Erased ") << total
             << (total == 1 ? " row" : " rows") << " of subject " << hash << " in "
             << executions.size() << (executions.size() == 1 ? " execution" : " executions")
             << "\n";
    for (const Json& e : out_executions) {
      for (const Json& t : e["tables"]) {
        *ctx.out << "  " << e["execution_id"].get<std::string>() << "  "
                 << t["table"].get<std::string>() << ": " << t[count_key].get<int64_t>() << "\n";
      }
    }
  }
  return failure;
}

Status WriteExport(const std::string& path, const std::string& text) {
  // 0600: the file holds one person's data.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return {StatusCode::kIoError, "cannot create '" + path + "'"};
  ::fchmod(fd, 0600);
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) {
      ::close(fd);
      return {StatusCode::kIoError, "cannot write '" + path + "'"};
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) return {StatusCode::kIoError, "cannot write '" + path + "'"};
  return Status::Ok();
}

Status RunAccess(const Context& ctx, const GdprArgs& args) {
  TDM_RETURN_IF_ERROR(CheckSubject(args));
  if (GdprSetting(ctx, "right_to_access") == false) {
    return {StatusCode::kFailedPrecondition,
            "the policy sets GDPR right_to_access: false, so subject data is not exported; set "
            "it to true in the masking policy to allow `gdpr access`"};
  }
  std::string hash = compliance::SubjectHash(args.subject);
  TDM_ASSIGN_OR_RETURN(provision::Registry registry, ctx.OpenRegistry());
  TDM_RETURN_IF_ERROR(provision::RecoverInterrupted(registry));
  TDM_ASSIGN_OR_RETURN(auto executions, Executions(ctx, registry, args.execution_id));
  Json exported = Json::array();
  Json counted = Json::array();
  int64_t total = 0;
  for (const provision::ExecutionRecord& record : executions) {
    TDM_ASSIGN_OR_RETURN(Opened o, Open(record));
    TDM_ASSIGN_OR_RETURN(auto found,
                         compliance::FindSubject(*o.db, record.ns, o.schema, args.subject, true));
    Json tables = Json::array();
    Json counts = Json::array();
    for (auto& t : found.tables) {
      counts.push_back({{"table", t.table}, {"rows", t.rows}});
      tables.push_back({{"table", t.table}, {"rows", std::move(t.data)}});
      total += t.rows;
    }
    exported.push_back({{"execution_id", record.id},
                        {"environment", record.environment},
                        {"dataset", record.dataset},
                        {"tables", std::move(tables)}});
    counted.push_back({{"execution_id", record.id}, {"tables", std::move(counts)}});
  }
  Json result = {{"subject_hash", hash},
                 {"exported_at", provision::NowUtc()},
                 {"executions", std::move(exported)},
                 {"total_rows", total}};
  Json event = BaseEvent(ctx, "gdpr_access", "gdpr_access", hash);
  event["status"] = "success";
  event["executions"] = std::move(counted);  // counts only: the rows are the subject's data
  event["total_rows"] = total;
  event["destination"] = args.output.empty() ? "stdout" : "file";
  TDM_RETURN_IF_ERROR(audit::AppendEvent(ctx.state_dir, event));
  if (args.output.empty()) {
    *ctx.out << result.dump(2) << "\n";
    return Status::Ok();
  }
  TDM_RETURN_IF_ERROR(WriteExport(args.output, result.dump(2) + "\n"));
  if (ctx.json) {
    *ctx.out << Json{{"subject_hash", hash}, {"output", args.output}, {"total_rows", total}}.dump(2)
             << "\n";
  } else {
    *ctx.out << "Wrote " << total << (total == 1 ? " row" : " rows") << " of subject " << hash
             << " to " << args.output << "\n";
  }
  return Status::Ok();
}

}  // namespace

void AddGdprCommands(CLI::App& app, Context& ctx, Action& action) {
  CLI::App* gdpr =
      app.add_subcommand("gdpr", "Data subject rights: erase or export a person's rows");
  gdpr->require_subcommand(1);
  auto erase_args = std::make_shared<GdprArgs>();
  CLI::App* erase = gdpr->add_subcommand(
      "erase", "Delete a subject's rows, and the rows referencing them, in every ready execution");
  erase->add_option("--subject", erase_args->subject, "Email address or id of the subject")
      ->required();
  erase->add_option("--execution-id", erase_args->execution_id, "Only this execution");
  erase->add_flag("--dry-run", erase_args->dry_run, "Report what would be deleted");
  erase->callback([&ctx, &action, erase_args] {
    action = [&ctx, erase_args] { return RunErase(ctx, *erase_args); };
  });
  auto access_args = std::make_shared<GdprArgs>();
  CLI::App* access = gdpr->add_subcommand(
      "access", "Export a subject's rows, and the rows referencing them, as JSON");
  access->add_option("--subject", access_args->subject, "Email address or id of the subject")
      ->required();
  access->add_option("--execution-id", access_args->execution_id, "Only this execution");
  access->add_option("--output", access_args->output, "Write to this file (0600) not stdout");
  access->callback([&ctx, &action, access_args] {
    action = [&ctx, access_args] { return RunAccess(ctx, *access_args); };
  });
}

}  // namespace tdm::cli
