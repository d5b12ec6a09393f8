// Nanoseconds per value of the numeric distributions (gen/distribution.h) through the integer and
// float providers, against the uniform path, and the make time of a zipf table.
#include <benchmark/benchmark.h>

#include <map>
#include <string>

#include "core/batch.h"
#include "gen/distribution.h"
#include "gen/provider_registry.h"
#include "gen/table_generator.h"

namespace tdm::bench {
namespace {

constexpr int64_t kRows = 1 << 16;

gen::FieldSpec Field(const std::string& provider, int64_t lo, int64_t hi,
                     std::map<std::string, std::string> options) {
  gen::FieldSpec f;
  f.name = "x";
  f.provider = provider;
  f.type = provider == "float" ? ColumnType::kFloat : ColumnType::kInteger;
  if (provider == "float") {
    f.float_min = static_cast<double>(lo);
    f.float_max = static_cast<double>(hi);
  } else {
    f.int_min = lo;
    f.int_max = hi;
  }
  f.options = std::move(options);
  return f;
}

void Generate(benchmark::State& state, const gen::FieldSpec& field) {
  gen::DatasetPlan plan;
  plan.name = "t";
  plan.rows = kRows;
  plan.fields = {field};
  gen::GenerationContext context;
  context.seed = 42;
  auto generator =
      gen::TableGenerator::Create(plan, context, [](std::string_view) { return nullptr; });
  if (!generator.ok()) {
    state.SkipWithError(generator.status().ToString().c_str());
    return;
  }
  Batch batch;
  for (auto _ : state) {
    (*generator)->Fill(0, static_cast<size_t>(kRows), batch);
    benchmark::DoNotOptimize(batch.columns.data());
  }
  state.counters["ns_per_value"] =
      benchmark::Counter(static_cast<double>(state.iterations() * kRows) * 1e-9,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_IntegerUniform(benchmark::State& state) { Generate(state, Field("integer", 0, 100, {})); }
void BM_IntegerNormal(benchmark::State& state) {
  Generate(state, Field("integer", 0, 100,
                        {{"distribution", "normal"}, {"mean", "70"}, {"stddev", "12"}}));
}
void BM_FloatLognormal(benchmark::State& state) {
  Generate(state, Field("float", 0, 5000,
                        {{"distribution", "lognormal"}, {"median", "40"}, {"sigma", "1.1"}}));
}
void BM_IntegerZipf10k(benchmark::State& state) {
  Generate(state, Field("integer", 1, 10000, {{"distribution", "zipf"}, {"s", "1.2"}}));
}
void BM_IntegerZipf10M(benchmark::State& state) {
  Generate(state, Field("integer", 1, 10'000'000, {{"distribution", "zipf"}, {"s", "0.8"}}));
}

// Building the table of the largest zipf field allowed.
void BM_ZipfTable10M(benchmark::State& state) {
  gen::FieldSpec f = Field("integer", 1, 10'000'000, {{"distribution", "zipf"}, {"s", "1.1"}});
  for (auto _ : state) {
    auto d = gen::MakeDistribution(f, gen::UnitRange{1, 10'000'000, 1});
    benchmark::DoNotOptimize(d);
  }
  state.SetLabel("make time");
}

BENCHMARK(BM_IntegerUniform);
BENCHMARK(BM_IntegerNormal);
BENCHMARK(BM_FloatLognormal);
BENCHMARK(BM_IntegerZipf10k);
BENCHMARK(BM_IntegerZipf10M);
BENCHMARK(BM_ZipfTable10M)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tdm::bench

BENCHMARK_MAIN();
