// Nanoseconds per value for every provider of the registry: one benchmark per provider, each
// generating a one-column table in memory (spec::PlanProviderSample); any provider added later is
// measured without touching this file.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <optional>
#include <string>

#include "core/batch.h"
#include "gen/embedded_data.h"
#include "gen/provider_registry.h"
#include "gen/table_generator.h"
#include "spec/provider_sample.h"

namespace tdm::bench {
namespace {

constexpr int64_t kRows = 1 << 16;

// The one-column plan for `provider`, or nullopt (with the reason on stderr).
std::optional<spec::ProvisionPlan> PlanFor(const std::string& provider,
                                           const std::string& locale = "en_US") {
  auto plan = spec::PlanProviderSample(provider, locale, kRows);
  if (!plan.ok()) {
    std::fprintf(stderr, "%s: skipped (%s)\n", provider.c_str(), plan.status().ToString().c_str());
    return std::nullopt;
  }
  return std::move(plan).value();
}

void GenerateColumn(benchmark::State& state, const spec::ProvisionPlan& plan) {
  auto generator = gen::TableGenerator::Create(plan.tables.front(), plan.context,
                                               [](std::string_view) { return nullptr; });
  if (!generator.ok()) {
    state.SkipWithError(generator.status().ToString().c_str());
    return;
  }
  Batch batch;
  for (auto _ : state) {
    (*generator)->Fill(0, static_cast<size_t>(kRows), batch);
    benchmark::DoNotOptimize(batch.columns.data());
  }
  state.SetItemsProcessed(state.iterations() * kRows);
  // A rate of (values / 1e9) per second, inverted: nanoseconds per value.
  state.counters["ns_per_value"] =
      benchmark::Counter(static_cast<double>(state.iterations() * kRows) * 1e-9,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

}  // namespace
}  // namespace tdm::bench

int main(int argc, char** argv) {
  using namespace tdm;
  for (const gen::Provider& provider : gen::Registry().all()) {
    auto plan = bench::PlanFor(provider.name);
    if (!plan) continue;
    benchmark::RegisterBenchmark(
        ("BM_Provider/" + provider.name).c_str(),
        [plan = *plan](benchmark::State& state) { bench::GenerateColumn(state, plan); });
  }
  // The providers whose values follow the locale, in every other locale.
  for (const std::string& locale : gen::AvailableLocales()) {
    if (locale == "en_US") continue;
    for (const char* name : {"full_name", "email", "phone", "city", "postcode", "street_address",
                             "full_address", "national_id"}) {
      auto plan = bench::PlanFor(name, locale);
      if (!plan) continue;
      benchmark::RegisterBenchmark(
          ("BM_Provider/" + std::string(name) + "/" + locale).c_str(),
          [plan = *plan](benchmark::State& state) { bench::GenerateColumn(state, plan); });
    }
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
