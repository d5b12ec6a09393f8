// Golden hashes per provider and locale: 10,000 values of a one-column table for every provider
// of the registry, hashed. A change to any provider's output (or a provider added without its
// line) fails here with the provider's name; regenerate with TDM_UPDATE_GOLDEN=1 only together
// with a new generator version for an existing provider.
#include <gtest/gtest.h>

#include <bit>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "core/batch.h"
#include "gen/embedded_data.h"
#include "gen/provider_registry.h"
#include "gen/table_generator.h"
#include "spec/model_hash.h"
#include "spec/provider_sample.h"

namespace tdm::spec {
namespace {

constexpr int64_t kValues = 10000;

// Every value with its type's canonical bytes, so the hash covers nulls and doubles exactly.
std::string Serialize(const Column& column) {
  std::string out;
  for (size_t i = 0; i < column.size(); ++i) {
    if (column.IsNull(i)) {
      out += "\\N\n";
    } else if (column.physical() == PhysicalType::kString) {
      out.append(column.GetString(i)).push_back('\n');
    } else if (column.physical() == PhysicalType::kInt64) {
      out += std::to_string(column.GetInt(i)) + "\n";
    } else {
      out += std::to_string(std::bit_cast<uint64_t>(column.GetDouble(i))) + "\n";
    }
  }
  return out;
}

std::string ProviderHashes() {
  std::string text;
  for (const std::string& locale : gen::AvailableLocales()) {
    for (const gen::Provider& p : gen::Registry().all()) {
      if (!p.SupportsLocale(locale)) continue;
      auto plan = PlanProviderSample(p.name, locale, kValues);
      if (!plan.ok()) {
        text += locale + " " + p.name + " error: " + plan.status().message() + "\n";
        continue;
      }
      auto generator = gen::TableGenerator::Create(plan->tables.front(), plan->context,
                                                   [](std::string_view) { return nullptr; });
      if (!generator.ok()) {
        text += locale + " " + p.name + " error: " + generator.status().message() + "\n";
        continue;
      }
      Batch batch;
      (*generator)->Fill(0, static_cast<size_t>(kValues), batch);
      text += locale + " " + p.name + " " + Sha256Hex(Serialize(batch.columns[0])) + "\n";
    }
  }
  return text;
}

std::map<std::string, std::string> ByProvider(const std::string& text) {
  std::map<std::string, std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    lines[line.substr(0, line.rfind(' '))] = line;
  }
  return lines;
}

TEST(ProviderGolden, EveryProviderAndLocaleMatchesItsHash) {
  const std::string path = std::string(TDM_SOURCE_DIR) + "/tests/golden/providers.sha256";
  std::string actual = ProviderHashes();
  if (const char* update = std::getenv("TDM_UPDATE_GOLDEN"); update && std::string(update) == "1") {
    std::ofstream(path) << actual;
    GTEST_SKIP() << "rewrote " << path;
  }
  std::ifstream in(path);
  std::stringstream expected;
  expected << in.rdbuf();
  auto want = ByProvider(expected.str());
  auto got = ByProvider(actual);
  for (const auto& [key, line] : got) {
    EXPECT_EQ(line.find(" error: "), std::string::npos) << line;
    auto it = want.find(key);
    if (it == want.end()) {
      ADD_FAILURE() << key << " has no golden hash in " << path
                    << " (new provider: regenerate with TDM_UPDATE_GOLDEN=1)";
    } else {
      EXPECT_EQ(line, it->second) << key << " generates different values than its golden hash";
    }
  }
  for (const auto& [key, line] : want) EXPECT_TRUE(got.contains(key)) << key << " is gone";
}

}  // namespace
}  // namespace tdm::spec
