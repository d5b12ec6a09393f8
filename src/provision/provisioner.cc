#include "provision/provisioner.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>

#include "core/time_format.h"
#include "provision/health.h"
#include "provision/lifecycle.h"
#include "validate/engine.h"

namespace tdm::provision {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string ExpiryFrom(std::optional<std::chrono::seconds> ttl) {
  if (!ttl) return "";
  auto at = std::chrono::system_clock::now() + *ttl;
  int64_t seconds = std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count();
  return FormatDateTime(seconds * 1'000'000);
}

// Generates every table into the new namespace `ns`.
Status Load(store::Database& db, const std::string& ns, const PreparedProvision& prepared,
            const PipelineOptions& options) {
  TDM_ASSIGN_OR_RETURN(auto sink, db.Create(ns));
  std::vector<const gen::TableGenerator*> tables;
  for (const auto& g : prepared.generators) tables.push_back(g.get());
  PipelineOptions with_masks = options;
  with_masks.maskers = &prepared.maskers;
  return RunPipeline(tables, *sink, with_masks);
}

Status Validate(store::Database& db, const std::string& ns, const ExecutionRecord& record) {
  HealthReport health = CheckHealth(db, ns, record);
  if (const HealthCheck* failed = health.Blocking()) {
    return {StatusCode::kInternal,
            "health check '" + failed->name + "' failed after loading: " + failed->detail};
  }
  return Status::Ok();
}

// The data checks of src/validate over the building namespace, after the health check. Schema
// and relationship failures fail the provision; consistency failures become notes. Performance
// is left to `data-cli validate` and the health check: it only warns, and provisioning stays fast.
struct DataValidation {
  const std::vector<validate::TableRules>* rules = nullptr;  // null: nothing to check (copies)
  validate::ValidationSummary summary;
  std::vector<std::string> notes;
};

Status RunDataValidation(store::Database& db, const std::string& ns, const ExecutionRecord& record,
                         double load_seconds, DataValidation& validation) {
  if (validation.rules == nullptr) return Status::Ok();
  validate::ValidateOptions options;
  for (const auto& [table, rows] : record.tables) options.expected_rows[table] = rows;
  options.load_seconds = load_seconds;
  options.performance = false;
  TDM_ASSIGN_OR_RETURN(validate::ValidationReport report,
                       validate::Validate(db, ns, *validation.rules, options));
  validation.summary = report.Summary();
  if (!report.blocking_passed()) {
    return {StatusCode::kFailedPrecondition,
            "validation failed after loading: " + validate::DescribeFailure(report)};
  }
  if (const validate::StageResult* c = report.Stage("consistency"); c != nullptr && !c->passed) {
    for (const validate::Finding& f : c->findings) {
      validation.notes.push_back("validation (consistency, alert): " + f.table +
                                 (f.field.empty() ? "" : "." + f.field) + " [" + f.rule +
                                 "]: " + f.message);
    }
  }
  return Status::Ok();
}

// Builds the execution's data under `names.building`, through the version's template when the
// backend can clone. Returns how the data got there.
Result<std::string> Build(store::Database& db, const Namespaces& names,
                          const PreparedProvision& prepared, const ExecutionRecord& record,
                          const ProvisionOptions& options) {
  bool templated = options.use_template && !names.template_name.empty();
  if (templated) {
    TDM_ASSIGN_OR_RETURN(bool have_template, db.Exists(names.template_name));
    if (!have_template) {
      // Build and validate under the building name, then publish it as the template. When another
      // provision published one first, this copy simply becomes the execution's.
      TDM_RETURN_IF_ERROR(Load(db, names.building, prepared, options.pipeline));
      TDM_RETURN_IF_ERROR(Validate(db, names.building, record));
      Status published = db.Rename(names.building, names.template_name);
      if (published.code() == StatusCode::kFailedPrecondition) return std::string("generated");
      TDM_RETURN_IF_ERROR(published);
    }
    Status cloned = db.Clone(names.template_name, names.building);
    if (cloned.ok()) return "template " + names.template_name;
    if (cloned.code() != StatusCode::kNotFound) return cloned;
    // The template vanished (cleaned up meanwhile): fall back to generating.
  }
  TDM_RETURN_IF_ERROR(Load(db, names.building, prepared, options.pipeline));
  return std::string("generated");
}

}  // namespace

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
  // Parents come before children; derived aggregates read children, so link them the other way.
  for (auto it = tables.rbegin(); it != tables.rend(); ++it) {
    TDM_RETURN_IF_ERROR((*it)->LinkChildren(find));
  }
  return tables;
}

