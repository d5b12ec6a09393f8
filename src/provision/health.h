// Health checks of a provisioned execution: reachable, tables present, row counts as recorded,
// a sample query and its time.
#pragma once

#include <string>
#include <vector>

#include "provision/registry.h"

namespace tdm::provision {

struct HealthCheck {
  std::string name;  // connectivity | schema | row_counts | sample_query
  bool passed = false;
  std::string detail;  // what was found, never row values
  double value = 0;    // the measured figure where there is one (ms, rows)
  double threshold = 0;
};

struct HealthReport {
  std::string execution_id;
  bool healthy = false;
  std::vector<HealthCheck> checks;
};

HealthReport CheckHealth(const ExecutionRecord& execution);

}  // namespace tdm::provision
