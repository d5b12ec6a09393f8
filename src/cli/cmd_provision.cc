// provision, cleanup, executions, health check.
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/audit_support.h"
#include "cli/commands.h"
#include "cli/mask_support.h"
#include "cli/progress.h"
#include "cli/render.h"
#include "mask/keyed_hash.h"
#include "provision/health.h"
#include "provision/lifecycle.h"
#include "provision/provisioner.h"
#include "store/target.h"
#include "validate/report.h"

namespace tdm::cli {
namespace {

struct ProvisionArgs {
  std::string env = "local";
  std::string dataset = "all";
  std::optional<int64_t> count;
  std::optional<uint64_t> seed;
  std::string target;
  std::string ttl;
  bool no_template = false;
  std::string execution_id;
  int threads = 0;
  size_t batch_rows = 1 << 16;
  // provision --from: a masked copy of a database instead of generated data.
  std::string from;
  std::string subset;
  std::string policies;
  std::vector<std::string> allow_unmasked;
};

// Names and counts of a provisioned execution for its audit event.
void DescribeExecution(const provision::ExecutionRecord& r, OperationAudit& audit) {
  audit.environment = r.environment;
  audit.dataset_id = r.id;
  audit.details["execution_id"] = r.id;
  audit.details["dataset"] = r.dataset;
  audit.details["dataset_version"] = r.dataset_version;
  int64_t total = 0;
  nlohmann::ordered_json tables = nlohmann::ordered_json::object();
  for (const auto& [name, rows] : r.tables) {
    tables[name] = rows;
    total += rows;
  }
  audit.details["record_count"] = total;
  audit.details["tables"] = tables;
}

Status PrintProvisioned(const Context& ctx, const provision::ExecutionRecord& r,
                        const std::vector<std::string>& notes,
                        const nlohmann::ordered_json& validation = nullptr) {
  if (ctx.json) {
    nlohmann::ordered_json j = provision::ExecutionJson(r);
    if (!validation.is_null()) j["validation"] = validation;
    j["notes"] = notes;
    *ctx.out << j.dump(2) << "\n";
    return Status::Ok();
  }
  for (const std::string& note : notes) ctx.Note(note);
  *ctx.out << "Provisioned execution " << r.id << " (env " << r.environment << ", dataset "
           << r.dataset << ", version " << r.dataset_version;
  if (r.seed != 0 || r.origin.rfind("masked", 0) != 0) *ctx.out << ", seed " << r.seed;
  *ctx.out << ")\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& [name, count] : r.tables) rows.push_back({name, WithThousands(count)});
  PrintTable(*ctx.out, {"collection", "rows"}, rows);
  *ctx.out << "endpoint: " << provision::ExecutionEndpoint(r)
           << (r.origin.rfind("template", 0) == 0 ? " (cloned from " + r.origin.substr(9) + ")"
               : r.origin.rfind("masked", 0) == 0 ? " (" + r.origin + ")"
                                                  : "")
           << "\n"
           << (r.expires_at.empty() ? "" : "expires: " + r.expires_at + "\n")
           << fmt::format("ready in {:.2f} s", static_cast<double>(r.duration_ms) / 1000) << "\n";
  return Status::Ok();
}

// provision --from URL [--subset ...]: the execution holds a masked copy of the source.
Status RunProvisionFrom(const Context& ctx, const ProvisionArgs& args,
                        const provision::ProvisionOptions& base, OperationAudit& audit) {
  if (args.count || args.seed || args.dataset != "all") {
    return {StatusCode::kInvalidArgument,
            "--from copies a database: --dataset, --count and --seed apply to generated data "
            "only (use --subset to copy part of it)"};
  }
  TDM_ASSIGN_OR_RETURN(LoadedPolicy loaded, LoadPolicy(ctx, args.policies));
  provision::MaskedCopyOptions options;
  options.allow_unmasked = args.allow_unmasked;
  options.threads = args.threads;
  if (!args.subset.empty()) {
    TDM_ASSIGN_OR_RETURN(options.subset, provision::ParseSubset(args.subset));
  }
  TDM_ASSIGN_OR_RETURN(OpenedDatabase source, OpenNamed(args.from, "--from"));
  TDM_ASSIGN_OR_RETURN(bool exists, source.db->Exists(source.ns));
  if (!exists) return {StatusCode::kNotFound, source.url.Redacted() + " does not exist"};
  TDM_ASSIGN_OR_RETURN(provision::MaskedCopyPlan plan,
                       provision::PlanMaskedCopy(*source.db, source.ns, loaded.policy, options));
  if (!args.execution_id.empty())
    TDM_RETURN_IF_ERROR(provision::CheckExecutionId(args.execution_id));
  TDM_ASSIGN_OR_RETURN(provision::Registry registry, ctx.OpenRegistry());

  provision::CopyProvision copy;
  copy.environment = args.env;
  copy.dataset = std::filesystem::path(source.ns).stem().string();
  copy.origin = "masked copy of " + source.url.Redacted() +
                (args.subset.empty() ? "" : ", subset " + args.subset);
  mask::Digest id =
      mask::KeyedHash("tdm-copy")
          .Mac(source.url.Redacted() + "\n" + loaded.policy.path() + "\n" + args.subset);
  copy.version = "masked-";
  mask::AppendHex(id, 6, copy.version);
  for (const auto& t : plan.tables) copy.schema.push_back(t.target);
  ProgressBar bar(0, !ctx.json && !ctx.quiet);
  options.progress = [&](const std::string& table, int64_t done) { bar.Update(table, done); };
  std::vector<provision::MaskAction> actions;
  copy.load = [&](store::Database& db,
                  const std::string& ns) -> Result<std::vector<std::pair<std::string, int64_t>>> {
    TDM_ASSIGN_OR_RETURN(auto sink, db.Create(ns));
    TDM_ASSIGN_OR_RETURN(auto result,
                         provision::RunMaskedCopy(plan, *source.db, source.ns, *sink, options));
    actions = result.actions;
    return result.tables;
  };
  auto record = provision::ProvisionCopy(copy, registry, base);
  bar.Finish();
  MaskEvent event{"provision_dataset", args.env, record.ok() ? record->id : args.execution_id,
                  record.ok(),         plan,     actions};
  Status audited = WriteMaskAudit(ctx, loaded, event);
  audit.written = audited.ok();
  TDM_RETURN_IF_ERROR(record.status());
  if (!audited.ok()) ctx.Note("the execution is ready, but " + audited.ToString());
  return PrintProvisioned(ctx, *record, plan.notes);
}

Status RunProvision(const Context& ctx, const ProvisionArgs& args, OperationAudit& audit) {
  audit.environment = args.env;
  audit.dataset_id = args.execution_id;
  audit.details["dataset"] = args.from.empty() ? args.dataset : "masked copy";
  if (args.from.empty() &&
      (!args.subset.empty() || !args.allow_unmasked.empty() || !args.policies.empty())) {
    return {StatusCode::kInvalidArgument,
            "--subset, --policies and --allow-unmasked go with --from URL (a masked copy)"};
  }
  if (!args.from.empty()) {
    provision::ProvisionOptions options;
    options.requested_by = ctx.AuditUser();
    if (!args.execution_id.empty()) options.execution_id = args.execution_id;
    if (!args.target.empty()) options.target = args.target;
    if (!args.ttl.empty()) {
      TDM_ASSIGN_OR_RETURN(options.ttl, provision::ParseDuration(args.ttl));
    }
    return RunProvisionFrom(ctx, args, options, audit);
  }
  TDM_ASSIGN_OR_RETURN(spec::ResolvedSpec spec, ctx.LoadSpec());
  spec::ProvisionRequest request{args.env, args.dataset, args.count, args.seed};
  provision::ProvisionOptions options;
  options.requested_by = ctx.AuditUser();
  if (!args.execution_id.empty()) options.execution_id = args.execution_id;
  if (!args.target.empty()) options.target = args.target;
  options.use_template = !args.no_template;
  if (!args.ttl.empty()) {
    TDM_ASSIGN_OR_RETURN(options.ttl, provision::ParseDuration(args.ttl));
  }
  provision::ApplyEnvironmentDefaults(spec, args.env, options);
  options.pipeline.threads = args.threads;
  options.pipeline.batch_rows = args.batch_rows;
  // Everything that can be rejected is rejected before the state dir is touched; the plan also
  // gives the progress bar its total.
  TDM_ASSIGN_OR_RETURN(provision::PreparedProvision prepared, provision::Prepare(spec, request));
  if (!args.execution_id.empty())
    TDM_RETURN_IF_ERROR(provision::CheckExecutionId(args.execution_id));
  TDM_ASSIGN_OR_RETURN(provision::Registry registry, ctx.OpenRegistry());
  int64_t total = 0;
  for (const auto& t : prepared.plan.tables) total += t.rows;
  ProgressBar bar(total, !ctx.json && !ctx.quiet);
  options.pipeline.progress = [&](const std::string& table, int64_t done) {
    bar.Update(table, done);
  };
  auto outcome = provision::Provision(std::move(prepared), ctx.spec_path, registry, options);
  bar.Finish();
  TDM_RETURN_IF_ERROR(outcome.status());
  DescribeExecution(outcome->record, audit);
  nlohmann::ordered_json validation = validate::ToJson(outcome->validation);
  audit.details["validation"] = validation;
  // Generated data is synthetic: no real person's data enters the execution.
  audit.details["compliance_check"] = {{"synthetic_data", true}, {"audit_trail_complete", true}};
  std::vector<std::string> notes = spec.notes;
  notes.insert(notes.end(), outcome->plan.notes.begin(), outcome->plan.notes.end());
  return PrintProvisioned(ctx, outcome->record, notes, validation);
}

struct CleanupArgs {
  std::string execution_id;
  bool expired = false;
  bool all = false;
  std::string env;
  bool templates = false;
  std::string target;
};

Status PrintCleaned(const Context& ctx, const std::vector<std::string>& ids, const char* what) {
  if (ctx.json) {
    *ctx.out << nlohmann::ordered_json{{"status", "cleaned"},
                                       {"executions", ids},
                                       {"cleanup_time", provision::NowUtc()}}
                    .dump(2)
             << "\n";
  } else if (ids.empty()) {
    *ctx.out << "No " << what << " executions to clean up\n";
  } else {
    *ctx.out << "Cleaned up " << ids.size() << " " << what
             << (ids.size() == 1 ? " execution: " : " executions: ")
             << fmt::format("{}", fmt::join(ids, ", ")) << "\n";
  }
  return Status::Ok();
}

Status RunCleanup(const Context& ctx, const CleanupArgs& args, OperationAudit& audit) {
  audit.operation = args.expired     ? "cleanup_expired"
                    : args.all       ? "cleanup_all"
                    : args.templates ? "cleanup_templates"
                                     : "cleanup_execution";
  audit.environment = args.env;
  audit.dataset_id = args.execution_id;
  int modes = !args.execution_id.empty() + args.expired + args.all + args.templates;
  if (modes != 1) {
    return {StatusCode::kInvalidArgument,
            "cleanup needs exactly one of --execution-id ID, --expired, --all [--env ENV] or "
            "--templates --target URL"};
  }
  if (!args.env.empty() && !args.all) {
    return {StatusCode::kInvalidArgument, "--env goes with --all (cleanup --all --env ci)"};
  }
  TDM_ASSIGN_OR_RETURN(provision::Registry registry, ctx.OpenRegistry());
  if (args.expired) {
    TDM_ASSIGN_OR_RETURN(auto ids, provision::CleanupExpired(registry));
    audit.details["executions"] = ids;
    audit.details["execution_count"] = static_cast<int64_t>(ids.size());
    return PrintCleaned(ctx, ids, "expired");
  }
  if (args.all) {
    TDM_ASSIGN_OR_RETURN(auto ids, provision::CleanupAll(registry, args.env));
    audit.details["executions"] = ids;
    audit.details["execution_count"] = static_cast<int64_t>(ids.size());
    return PrintCleaned(ctx, ids, args.env.empty() ? "" : args.env.c_str());
  }
  if (args.templates) {
    std::string target = provision::ChooseTarget(
        args.target.empty() ? std::nullopt : std::optional(args.target), registry);
    TDM_ASSIGN_OR_RETURN(auto dropped, provision::CleanupTemplates(target));
    audit.details["template_count"] = static_cast<int64_t>(dropped.size());
    if (ctx.json) {
      *ctx.out << nlohmann::ordered_json{{"status", "cleaned"}, {"templates", dropped}}.dump(2)
               << "\n";
    } else {
      *ctx.out << "Removed " << dropped.size() << (dropped.size() == 1 ? " template" : " templates")
               << "\n";
    }
    return Status::Ok();
  }
  const std::string& id = args.execution_id;
  TDM_ASSIGN_OR_RETURN(auto before, registry.Find(id));
  bool already = before && before->status == "cleaned";
  if (before) audit.environment = before->environment;
  audit.details["execution_id"] = id;
  audit.details["already_cleaned"] = already;
  TDM_RETURN_IF_ERROR(provision::Cleanup(registry, id));
  TDM_ASSIGN_OR_RETURN(auto record, registry.Find(id));
  if (ctx.json) {
    *ctx.out << nlohmann::ordered_json{{"execution_id", id},
                                       {"status", "cleaned"},
                                       {"cleanup_time", record->updated_at}}
                    .dump(2)
             << "\n";
  } else {
    *ctx.out << (already ? "Execution " + id + " was already cleaned up\n"
                         : "Cleaned up execution " + id + " (removed " +
                               provision::ExecutionEndpoint(*record) + ")\n");
  }
  return Status::Ok();
}

Status RunExecutions(const Context& ctx, OperationAudit& audit) {
  TDM_ASSIGN_OR_RETURN(provision::Registry registry, ctx.OpenRegistry());
  TDM_RETURN_IF_ERROR(provision::RecoverInterrupted(registry));
  TDM_ASSIGN_OR_RETURN(auto all, registry.List());
  audit.details["execution_count"] = static_cast<int64_t>(all.size());
  if (ctx.json) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& r : all) list.push_back(provision::ExecutionJson(r));
    *ctx.out << list.dump(2) << "\n";
    return Status::Ok();
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : all) {
    int64_t total = 0;
    for (const auto& t : r.tables) total += t.second;
    rows.push_back({r.id, r.status, r.environment, r.dataset, WithThousands(total),
                    provision::ExecutionEndpoint(r), r.created_at,
                    r.expires_at.empty() ? "-" : r.expires_at});
  }
  PrintTable(*ctx.out,
             {"execution", "status", "env", "dataset", "rows", "endpoint", "created", "expires"},
             rows);
  return Status::Ok();
}

