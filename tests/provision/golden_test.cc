// Golden files: the exact bytes a spec generates, pinned.
//
// For each spec below, tests/golden/<name>.sha256 holds one "<table> <sha256 of its jsonl>" line
// per table (parents first), and tests/golden/<name>.<table>.head.jsonl the table's first 5 rows
// for human review. A failure here means generated data changed: that is only allowed together
// with a new generator version (see gen/field_spec.h), since users rely on `generator: N` giving
// the same bytes forever.
//
// To regenerate the files on purpose, run the test with TDM_UPDATE_GOLDEN=1:
//   TDM_UPDATE_GOLDEN=1 build/tests/provision_tests --gtest_filter='*Golden*'
// and review the diff of tests/golden/ before committing it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "gen/provider_registry.h"
#include "provision/spec_outputs.h"

namespace tdm::provision {
namespace {

using testing::GenerateJsonl;
using testing::Lines;
using testing::LoadSpec;
using testing::PlanFor;
using testing::ReadFile;
using testing::Sha256Hex;
using testing::SourcePath;
using testing::TableOutput;
using testing::WriteFile;

constexpr size_t kHeadRows = 5;

struct GoldenCase {
  const char* name;  // file stem under tests/golden/
  const char* spec;  // relative to the source root
  const char* environment;
};

const GoldenCase kCases[] = {
    {"data_spec_ci", "examples/data-spec.yaml", "ci"},
    {"data_spec_v1_ci", "examples/data-spec-v1.yaml", "ci"},
    {"all_providers", "tests/golden/all_providers.yaml", "ci"},
};

// Names the case in test output instead of dumping its bytes.
void PrintTo(const GoldenCase& c, std::ostream* out) { *out << c.name; }

bool UpdateGolden() {
  const char* value = std::getenv("TDM_UPDATE_GOLDEN");
  return value != nullptr && std::string(value) == "1";
}

std::filesystem::path GoldenDir() { return SourcePath("tests/golden"); }

std::string HashList(const std::vector<TableOutput>& tables) {
  std::string text;
  for (const TableOutput& t : tables) text += t.table + " " + Sha256Hex(t.jsonl) + "\n";
  return text;
}

std::string Head(const TableOutput& table) {
  std::string text;
  std::vector<std::string> lines = Lines(table.jsonl);
  for (size_t i = 0; i < lines.size() && i < kHeadRows; ++i) text += lines[i] + "\n";
  return text;
}

class Golden : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(Golden, JsonlMatchesTheGoldenFiles) {
  const GoldenCase& c = GetParam();
  auto spec = LoadSpec(SourcePath(c.spec));
  ASSERT_TRUE(spec);
  auto plan = PlanFor(*spec, c.environment);
  ASSERT_TRUE(plan);
  std::vector<TableOutput> tables = GenerateJsonl(*plan, testing::Options(2, 1 << 16), &*spec);
  ASSERT_FALSE(tables.empty());
  for (const TableOutput& t : tables) {
    EXPECT_EQ(Lines(t.jsonl).size(), static_cast<size_t>(t.rows)) << t.table;
  }

  std::filesystem::path hashes = GoldenDir() / (std::string(c.name) + ".sha256");
  auto head_path = [&](const TableOutput& t) {
    return GoldenDir() / (std::string(c.name) + "." + t.table + ".head.jsonl");
  };
  if (UpdateGolden()) {
    WriteFile(hashes, HashList(tables));
    for (const TableOutput& t : tables) WriteFile(head_path(t), Head(t));
    GTEST_SKIP() << "rewrote " << hashes.string() << " and its .head.jsonl files";
  }

  const std::string how =
      "; if the change is intended (with a new generator version), regenerate with "
      "TDM_UPDATE_GOLDEN=1 provision_tests --gtest_filter='*Golden*' and review the diff";
  ASSERT_TRUE(std::filesystem::exists(hashes)) << hashes << " is missing" << how;
  // Heads first: a readable diff of the first rows says what changed.
  for (const TableOutput& t : tables) {
    EXPECT_EQ(Head(t), ReadFile(head_path(t))) << c.name << "." << t.table << how;
  }
  EXPECT_EQ(HashList(tables), ReadFile(hashes)) << c.name << how;
}

INSTANTIATE_TEST_SUITE_P(Specs, Golden, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<GoldenCase>& info) {
                           return std::string(info.param.name);
                         });

TEST(GoldenSpec, AllProvidersSpecUsesEveryProviderAndPinsTheGenerator) {
  auto spec = LoadSpec(SourcePath("tests/golden/all_providers.yaml"));
  ASSERT_TRUE(spec);
  EXPECT_EQ(spec->context.generator_version, 1);
  std::set<std::string> used;
  bool has_foreign_key = false;
  for (const spec::ResolvedDataset& d : spec->datasets) {
    for (const gen::FieldSpec& f : d.fields) {
      used.insert(f.provider);
      has_foreign_key |= f.foreign_key.has_value();
    }
  }
  for (const std::string& name : gen::Registry().Names()) {
    EXPECT_TRUE(used.count(name)) << "tests/golden/all_providers.yaml has no '" << name
                                  << "' field; add one and regenerate the golden files";
  }
  EXPECT_TRUE(has_foreign_key);
  for (const std::string& note : spec->notes) {
    EXPECT_EQ(note.find("instead"), std::string::npos) << "a provider was replaced: " << note;
  }
}

}  // namespace
}  // namespace tdm::provision
