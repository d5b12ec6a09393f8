// The Prometheus registry: its text parses in the exposition grammar (a small parser below, not
// the code under test), histograms are cumulative, and counts survive concurrent updates.
#include "server/metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace tdm::server {
namespace {

struct ParsedSample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

struct ParsedFamily {
  std::string type;
  std::string help;
  std::vector<ParsedSample> samples;
};

// A strict reader of text format 0.0.4: every line is "# HELP name text", "# TYPE name type" or
// a sample `name{label="value",...} value`; a family's TYPE comes before its samples, which are
// contiguous. Fails the test (and returns what it read so far) on the first bad line.
class ExpositionParser {
 public:
  std::map<std::string, ParsedFamily> Parse(const std::string& text) {
    families_.clear();
    EXPECT_TRUE(text.empty() || text.back() == '\n') << "the text must end with a line feed";
    std::istringstream in(text);
    int number = 0;
    for (std::string line; std::getline(in, line);) {
      ++number;
      line_ = line;
      pos_ = 0;
      if (!ParseLine()) {
        ADD_FAILURE() << "line " << number << " is not in the exposition format: " << line;
        break;
      }
    }
    return families_;
  }

 private:
  bool ParseLine() {
    if (line_.rfind("# ", 0) == 0) {
      pos_ = 2;
      std::string keyword = Word();
      if (keyword != "HELP" && keyword != "TYPE") return true;  // a plain comment
      if (!Expect(' ')) return false;
      std::string name = MetricName();
      if (name.empty() || !Expect(' ')) return false;
      std::string rest = line_.substr(pos_);
      ParsedFamily& family = families_[name];
      if (keyword == "HELP") {
        if (!family.help.empty()) return false;
        family.help = Unescape(rest, false);
        return true;
      }
      static const std::set<std::string> kTypes = {"counter", "gauge", "histogram", "summary",
                                                   "untyped"};
      if (!family.type.empty() || !family.samples.empty() || kTypes.count(rest) == 0) {
        return false;
      }
      family.type = rest;
      current_ = name;
      return true;
    }
    ParsedSample sample;
    sample.name = MetricName();
    if (sample.name.empty()) return false;
    if (pos_ < line_.size() && line_[pos_] == '{' && !Labels(sample.labels)) return false;
    if (!Expect(' ')) return false;
    std::string value = line_.substr(pos_);
    if (value.find(' ') != std::string::npos) value = value.substr(0, value.find(' '));
    if (!Number(value, sample.value)) return false;
    std::string family = FamilyOf(sample.name);
    if (family != current_ || families_[family].type.empty()) return false;  // not contiguous
    families_[family].samples.push_back(sample);
    return true;
  }

  std::string FamilyOf(const std::string& sample_name) {
    for (const char* suffix : {"_bucket", "_sum", "_count"}) {
      std::string s = suffix;
      if (sample_name.size() > s.size() &&
          sample_name.compare(sample_name.size() - s.size(), s.size(), s) == 0) {
        std::string base = sample_name.substr(0, sample_name.size() - s.size());
        if (families_.count(base) && families_[base].type == "histogram") return base;
      }
    }
    return sample_name;
  }

  bool Labels(std::map<std::string, std::string>& labels) {
    ++pos_;  // '{'
    while (pos_ < line_.size() && line_[pos_] != '}') {
      std::string name = LabelName();
      if (name.empty() || !Expect('=') || !Expect('"')) return false;
      std::string raw;
      while (pos_ < line_.size() && line_[pos_] != '"') {
        if (line_[pos_] == '\\') {
          if (pos_ + 1 >= line_.size()) return false;
          char next = line_[pos_ + 1];
          if (next != '\\' && next != '"' && next != 'n') return false;
          raw += line_.substr(pos_, 2);
          pos_ += 2;
          continue;
        }
        raw += line_[pos_++];
      }
      if (!Expect('"') || labels.count(name)) return false;
      labels[name] = Unescape(raw, true);
      if (pos_ < line_.size() && line_[pos_] == ',') ++pos_;
    }
    return Expect('}');
  }

  static bool Number(const std::string& text, double& value) {
    if (text == "+Inf" || text == "-Inf" || text == "NaN") {
      value = text == "NaN" ? NAN : (text[0] == '+' ? INFINITY : -INFINITY);
      return true;
    }
    char* end = nullptr;
    value = std::strtod(text.c_str(), &end);
    return !text.empty() && end == text.c_str() + text.size() && std::isfinite(value);
  }

