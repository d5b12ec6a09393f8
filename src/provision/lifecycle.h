// Where an execution's data lives on its target, and how it goes away again.
//
// Names: an execution `id` lives in namespace `tdm_<id>` on a server (PostgreSQL/MySQL database,
// Redis key prefix), `<dir>/<id>` for files, and a SQLite file (`<state dir>/executions/<id>.db`
// unless the target names one). While it is being built it lives under a building name
// (`tdm_b_<id>`, `<file>.building`, `<dir>/.<id>.building`) and is renamed only once validated, so
// nothing that looks finished is ever half-loaded. Templates of a dataset version (the clone fast
// path, PostgreSQL only) are `tdm_t_<version>`; `cleanup --templates` removes them.
//
// Cleanup removes both names of an execution and is idempotent; an execution whose provisioning
// process died (kill -9, power loss) is recovered by the next command that opens the registry.
#pragma once

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/time_format.h"
#include "provision/registry.h"
#include "store/database.h"

namespace tdm::provision {

// The target an execution goes to: `--target`, else $TDM_TARGET, else SQLite in the state dir.
std::string ChooseTarget(const std::optional<std::string>& flag, const Registry& registry);

struct Namespaces {
  std::string final_name;
  std::string building;
  std::string template_name;  // empty: the backend has no clone fast path
};

Result<Namespaces> NamespacesFor(const store::TargetUrl& url, const std::string& id,
                                 const std::string& dataset_version);

// How a client reaches an execution's data: a URL without password, or a path.
std::string ExecutionEndpoint(const ExecutionRecord& record);

// An execution as `executions --json` and the API show it (the target's password redacted).
nlohmann::ordered_json ExecutionJson(const ExecutionRecord& record);

// Opens the target an execution was provisioned into.
Result<std::unique_ptr<store::Database>> OpenExecutionTarget(const ExecutionRecord& record);

// Removes an execution's data (final and building namespaces) and marks it cleaned. Idempotent;
// an execution still provisioning in a live process is refused.
Status Cleanup(Registry& registry, const std::string& id);

// Cleans every ready or failed execution whose TTL has passed, or every one of `environment`
// (all environments when empty). Returns the ids cleaned; stops at the first failure.
Result<std::vector<std::string>> CleanupExpired(Registry& registry);
Result<std::vector<std::string>> CleanupAll(Registry& registry, const std::string& environment);

// Drops every template (`tdm_t_*`) on a target; returns their names.
Result<std::vector<std::string>> CleanupTemplates(const std::string& target);

// Marks provisions whose process died as failed and removes their partial data.
Status RecoverInterrupted(Registry& registry);

using ::tdm::ParseDuration;  // "90s", "30m", "8h", "7d" (core/time_format.h)

}  // namespace tdm::provision
