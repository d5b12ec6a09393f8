// One audit event per data-cli operation. A command names its event and operation up front, fills
// in what it learns while it runs (the execution, names and counts) and RunAudited appends the
// event whether the command succeeds or fails. Events carry names and counts only: never a value
// of a field, and for a failure only the error's category, since a message may quote input.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "cli/context.h"

namespace tdm::cli {

struct OperationAudit {
  OperationAudit(std::string event_name, std::string operation_name)
      : event(std::move(event_name)), operation(std::move(operation_name)) {}

  std::string event;        // data_provisioning, data_access, data_export, data_validation, ...
  std::string operation;    // provision_dataset, show_data, export_data, validate, ...
  std::string environment;  // the execution's environment, when there is one
  std::string dataset_id;   // the execution id, or the dataset or target the operation acted on
  // Merged into the event: counts, collection names, "validation", "compliance_check", ...
  nlohmann::ordered_json details = nlohmann::ordered_json::object();
  bool written = false;  // the command appended its own event (mask): nothing more to add
  bool only_if_state_exists = false;  // do not create a state dir just to audit (generate)
};

// Appends the event for `audit` with the outcome: "status": "success" or "failure" and, for a
// failure, "error": {"category": "not_found"}. When the log cannot be written the operation's own
// result stands and a warning goes to stderr (even with --quiet: a gap in the audit trail must
// not pass silently).
void AuditOperation(const Context& ctx, const OperationAudit& audit, const Status& outcome);

// Runs `run`, then AuditOperation with its status, and returns that status.
Status RunAudited(const Context& ctx, OperationAudit& audit, const std::function<Status()>& run);

}  // namespace tdm::cli
