// Provisioning an execution: plan, generate into a new namespace on the target (see lifecycle.h
// for the names), health-check it, rename it into place and record the outcome. A failure at any
// step removes what was written and records the execution as failed with the reason; it is never
// left looking ready.
//
// Fast path: on targets that can copy a database (PostgreSQL's CREATE DATABASE ... TEMPLATE, a
// SQLite file copy), the first provision of a dataset version also keeps a validated template,
// and later provisions of the same version clone it instead of generating again.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gen/table_generator.h"
#include "provision/generation_masking.h"
#include "provision/pipeline.h"
#include "provision/registry.h"
#include "spec/resolver.h"
#include "store/database.h"
#include "validate/report.h"
#include "validate/rules.h"

namespace tdm::provision {

struct ProvisionOptions {
  std::optional<std::string> execution_id;  // default: a new random id
  std::optional<std::string> target;        // target URL (target.h); default: ChooseTarget()
  std::optional<std::chrono::seconds> ttl;  // after which `cleanup --expired` removes it
  bool use_template = true;                 // clone a template of the version where possible
  std::string requested_by;                 // who asked for it (recorded on the execution)
  // The execution `execution_id` was registered by Reserve() in this process: Provision takes
  // that row over rather than refusing the id as taken.
  bool reserved = false;
  PipelineOptions pipeline;
};

struct ProvisionOutcome {
  ExecutionRecord record;
  spec::ProvisionPlan plan;  // plan.notes also carries validation warnings (consistency)
  // The validation run before the execution became ready (src/validate), in the audit log's
  // shape: "passed", "failed" (consistency only: schema and relationship failures fail the
  // provision) or "skipped".
  validate::ValidationSummary validation;
};

// A plan with its generators built: everything that can reject a provision has run, and nothing
// has been written.
struct PreparedProvision {
  spec::ProvisionRequest request;
  spec::ProvisionPlan plan;
  std::vector<std::unique_ptr<gen::TableGenerator>> generators;
  TableMaskers maskers;                     // fields masked at generation
  std::vector<validate::TableRules> rules;  // what the data must satisfy before it is ready
};

Result<PreparedProvision> Prepare(const spec::ResolvedSpec& spec,
                                  const spec::ProvisionRequest& request);

Result<ProvisionOutcome> Provision(PreparedProvision prepared, const std::string& spec_path,
                                   Registry& registry, const ProvisionOptions& options);

// Registers a provision that will run later (the API server's queue): the execution is recorded
// as `provisioning` by this process, with its target and namespace, so it is visible at once and a
// crash before it runs leaves it to RecoverInterrupted like any interrupted provision. Fills in
// options.execution_id when unset and sets options.reserved; Provision(prepared, ..., options)
// then runs it.
Result<ExecutionRecord> Reserve(const PreparedProvision& prepared, const std::string& spec_path,
                                Registry& registry, ProvisionOptions& options);

// Fills in what `options` leaves unset from the spec's `environment`: its target (unless
// $TDM_TARGET is set, which wins over the spec) and its ttl.
void ApplyEnvironmentDefaults(const spec::ResolvedSpec& spec, const std::string& environment,
                              ProvisionOptions& options);

// Prepare, then Provision.
Result<ProvisionOutcome> Provision(const spec::ResolvedSpec& spec, const std::string& spec_path,
                                   const spec::ProvisionRequest& request, Registry& registry,
                                   const ProvisionOptions& options);

// provision --from: an execution whose data is copied (and masked) from another database rather
// than generated. It goes through the same steps: built under a temporary name, health-checked,
// then renamed into place; a failure leaves nothing behind and is recorded.
struct CopyProvision {
  std::string environment;
  std::string dataset;  // what listings call it
  std::string version;  // an id of what was copied (source and policy), for the registry
  std::string origin;   // how the data got there, e.g. "masked copy of postgres://.../shop"
  std::vector<TableSchema> schema;  // the tables the copy will hold
  // Writes the data into the new namespace `ns` of `db` (Create, load, Finish); rows per table.
  std::function<Result<std::vector<std::pair<std::string, int64_t>>>(store::Database& db,
                                                                     const std::string& ns)>
      load;
};

Result<ExecutionRecord> ProvisionCopy(const CopyProvision& copy, Registry& registry,
                                      const ProvisionOptions& options);

// Table generators for a plan, parents first; pointers stay valid while the vector lives.
Result<std::vector<std::unique_ptr<gen::TableGenerator>>> BuildGenerators(
    const spec::ProvisionPlan& plan);

}  // namespace tdm::provision
