// Mutated json, jsonl, csv and ejson files never crash the readers: each read either succeeds or
// fails with a Status that names the file.
#include <gtest/gtest.h>

#include "sample_table.h"

namespace tdm::store {
namespace {

constexpr int kMutantsPerFormat = 1500;

std::string Mutate(const std::string& text, uint64_t& state) {
  auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
  };
  static constexpr char kNoise[] = "{}[]\",:\\\n\r $0e-.ntf";
  std::string out = text;
  int edits = 1 + static_cast<int>(next() % 4);
  for (int e = 0; e < edits && !out.empty(); ++e) {
    size_t pos = next() % out.size();
    switch (next() % 4) {
      case 0:
        out.erase(pos, 1 + next() % 3);
        break;
      case 1:
        out.insert(pos, 1, kNoise[next() % (sizeof(kNoise) - 1)]);
        break;
      case 2:
        out[pos] = kNoise[next() % (sizeof(kNoise) - 1)];
        break;
      default:
        out.insert(pos, out.substr(next() % out.size(), 1 + next() % 8));
        break;
    }
  }
  return out;
}

void ReadAll(const std::string& path, FileFormat format) {
  auto source = OpenFileSource(path, "t", format);
  if (!source.ok()) {
    EXPECT_NE(source.status().ToString().find("fuzz_"), std::string::npos)
        << "error does not name the file: " << source.status().ToString();
    return;
  }
  Batch batch;
  for (int i = 0; i < 1000; ++i) {
    auto more = (*source)->Next(batch, 64);
    if (!more.ok() || !*more) return;
    ASSERT_LE(batch.num_rows, 64u);
    for (const Column& c : batch.columns) ASSERT_EQ(c.size(), batch.num_rows);
  }
}

TEST(ReaderFuzzTest, MutatedFilesNeverCrash) {
  for (FileFormat format :
       {FileFormat::kJson, FileFormat::kJsonl, FileFormat::kCsv, FileFormat::kEjson}) {
    SCOPED_TRACE(std::string(FileFormatName(format)));
    const std::string original = testing::WritePeople(format);
    uint64_t state = 0x9e3779b97f4a7c15ULL + static_cast<uint64_t>(format);
    for (int i = 0; i < kMutantsPerFormat; ++i) {
      std::string path = testing::WriteTempFile(
          "fuzz_" + std::to_string(i) + "." + std::string(FileFormatName(format)),
          Mutate(original, state));
      ReadAll(path, format);
      std::filesystem::remove(path);
      if (HasFatalFailure()) return;
    }
  }
}

}  // namespace
}  // namespace tdm::store
