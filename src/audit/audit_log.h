// The audit log: one JSON object a line in <state dir>/audit.jsonl, appended, never rewritten.
//
// Every operation that touches data (mask, provision --from, ...) appends one event in the seed's
// shape: timestamp, event, operation, environment, dataset_id, user_id, actions, validation,
// compliance_check. Events carry names and counts, never a value of a PII field. Appends are
// serialised across processes with an exclusive lock on the file and flushed to disk before the
// call returns.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "tdm/status.h"

namespace tdm::audit {

// The path of the log in `state_dir`.
std::string AuditLogPath(const std::string& state_dir);

// Who is acting: $TDM_USER, else the operating system's user name.
std::string CurrentUser();

// Appends `event` as one line (the directory is created when missing).
Status AppendEvent(const std::string& state_dir, const nlohmann::ordered_json& event);

}  // namespace tdm::audit
