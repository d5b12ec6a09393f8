#include "audit/audit_log.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "audit/audit_file.h"

namespace tdm::audit {

std::string AuditLogPath(const std::string& state_dir) {
  return (std::filesystem::path(state_dir) / "audit.jsonl").string();
}

std::string CurrentUser() {
  if (const char* user = std::getenv("TDM_USER"); user != nullptr && *user != '\0') return user;
  if (const passwd* pw = getpwuid(geteuid()); pw != nullptr) return pw->pw_name;
  return "uid_" + std::to_string(geteuid());
}

Status AppendEvent(const std::string& state_dir, const nlohmann::ordered_json& event) {
  return AppendEvents(state_dir, {event});
}

Status AppendEvents(const std::string& state_dir,
                    const std::vector<nlohmann::ordered_json>& events) {
  if (events.empty()) return Status::Ok();
  TDM_ASSIGN_OR_RETURN(auto keys, ConfiguredKeys());
  TDM_ASSIGN_OR_RETURN(internal::WriterLock lock, internal::WriterLock::Acquire(state_dir));
  return internal::AppendLocked(state_dir, events, keys);
}

Result<std::vector<nlohmann::ordered_json>> ReadEvents(const std::string& state_dir) {
  TDM_ASSIGN_OR_RETURN(auto keys, ConfiguredKeys());
  std::string path = AuditLogPath(state_dir);
  TDM_ASSIGN_OR_RETURN(std::string content, internal::ReadWholeFile(path));
  std::vector<nlohmann::ordered_json> events;
  for (const internal::RawLine& raw : internal::SplitLines(content)) {
    if (raw.text.empty()) continue;
    internal::Envelope line = internal::ParseLine(raw.text);
    if (line.kind == internal::Envelope::Kind::kGarbled) {
      if (!raw.complete) break;  // an interrupted final write
      return Status(StatusCode::kFailedPrecondition,
                    path + " has a line that is not an audit event (after " +
                        std::to_string(events.size()) +
                        " events); run 'data-cli audit verify' to locate the damage");
    }
    TDM_ASSIGN_OR_RETURN(nlohmann::ordered_json event, internal::DecodeEvent(line, keys));
    nlohmann::ordered_json with_seq = {{"seq", line.seq}};
    for (auto& [key, value] : event.items()) {
      if (key != "seq") with_seq[key] = std::move(value);
    }
    events.push_back(std::move(with_seq));
  }
  return events;
}

}  // namespace tdm::audit
