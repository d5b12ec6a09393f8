// Rows per second for the users shape: generated in memory, written as jsonl to /dev/null, and
// loaded into SQLite (including the primary-key and unique indexes built after the load).
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>

#include "bench_util.h"
#include "provision/pipeline.h"
#include "store/file/file_sink.h"
#include "store/sqlite/sqlite_sink.h"

namespace tdm::bench {
namespace {

constexpr size_t kBatchRows = 1 << 16;

// Generates `rows` users rows in `locale` in memory, batch by batch, once per iteration.
void GenerateUsers(benchmark::State& state, int64_t rows, const std::string& locale) {
  auto plan = UsersPlan(rows, locale);
  auto generators = Generators(plan);
  const gen::TableGenerator& users = *generators.back();
  Batch batch;
  for (auto _ : state) {
    for (int64_t first = 0; first < rows; first += kBatchRows) {
      size_t count = static_cast<size_t>(std::min<int64_t>(kBatchRows, rows - first));
      users.Fill(first, count, batch);
      benchmark::DoNotOptimize(batch.columns.data());
    }
  }
  state.SetItemsProcessed(state.iterations() * rows);
}

void BM_GenerateUsersInMemory(benchmark::State& state) {
  GenerateUsers(state, state.range(0), "en_US");
}
BENCHMARK(BM_GenerateUsersInMemory)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

// The same shape in every locale: names, emails and phones from the locale's lists and plans.
void BM_GenerateUsersInLocale(benchmark::State& state) {
  static const char* const kLocales[] = {"en_US", "en_GB", "de_DE", "fr_FR",
                                         "es_ES", "it_IT", "pt_BR", "ja_JP"};
  const std::string locale = kLocales[state.range(0)];
  GenerateUsers(state, 1'000'000, locale);
  state.SetLabel(locale);
}
BENCHMARK(BM_GenerateUsersInLocale)->DenseRange(0, 7)->Unit(benchmark::kMillisecond);

void BM_UsersJsonlToDevNull(benchmark::State& state) {
  const int64_t rows = state.range(0);
  const int threads = static_cast<int>(state.range(1));
  auto plan = UsersPlan(rows);
  auto generators = Generators(plan);
  for (auto _ : state) {
    std::ofstream out("/dev/null", std::ios::binary);
    auto sink = store::MakeFileSink(store::FileFormat::kJsonl, out);
    Status status =
        provision::RunPipeline({generators.back().get()}, *sink, {threads, kBatchRows, {}});
    if (!status.ok()) state.SkipWithError(status.ToString().c_str());
  }
  state.SetItemsProcessed(state.iterations() * rows);
}
BENCHMARK(BM_UsersJsonlToDevNull)
    ->Args({1'000'000, 1})
    ->Args({1'000'000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_UsersIntoSqlite(benchmark::State& state) {
  const int64_t rows = state.range(0);
  auto plan = UsersPlan(rows);
  auto generators = Generators(plan);
  std::filesystem::path dir = std::filesystem::temp_directory_path() / "tdm_bench_sqlite";
  std::filesystem::create_directories(dir);
  std::string path = (dir / "users.db").string();
  for (auto _ : state) {
    std::filesystem::remove(path);
    auto sink = store::OpenSqliteSink(path, store::SqliteMode::kCreate);
    if (!sink.ok()) {
      state.SkipWithError(sink.status().ToString().c_str());
      break;
    }
    Status status = provision::RunPipeline({generators.back().get()}, **sink, {2, kBatchRows, {}});
    if (!status.ok()) state.SkipWithError(status.ToString().c_str());
  }
  std::filesystem::remove_all(dir);
  state.SetItemsProcessed(state.iterations() * rows);
}
BENCHMARK(BM_UsersIntoSqlite)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(2);

}  // namespace
}  // namespace tdm::bench
