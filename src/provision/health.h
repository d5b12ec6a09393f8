// The health check engine: is an execution's data there and usable? Five checks, in the order a
// test would trip over them:
//
//   connectivity  the target answers (round trip time)
//   schema        every table exists with the recorded columns and types
//   crud          a create/read/update/delete round trip that leaves no trace (store CrudProbe)
//   performance   reading a sample of every table, against the strategy's 100 ms baseline
//   readiness     row counts equal the spec, and every key and index is built
//
// Each check reports pass/fail, what it found (names and counts, never row values), the measured
// figure and its threshold. Provisioning requires every check but `performance` to pass before
// an execution becomes ready; a slow sample is reported, not fatal, since a busy CI machine is
// not broken data.
#pragma once

#include <string>
#include <vector>

#include "provision/registry.h"
#include "store/database.h"

namespace tdm::provision {

struct HealthCheck {
  std::string name;
  bool passed = false;
  std::string detail;
  double value = 0;      // the measured figure (ms, rows), where there is one
  double threshold = 0;  // its limit, where there is one
  std::string unit;      // of value and threshold: "ms" or "rows"
};

struct HealthReport {
  std::string execution_id;
  bool healthy = false;  // every check passed
  std::vector<HealthCheck> checks;

  // The first failed check that blocks readiness (all but performance), or nullptr.
  const HealthCheck* Blocking() const;
};

inline constexpr double kSampleQueryThresholdMs = 100;  // the strategy's sample query baseline

// Checks namespace `ns` of `db` against what `execution` records (tables, rows, schema).
HealthReport CheckHealth(store::Database& db, const std::string& ns,
                         const ExecutionRecord& execution);

// Opens the execution's target and checks its namespace.
HealthReport CheckHealth(const ExecutionRecord& execution);

}  // namespace tdm::provision
