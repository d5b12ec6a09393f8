#include "cli/audit_support.h"

#include <filesystem>
#include <ostream>

#include "audit/audit_log.h"
#include "provision/registry.h"

namespace tdm::cli {

void AuditOperation(const Context& ctx, const OperationAudit& audit, const Status& outcome) {
  if (audit.written) return;
  if (audit.only_if_state_exists && !std::filesystem::exists(ctx.state_dir)) return;
  nlohmann::ordered_json event;
  event["timestamp"] = provision::NowUtc();
  event["event"] = audit.event;
  event["operation"] = audit.operation;
  event["environment"] = audit.environment;
  event["dataset_id"] = audit.dataset_id;
  event["user_id"] = ctx.AuditUser();
  event["status"] = outcome.ok() ? "success" : "failure";
  if (!outcome.ok()) event["error"] = {{"category", StatusCodeName(outcome.code())}};
  for (const auto& [key, value] : audit.details.items()) {
    if (!event.contains(key)) event[key] = value;
  }
  Status written = audit::AppendEvent(ctx.state_dir, event);
  if (!written.ok()) {
    ctx.out->flush();
    *ctx.err << "warning: the " << audit.operation
             << " was not recorded in the audit log: " << written.ToString() << "\n";
  }
}

Status RunAudited(const Context& ctx, OperationAudit& audit, const std::function<Status()>& run) {
  Status status = run();
  AuditOperation(ctx, audit, status);
  return status;
}

}  // namespace tdm::cli