Status RunHealth(const Context& ctx, const std::string& id, OperationAudit& audit) {
  audit.dataset_id = id;
  TDM_ASSIGN_OR_RETURN(provision::Registry registry, ctx.OpenRegistry());
  TDM_ASSIGN_OR_RETURN(provision::ExecutionRecord record, ctx.PickExecution(registry, id));
  provision::HealthReport report = provision::CheckHealth(record);
  audit.environment = record.environment;
  audit.dataset_id = record.id;
  int64_t passed = 0;
  for (const auto& c : report.checks) passed += c.passed ? 1 : 0;
  audit.details["healthy"] = report.healthy;
  audit.details["checks_passed"] = passed;
  audit.details["checks_failed"] = static_cast<int64_t>(report.checks.size()) - passed;
  if (ctx.json) {
    nlohmann::ordered_json checks = nlohmann::ordered_json::array();
    for (const auto& c : report.checks) {
      nlohmann::ordered_json check = {
          {"name", c.name}, {"status", c.passed ? "pass" : "fail"}, {"detail", c.detail}};
      if (!c.unit.empty()) {
        check["value"] = c.value;
        if (c.threshold > 0) check["threshold"] = c.threshold;
        check["unit"] = c.unit;
      }
      checks.push_back(check);
    }
    *ctx.out << nlohmann::ordered_json{{"execution_id", report.execution_id},
                                       {"ready", report.Blocking() == nullptr},
                                       {"healthy", report.healthy},
                                       {"health_checks", checks}}
                    .dump(2)
             << "\n";
  } else {
    *ctx.out << "Execution " << report.execution_id << ": "
             << (report.healthy                 ? "healthy"
                 : report.Blocking() == nullptr ? "ready, but slower than the performance baseline"
                                                : "UNHEALTHY")
             << "\n";
    std::vector<std::vector<std::string>> rows;
    for (const auto& c : report.checks)
      rows.push_back({c.passed ? "PASS" : "FAIL", c.name, c.detail});
    PrintTable(*ctx.out, {"result", "check", "detail"}, rows, 80);
  }
  // A slow sample is reported, not fatal: a busy machine is not broken data.
  if (report.Blocking() != nullptr) {
    return {StatusCode::kFailedPrecondition,
            "execution '" + report.execution_id + "' is unhealthy"};
  }
  return Status::Ok();
}

}  // namespace

