// The executions registry: one row per provision in `<state dir>/registry.db` (SQLite, WAL), so
// concurrent CLI processes and the server see the same executions.
//
// Lifecycle: provisioning -> ready | failed; ready -> cleaned. A row left in `provisioning` by a
// process that no longer exists is an interrupted provision; Recover() marks it failed and
// removes its partial data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/sqlite/sqlite_db.h"
#include "tdm/status.h"

namespace tdm::provision {

struct ExecutionRecord {
  std::string id;
  std::string environment;
  std::string dataset;
  std::string dataset_version;
  std::string spec_path;
  std::string target;  // path of the SQLite database
  std::string status;  // provisioning | ready | failed | cleaned
  uint64_t seed = 0;
  int generator = 0;
  std::vector<std::pair<std::string, int64_t>> tables;  // rows per table, in load order
  std::string error;
  int64_t pid = 0;
  std::string created_at;
  std::string updated_at;
  int64_t duration_ms = 0;
};

class Registry {
 public:
  static Result<Registry> Open(const std::string& state_dir);

  const std::string& state_dir() const { return state_dir_; }
  std::string ExecutionPath(const std::string& id) const;

  Status Insert(const ExecutionRecord& record);
  Status Update(const ExecutionRecord& record);
  Result<std::optional<ExecutionRecord>> Find(const std::string& id);
  Result<std::vector<ExecutionRecord>> List();
  // The newest execution in `ready` state, or nullopt.
  Result<std::optional<ExecutionRecord>> NewestReady();
  // Marks provisions whose process died as failed and removes their partial files.
  Status Recover();

 private:
  std::string state_dir_;
  store::SqliteDb db_;
};

std::string NowUtc();
std::string NewExecutionId();
Status CheckExecutionId(const std::string& id);

}  // namespace tdm::provision
