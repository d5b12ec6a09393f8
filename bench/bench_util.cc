#include "bench_util.h"

#include <cstdio>
#include <cstdlib>

#include "provision/provisioner.h"
#include "spec/loader.h"

namespace tdm::bench {
namespace {

constexpr const char* kUsersSpec = R"yaml(
datasets:
  users:
    factory: UserFactory
)yaml";

template <typename T>
T OrDie(Result<T> result) {
  if (!result.ok()) {
    std::fprintf(stderr, "bench set-up failed: %s\n", result.status().ToString().c_str());
    std::exit(1);
  }
  return std::move(result).value();
}

}  // namespace

spec::ProvisionPlan UsersPlan(int64_t rows, const std::string& locale) {
  spec::SpecFiles files;
  std::string text = "locale: " + locale + "\n" + kUsersSpec;
  files.data_spec = OrDie(spec::ParseDataSpec("bench.yaml", text));
  spec::ResolvedSpec resolved = OrDie(spec::Resolve(files));
  return OrDie(spec::PlanProvision(resolved, {"local", "users", rows, std::nullopt}));
}

std::vector<std::unique_ptr<gen::TableGenerator>> Generators(const spec::ProvisionPlan& plan) {
  return OrDie(provision::BuildGenerators(plan));
}

}  // namespace tdm::bench
