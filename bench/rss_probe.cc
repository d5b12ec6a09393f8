// Streams N users rows (default 10,000,000) as jsonl to /dev/null and prints, as JSON, the rows,
// the time and the process's peak resident set size.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "bench_util.h"
#include "provision/pipeline.h"
#include "store/file/file_sink.h"

int main(int argc, char** argv) {
  int64_t rows = argc > 1 ? std::atoll(argv[1]) : 10'000'000;
  auto plan = tdm::bench::UsersPlan(rows);
  auto generators = tdm::bench::Generators(plan);
  std::ofstream out("/dev/null", std::ios::binary);
  auto sink = tdm::store::MakeFileSink(tdm::store::FileFormat::kJsonl, out);
  auto start = std::chrono::steady_clock::now();
  tdm::Status status = tdm::provision::RunPipeline({generators.back().get()}, *sink, {});
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!status.ok()) {
    std::fprintf(stderr, "%s\n", status.ToString().c_str());
    return 1;
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf(
      "{\"rows\": %lld, \"seconds\": %.3f, \"rows_per_second\": %.0f, \"peak_rss_mb\": %.1f}\n",
      static_cast<long long>(rows), seconds, static_cast<double>(rows) / seconds,
      static_cast<double>(usage.ru_maxrss) / 1024.0);
  return 0;
}
