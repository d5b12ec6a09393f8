// Nanoseconds per value for every provider of the registry: one benchmark per provider, each
// generating a one-column table in memory. Providers that need spec keys to work (an enum's
// values, a regex's pattern) get a small example; any provider added later is measured without
// touching this file.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <optional>
#include <string>

#include "core/batch.h"
#include "gen/provider_registry.h"
#include "gen/table_generator.h"
#include "spec/loader.h"
#include "spec/resolver.h"

namespace tdm::bench {
namespace {

constexpr int64_t kRows = 1 << 16;

// Spec text for providers that cannot run from `{provider: NAME}` alone.
const std::map<std::string, std::string>& ExtraKeys() {
  static const std::map<std::string, std::string> extra = {
      {"enum", ", values: [bronze, silver, gold], weights: [0.6, 0.3, 0.1]"},
      {"regex", ", pattern: \"[A-Z]{3}-[0-9]{4}\""},
  };
  return extra;
}

// The one-column plan for `provider`, or nullopt (with the reason on stderr).
std::optional<spec::ProvisionPlan> PlanFor(const std::string& provider) {
  auto extra = ExtraKeys().find(provider);
  std::string text = "datasets:\n  t:\n    fields:\n      v: {provider: " + provider +
                     (extra == ExtraKeys().end() ? "" : extra->second) + "}\n";
  spec::SpecFiles files;
  auto parsed = spec::ParseDataSpec("bench.yaml", text);
  if (!parsed.ok()) return std::nullopt;
  files.data_spec = std::move(parsed).value();
  auto resolved = spec::Resolve(files);
  if (!resolved.ok()) {
    std::fprintf(stderr, "%s: skipped (%s)\n", provider.c_str(),
                 resolved.status().ToString().c_str());
    return std::nullopt;
  }
  auto plan = spec::PlanProvision(*resolved, {"local", "t", kRows, std::nullopt});
  if (!plan.ok() || plan->tables.size() != 1) return std::nullopt;
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
  state.counters["ns_per_value"] =
      benchmark::Counter(static_cast<double>(state.iterations() * kRows),
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
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
