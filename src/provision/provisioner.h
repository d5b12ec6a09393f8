// Provisioning an execution: plan, generate into a fresh SQLite database, health-check, and
// record the outcome. A failure at any step removes what was written and records the execution
// as failed with the reason; it is never left looking ready.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gen/table_generator.h"
#include "provision/pipeline.h"
#include "provision/registry.h"
#include "spec/resolver.h"

namespace tdm::provision {

struct ProvisionOptions {
  std::optional<std::string> execution_id;  // default: a new random id
  std::optional<std::string> target;        // sqlite path or sqlite:// URL; default: state dir
  PipelineOptions pipeline;
};

struct ProvisionOutcome {
  ExecutionRecord record;
  spec::ProvisionPlan plan;
};

// A plan with its generators built: everything that can reject a provision has run, and nothing
// has been written.
struct PreparedProvision {
  spec::ProvisionRequest request;
  spec::ProvisionPlan plan;
  std::vector<std::unique_ptr<gen::TableGenerator>> generators;
};

Result<PreparedProvision> Prepare(const spec::ResolvedSpec& spec,
                                  const spec::ProvisionRequest& request);

Result<ProvisionOutcome> Provision(PreparedProvision prepared, const std::string& spec_path,
                                   Registry& registry, const ProvisionOptions& options);

// Prepare, then Provision.
Result<ProvisionOutcome> Provision(const spec::ResolvedSpec& spec, const std::string& spec_path,
                                   const spec::ProvisionRequest& request, Registry& registry,
                                   const ProvisionOptions& options);

// Table generators for a plan, parents first; pointers stay valid while the vector lives.
Result<std::vector<std::unique_ptr<gen::TableGenerator>>> BuildGenerators(
    const spec::ProvisionPlan& plan);

// Removes an execution's data and marks it cleaned.
Status Cleanup(Registry& registry, const std::string& id);

// `sqlite:///abs/path.db`, `sqlite://rel.db` or a plain path: the file path. Other schemes are
// reported as unsupported.
Result<std::string> SqlitePathFromTarget(const std::string& target);

}  // namespace tdm::provision
