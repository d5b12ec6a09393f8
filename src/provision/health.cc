#include "provision/health.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "provision/lifecycle.h"

namespace tdm::provision {
namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// What is missing or different in `actual` compared with `expected`, or empty.
std::vector<std::string> SchemaDifferences(const TableSchema& expected, const TableSchema& actual) {
  std::vector<std::string> out;
  for (const ColumnSchema& column : expected.columns) {
    int found = actual.FindColumn(column.name);
    if (found < 0) {
      out.push_back(fmt::format("{}.{} is missing", expected.name, column.name));
    } else if (actual.columns[static_cast<size_t>(found)].type != column.type) {
      out.push_back(fmt::format("{}.{} is {}, expected {}", expected.name, column.name,
                                ColumnTypeName(actual.columns[static_cast<size_t>(found)].type),
                                ColumnTypeName(column.type)));
    }
  }
  return out;
}

bool HasIndexOn(const TableSchema& table, const std::vector<std::string>& columns) {
  for (const IndexSchema& index : table.indexes) {
    if (index.columns == columns) return true;
  }
  return false;
}

// Keys and indexes the spec asked for that `actual` lacks.
std::vector<std::string> MissingIndexes(const TableSchema& expected, const TableSchema& actual) {
  std::vector<std::string> out;
  for (const ColumnSchema& column : expected.columns) {
    int found = actual.FindColumn(column.name);
    if (found < 0) continue;
    const ColumnSchema& got = actual.columns[static_cast<size_t>(found)];
    if (column.primary_key && !got.primary_key) {
      out.push_back(fmt::format("primary key {}.{}", expected.name, column.name));
    }
    if (column.unique && !column.primary_key && !got.unique) {
      out.push_back(fmt::format("unique {}.{}", expected.name, column.name));
    }
  }
  for (const IndexSchema& index : expected.indexes) {
    if (!HasIndexOn(actual, index.columns)) {
      out.push_back(fmt::format("index {} on {}", index.name, expected.name));
    }
  }
  for (const ForeignKeySchema& fk : expected.foreign_keys) {
    bool present = false;
    for (const ForeignKeySchema& got : actual.foreign_keys) {
      present = present || (got.column == fk.column && got.ref_table == fk.ref_table);
    }
    if (!present) out.push_back(fmt::format("foreign key {}.{}", expected.name, fk.column));
  }
  return out;
}

}  // namespace

const HealthCheck* HealthReport::Blocking() const {
  for (const HealthCheck& c : checks) {
    if (!c.passed && c.name != "performance") return &c;
  }
  return nullptr;
}

HealthReport CheckHealth(store::Database& db, const std::string& ns,
                         const ExecutionRecord& execution) {
  HealthReport report;
  report.execution_id = execution.id;
  auto add = [&](std::string name, bool passed, std::string detail, double value = 0,
                 double threshold = 0, std::string unit = "") {
    report.checks.push_back(
        {std::move(name), passed, std::move(detail), value, threshold, std::move(unit)});
    return passed;
  };
  auto finish = [&] {
    report.healthy = std::all_of(report.checks.begin(), report.checks.end(),
                                 [](const HealthCheck& c) { return c.passed; });
    return report;
  };

  auto start = Clock::now();
  Status ping = db.Ping();
  auto exists = ping.ok() ? db.Exists(ns) : Result<bool>(ping);
  double ping_ms = MsSince(start);
  bool reachable = exists.ok() && *exists;
  if (!add("connectivity", reachable,
           reachable     ? fmt::format("reached {} in {:.1f} ms", db.Endpoint(ns), ping_ms)
           : exists.ok() ? fmt::format("{} does not exist", db.Endpoint(ns))
                         : exists.status().ToString(),
           ping_ms, 0, "ms")) {
    return finish();
  }

  auto described = db.Describe(ns);
  std::vector<std::string> problems;
  if (!described.ok()) problems.push_back(described.status().ToString());
  std::vector<TableSchema> actual = described.ok() ? *described : std::vector<TableSchema>();
  for (const auto& [name, rows] : execution.tables) {
    const TableSchema* got = FindTable(actual, name);
    const TableSchema* want = FindTable(execution.schema, name);
    if (got == nullptr) {
      problems.push_back("table " + name + " is missing");
    } else if (want != nullptr) {
      for (std::string& d : SchemaDifferences(*want, *got)) problems.push_back(std::move(d));
    }
  }
  add("schema", problems.empty(),
      problems.empty() ? fmt::format("{} tables with the recorded columns", execution.tables.size())
                       : fmt::format("{}", fmt::join(problems, "; ")));

  if (!execution.tables.empty()) {
    const TableSchema* probe_table = FindTable(actual, execution.tables.front().first);
    start = Clock::now();
    Status probe = probe_table ? db.CrudProbe(ns, *probe_table)
                               : Status(StatusCode::kNotFound, "no table to probe");
    double ms = MsSince(start);
    add("crud", probe.ok(),
        probe.ok() ? fmt::format("insert, read, update and delete rolled back in {:.1f} ms", ms)
                   : probe.ToString(),
        ms, 0, "ms");
  }

  start = Clock::now();
  std::string sample_error;
  for (const auto& [name, rows] : execution.tables) {
    auto source = db.Read(ns, {name, {}, 10, {}});
    Batch batch;
    Status read = source.ok() ? (*source)->Next(batch, 10).status() : source.status();
    if (!read.ok() && sample_error.empty()) sample_error = read.ToString();
  }
  double sample_ms = MsSince(start);
  add("performance", sample_error.empty() && sample_ms <= kSampleQueryThresholdMs,
      sample_error.empty() ? fmt::format("read 10 rows of each table in {:.1f} ms", sample_ms)
                           : sample_error,
      sample_ms, kSampleQueryThresholdMs, "ms");

  std::vector<std::string> unready;
  int64_t total = 0;
  for (const auto& [name, rows] : execution.tables) {
    auto count = db.CountRows(ns, name);
    if (!count.ok() || *count != rows) {
      unready.push_back(fmt::format("{} has {} rows, expected {}", name,
                                    count.ok() ? std::to_string(*count) : "no", rows));
    }
    if (count.ok()) total += *count;
    const TableSchema* got = FindTable(actual, name);
    const TableSchema* want = FindTable(execution.schema, name);
    if (got != nullptr && want != nullptr && db.has_indexes()) {
      for (std::string& m : MissingIndexes(*want, *got)) unready.push_back(m + " is not built");
    }
  }
  int64_t expected_total = 0;
  for (const auto& t : execution.tables) expected_total += t.second;
  add("readiness", unready.empty(),
      unready.empty() ? fmt::format("{} rows as specified{}", total,
                                    db.has_indexes() ? ", keys and indexes built" : "")
                      : fmt::format("{}", fmt::join(unready, "; ")),
      static_cast<double>(total), static_cast<double>(expected_total), "rows");
  return finish();
}

HealthReport CheckHealth(const ExecutionRecord& execution) {
  auto db = OpenExecutionTarget(execution);
  if (!db.ok()) {
    HealthReport report;
    report.execution_id = execution.id;
    report.checks.push_back({"connectivity", false, db.status().ToString(), 0, 0, "ms"});
    return report;
  }
  return CheckHealth(**db, execution.ns, execution);
}

}  // namespace tdm::provision
