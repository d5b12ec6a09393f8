// A small table with every column type, and helpers the file store tests share.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/batch.h"
#include "core/time_format.h"
#include "store/file/file_sink.h"
#include "store/file/file_source.h"

namespace tdm::store::testing {

inline TableSchema PeopleSchema() {
  TableSchema schema;
  schema.name = "people";
  schema.columns = {
      {"_id", ColumnType::kObjectId, false, true, true},
      {"name", ColumnType::kString, true, false, false},
      {"age", ColumnType::kInteger, false, false, false},
      {"score", ColumnType::kFloat, false, false, false},
      {"active", ColumnType::kBoolean, false, false, false},
      {"birthday", ColumnType::kDate, true, false, false},
      {"created_at", ColumnType::kDateTime, false, false, false},
      {"token", ColumnType::kUuid, true, false, false},
  };
  return schema;
}

// Three rows: a string with a quote, a comma, a line break and a non-ASCII letter; nulls; a
// negative number; floats (one integral); a datetime with microseconds; a date before 1970.
inline void FillPeople(const TableSchema& schema, Batch& batch) {
  batch.Reset(schema, 0, 3);
  auto& c = batch.columns;
  c[0].AppendString("65a1b2c3d4e5f60718293a4b");
  c[0].AppendString("65a1b2c3d4e5f60718293a4c");
  c[0].AppendString("65a1b2c3d4e5f60718293a4d");
  c[1].AppendString("Zo\xc3\xab \"Z\", the\nfirst");
  c[1].AppendNull();
  c[1].AppendString("plain");
  c[2].AppendInt(31);
  c[2].AppendInt(-5);
  c[2].AppendInt(0);
  c[3].AppendDouble(7.0);
  c[3].AppendDouble(0.1);
  c[3].AppendDouble(-1234.5678);
  c[4].AppendInt(1);
  c[4].AppendInt(0);
  c[4].AppendInt(1);
  c[5].AppendInt(*ParseDate("1990-05-17"));
  c[5].AppendNull();
  c[5].AppendInt(*ParseDate("1969-12-31"));
  c[6].AppendInt(*ParseDateTime("2024-01-02T03:04:05Z"));
  c[6].AppendInt(*ParseDateTime("2024-01-02T03:04:05.123456Z"));
  c[6].AppendInt(0);
  c[7].AppendString("123e4567-e89b-12d3-a456-426614174000");
  c[7].AppendNull();
  c[7].AppendString("00000000-0000-4000-8000-00000000000a");
}

// Runs one table through a sink writing to a string.
inline std::string WriteToString(FileFormat format, const TableSchema& schema, const Batch& batch) {
  std::ostringstream out;
  auto sink = MakeFileSink(format, out);
  EXPECT_TRUE(sink->BeginTable(schema).ok());
  EXPECT_TRUE(sink->Write(batch).ok());
  EXPECT_TRUE(sink->EndTable().ok());
  EXPECT_TRUE(sink->Finish().ok());
  return out.str();
}

inline std::string WritePeople(FileFormat format) {
  TableSchema schema = PeopleSchema();
  Batch batch;
  FillPeople(schema, batch);
  return WriteToString(format, schema, batch);
}

// A directory of this test process's own (CTest runs each test as a process, in parallel), removed
// when the process ends.
class ScratchDirectory {
 public:
  ScratchDirectory()
      : path_(std::filesystem::path(::testing::TempDir()) /
              ("tdm_store_file_test_" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(path_);
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline const std::filesystem::path& ScratchDir() {
  static ScratchDirectory directory;
  return directory.path();
}

// A file in ScratchDir() holding `content`.
inline std::string WriteTempFile(const std::string& name, const std::string& content) {
  std::string path = (ScratchDir() / name).string();
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void ExpectSameRows(const Batch& expected, const Batch& actual) {
  ASSERT_EQ(expected.num_rows, actual.num_rows);
  ASSERT_EQ(expected.columns.size(), actual.columns.size());
  for (size_t c = 0; c < expected.columns.size(); ++c) {
    const Column& e = expected.columns[c];
    const Column& a = actual.columns[c];
    ASSERT_EQ(e.type(), a.type()) << "column " << c;
    for (size_t r = 0; r < expected.num_rows; ++r) {
      ASSERT_EQ(e.IsNull(r), a.IsNull(r)) << "column " << c << " row " << r;
      if (e.IsNull(r)) continue;
      switch (e.physical()) {
        case PhysicalType::kInt64:
          EXPECT_EQ(e.GetInt(r), a.GetInt(r)) << "column " << c << " row " << r;
          break;
        case PhysicalType::kDouble:
          EXPECT_EQ(e.GetDouble(r), a.GetDouble(r)) << "column " << c << " row " << r;
          break;
        case PhysicalType::kString:
          EXPECT_EQ(e.GetString(r), a.GetString(r)) << "column " << c << " row " << r;
          break;
      }
    }
  }
}

}  // namespace tdm::store::testing
