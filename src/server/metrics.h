// The server's Prometheus metrics: counters and a histogram updated by request handlers and
// provision workers, rendered on GET /metrics in the text exposition format 0.0.4.
//
// Names and labels are part of the API contract (a dashboard or an alert refers to them):
//   tdm_provision_duration_seconds        histogram, buckets 0.1 .. 300 s and +Inf
//   tdm_provisions_total{status}          ready | failed
//   tdm_cleanups_total{status}            success | failure
//   tdm_rows_generated_total              rows written by provisions
//   tdm_http_requests_total{method,route,code}
//   tdm_executions_alive, tdm_queue_depth, tdm_workers_busy   gauges, read at render time
// Labels name routes and outcomes, never anything from a request body, so no data value can
// appear here. `route` is the route's pattern ("/api/v1/health/{execution_id}"): a raw path would
// make one series per execution. Requests that match no route should be counted under one fixed
// pattern (e.g. "unmatched"); as a backstop, after kMaxRequestSeries distinct series any new
// (method, route, code) is counted under route "other", so the registry's memory stays bounded.
//
// Thread safety: every method may be called from any thread. CountRequest, the hot one, takes a
// shared lock and increments an atomic; only the first request of a new series takes the
// exclusive lock. Provisions and cleanups are rare and share one mutex, so a rendered histogram
// is always self-consistent (its +Inf bucket equals its _count). Counters rendered while
// requests are being counted may be a request apart from one another, as Prometheus expects.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace tdm::server {

// Values the server reads from elsewhere (the registry, the job queue) when it renders.
struct Gauges {
  int64_t executions_alive = 0;
  int64_t queue_depth = 0;
  int64_t workers_busy = 0;
};

class Metrics {
 public:
  // The Content-Type of Render's text.
  static constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";
  // Upper bounds (seconds) of the provision duration buckets; +Inf follows.
  static constexpr std::array<double, 11> kDurationBuckets = {0.1, 0.25, 0.5, 1,   2.5, 5,
                                                              10,  30,   60,  120, 300};
  static constexpr size_t kMaxRequestSeries = 1000;

  Metrics() = default;
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // One provision ended: its duration (a negative or non-finite value counts as 0), whether it
  // became ready, and the rows it generated (added to tdm_rows_generated_total either way; a
  // negative count is ignored).
  void ObserveProvision(double seconds, bool ready, int64_t rows_generated);
  void CountCleanup(bool success);
  // One answered HTTP request; `route` is the route pattern, never the raw path.
  void CountRequest(std::string_view method, std::string_view route, int code);

  // Every metric in the exposition format, families in a fixed order, series sorted by label.
  std::string Render(const Gauges& gauges) const;

 private:
  struct RequestSeries {
    std::string method;
    std::string route;
    int code = 0;
    std::atomic<uint64_t> count{0};
  };
  // Views into the RequestSeries that owns the strings (or, for a lookup, into the caller's).
  struct SeriesKey {
    std::string_view method;
    std::string_view route;
    int code = 0;
    bool operator==(const SeriesKey&) const = default;
  };
  struct SeriesKeyHash {
    size_t operator()(const SeriesKey& key) const;
  };

  std::atomic<uint64_t>& RequestCounter(std::string_view method, std::string_view route, int code);
  void RenderRequests(std::string& out) const;

  mutable std::shared_mutex requests_mutex_;
  std::unordered_map<SeriesKey, std::unique_ptr<RequestSeries>, SeriesKeyHash> requests_;

  mutable std::mutex outcomes_mutex_;
  std::array<uint64_t, kDurationBuckets.size() + 1> duration_buckets_{};  // per bucket, +Inf last
  double duration_sum_ = 0;
  uint64_t provisions_ready_ = 0;
  uint64_t provisions_failed_ = 0;
  uint64_t rows_generated_ = 0;
  uint64_t cleanups_success_ = 0;
  uint64_t cleanups_failure_ = 0;
};

}  // namespace tdm::server
