// Rows per second for the users shape loaded into a fresh MySQL/MariaDB database through the
// mysql sink (primary key, unique email index and write-order column included), and read back.
// Needs the server of scripts/test-servers: TDM_TEST_MYSQL_URL in the environment.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>

#include "bench_util.h"
#include "provision/pipeline.h"
#include "store/database.h"

namespace tdm::bench {
namespace {

constexpr size_t kBatchRows = 1 << 16;

std::unique_ptr<store::Database> OpenServer(benchmark::State& state) {
  const char* text = std::getenv("TDM_TEST_MYSQL_URL");
  if (text == nullptr || *text == '\0') {
    state.SkipWithError("TDM_TEST_MYSQL_URL is not set: eval \"$(scripts/test-servers start)\"");
    return nullptr;
  }
  auto url = store::ParseTarget(text);
  if (!url.ok()) {
    state.SkipWithError(url.status().ToString().c_str());
    return nullptr;
  }
  auto db = store::OpenDatabase(*url);
  if (!db.ok()) {
    state.SkipWithError(db.status().ToString().c_str());
    return nullptr;
  }
  return std::move(*db);
}

std::string BenchNamespace() { return "tdm_bench_users_" + std::to_string(getpid()); }

Status LoadUsers(store::Database& db, const std::string& ns, const gen::TableGenerator& users) {
  TDM_ASSIGN_OR_RETURN(auto sink, db.Create(ns));
  return provision::RunPipeline({&users}, *sink, {2, kBatchRows, {}});
}

void BM_UsersIntoMysql(benchmark::State& state) {
  const int64_t rows = state.range(0);
  auto db = OpenServer(state);
  if (db == nullptr) return;
  auto plan = UsersPlan(rows);
  auto generators = Generators(plan);
  const std::string ns = BenchNamespace();
  for (auto _ : state) {
    state.PauseTiming();
    (void)db->Drop(ns);
    state.ResumeTiming();
    Status status = LoadUsers(*db, ns, *generators.back());
    if (!status.ok()) {
      state.SkipWithError(status.ToString().c_str());
      break;
    }
  }
  (void)db->Drop(ns);
  state.SetItemsProcessed(state.iterations() * rows);
}
BENCHMARK(BM_UsersIntoMysql)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(2);

void BM_UsersFromMysql(benchmark::State& state) {
  const int64_t rows = state.range(0);
  auto db = OpenServer(state);
  if (db == nullptr) return;
  auto plan = UsersPlan(rows);
  auto generators = Generators(plan);
  const std::string ns = BenchNamespace();
  (void)db->Drop(ns);
  if (Status loaded = LoadUsers(*db, ns, *generators.back()); !loaded.ok()) {
    state.SkipWithError(loaded.ToString().c_str());
    return;
  }
  const std::string table = generators.back()->schema().name;
  for (auto _ : state) {
    auto source = db->Read(ns, {table, {}, std::nullopt, {}});
    if (!source.ok()) {
      state.SkipWithError(source.status().ToString().c_str());
      break;
    }
    Batch batch;
    int64_t read = 0;
    while (true) {
      auto more = (*source)->Next(batch, kBatchRows);
      if (!more.ok()) {
        state.SkipWithError(more.status().ToString().c_str());
        break;
      }
      if (!*more) break;
      read += static_cast<int64_t>(batch.num_rows);
    }
    if (read != rows) state.SkipWithError("read a different number of rows than were loaded");
  }
  (void)db->Drop(ns);
  state.SetItemsProcessed(state.iterations() * rows);
}
BENCHMARK(BM_UsersFromMysql)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(2);

}  // namespace
}  // namespace tdm::bench