void AddProvisionCommands(CLI::App& app, Context& ctx, Action& action) {
  auto args = std::make_shared<ProvisionArgs>();
  CLI::App* provision =
      app.add_subcommand("provision", "Generate a dataset into a new, isolated execution");
  provision->add_option("--env", args->env, "Environment of the spec: local, ci, staging, ...")
      ->capture_default_str();
  provision->add_option("--dataset", args->dataset, "Dataset to provision, or 'all'")
      ->capture_default_str();
  provision->add_option("--count", args->count,
                        "Rows for the dataset (overrides the spec's volume)");
  provision->add_option("--seed", args->seed, "Seed (overrides the spec's)");
  provision->add_option("--target", args->target,
                        "Where to provision: sqlite:///file.db, postgres://user@host/db, "
                        "mysql://..., redis://host/0, file:///dir?format=jsonl (default: "
                        "$TDM_TARGET, the environment's target, or SQLite in the state dir)");
  provision->add_option("--ttl", args->ttl,
                        "Time to live, e.g. 8h or 7d (default: the environment's ttl); "
                        "'cleanup --expired' removes it after");
  provision->add_flag("--no-template", args->no_template,
                      "Generate even when a template of this dataset version could be cloned");
  provision->add_option("--execution-id", args->execution_id,
                        "Id for the new execution (default: generated), e.g. the CI job id");
  provision->add_option("--threads", args->threads, "Generator threads (default: all cores)");
  provision->add_option("--batch-rows", args->batch_rows, "Rows per batch")->capture_default_str();
  provision->add_option("--from", args->from,
                        "Provision a masked copy of this database instead of generated data, "
                        "e.g. postgres://user@prod-replica/shop");
  provision->add_option("--subset", args->subset,
                        "With --from: a referentially complete subset, e.g. 'customers:1000'");
  provision->add_option("--policies", args->policies,
                        "With --from: the masking policy file (default: masking-policies.yaml "
                        "beside the spec)");
  provision
      ->add_option("--allow-unmasked", args->allow_unmasked,
                   "With --from: TABLE.COLUMN detected as PII to copy unmasked on purpose")
      ->delimiter(',');
  provision->callback([&ctx, &action, args] {
    action = [&ctx, args] {
      OperationAudit audit{"data_provisioning", "provision_dataset"};
      return RunAudited(ctx, audit, [&] { return RunProvision(ctx, *args, audit); });
    };
  });

  auto cleanup_args = std::make_shared<CleanupArgs>();
  CLI::App* cleanup =
      app.add_subcommand("cleanup", "Remove executions' data and mark them cleaned");
  cleanup->add_option("--execution-id", cleanup_args->execution_id, "Execution to clean up");
  cleanup->add_flag("--expired", cleanup_args->expired, "Every execution whose TTL has passed");
  cleanup->add_flag("--all", cleanup_args->all, "Every execution (of --env, when given)");
  cleanup->add_option("--env", cleanup_args->env, "With --all: only this environment");
  cleanup->add_flag("--templates", cleanup_args->templates,
                    "Templates of dataset versions kept for cloning (on --target)");
  cleanup->add_option("--target", cleanup_args->target, "With --templates: the target");
  cleanup->callback([&ctx, &action, cleanup_args] {
    action = [&ctx, cleanup_args] {
      OperationAudit audit{"data_cleanup", "cleanup"};
      return RunAudited(ctx, audit, [&] { return RunCleanup(ctx, *cleanup_args, audit); });
    };
  });

  CLI::App* executions = app.add_subcommand("executions", "List executions and their status");
  executions->callback([&ctx, &action] {
    action = [&ctx] {
      OperationAudit audit{"data_access", "list_executions"};
      return RunAudited(ctx, audit, [&] { return RunExecutions(ctx, audit); });
    };
  });

  auto health_id = std::make_shared<std::string>();
  CLI::App* health = app.add_subcommand("health", "Health checks");
  health->require_subcommand(1);
  CLI::App* check =
      health->add_subcommand("check", "Check an execution (default: the newest ready)");
  check->add_option("--execution-id", *health_id, "Execution to check");
  check->callback([&ctx, &action, health_id] {
    action = [&ctx, health_id] {
      OperationAudit audit{"health_check", "health_check"};
      return RunAudited(ctx, audit, [&] { return RunHealth(ctx, *health_id, audit); });
    };
  });
}

}  // namespace tdm::cli