Result<PreparedProvision> Prepare(const spec::ResolvedSpec& spec,
                                  const spec::ProvisionRequest& request) {
  PreparedProvision prepared;
  prepared.request = request;
  TDM_ASSIGN_OR_RETURN(prepared.plan, spec::PlanProvision(spec, request));
  TDM_ASSIGN_OR_RETURN(prepared.generators, BuildGenerators(prepared.plan));
  TDM_ASSIGN_OR_RETURN(prepared.maskers, BuildGenerationMaskers(spec, prepared.generators));
  std::vector<std::string> tables;
  for (const gen::DatasetPlan& t : prepared.plan.tables) tables.push_back(t.name);
  TDM_ASSIGN_OR_RETURN(prepared.rules, validate::CompileRules(spec, tables));
  return prepared;
}

Result<ProvisionOutcome> Provision(const spec::ResolvedSpec& spec, const std::string& spec_path,
                                   const spec::ProvisionRequest& request, Registry& registry,
                                   const ProvisionOptions& options) {
  TDM_ASSIGN_OR_RETURN(PreparedProvision prepared, Prepare(spec, request));
  return Provision(std::move(prepared), spec_path, registry, options);
}

namespace {

// Builds the execution's data under names.building and says how it got there ("generated",
// "template ..."); may fill in the record's tables.
using BuildStep =
    std::function<Result<std::string>(store::Database&, const Namespaces&, ExecutionRecord&)>;

// Gives `record` its id, target and namespace and marks it provisioning by this process. A taken
// id is refused, unless this process reserved it (options.reserved).
Result<Namespaces> Place(ExecutionRecord& record, Registry& registry,
                         const ProvisionOptions& options, const std::string& template_version,
                         bool& reserved) {
  TDM_RETURN_IF_ERROR(RecoverInterrupted(registry));
  record.id = options.execution_id.value_or(NewExecutionId());
  TDM_RETURN_IF_ERROR(CheckExecutionId(record.id));
  record.target = ChooseTarget(options.target, registry);
  TDM_ASSIGN_OR_RETURN(store::TargetUrl url, store::ParseTarget(record.target));
  if (url.kind == store::TargetKind::kSqlite || url.kind == store::TargetKind::kFile) {
    // Relative paths are relative to where provision ran; keep them meaningful from anywhere.
    std::string absolute = fs::absolute(url.database).string();
    if (url.database.ends_with('/') && !absolute.ends_with('/')) absolute += '/';
    std::string query = record.target.find('?') == std::string::npos
                            ? ""
                            : record.target.substr(record.target.find('?'));
    record.target = std::string(store::TargetKindName(url.kind)) + "://" + absolute + query;
    TDM_ASSIGN_OR_RETURN(url, store::ParseTarget(record.target));
  }
  TDM_ASSIGN_OR_RETURN(Namespaces names, NamespacesFor(url, record.id, template_version));
  record.ns = names.final_name;
  TDM_ASSIGN_OR_RETURN(auto existing, registry.Find(record.id));
  reserved = options.reserved && existing && existing->status == "provisioning" &&
             existing->owner == ProcessOwner();
  if (existing && !reserved) {
    return Status(
        StatusCode::kFailedPrecondition,
        "execution '" + record.id + "' already exists (" + existing->status + "); pick another id");
  }
  record.status = "provisioning";
  record.pid = getpid();
  record.owner = ProcessOwner();
  record.created_at = record.updated_at = reserved ? existing->created_at : NowUtc();
  record.expires_at = ExpiryFrom(options.ttl);
  record.requested_by = options.requested_by;
  return names;
}

// The steps every provision shares: register, open the target, build under the building name,
// health-check, rename into place, mark ready; on any failure, roll back and record why.
Result<ExecutionRecord> ProvisionWith(ExecutionRecord record, Registry& registry,
                                      const ProvisionOptions& options,
                                      const std::string& template_version, const BuildStep& build,
                                      DataValidation& validation) {
  auto started = Clock::now();
  bool reserved = false;
  TDM_ASSIGN_OR_RETURN(Namespaces names,
                       Place(record, registry, options, template_version, reserved));
  TDM_RETURN_IF_ERROR(reserved ? registry.Update(record) : registry.Insert(record));
  TDM_ASSIGN_OR_RETURN(store::TargetUrl url, store::ParseTarget(record.target));

  std::unique_ptr<store::Database> db;
  auto fail = [&](const Status& error) -> Status {
    std::string leftover;
    if (db) {
      Status dropped = db->Drop(names.building);
      if (!dropped.ok()) {
        leftover = "; removing '" + names.building + "' failed too (" + dropped.ToString() +
                   "), 'data-cli cleanup --execution-id " + record.id + "' will retry";
      }
    }
    record.status = "failed";
    record.error = error.ToString() + leftover;
    record.updated_at = NowUtc();
    (void)registry.Update(record);
    return error.WithContext("provision of execution '" + record.id +
                             "' failed and was rolled back" + leftover);
  };

  auto opened = store::OpenDatabase(url);
  if (!opened.ok()) return fail(opened.status());
  db = std::move(*opened);
  if (Status ping = db->Ping(); !ping.ok()) return fail(ping);
  auto taken = db->Exists(record.ns);
  if (!taken.ok()) return fail(taken.status());
  if (*taken) {
    Status error(StatusCode::kFailedPrecondition,
                 "'" + db->Endpoint(record.ns) +
                     "' already exists on the target; tdm provisions into new databases only");
    db.reset();  // it is not ours: nothing to roll back
    return fail(error);
  }
  if (Status stale = db->Drop(names.building); !stale.ok()) return fail(stale);

  auto build_started = Clock::now();
  auto origin = build(*db, names, record);
  if (!origin.ok()) return fail(origin.status());
  double load_seconds = std::chrono::duration<double>(Clock::now() - build_started).count();
  record.origin = *origin;
  if (Status valid = Validate(*db, names.building, record); !valid.ok()) return fail(valid);
  if (Status checked = RunDataValidation(*db, names.building, record, load_seconds, validation);
      !checked.ok()) {
    return fail(checked);
  }
  if (Status placed = db->Rename(names.building, record.ns); !placed.ok()) return fail(placed);

  record.status = "ready";
  record.duration_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
  record.updated_at = NowUtc();
  TDM_RETURN_IF_ERROR(registry.Update(record));
  return record;
}

}  // namespace

