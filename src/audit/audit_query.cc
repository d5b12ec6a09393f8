#include "audit/audit_query.h"

#include <chrono>
#include <optional>

#include "audit/audit_log.h"
#include "core/time_format.h"

namespace tdm::audit {
namespace {

using Json = nlohmann::ordered_json;

Result<int64_t> SinceMicros(const std::string& text) {
  if (auto at = ParseDateTime(text)) return *at;
  auto back = ParseDuration(text);
  if (!back.ok()) {
    return Status(StatusCode::kInvalidArgument,
                  "since '" + text + "' is neither a date (2026-01-01) nor a duration (7d, 12h)");
  }
  auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  return now - std::chrono::duration_cast<std::chrono::microseconds>(*back).count();
}

std::string Text(const Json& event, const char* key) {
  auto it = event.find(key);
  return it != event.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

Result<std::vector<Json>> QueryEvents(const std::string& state_dir, const EventQuery& query) {
  if (query.limit < 0) return Status(StatusCode::kInvalidArgument, "limit must not be negative");
  std::optional<int64_t> since;
  if (!query.since.empty()) {
    TDM_ASSIGN_OR_RETURN(since, SinceMicros(query.since));
  }
  TDM_ASSIGN_OR_RETURN(std::vector<Json> events, ReadEvents(state_dir));
  std::vector<Json> shown;
  for (Json& e : events) {
    if (since) {
      auto at = ParseDateTime(Text(e, "timestamp"));
      if (!at || *at < *since) continue;
    }
    if (!query.user.empty() && Text(e, "user_id") != query.user) continue;
    if (!query.event.empty() && Text(e, "event") != query.event &&
        Text(e, "operation") != query.event) {
      continue;
    }
    if (!query.execution_id.empty() && Text(e, "dataset_id") != query.execution_id &&
        Text(e, "execution_id") != query.execution_id) {
      continue;
    }
    shown.push_back(std::move(e));
  }
  if (query.limit > 0 && shown.size() > static_cast<size_t>(query.limit)) {
    shown.erase(shown.begin(), shown.end() - query.limit);
  }
  return shown;
}

}  // namespace tdm::audit