  static std::string Unescape(const std::string& text, bool quote) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\\' && i + 1 < text.size()) {
        char next = text[++i];
        out += next == 'n' ? '\n' : next;
        if (!quote && next == '"') out.insert(out.size() - 1, "\\");
      } else {
        out += text[i];
      }
    }
    return out;
  }

  std::string Word() {
    size_t start = pos_;
    while (pos_ < line_.size() && line_[pos_] != ' ') ++pos_;
    return line_.substr(start, pos_ - start);
  }
  std::string Name(bool colons) {
    size_t start = pos_;
    auto ok = [&](char c, bool first) {
      return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || (colons && c == ':') ||
             (!first && std::isdigit(static_cast<unsigned char>(c)));
    };
    while (pos_ < line_.size() && ok(line_[pos_], pos_ == start)) ++pos_;
    return line_.substr(start, pos_ - start);
  }
  std::string MetricName() { return Name(true); }
  std::string LabelName() { return Name(false); }
  bool Expect(char c) {
    if (pos_ >= line_.size() || line_[pos_] != c) return false;
    ++pos_;
    return true;
  }

  std::map<std::string, ParsedFamily> families_;
  std::string current_;
  std::string line_;
  size_t pos_ = 0;
};

std::map<std::string, ParsedFamily> Parse(const std::string& text) {
  return ExpositionParser().Parse(text);
}

// The value of the one sample of `family` named `name` whose labels include `labels`.
double Value(const std::map<std::string, ParsedFamily>& families, const std::string& family,
             const std::string& name, const std::map<std::string, std::string>& labels = {}) {
  auto it = families.find(family);
  if (it == families.end()) {
    ADD_FAILURE() << "no family " << family;
    return -1;
  }
  std::vector<double> found;
  for (const ParsedSample& s : it->second.samples) {
    bool match = s.name == name;
    for (const auto& [k, v] : labels) match = match && s.labels.count(k) && s.labels.at(k) == v;
    if (match) found.push_back(s.value);
  }
  EXPECT_EQ(found.size(), 1u) << name << " in " << family;
  return found.empty() ? -1 : found[0];
}

// Buckets ascend in le, counts never fall, +Inf comes last and equals _count.
void ExpectWellFormedHistogram(const ParsedFamily& family, const std::string& name) {
  ASSERT_EQ(family.type, "histogram");
  double previous_le = -INFINITY;
  double previous_count = 0;
  double inf_count = -1;
  double count = -1;
  for (const ParsedSample& s : family.samples) {
    if (s.name == name + "_bucket") {
      ASSERT_TRUE(s.labels.count("le"));
      double le = 0;
      const std::string& text = s.labels.at("le");
      le = text == "+Inf" ? INFINITY : std::strtod(text.c_str(), nullptr);
      EXPECT_GT(le, previous_le) << "buckets out of order at le=" << text;
      EXPECT_GE(s.value, previous_count) << "buckets not cumulative at le=" << text;
      previous_le = le;
      previous_count = s.value;
      if (text == "+Inf") inf_count = s.value;
    } else if (s.name == name + "_count") {
      count = s.value;
    }
  }
  EXPECT_EQ(previous_le, INFINITY) << "the last bucket must be +Inf";
  EXPECT_EQ(inf_count, count);
}

TEST(Metrics, AFreshRegistryRendersEveryFamilyWithZeros) {
  Metrics metrics;
  auto families = Parse(metrics.Render({}));
  for (const char* name : {"tdm_provision_duration_seconds", "tdm_provisions_total",
                           "tdm_cleanups_total", "tdm_rows_generated_total", "tdm_executions_alive",
                           "tdm_queue_depth", "tdm_workers_busy", "tdm_http_requests_total"}) {
    ASSERT_TRUE(families.count(name)) << name;
    EXPECT_FALSE(families[name].help.empty()) << name;
  }
  EXPECT_EQ(families["tdm_provisions_total"].type, "counter");
  EXPECT_EQ(families["tdm_queue_depth"].type, "gauge");
  EXPECT_EQ(Value(families, "tdm_provisions_total", "tdm_provisions_total", {{"status", "ready"}}),
            0);
  EXPECT_EQ(Value(families, "tdm_cleanups_total", "tdm_cleanups_total", {{"status", "failure"}}),
            0);
  EXPECT_TRUE(families["tdm_http_requests_total"].samples.empty());
  ExpectWellFormedHistogram(families["tdm_provision_duration_seconds"],
                            "tdm_provision_duration_seconds");
}

