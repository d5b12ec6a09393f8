#include "server/metrics.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <tuple>
#include <vector>

namespace tdm::server {
namespace {

// Go's ParseFloat (what Prometheus reads values with) accepts the shortest round-trip form.
std::string FormatDouble(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return ec == std::errc() ? std::string(buffer, end) : std::to_string(value);
}

// Label values escape backslash, double quote and line feed; HELP text escapes all but the quote.
std::string Escape(std::string_view text, bool quote) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && quote) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
  return out;
}

void Family(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out.append("# HELP ").append(name).append(" ").append(Escape(help, false)).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void Sample(std::string& out, std::string_view name, std::string_view labels,
            const std::string& value) {
  out.append(name);
  if (!labels.empty()) out.append("{").append(labels).append("}");
  out.append(" ").append(value).append("\n");
}

std::string Label(std::string_view name, std::string_view value) {
  return std::string(name) + "=\"" + Escape(value, true) + "\"";
}

}  // namespace

size_t Metrics::SeriesKeyHash::operator()(const SeriesKey& key) const {
  size_t h = std::hash<std::string_view>()(key.method);
  h = h * 31 + std::hash<std::string_view>()(key.route);
  return h * 31 + std::hash<int>()(key.code);
}

void Metrics::ObserveProvision(double seconds, bool ready, int64_t rows_generated) {
  if (!std::isfinite(seconds) || seconds < 0) seconds = 0;
  size_t bucket = std::lower_bound(kDurationBuckets.begin(), kDurationBuckets.end(), seconds) -
                  kDurationBuckets.begin();  // le is inclusive: 1.0 s falls in le="1"
  std::lock_guard lock(outcomes_mutex_);
  ++duration_buckets_[bucket];
  duration_sum_ += seconds;
  ++(ready ? provisions_ready_ : provisions_failed_);
  if (rows_generated > 0) rows_generated_ += static_cast<uint64_t>(rows_generated);
}

void Metrics::CountCleanup(bool success) {
  std::lock_guard lock(outcomes_mutex_);
  ++(success ? cleanups_success_ : cleanups_failure_);
}

void Metrics::CountRequest(std::string_view method, std::string_view route, int code) {
  RequestCounter(method, route, code).fetch_add(1, std::memory_order_relaxed);
}

std::atomic<uint64_t>& Metrics::RequestCounter(std::string_view method, std::string_view route,
                                               int code) {
  {
    std::shared_lock lock(requests_mutex_);
    if (auto it = requests_.find({method, route, code}); it != requests_.end()) {
      return it->second->count;
    }
  }
  std::unique_lock lock(requests_mutex_);
  if (requests_.size() >= kMaxRequestSeries) route = "other";
  if (auto it = requests_.find({method, route, code}); it != requests_.end()) {
    return it->second->count;  // another thread made it, or this is "other" again
  }
  auto series = std::make_unique<RequestSeries>();
  series->method = method;
  series->route = route;
  series->code = code;
  SeriesKey key{series->method, series->route, code};
  std::atomic<uint64_t>& count = series->count;
  requests_.emplace(key, std::move(series));
  return count;  // the node is stable: the map owns it through unique_ptr
}

void Metrics::RenderRequests(std::string& out) const {
  struct Row {
    std::string_view method, route;
    int code;
    uint64_t count;
  };
  std::vector<Row> rows;
  std::shared_lock lock(requests_mutex_);  // held while rows view the series' strings
  rows.reserve(requests_.size());
  for (const auto& [key, series] : requests_) {
    rows.push_back(
        {key.method, key.route, key.code, series->count.load(std::memory_order_relaxed)});
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return std::tie(a.route, a.method, a.code) < std::tie(b.route, b.method, b.code);
  });
  for (const Row& row : rows) {
    Sample(out, "tdm_http_requests_total",
           Label("method", row.method) + "," + Label("route", row.route) + "," +
               Label("code", std::to_string(row.code)),
           std::to_string(row.count));
  }
}

std::string Metrics::Render(const Gauges& gauges) const {
  std::string out;
  {
    std::lock_guard lock(outcomes_mutex_);
    Family(out, "tdm_provision_duration_seconds", "histogram",
           "Time a provision took from start to ready or failed, in seconds.");
    uint64_t cumulative = 0;
    for (size_t i = 0; i < duration_buckets_.size(); ++i) {
      cumulative += duration_buckets_[i];
      std::string le = i < kDurationBuckets.size() ? FormatDouble(kDurationBuckets[i]) : "+Inf";
      Sample(out, "tdm_provision_duration_seconds_bucket", Label("le", le),
             std::to_string(cumulative));
    }
    Sample(out, "tdm_provision_duration_seconds_sum", "", FormatDouble(duration_sum_));
    Sample(out, "tdm_provision_duration_seconds_count", "", std::to_string(cumulative));

    Family(out, "tdm_provisions_total", "counter", "Provisions that ended, by outcome.");
    Sample(out, "tdm_provisions_total", Label("status", "ready"),
           std::to_string(provisions_ready_));
    Sample(out, "tdm_provisions_total", Label("status", "failed"),
           std::to_string(provisions_failed_));

    Family(out, "tdm_cleanups_total", "counter", "Cleanups of executions, by outcome.");
    Sample(out, "tdm_cleanups_total", Label("status", "success"),
           std::to_string(cleanups_success_));
    Sample(out, "tdm_cleanups_total", Label("status", "failure"),
           std::to_string(cleanups_failure_));

    Family(out, "tdm_rows_generated_total", "counter", "Rows generated by provisions.");
    Sample(out, "tdm_rows_generated_total", "", std::to_string(rows_generated_));
  }
  Family(out, "tdm_executions_alive", "gauge", "Executions whose data is ready on a target.");
  Sample(out, "tdm_executions_alive", "", std::to_string(gauges.executions_alive));
  Family(out, "tdm_queue_depth", "gauge", "Provisions waiting for a worker.");
  Sample(out, "tdm_queue_depth", "", std::to_string(gauges.queue_depth));
  Family(out, "tdm_workers_busy", "gauge", "Workers running a provision.");
  Sample(out, "tdm_workers_busy", "", std::to_string(gauges.workers_busy));

  Family(out, "tdm_http_requests_total", "counter",
         "HTTP requests answered, by method, route pattern and status code.");
  RenderRequests(out);
  return out;
}

}  // namespace tdm::server
