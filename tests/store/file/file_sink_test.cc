#include "store/file/file_sink.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <thread>

#include "sample_table.h"

namespace tdm::store {
namespace {

namespace fs = std::filesystem;
using testing::FillPeople;
using testing::PeopleSchema;
using testing::ReadFile;

// A fresh, empty directory for one test.
fs::path EmptyDir(const std::string& name) {
  fs::path dir = testing::ScratchDir() / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::vector<std::string> Entries(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

TEST(FileFormat, ParsesNamesAndExtensions) {
  EXPECT_EQ(*ParseFileFormat("jsonl"), FileFormat::kJsonl);
  EXPECT_EQ(*ParseFileFormat("CSV"), FileFormat::kCsv);
  EXPECT_EQ(*ParseFileFormat("ndjson"), FileFormat::kJsonl);
  Result<FileFormat> bad = ParseFileFormat("xml");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("json, jsonl, csv, sql, ejson"), std::string::npos);
  for (FileFormat format : {FileFormat::kJson, FileFormat::kJsonl, FileFormat::kCsv,
                            FileFormat::kSql, FileFormat::kEjson}) {
    EXPECT_EQ(*ParseFileFormat(FileFormatName(format)), format);
  }
  EXPECT_EQ(FormatFromExtension("out/users.json"), FileFormat::kJson);
  EXPECT_EQ(FormatFromExtension("users.JSONL"), FileFormat::kJsonl);
  EXPECT_EQ(FormatFromExtension("dump.sql"), FileFormat::kSql);
  EXPECT_EQ(FormatFromExtension("a.ejson"), FileFormat::kEjson);
  EXPECT_EQ(FormatFromExtension("a.csv"), FileFormat::kCsv);
  EXPECT_EQ(FormatFromExtension("users"), std::nullopt);
  EXPECT_EQ(FormatFromExtension("dir.csv/users"), std::nullopt);
  EXPECT_EQ(FormatFromExtension(".csv"), std::nullopt);
}

TEST(FileSink, WritesToATemporaryFileAndRenamesOnFinish) {
  fs::path dir = EmptyDir("rename");
  std::string path = (dir / "people.jsonl").string();
  TableSchema schema = PeopleSchema();
  Batch batch;
  FillPeople(schema, batch);
  Result<std::unique_ptr<Sink>> sink = MakeFileSinkForPath(FileFormat::kJsonl, path);
  ASSERT_TRUE(sink.ok()) << sink.status().ToString();
  ASSERT_TRUE((*sink)->BeginTable(schema).ok());
  ASSERT_TRUE((*sink)->Write(batch).ok());
  ASSERT_TRUE((*sink)->EndTable().ok());
  std::vector<std::string> during = Entries(dir);
  ASSERT_EQ(during.size(), 1u);
  EXPECT_TRUE(during[0].starts_with("people.jsonl.tmp-")) << during[0];
  ASSERT_TRUE((*sink)->Finish().ok());
  EXPECT_EQ(Entries(dir), std::vector<std::string>{"people.jsonl"});
  EXPECT_EQ(ReadFile(path), testing::WritePeople(FileFormat::kJsonl));
  sink->reset();
  EXPECT_EQ(Entries(dir), std::vector<std::string>{"people.jsonl"});
}

TEST(FileSink, AbortLeavesNothingBehind) {
  fs::path dir = EmptyDir("abort");
  TableSchema schema = PeopleSchema();
  Batch batch;
  FillPeople(schema, batch);
  // Enough rows that some chunks reach the file before the abort.
  for (FileFormat format : {FileFormat::kJson, FileFormat::kCsv, FileFormat::kSql}) {
    auto sink = MakeFileSinkForPath(format, (dir / "out").string());
    ASSERT_TRUE(sink.ok());
    ASSERT_TRUE((*sink)->BeginTable(schema).ok());
    for (int i = 0; i < 20000; ++i) ASSERT_TRUE((*sink)->Write(batch).ok());
    EXPECT_EQ(Entries(dir).size(), 1u);
    (*sink)->Abort();
    EXPECT_TRUE(Entries(dir).empty());
  }
}

TEST(FileSink, DroppingAnUnfinishedSinkLeavesNothingBehind) {
  fs::path dir = EmptyDir("drop");
  {
    auto sink = MakeFileSinkForPath(FileFormat::kCsv, (dir / "out.csv").string());
    ASSERT_TRUE(sink.ok());
    ASSERT_TRUE((*sink)->BeginTable(PeopleSchema()).ok());
  }
  EXPECT_TRUE(Entries(dir).empty());
}

TEST(FileSink, AFailedExportKeepsTheOldFile) {
  fs::path dir = EmptyDir("keep");
  std::string path = (dir / "people.csv").string();
  std::ofstream(path) << "old";
  auto sink = MakeFileSinkForPath(FileFormat::kCsv, path);
  ASSERT_TRUE(sink.ok());
  ASSERT_TRUE((*sink)->BeginTable(PeopleSchema()).ok());
  (*sink)->Abort();
  EXPECT_EQ(ReadFile(path), "old");
  EXPECT_EQ(Entries(dir), std::vector<std::string>{"people.csv"});
}

TEST(FileSink, MissingDirectoryIsAnIoError) {
  fs::path dir = EmptyDir("missing");
  auto sink = MakeFileSinkForPath(FileFormat::kCsv, (dir / "no" / "such.csv").string());
  ASSERT_FALSE(sink.ok());
  EXPECT_EQ(sink.status().code(), StatusCode::kIoError);
  EXPECT_NE(sink.status().message().find("such.csv"), std::string::npos);
}

TEST(FileSink, WritesThroughSymbolicLinks) {
  fs::path dir = EmptyDir("link");
  fs::create_symlink("real.json", dir / "link.json");
  auto sink = MakeFileSinkForPath(FileFormat::kJson, (dir / "link.json").string());
  ASSERT_TRUE(sink.ok());
  ASSERT_TRUE((*sink)->BeginTable(PeopleSchema()).ok());
  ASSERT_TRUE((*sink)->EndTable().ok());
  ASSERT_TRUE((*sink)->Finish().ok());
  EXPECT_TRUE(fs::is_symlink(dir / "link.json"));
  EXPECT_EQ(ReadFile((dir / "real.json").string()), "[]\n");
}

TEST(FileSink, WritesStraightIntoDevicesAndPipes) {
  fs::path dir = EmptyDir("fifo");
  std::string fifo = (dir / "pipe").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string received;
  std::thread reader([&] { received = ReadFile(fifo); });
  auto sink = MakeFileSinkForPath(FileFormat::kCsv, fifo);
  ASSERT_TRUE(sink.ok());
  ASSERT_TRUE((*sink)->BeginTable(PeopleSchema()).ok());
  ASSERT_TRUE((*sink)->EndTable().ok());
  ASSERT_TRUE((*sink)->Finish().ok());
  sink->reset();  // closes the pipe
  reader.join();
  EXPECT_EQ(received, "_id,name,age,score,active,birthday,created_at,token\r\n");
  EXPECT_EQ(fs::status(fifo).type(), fs::file_type::fifo);
  EXPECT_EQ(Entries(dir), std::vector<std::string>{"pipe"});
}

TEST(FileSink, DashMeansStandardOutput) {
  auto sink = MakeFileSinkForPath(FileFormat::kJson, "-");
  ASSERT_TRUE(sink.ok());
  ::testing::internal::CaptureStdout();
  ASSERT_TRUE((*sink)->BeginTable(PeopleSchema()).ok());
  ASSERT_TRUE((*sink)->EndTable().ok());
  ASSERT_TRUE((*sink)->Finish().ok());
  EXPECT_EQ(::testing::internal::GetCapturedStdout(), "[]\n");
}

TEST(FileSink, FinishReportsAFullDevice) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  std::ofstream full("/dev/full", std::ios::binary);
  auto sink = MakeFileSink(FileFormat::kJsonl, full);
  TableSchema schema = PeopleSchema();
  Batch batch;
  FillPeople(schema, batch);
  ASSERT_TRUE(sink->BeginTable(schema).ok());
  ASSERT_TRUE(sink->Write(batch).ok());
  ASSERT_TRUE(sink->EndTable().ok());
  Status status = sink->Finish();
  EXPECT_EQ(status.code(), StatusCode::kIoError);
}

}  // namespace
}  // namespace tdm::store
