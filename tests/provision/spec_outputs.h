// Helpers for pipeline tests: resolve a spec, plan a provision and generate every table as JSON
// Lines (one file sink per table, since a jsonl stream holds one table) through RunPipeline.
#pragma once

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "provision/pipeline.h"
#include "provision/provisioner.h"
#include "spec/resolver.h"
#include "store/file/file_sink.h"

namespace tdm::provision::testing {

inline std::string SourcePath(const std::string& relative) {
  return std::string(TDM_SOURCE_DIR) + "/" + relative;
}

// Resolves a spec (with schema-validation.yaml and masking-policies.yaml beside it, if any);
// fails the test and returns nullopt when it does not resolve.
inline std::optional<spec::ResolvedSpec> LoadSpec(const std::string& path) {
  Result<spec::ResolvedSpec> resolved = spec::LoadAndResolve(path);
  EXPECT_TRUE(resolved.ok()) << resolved.status().ToString();
  if (!resolved.ok()) return std::nullopt;
  return std::move(resolved).value();
}

inline std::optional<spec::ProvisionPlan> PlanFor(const spec::ResolvedSpec& resolved,
                                                  const std::string& environment,
                                                  std::optional<int64_t> count = std::nullopt,
                                                  const std::string& dataset = "all") {
  spec::ProvisionRequest request;
  request.environment = environment;
  request.dataset = dataset;
  request.count = count;
  Result<spec::ProvisionPlan> plan = spec::PlanProvision(resolved, request);
  EXPECT_TRUE(plan.ok()) << plan.status().ToString();
  if (!plan.ok()) return std::nullopt;
  return std::move(plan).value();
}

struct TableOutput {
  std::string table;
  int64_t rows = 0;
  std::string jsonl;
};

inline PipelineOptions Options(int threads, size_t batch_rows) {
  PipelineOptions options;
  options.threads = threads;
  options.batch_rows = batch_rows;
  return options;
}

// Every table of the plan, parents first, as the bytes of a jsonl file. With `spec`, fields
// marked `masked:` are masked as provision masks them.
inline std::vector<TableOutput> GenerateJsonl(const spec::ProvisionPlan& plan,
                                              const PipelineOptions& options = Options(2, 1 << 16),
                                              const spec::ResolvedSpec* spec = nullptr) {
  std::vector<TableOutput> outputs;
  Result<std::vector<std::unique_ptr<gen::TableGenerator>>> tables = BuildGenerators(plan);
  EXPECT_TRUE(tables.ok()) << tables.status().ToString();
  if (!tables.ok()) return outputs;
  TableMaskers maskers;
  if (spec != nullptr) {
    auto built = BuildGenerationMaskers(*spec, *tables);
    EXPECT_TRUE(built.ok()) << built.status().ToString();
    if (built.ok()) maskers = std::move(*built);
  }
  PipelineOptions with_masks = options;
  with_masks.maskers = &maskers;
  for (const auto& table : *tables) {
    std::ostringstream out;
    std::unique_ptr<Sink> sink = store::MakeFileSink(store::FileFormat::kJsonl, out);
    Status status = RunPipeline({table.get()}, *sink, with_masks);
    EXPECT_TRUE(status.ok()) << table->schema().name << ": " << status.ToString();
    outputs.push_back({table->schema().name, table->num_rows(), out.str()});
  }
  return outputs;
}

inline const TableOutput* FindTable(const std::vector<TableOutput>& outputs,
                                    std::string_view table) {
  for (const TableOutput& t : outputs) {
    if (t.table == table) return &t;
  }
  ADD_FAILURE() << "no table " << table;
  return nullptr;
}

inline std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

inline std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EXPECT_EQ(EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr), 1);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0xF]);
  }
  return hex;
}

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  EXPECT_TRUE(out.good()) << "cannot write " << path;
}

// A fresh directory under the system temp dir, removed when the object goes away.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "tdm-test-XXXXXX").string();
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (mkdtemp(buffer.data()) != nullptr) path_ = buffer.data();
    EXPECT_FALSE(path_.empty()) << "mkdtemp failed";
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace tdm::provision::testing
