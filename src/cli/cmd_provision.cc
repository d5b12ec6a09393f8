// provision, cleanup, executions, health check.
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/commands.h"
#include "cli/progress.h"
#include "cli/render.h"
#include "provision/health.h"
#include "provision/provisioner.h"

namespace tdm::cli {
namespace {

struct ProvisionArgs {
  std::string env = "local";
  std::string dataset = "all";
  std::optional<int64_t> count;
  std::optional<uint64_t> seed;
  std::string target;
  std::string execution_id;
  int threads = 0;
  size_t batch_rows = 1 << 16;
};

nlohmann::ordered_json ExecutionJson(const provision::ExecutionRecord& r) {
  nlohmann::ordered_json tables = nlohmann::ordered_json::object();
  for (const auto& [name, rows] : r.tables) tables[name] = rows;
  nlohmann::ordered_json j = {{"execution_id", r.id},
                              {"status", r.status},
                              {"environment", r.environment},
                              {"dataset", r.dataset},
                              {"dataset_version", r.dataset_version},
                              {"target", "sqlite://" + r.target},
                              {"seed", r.seed},
                              {"generator", r.generator},
                              {"tables", tables},
                              {"created_at", r.created_at},
                              {"updated_at", r.updated_at},
                              {"duration_ms", r.duration_ms}};
  if (!r.error.empty()) j["error"] = r.error;
  return j;
}

Status RunProvision(const Context& ctx, const ProvisionArgs& args) {
  TDM_ASSIGN_OR_RETURN(spec::ResolvedSpec spec, ctx.LoadSpec());
  spec::ProvisionRequest request{args.env, args.dataset, args.count, args.seed};
  provision::ProvisionOptions options;
  if (!args.execution_id.empty()) options.execution_id = args.execution_id;
  if (!args.target.empty()) options.target = args.target;
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
  const provision::ExecutionRecord& r = outcome->record;
  std::vector<std::string> notes = spec.notes;
  notes.insert(notes.end(), outcome->plan.notes.begin(), outcome->plan.notes.end());
  if (ctx.json) {
    nlohmann::ordered_json j = ExecutionJson(r);
    j["notes"] = notes;
    *ctx.out << j.dump(2) << "\n";
    return Status::Ok();
  }
  for (const std::string& note : notes) ctx.Note(note);
  *ctx.out << "Provisioned execution " << r.id << " (env " << r.environment << ", dataset "
           << r.dataset << ", version " << r.dataset_version << ", seed " << r.seed << ")\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& [name, count] : r.tables) rows.push_back({name, WithThousands(count)});
  PrintTable(*ctx.out, {"collection", "rows"}, rows);
  *ctx.out << "target: sqlite://" << r.target << "\n"
           << fmt::format("ready in {:.2f} s", static_cast<double>(r.duration_ms) / 1000) << "\n";
  return Status::Ok();
}

Status RunCleanup(const Context& ctx, const std::string& id) {
  TDM_ASSIGN_OR_RETURN(provision::Registry registry, ctx.OpenRegistry());
  TDM_ASSIGN_OR_RETURN(auto before, registry.Find(id));
  bool already = before && before->status == "cleaned";
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
                         : "Cleaned up execution " + id + " (removed " + record->target + ")\n");
  }
  return Status::Ok();
}

Status RunExecutions(const Context& ctx) {
  TDM_ASSIGN_OR_RETURN(provision::Registry registry, ctx.OpenRegistry());
  TDM_RETURN_IF_ERROR(registry.Recover());
  TDM_ASSIGN_OR_RETURN(auto all, registry.List());
  if (ctx.json) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& r : all) list.push_back(ExecutionJson(r));
    *ctx.out << list.dump(2) << "\n";
    return Status::Ok();
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : all) {
    int64_t total = 0;
    for (const auto& t : r.tables) total += t.second;
    rows.push_back({r.id, r.status, r.environment, r.dataset, WithThousands(total), r.created_at});
  }
  PrintTable(*ctx.out, {"execution", "status", "env", "dataset", "rows", "created"}, rows);
  return Status::Ok();
}

Status RunHealth(const Context& ctx, const std::string& id) {
  TDM_ASSIGN_OR_RETURN(provision::Registry registry, ctx.OpenRegistry());
  TDM_ASSIGN_OR_RETURN(provision::ExecutionRecord record, ctx.PickExecution(registry, id));
  provision::HealthReport report = provision::CheckHealth(record);
  if (ctx.json) {
    nlohmann::ordered_json checks = nlohmann::ordered_json::array();
    for (const auto& c : report.checks) {
      nlohmann::ordered_json check = {
          {"name", c.name}, {"status", c.passed ? "pass" : "fail"}, {"detail", c.detail}};
      if (c.threshold > 0) {
        check["value"] = c.value;
        check["threshold"] = c.threshold;
      }
      checks.push_back(check);
    }
    *ctx.out << nlohmann::ordered_json{{"execution_id", report.execution_id},
                                       {"ready", report.healthy},
                                       {"health_checks", checks}}
                    .dump(2)
             << "\n";
  } else {
    *ctx.out << "Execution " << report.execution_id << ": "
             << (report.healthy ? "healthy" : "UNHEALTHY") << "\n";
    std::vector<std::vector<std::string>> rows;
    for (const auto& c : report.checks)
      rows.push_back({c.passed ? "PASS" : "FAIL", c.name, c.detail});
    PrintTable(*ctx.out, {"result", "check", "detail"}, rows, 80);
  }
  if (!report.healthy) {
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
                        "sqlite:///path/to/file.db (default: a new database in the state dir)");
  provision->add_option("--execution-id", args->execution_id,
                        "Id for the new execution (default: generated), e.g. the CI job id");
  provision->add_option("--threads", args->threads, "Generator threads (default: all cores)");
  provision->add_option("--batch-rows", args->batch_rows, "Rows per batch")->capture_default_str();
  provision->callback(
      [&ctx, &action, args] { action = [&ctx, args] { return RunProvision(ctx, *args); }; });

  auto id = std::make_shared<std::string>();
  CLI::App* cleanup =
      app.add_subcommand("cleanup", "Remove an execution's data and mark it cleaned");
  cleanup->add_option("--execution-id", *id, "Execution to clean up")->required();
  cleanup->callback([&ctx, &action, id] { action = [&ctx, id] { return RunCleanup(ctx, *id); }; });

  CLI::App* executions = app.add_subcommand("executions", "List executions and their status");
  executions->callback([&ctx, &action] { action = [&ctx] { return RunExecutions(ctx); }; });

  auto health_id = std::make_shared<std::string>();
  CLI::App* health = app.add_subcommand("health", "Health checks");
  health->require_subcommand(1);
  CLI::App* check =
      health->add_subcommand("check", "Check an execution (default: the newest ready)");
  check->add_option("--execution-id", *health_id, "Execution to check");
  check->callback([&ctx, &action, health_id] {
    action = [&ctx, health_id] { return RunHealth(ctx, *health_id); };
  });
}

}  // namespace tdm::cli
