// Masking throughput in memory on one thread, over 65,536 generated rows of the seed's users shape
// (id, full_name, email, phone, ssn, credit_card, age, created_at):
//
//   BM_MaskUsers                        TableMasker::Mask with the seed's masking-policies.yaml
//                                       rules (email and ssn hashed with their salts, phone
//                                       redacted, full_name anonymized, credit_card hashed keeping
//                                       the last four); items_per_second is rows (target >= 1M).
//   BM_MaskUsersFreshOutput             the same into a new output batch each time, as the masked
//                                       copy's pipeline masks each batch.
//   BM_MaskStrategy/<strategy>/<column> one ColumnMasker over one column: ns_per_value.
//
// The rows are generated once, before any clock starts; TableMasker::Mask moves the unmasked
// columns out of its input, so each iteration copies the input outside the timed region.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/batch.h"
#include "gen/table_generator.h"
#include "mask/strategy.h"
#include "mask/table_masker.h"
#include "spec/loader.h"
#include "spec/resolver.h"

namespace tdm::bench {
namespace {

constexpr int64_t kRows = 1 << 16;

// The users shape of the seed's masking example, with realistic values from tdm's providers.
constexpr const char* kUsersSpec = R"yaml(
datasets:
  users:
    fields:
      id: {type: integer, provider: sequence, primary_key: true}
      full_name: {type: string, provider: full_name}
      email: {type: string, provider: email, unique: true}
      phone: {type: string, provider: phone}
      ssn: {type: string, provider: ssn}
      credit_card: {type: string, provider: card_number}
      age: {type: integer, provider: age}
      created_at: {type: datetime, provider: datetime}
)yaml";

template <typename T>
T OrDie(Result<T> result) {
  if (!result.ok()) {
    std::fprintf(stderr, "bench set-up failed: %s\n", result.status().ToString().c_str());
    std::exit(1);
  }
  return std::move(result).value();
}

struct UsersRows {
  TableSchema schema;
  Batch batch;
};

const UsersRows& Users() {
  static const UsersRows* const rows = [] {
    spec::SpecFiles files;
    files.data_spec = OrDie(spec::ParseDataSpec("mask_bench.yaml", kUsersSpec));
    spec::ResolvedSpec resolved = OrDie(spec::Resolve(files));
    spec::ProvisionPlan plan =
        OrDie(spec::PlanProvision(resolved, {"local", "users", kRows, std::nullopt}));
    auto users = OrDie(gen::TableGenerator::Create(plan.tables.front(), plan.context,
                                                   [](std::string_view) { return nullptr; }));
    auto* out = new UsersRows{users->schema(), {}};
    users->Fill(0, static_cast<size_t>(kRows), out->batch);
    out->batch.schema = &out->schema;
    return out;
  }();
  return *rows;
}

size_t ColumnIndex(const TableSchema& table, const std::string& name) {
  int c = table.FindColumn(name);
  if (c < 0) {
    std::fprintf(stderr, "bench set-up failed: no column %s\n", name.c_str());
    std::exit(1);
  }
  return static_cast<size_t>(c);
}

mask::MaskRule Rule(std::string strategy, std::string key) {
  mask::MaskRule rule;
  rule.strategy = std::move(strategy);
  rule.key = std::move(key);
  return rule;
}

// examples/masking-policies.yaml resolved for the users columns, as MaskingPolicy::For gives
// them: credit_card has no salt of its own and takes policies.default's. The seed's
// `faker_provider: name` is spelled `full_name` in tdm's provider registry.
std::vector<std::optional<mask::MaskRule>> SeedRules(const TableSchema& table) {
  std::vector<std::optional<mask::MaskRule>> rules(table.columns.size());
  rules[ColumnIndex(table, "email")] = Rule("hash", "email_salt_9876");
  mask::MaskRule phone = Rule("redact", "default_salt_12345");
  phone.replacement = "+1-555-0000";
  rules[ColumnIndex(table, "phone")] = phone;
  rules[ColumnIndex(table, "ssn")] = Rule("hash", "ssn_salt_5555");
  mask::MaskRule name = Rule("anonymize", "default_salt_12345");
  name.provider = "full_name";
  rules[ColumnIndex(table, "full_name")] = name;
  mask::MaskRule card = Rule("hash", "default_salt_12345");
  card.show_last = 4;
  rules[ColumnIndex(table, "credit_card")] = card;
  return rules;
}

// Masks the users rows once per iteration. With `fresh_output` every batch is masked into a new
// output batch, as the masked copy's pipeline does (one token per batch), so the output's arenas
// grow from empty each time; otherwise the output batch is reused, as a pipeline recycling its
// batches would, and a first, untimed batch sizes it.
void MaskUsers(benchmark::State& state, bool fresh_output) {
  const UsersRows& users = Users();
  auto masker = mask::TableMasker::Create(users.schema, SeedRules(users.schema));
  if (!masker.ok()) {
    state.SkipWithError(masker.status().ToString().c_str());
    return;
  }
  Batch in = users.batch;
  auto out = std::make_unique<Batch>();
  if (!fresh_output) (void)(*masker)->Mask(in, *out);
  for (auto _ : state) {
    state.PauseTiming();
    in = users.batch;
    if (fresh_output) out = std::make_unique<Batch>();
    state.ResumeTiming();
    Status status = (*masker)->Mask(in, *out);
    if (!status.ok()) {
      state.SkipWithError(status.ToString().c_str());
      break;
    }
    benchmark::DoNotOptimize(out->columns.data());
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}

void BM_MaskUsers(benchmark::State& state) { MaskUsers(state, false); }
BENCHMARK(BM_MaskUsers)->Unit(benchmark::kMillisecond);

void BM_MaskUsersFreshOutput(benchmark::State& state) { MaskUsers(state, true); }
BENCHMARK(BM_MaskUsersFreshOutput)->Unit(benchmark::kMillisecond);

// One strategy over one column of the users rows.
void MaskColumn(benchmark::State& state, const mask::MaskRule& rule, const std::string& column) {
  const UsersRows& users = Users();
  size_t c = ColumnIndex(users.schema, column);
  auto masker = mask::MakeColumnMasker(rule, users.schema.columns[c]);
  if (!masker.ok()) {
    state.SkipWithError(masker.status().ToString().c_str());
    return;
  }
  const Column& in = users.batch.columns[c];
  Column out(users.schema.columns[c].type);
  for (auto _ : state) {
    out.Clear();
    Status status = (*masker)->Mask(in, static_cast<size_t>(kRows), out);
    if (!status.ok()) {
      state.SkipWithError(status.ToString().c_str());
      break;
    }
    benchmark::DoNotOptimize(out.arena().data());
  }
  state.SetItemsProcessed(state.iterations() * kRows);
  // A rate of (values / 1e9) per second, inverted: nanoseconds per value.
  state.counters["ns_per_value"] =
      benchmark::Counter(static_cast<double>(state.iterations() * kRows) * 1e-9,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void RegisterStrategyBenchmarks() {
  struct Case {
    const char* name;
    const char* column;
    mask::MaskRule rule;
  };
  const std::string key = "bench_salt_12345";
  mask::MaskRule show_last_4 = Rule("hash", key);
  show_last_4.show_last = 4;
  mask::MaskRule redact = Rule("redact", key);
  redact.replacement = "+1-555-0000";
  mask::MaskRule anonymize = Rule("anonymize", key);
  anonymize.provider = "full_name";
  mask::MaskRule anonymize_email = Rule("anonymize", key);
  anonymize_email.provider = "email";
  const std::vector<Case> cases = {
      {"hash", "email", Rule("hash", key)},
      {"hash", "ssn", Rule("hash", key)},
      {"hash_show_last_4", "credit_card", show_last_4},
      {"redact", "phone", redact},
      {"anonymize", "full_name", anonymize},
      {"anonymize", "email", anonymize_email},
      {"partial", "credit_card", Rule("partial", key)},
      {"noise", "age", Rule("noise", key)},
      {"noise", "created_at", Rule("noise", key)},
      {"fpe", "ssn", Rule("fpe", key)},
      {"fpe", "credit_card", Rule("fpe", key)},
  };
  for (const Case& c : cases) {
    benchmark::RegisterBenchmark(
        ("BM_MaskStrategy/" + std::string(c.name) + "/" + c.column).c_str(),
        [rule = c.rule, column = std::string(c.column)](benchmark::State& state) {
          MaskColumn(state, rule, column);
        });
  }
}

}  // namespace
}  // namespace tdm::bench

int main(int argc, char** argv) {
  tdm::bench::RegisterStrategyBenchmarks();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
