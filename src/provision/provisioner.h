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