namespace {

// What a generated execution records before anything is written.
ExecutionRecord RecordFor(const PreparedProvision& prepared, const std::string& spec_path) {
  const spec::ProvisionPlan& plan = prepared.plan;
  ExecutionRecord record;
  record.environment = plan.environment;
  record.dataset = prepared.request.dataset;
  record.dataset_version = plan.dataset_version;
  record.spec_path = fs::absolute(spec_path).string();
  record.seed = plan.context.seed;
  record.generator = plan.context.generator_version;
  for (const gen::DatasetPlan& t : plan.tables) record.tables.emplace_back(t.name, t.rows);
  for (const auto& g : prepared.generators) {
    auto masked = prepared.maskers.find(g->schema().name);
    record.schema.push_back(masked != prepared.maskers.end() ? masked->second->output_schema()
                                                             : g->schema());
  }
  return record;
}

}  // namespace

void ApplyEnvironmentDefaults(const spec::ResolvedSpec& spec, const std::string& environment,
                              ProvisionOptions& options) {
  const spec::ResolvedEnvironment* found = nullptr;
  for (const auto& e : spec.environments) {
    if (e.name == environment) found = &e;
  }
  if (found == nullptr) return;
  const char* target_variable = std::getenv("TDM_TARGET");
  if (!options.target && (target_variable == nullptr || *target_variable == '\0') &&
      found->target) {
    options.target = found->target;
  }
  if (!options.ttl && found->ttl_hours) options.ttl = std::chrono::hours(*found->ttl_hours);
}

Result<ExecutionRecord> Reserve(const PreparedProvision& prepared, const std::string& spec_path,
                                Registry& registry, ProvisionOptions& options) {
  ExecutionRecord record = RecordFor(prepared, spec_path);
  if (!options.execution_id) options.execution_id = NewExecutionId();
  options.reserved = false;
  bool reserved = false;
  TDM_RETURN_IF_ERROR(
      Place(record, registry, options, prepared.plan.dataset_version, reserved).status());
  TDM_RETURN_IF_ERROR(registry.Insert(record));
  options.reserved = true;
  return record;
}

Result<ProvisionOutcome> Provision(PreparedProvision prepared, const std::string& spec_path,
                                   Registry& registry, const ProvisionOptions& options) {
  spec::ProvisionPlan& plan = prepared.plan;
  ExecutionRecord record = RecordFor(prepared, spec_path);
  auto build = [&](store::Database& db, const Namespaces& names, ExecutionRecord& r) {
    return Build(db, names, prepared, r, options);
  };
  DataValidation validation;
  validation.rules = &prepared.rules;
  TDM_ASSIGN_OR_RETURN(record, ProvisionWith(std::move(record), registry, options,
                                             plan.dataset_version, build, validation));
  plan.notes.insert(plan.notes.end(), validation.notes.begin(), validation.notes.end());
  return ProvisionOutcome{std::move(record), std::move(plan), validation.summary};
}

Result<ExecutionRecord> ProvisionCopy(const CopyProvision& copy, Registry& registry,
                                      const ProvisionOptions& options) {
  ExecutionRecord record;
  record.environment = copy.environment;
  record.dataset = copy.dataset;
  record.dataset_version = copy.version;
  record.schema = copy.schema;
  auto build = [&](store::Database& db, const Namespaces& names,
                   ExecutionRecord& r) -> Result<std::string> {
    TDM_ASSIGN_OR_RETURN(r.tables, copy.load(db, names.building));
    return copy.origin;
  };
  // Copies are not generated from a version, so there is no template to clone.
  DataValidation validation;  // a copy has no spec to validate against
  return ProvisionWith(std::move(record), registry, options, "", build, validation);
}

}  // namespace tdm::provision
