// The executions registry: one row per provision in `<state dir>/registry.db` (SQLite, WAL), so
// concurrent CLI processes and the server see the same executions.
//
// Lifecycle: provisioning -> ready | failed; ready | failed -> cleaned. A row left in
// `provisioning` by a process that no longer exists is an interrupted provision:
// ClaimInterrupted() hands it to exactly one caller (lifecycle.h), which removes its data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/table_schema.h"
#include "store/sqlite/sqlite_db.h"
#include "tdm/status.h"

namespace tdm::provision {

struct ExecutionRecord {
  std::string id;
  std::string environment;
  std::string dataset;
  std::string dataset_version;
  std::string spec_path;
  std::string target;  // target URL as given (${VAR} unexpanded, so secrets stay out of the file)
  std::string ns;      // the execution's namespace on the target (database, file, key prefix)
  std::string status;  // provisioning | ready | failed | cleaned
  uint64_t seed = 0;
  int generator = 0;
  std::vector<std::pair<std::string, int64_t>> tables;  // rows per table, in load order
  std::vector<TableSchema> schema;  // what each table must look like (health checks)
  std::string error;
  int64_t pid = 0;
  std::string owner;   // host/pid/process start time of the provisioning process
  std::string origin;  // how the data got there: "generated" or "template <namespace>"
  std::string created_at;
  std::string updated_at;
  int64_t duration_ms = 0;
  std::string expires_at;    // empty: no TTL
  std::string requested_by;  // the user who asked for it (CLI --user, or the API token's user)
};

class Registry {
 public:
  static Result<Registry> Open(const std::string& state_dir);

  const std::string& state_dir() const { return state_dir_; }
  std::string ExecutionPath(const std::string& id) const;

  Status Insert(const ExecutionRecord& record);
  Status Update(const ExecutionRecord& record);
  // Forgets an execution that never started (the API's queue refused it); kNotFound otherwise.
  Status Remove(const std::string& id);
  Result<std::optional<ExecutionRecord>> Find(const std::string& id);
  // The status and updated_at of `id` (nullopt when unknown): a cheap check of whether what a
  // caller cached about an execution is still current.
  Result<std::optional<std::pair<std::string, std::string>>> StatusOf(const std::string& id);
  Result<std::vector<ExecutionRecord>> List();
  // The newest execution in `ready` state, or nullopt.
  Result<std::optional<ExecutionRecord>> NewestReady();
  // Provisions whose process died (on this host) are marked failed and returned, each to exactly
  // one caller, which must remove their data.
  Result<std::vector<ExecutionRecord>> ClaimInterrupted();

 private:
  std::string state_dir_;
  store::SqliteDb db_;
};

std::string NowUtc();
// `host/pid/start` of this process: a pid alone can be reused after a crash.
std::string ProcessOwner();
std::string NewExecutionId();
Status CheckExecutionId(const std::string& id);

}  // namespace tdm::provision
