#include "provision/provisioner.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "provision/health.h"
#include "store/sqlite/sqlite_sink.h"

namespace tdm::provision {

Result<std::string> SqlitePathFromTarget(const std::string& target) {
  const std::string scheme = "sqlite://";
  if (target.rfind(scheme, 0) == 0) {
    std::string path = target.substr(scheme.size());
    if (path.empty()) return Status(StatusCode::kInvalidArgument, "sqlite:// target needs a path");
    return path;
  }
  size_t colon = target.find("://");
  if (colon != std::string::npos) {
    return Status(StatusCode::kInvalidArgument,
                  "target scheme '" + target.substr(0, colon) +
                      "://' is not supported by this release; use sqlite:///path/to/file.db");
  }
  return target;
}

Result<std::vector<std::unique_ptr<gen::TableGenerator>>> BuildGenerators(
    const spec::ProvisionPlan& plan) {
  std::vector<std::unique_ptr<gen::TableGenerator>> tables;
  auto find = [&](std::string_view name) -> const gen::TableGenerator* {
    for (const auto& t : tables) {
      if (t->schema().name == name) return t.get();
    }
    return nullptr;
  };
  for (const gen::DatasetPlan& table : plan.tables) {
    TDM_ASSIGN_OR_RETURN(auto generator, gen::TableGenerator::Create(table, plan.context, find));
    tables.push_back(std::move(generator));
  }
  return tables;
}

Result<PreparedProvision> Prepare(const spec::ResolvedSpec& spec,
                                  const spec::ProvisionRequest& request) {
  PreparedProvision prepared;
  prepared.request = request;
  TDM_ASSIGN_OR_RETURN(prepared.plan, spec::PlanProvision(spec, request));
  TDM_ASSIGN_OR_RETURN(prepared.generators, BuildGenerators(prepared.plan));
  return prepared;
}

Result<ProvisionOutcome> Provision(const spec::ResolvedSpec& spec, const std::string& spec_path,
                                   const spec::ProvisionRequest& request, Registry& registry,
                                   const ProvisionOptions& options) {
  TDM_ASSIGN_OR_RETURN(PreparedProvision prepared, Prepare(spec, request));
  return Provision(std::move(prepared), spec_path, registry, options);
}

Result<ProvisionOutcome> Provision(PreparedProvision prepared, const std::string& spec_path,
                                   Registry& registry, const ProvisionOptions& options) {
  auto started = std::chrono::steady_clock::now();
  TDM_RETURN_IF_ERROR(registry.Recover());
  spec::ProvisionPlan& plan = prepared.plan;
  const spec::ProvisionRequest& request = prepared.request;
  const auto& generators = prepared.generators;

  ExecutionRecord record;
  record.id = options.execution_id.value_or(NewExecutionId());
  TDM_RETURN_IF_ERROR(CheckExecutionId(record.id));
  record.environment = plan.environment;
  record.dataset = request.dataset;
  record.dataset_version = plan.dataset_version;
  record.spec_path = std::filesystem::absolute(spec_path).string();
  if (options.target) {
    TDM_ASSIGN_OR_RETURN(std::string path, SqlitePathFromTarget(*options.target));
    record.target = std::filesystem::absolute(path).string();
  } else {
    record.target = registry.ExecutionPath(record.id);
  }
  TDM_ASSIGN_OR_RETURN(auto existing, registry.Find(record.id));
  if (existing) {
    return Status(
        StatusCode::kFailedPrecondition,
        "execution '" + record.id + "' already exists (" + existing->status + "); pick another id");
  }
  std::error_code exists_error;
  if (std::filesystem::exists(record.target, exists_error)) {
    return Status(
        StatusCode::kFailedPrecondition,
        "target '" + record.target + "' already exists; tdm provisions into new files only");
  }
  record.status = "provisioning";
  record.seed = plan.context.seed;
  record.generator = plan.context.generator_version;
  for (const gen::DatasetPlan& t : plan.tables) record.tables.emplace_back(t.name, t.rows);
  record.pid = getpid();
  record.created_at = record.updated_at = NowUtc();
  TDM_RETURN_IF_ERROR(registry.Insert(record));

  auto fail = [&](const Status& error) -> Status {
    record.status = "failed";
    record.error = error.ToString();
    record.updated_at = NowUtc();
    (void)registry.Update(record);
    return error.WithContext("provision of execution '" + record.id +
                             "' failed and was rolled back");
  };

  auto sink = store::OpenSqliteSink(record.target, store::SqliteMode::kCreate);
  if (!sink.ok()) return fail(sink.status());
  std::vector<const gen::TableGenerator*> tables;
  for (const auto& g : generators) tables.push_back(g.get());
  Status written = RunPipeline(tables, **sink, options.pipeline);
  if (!written.ok()) return fail(written);

  HealthReport health = CheckHealth(record);
  for (const HealthCheck& check : health.checks) {
    if (!check.passed && check.name != "sample_query") {
      std::error_code ec;
      std::filesystem::remove(record.target, ec);
      return fail(Status(StatusCode::kInternal, "health check '" + check.name +
                                                    "' failed after loading: " + check.detail));
    }
  }
  record.status = "ready";
  record.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::steady_clock::now() - started)
                           .count();
  record.updated_at = NowUtc();
  TDM_RETURN_IF_ERROR(registry.Update(record));
  return ProvisionOutcome{std::move(record), std::move(plan)};
}

Status Cleanup(Registry& registry, const std::string& id) {
  TDM_ASSIGN_OR_RETURN(std::optional<ExecutionRecord> found, registry.Find(id));
  if (!found) {
    return {StatusCode::kNotFound,
            "no execution '" + id + "' (list them with 'data-cli executions')"};
  }
  ExecutionRecord record = *found;
  if (record.status == "cleaned") return Status::Ok();  // idempotent
  if (record.status == "provisioning") {
    TDM_RETURN_IF_ERROR(registry.Recover());
    TDM_ASSIGN_OR_RETURN(found, registry.Find(id));
    record = *found;
    if (record.status == "provisioning") {
      return {StatusCode::kFailedPrecondition,
              "execution '" + id + "' is still provisioning (pid " + std::to_string(record.pid) +
                  "); wait for it to finish"};
    }
  }
  std::error_code ec;
  // Only a ready execution's database is tdm's to delete; a failed one never created its target
  // (which may be a file that was in the way) and at most left a partial file.
  std::vector<const char*> suffixes = {".partial"};
  if (record.status == "ready") suffixes = {"", ".partial", "-wal", "-shm", "-journal"};
  for (const char* suffix : suffixes) {
    std::filesystem::remove(record.target + suffix, ec);
    if (ec) {
      return {StatusCode::kIoError,
              "cannot remove '" + record.target + suffix + "': " + ec.message()};
    }
  }
  record.status = "cleaned";
  record.updated_at = NowUtc();
  return registry.Update(record);
}

}  // namespace tdm::provision
