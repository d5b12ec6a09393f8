// Reading the audit log by who, what and when: the filters of `data-cli audit show` and of the
// API's GET /api/v1/audit.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tdm/status.h"

namespace tdm::audit {

struct EventQuery {
  std::string since;         // "2026-01-01", "2026-01-01T08:00:00Z" or back from now: "7d", "12h"
  std::string user;          // user_id
  std::string event;         // the event or the operation name
  std::string execution_id;  // dataset_id or execution_id
  int64_t limit = 0;         // the newest N (still oldest first); 0: all
};

// The events of the log in `state_dir` that match every filter of `query`, oldest first.
// kInvalidArgument for a `since` that is neither a date nor a duration, or a negative limit.
Result<std::vector<nlohmann::ordered_json>> QueryEvents(const std::string& state_dir,
                                                        const EventQuery& query);

}  // namespace tdm::audit