TEST(Metrics, DurationBucketsAreCumulativeInclusiveAndEndInInf) {
  Metrics metrics;
  for (double s : {0.05, 0.3, 1.0, 3.0, 500.0}) metrics.ObserveProvision(s, true, 0);
  auto families = Parse(metrics.Render({}));
  const ParsedFamily& histogram = families["tdm_provision_duration_seconds"];
  ExpectWellFormedHistogram(histogram, "tdm_provision_duration_seconds");
  std::map<std::string, double> expected = {{"0.1", 1}, {"0.25", 1}, {"0.5", 2}, {"1", 3},
                                            {"2.5", 3}, {"5", 4},    {"10", 4},  {"30", 4},
                                            {"60", 4},  {"120", 4},  {"300", 4}, {"+Inf", 5}};
  std::map<std::string, double> actual;
  for (const ParsedSample& s : histogram.samples) {
    if (s.name == "tdm_provision_duration_seconds_bucket") actual[s.labels.at("le")] = s.value;
  }
  EXPECT_EQ(actual, expected);
  EXPECT_DOUBLE_EQ(
      Value(families, "tdm_provision_duration_seconds", "tdm_provision_duration_seconds_sum"),
      504.35);
  EXPECT_EQ(
      Value(families, "tdm_provision_duration_seconds", "tdm_provision_duration_seconds_count"), 5);
}

TEST(Metrics, NegativeOrNonFiniteDurationsCountAsZero) {
  Metrics metrics;
  metrics.ObserveProvision(-3, false, -10);
  metrics.ObserveProvision(NAN, false, 0);
  auto families = Parse(metrics.Render({}));
  EXPECT_EQ(Value(families, "tdm_provision_duration_seconds",
                  "tdm_provision_duration_seconds_bucket", {{"le", "0.1"}}),
            2);
  EXPECT_EQ(Value(families, "tdm_provision_duration_seconds", "tdm_provision_duration_seconds_sum"),
            0);
  EXPECT_EQ(Value(families, "tdm_rows_generated_total", "tdm_rows_generated_total"), 0);
}

TEST(Metrics, OutcomesGaugesAndRequestsAreCountedUnderTheirLabels) {
  Metrics metrics;
  metrics.ObserveProvision(2, true, 1000);
  metrics.ObserveProvision(4, true, 500);
  metrics.ObserveProvision(1, false, 20);
  metrics.CountCleanup(true);
  metrics.CountCleanup(false);
  metrics.CountCleanup(true);
  metrics.CountRequest("GET", "/api/v1/health/{execution_id}", 200);
  metrics.CountRequest("GET", "/api/v1/health/{execution_id}", 200);
  metrics.CountRequest("GET", "/api/v1/health/{execution_id}", 503);
  metrics.CountRequest("POST", "/api/v1/test-data/provision", 202);
  auto families = Parse(metrics.Render({7, 3, 2}));
  EXPECT_EQ(Value(families, "tdm_provisions_total", "tdm_provisions_total", {{"status", "ready"}}),
            2);
  EXPECT_EQ(Value(families, "tdm_provisions_total", "tdm_provisions_total", {{"status", "failed"}}),
            1);
  EXPECT_EQ(Value(families, "tdm_rows_generated_total", "tdm_rows_generated_total"), 1520);
  EXPECT_EQ(Value(families, "tdm_cleanups_total", "tdm_cleanups_total", {{"status", "success"}}),
            2);
  EXPECT_EQ(Value(families, "tdm_cleanups_total", "tdm_cleanups_total", {{"status", "failure"}}),
            1);
  EXPECT_EQ(Value(families, "tdm_executions_alive", "tdm_executions_alive"), 7);
  EXPECT_EQ(Value(families, "tdm_queue_depth", "tdm_queue_depth"), 3);
  EXPECT_EQ(Value(families, "tdm_workers_busy", "tdm_workers_busy"), 2);
  const std::string health = "/api/v1/health/{execution_id}";
  EXPECT_EQ(Value(families, "tdm_http_requests_total", "tdm_http_requests_total",
                  {{"method", "GET"}, {"route", health}, {"code", "200"}}),
            2);
  EXPECT_EQ(Value(families, "tdm_http_requests_total", "tdm_http_requests_total",
                  {{"method", "GET"}, {"route", health}, {"code", "503"}}),
            1);
  EXPECT_EQ(families["tdm_http_requests_total"].samples.size(), 3u);
}

