#include "provision/health.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "store/sqlite/sqlite_db.h"
#include "store/sqlite/sqlite_source.h"

namespace tdm::provision {
namespace {

constexpr double kSampleQueryThresholdMs = 100;  // the strategy's sample-query baseline

}  // namespace

HealthReport CheckHealth(const ExecutionRecord& execution) {
  HealthReport report;
  report.execution_id = execution.id;
  auto add = [&](std::string name, bool passed, std::string detail, double value = 0,
                 double threshold = 0) {
    report.checks.push_back({std::move(name), passed, std::move(detail), value, threshold});
  };
  std::error_code ec;
  auto db = store::SqliteDb::Open(execution.target, false, true);
  bool reachable = std::filesystem::is_regular_file(execution.target, ec) && db.ok() &&
                   db->Exec("SELECT 1").ok();
  add("connectivity", reachable,
      reachable ? "opened " + execution.target : "cannot open " + execution.target);
  if (!reachable) return report;

  auto tables = store::ListSqliteTables(execution.target);
  std::vector<std::string> missing;
  for (const auto& [name, rows] : execution.tables) {
    bool present = tables.ok() && std::find(tables->begin(), tables->end(), name) != tables->end();
    if (!present) missing.push_back(name);
  }
  add("schema", missing.empty(),
      missing.empty() ? fmt::format("{} tables present", execution.tables.size())
                      : fmt::format("missing tables: {}", fmt::join(missing, ", ")));

  std::vector<std::string> wrong;
  int64_t total = 0;
  for (const auto& [name, rows] : execution.tables) {
    auto count = store::CountSqliteRows(execution.target, name);
    if (!count.ok() || *count != rows) {
      wrong.push_back(fmt::format("{} has {} rows, expected {}", name,
                                  count.ok() ? std::to_string(*count) : "no", rows));
    }
    if (count.ok()) total += *count;
  }
  add("row_counts", wrong.empty(),
      wrong.empty() ? fmt::format("{} rows as specified", total)
                    : fmt::format("{}", fmt::join(wrong, "; ")),
      static_cast<double>(total));

  auto start = std::chrono::steady_clock::now();
  bool sampled = true;
  for (const auto& [name, rows] : execution.tables) {
    auto source = store::OpenSqliteSource(execution.target, {name, {}, 10});
    Batch batch;
    sampled = sampled && source.ok() && (*source)->Next(batch, 10).ok();
  }
  double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  add("sample_query", sampled && ms <= kSampleQueryThresholdMs,
      fmt::format("read 10 rows of each table in {:.2f} ms", ms), ms, kSampleQueryThresholdMs);

  report.healthy = true;
  for (const HealthCheck& c : report.checks) report.healthy = report.healthy && c.passed;
  return report;
}

}  // namespace tdm::provision
