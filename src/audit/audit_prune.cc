// Retention of the audit log itself (the seed keeps audit logs for a year): the oldest events go,
// the chain that remains still verifies, and the pruning is itself an audited event.
#include <filesystem>

#include "audit/audit_file.h"
#include "audit/audit_log.h"
#include "core/time_format.h"

namespace tdm::audit {

using internal::Envelope;

Result<int64_t> PruneEventsBefore(const std::string& state_dir,
                                  std::chrono::system_clock::time_point cutoff) {
  TDM_ASSIGN_OR_RETURN(auto keys, ConfiguredKeys());
  TDM_ASSIGN_OR_RETURN(internal::WriterLock lock, internal::WriterLock::Acquire(state_dir));
  std::string path = AuditLogPath(state_dir);
  TDM_ASSIGN_OR_RETURN(std::string content, internal::ReadWholeFile(path));
  TDM_ASSIGN_OR_RETURN(std::optional<internal::Head> head, internal::ReadHead(state_dir, keys));
  int64_t cutoff_us =
      std::chrono::duration_cast<std::chrono::microseconds>(cutoff.time_since_epoch()).count();
  std::vector<internal::RawLine> raw = internal::SplitLines(content);
  // Only a prefix goes: the chain can restart at a line but cannot skip one. Events of concurrent
  // processes may be a second out of order, so a younger event stops the cut.
  size_t cut = 0;
  int64_t removed = 0;
  std::optional<int64_t> last_removed_seq;
  for (const auto& r : raw) {
    if (!r.complete) break;
    Envelope line = internal::ParseLine(r.text);
    if (line.kind == Envelope::Kind::kGarbled) {
      return Status(StatusCode::kFailedPrecondition,
                    path + " is damaged; run 'data-cli audit verify' before pruning it");
    }
    TDM_ASSIGN_OR_RETURN(nlohmann::ordered_json event, internal::DecodeEvent(line, keys));
    auto ts = event.contains("timestamp") && event["timestamp"].is_string()
                  ? ParseDateTime(event["timestamp"].get<std::string>())
                  : std::nullopt;
    if (!ts || *ts >= cutoff_us) break;
    ++cut;
    ++removed;
    if (line.kind == Envelope::Kind::kChained) last_removed_seq = line.seq;
  }
  if (removed == 0) return int64_t{0};

  internal::Head next = head.value_or(internal::Head{});
  std::string retained;
  std::optional<Envelope> first_chained;
  for (size_t i = cut; i < raw.size(); ++i) {
    retained += raw[i].text + (raw[i].complete ? "\n" : "");
    if (!first_chained) {
      Envelope line = internal::ParseLine(raw[i].text);
      if (line.kind == Envelope::Kind::kChained) first_chained = line;
    }
  }
  if (first_chained) {
    next.start_seq = first_chained->seq;
    next.start_prev = first_chained->prev;
  } else if (last_removed_seq) {
    // Everything chained went: the pruning event below starts the chain, continuing the seq.
    next.seq = *last_removed_seq;
    next.hash = Sha256Hex(raw[cut - 1].text);
    next.start_seq = next.seq + 1;
    next.start_prev = next.hash;
  }
  TDM_RETURN_IF_ERROR(internal::ReplaceFile(path, retained));
  if (head || last_removed_seq) TDM_RETURN_IF_ERROR(internal::WriteHead(state_dir, next, keys));

  nlohmann::ordered_json event;
  event["timestamp"] = FormatDateTime(std::chrono::duration_cast<std::chrono::seconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count() *
                                      kMicrosPerSecond);
  event["event"] = "audit_pruning";
  event["operation"] = "prune_audit_log";
  event["user_id"] = CurrentUser();
  event["status"] = "success";
  event["removed_events"] = removed;
  event["cutoff"] = FormatDateTime(cutoff_us);
  if (first_chained || last_removed_seq) event["first_retained_seq"] = next.start_seq;
  TDM_RETURN_IF_ERROR(internal::AppendLocked(state_dir, {event}, keys));
  return removed;
}

}  // namespace tdm::audit