TEST(Metrics, LabelValuesAreEscapedAndReadBackUnchanged) {
  Metrics metrics;
  const std::string route = "/odd/\"quoted\"/back\\slash/new\nline";
  metrics.CountRequest("GET", route, 404);
  std::string text = metrics.Render({});
  auto families = Parse(text);
  EXPECT_EQ(Value(families, "tdm_http_requests_total", "tdm_http_requests_total",
                  {{"route", route}, {"code", "404"}}),
            1);
  EXPECT_EQ(text.find("new\nline"), std::string::npos) << "a raw line feed split a sample";
}

TEST(Metrics, SeriesBeyondTheCapAreCountedUnderRouteOther) {
  Metrics metrics;
  for (size_t i = 0; i < Metrics::kMaxRequestSeries + 50; ++i) {
    metrics.CountRequest("GET", "/raw/" + std::to_string(i), 404);
  }
  auto families = Parse(metrics.Render({}));
  EXPECT_EQ(families["tdm_http_requests_total"].samples.size(), Metrics::kMaxRequestSeries + 1);
  EXPECT_EQ(
      Value(families, "tdm_http_requests_total", "tdm_http_requests_total", {{"route", "other"}}),
      50);
}

TEST(Metrics, ConcurrentUpdatesFromEightThreadsAreAllCounted) {
  Metrics metrics;
  constexpr int kThreads = 8;
  constexpr int kRequests = 20000;
  const std::vector<std::string> routes = {"/healthz", "/api/v1/executions",
                                           "/api/v1/test-data/status/{execution_id}"};
  std::atomic<bool> done{false};
  std::thread reader([&] {  // rendering while counting must always give a parsable text
    while (!done.load()) Parse(metrics.Render({}));
  });
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRequests; ++i) {
        metrics.CountRequest(i % 2 ? "GET" : "POST", routes[(i + t) % routes.size()],
                             i % 5 == 0 ? 500 : 200);
        if (i % 100 == 0) {
          metrics.ObserveProvision(0.2 * (i % 7), i % 200 == 0, 10);
          metrics.CountCleanup(i % 300 != 0);
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  done = true;
  reader.join();

  auto families = Parse(metrics.Render({}));
  double requests = 0;
  for (const ParsedSample& s : families["tdm_http_requests_total"].samples) requests += s.value;
  EXPECT_EQ(requests, kThreads * kRequests);
  EXPECT_EQ(families["tdm_http_requests_total"].samples.size(), 2u * 3u * 2u);
  int observations = kThreads * (kRequests / 100);
  int ready = kThreads * (kRequests / 200);
  int cleanup_failures = kThreads * ((kRequests - 1) / 300 + 1);
  EXPECT_EQ(
      Value(families, "tdm_provision_duration_seconds", "tdm_provision_duration_seconds_count"),
      observations);
  EXPECT_EQ(Value(families, "tdm_provisions_total", "tdm_provisions_total", {{"status", "ready"}}),
            ready);
  EXPECT_EQ(Value(families, "tdm_provisions_total", "tdm_provisions_total", {{"status", "failed"}}),
            observations - ready);
  EXPECT_EQ(Value(families, "tdm_rows_generated_total", "tdm_rows_generated_total"),
            observations * 10);
  EXPECT_EQ(Value(families, "tdm_cleanups_total", "tdm_cleanups_total", {{"status", "failure"}}),
            cleanup_failures);
  EXPECT_EQ(Value(families, "tdm_cleanups_total", "tdm_cleanups_total", {{"status", "success"}}),
            observations - cleanup_failures);
  ExpectWellFormedHistogram(families["tdm_provision_duration_seconds"],
                            "tdm_provision_duration_seconds");
}

}  // namespace
}  // namespace tdm::server
