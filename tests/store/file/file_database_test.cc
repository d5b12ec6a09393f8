// The file backend (store/file/file_database.h) beyond the conformance suite of
// tests/integration/database_test.cc: every readable format, exactness, the manifest, and what it
// refuses.
#include "store/file/file_database.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "core/time_format.h"
#include "sample_table.h"
#include "store/file/namespace_manifest.h"

namespace tdm::store {
namespace {

namespace fs = std::filesystem;

using testing::ExpectSameRows;
using testing::ScratchDir;

std::unique_ptr<Database> Open(std::string_view format) {
  auto url = ParseTarget("file://" + ScratchDir().string() + "?format=" + std::string(format));
  EXPECT_TRUE(url.ok());
  auto db = OpenFileDatabase(*url);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  return db.ok() ? std::move(*db) : nullptr;
}

// A fresh namespace path in the scratch directory.
std::string Namespace(const std::string& name) {
  std::string ns = (ScratchDir() / name).string();
  std::error_code ec;
  fs::remove_all(ns, ec);
  fs::remove_all(ns + ".partial", ec);
  return ns;
}

TableSchema TrickySchema() {
  TableSchema t;
  t.name = "tricky";
  t.columns = {{"id", ColumnType::kInteger, false, true, true},
               {"s", ColumnType::kString, true, false, false},
               {"x", ColumnType::kFloat, true, false, false},
               {"b", ColumnType::kBoolean, false, false, false},
               {"d", ColumnType::kDate, false, false, false},
               {"t", ColumnType::kDateTime, true, false, false},
               {"u", ColumnType::kUuid, false, false, false}};
  return t;
}

// Strings that look like other types, floats at the edges, the ends of the date range.
void FillTricky(const TableSchema& schema, Batch& batch) {
  const char* strings[] = {"2024-01-01", "true", "123",         "", "65a1b2c3d4e5f60718293a4b",
                           "null",       "7.0",  "a,\"b\"\r\nc"};
  const double floats[] = {0.1, -0.0, 1e300, 5e-324, 7.0, -2.5, 1.0 / 3.0, 0};
  const size_t rows = std::size(strings);
  batch.Reset(schema, 0, rows);
  for (size_t r = 0; r < rows; ++r) {
    batch.columns[0].AppendInt(r == 0 ? INT64_MIN : r == 1 ? INT64_MAX : static_cast<int64_t>(r));
    batch.columns[1].AppendString(strings[r]);
    batch.columns[2].AppendDouble(floats[r]);
    batch.columns[3].AppendInt(static_cast<int64_t>(r % 2));
    batch.columns[4].AppendInt(r == 0   ? *ParseDate("0000-01-01")
                               : r == 1 ? *ParseDate("9999-12-31")
                                        : 19000 + static_cast<int64_t>(r));
    batch.columns[5].AppendInt(1700000000000000 + static_cast<int64_t>(r) * 1000001);
    batch.columns[6].AppendString("123E4567-E89B-12D3-A456-42661417400" + std::to_string(r));
  }
  batch.columns[1].AppendNull();  // a ninth row of nulls where the schema allows them
  batch.columns[0].AppendInt(9);
  batch.columns[2].AppendNull();
  batch.columns[3].AppendInt(1);
  batch.columns[4].AppendInt(0);
  batch.columns[5].AppendNull();
  batch.columns[6].AppendString("00000000-0000-4000-8000-000000000000");
  batch.num_rows = rows + 1;
}

Status Load(Database& db, const std::string& ns, const TableSchema& schema, const Batch& batch) {
  TDM_ASSIGN_OR_RETURN(auto sink, db.Create(ns));
  Status s = sink->BeginTable(schema);
  if (s.ok()) s = sink->Write(batch);
  if (s.ok()) s = sink->EndTable();
  if (s.ok()) s = sink->Finish();
  if (!s.ok()) sink->Abort();
  return s;
}

Batch ReadAll(Database& db, const std::string& ns, const std::string& table) {
  Batch all;
  auto source = db.Read(ns, {table, {}, std::nullopt, {}});
  EXPECT_TRUE(source.ok()) << source.status().ToString();
  if (!source.ok()) return all;
  auto more = (*source)->Next(all, 1 << 20);
  EXPECT_TRUE(more.ok()) << more.status().ToString();
  return all;
}

class FileDatabaseFormats : public ::testing::TestWithParam<std::string> {};

TEST_P(FileDatabaseFormats, EveryValueReadsBackAsItWasWritten) {
  auto db = Open(GetParam());
  ASSERT_TRUE(db);
  std::string ns = Namespace("exact_" + GetParam());
  TableSchema schema = TrickySchema();
  Batch written;
  FillTricky(schema, written);
  Status loaded = Load(*db, ns, schema, written);
  ASSERT_TRUE(loaded.ok()) << loaded.ToString();
  EXPECT_TRUE(fs::exists(fs::path(ns) / ("tricky." + GetParam())));
  Batch read = ReadAll(*db, ns, "tricky");
  ExpectSameRows(written, read);
  EXPECT_TRUE(std::signbit(read.columns[2].GetDouble(1)));
  EXPECT_EQ(*db->CountRows(ns, "tricky"), 9);
  EXPECT_TRUE(db->Drop(ns).ok());
}

INSTANTIATE_TEST_SUITE_P(FileDatabase, FileDatabaseFormats,
                         ::testing::Values("jsonl", "json", "csv", "ejson"),
                         [](const auto& info) { return info.param; });

TEST(FileDatabase, SqlCannotBeATargetFormat) {
  auto url = ParseTarget("file:///tmp/x?format=sql");
  ASSERT_TRUE(url.ok());
  auto db = OpenFileDatabase(*url);
  EXPECT_EQ(db.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(db.status().message().find("read back"), std::string::npos) << db.status().message();
  url = ParseTarget("file:///tmp/x?format=xml");
  EXPECT_EQ(OpenFileDatabase(*url).status().code(), StatusCode::kInvalidArgument);
}

TEST(FileDatabase, ValuesAFormatCannotGiveBackFailTheLoad) {
  TableSchema schema = TrickySchema();
  Batch batch;
  FillTricky(schema, batch);
  Batch infinite = batch;
  infinite.Reset(schema, 0, 1);
  for (size_t c = 0; c < schema.columns.size(); ++c) {
    Column& column = infinite.columns[c];
    if (c == 2) {
      column.AppendDouble(INFINITY);
    } else if (column.physical() == PhysicalType::kString) {
      column.AppendString("x");
    } else {
      column.AppendInt(1);
    }
  }
  auto jsonl = Open("jsonl");
  std::string ns = Namespace("infinite");
  Status s = Load(*jsonl, ns, schema, infinite);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << s.ToString();
  EXPECT_NE(s.message().find("'x'"), std::string::npos) << s.message();
  EXPECT_FALSE(*jsonl->Exists(ns));
  EXPECT_FALSE(fs::exists(ns + ".partial"));

  auto ejson = Open("ejson");  // Extended JSON spells infinities
  ASSERT_TRUE(Load(*ejson, ns, schema, infinite).ok());
  EXPECT_EQ(ReadAll(*ejson, ns, "tricky").columns[2].GetDouble(0), INFINITY);
  EXPECT_TRUE(ejson->Drop(ns).ok());
}

TEST(FileDatabase, ANamespaceAppearsOnlyWhenComplete) {
  auto db = Open("jsonl");
  std::string ns = Namespace("partial");
  TableSchema schema = TrickySchema();
  Batch batch;
  FillTricky(schema, batch);
  auto sink = db->Create(ns);
  ASSERT_TRUE(sink.ok());
  ASSERT_TRUE((*sink)->BeginTable(schema).ok());
  ASSERT_TRUE((*sink)->Write(batch).ok());
  ASSERT_TRUE((*sink)->EndTable().ok());
  EXPECT_FALSE(*db->Exists(ns));
  EXPECT_TRUE(fs::is_directory(ns + ".partial"));
  EXPECT_TRUE(db->List(ns)->empty());
  ASSERT_TRUE((*sink)->Finish().ok());
  EXPECT_TRUE(*db->Exists(ns));
  EXPECT_FALSE(fs::exists(ns + ".partial"));
  EXPECT_EQ(*db->List(ns), std::vector<std::string>{ns});
  EXPECT_TRUE(db->Drop(ns).ok());
}

TEST(FileDatabase, TheManifestKeepsOrderTypesKeysAndRowCounts) {
  auto db = Open("csv");
  std::string ns = Namespace("manifest");
  TableSchema first = TrickySchema();
  TableSchema second = TrickySchema();
  second.name = "second";
  second.indexes = {{"second_d_idx", {"d"}, false}};
  second.foreign_keys = {{"id", "tricky", "id"}};
  Batch batch;
  FillTricky(first, batch);
  auto sink = db->Create(ns);
  ASSERT_TRUE(sink.ok());
  ASSERT_TRUE((*sink)->BeginTable(first).ok());
  ASSERT_TRUE((*sink)->Write(batch).ok());
  ASSERT_TRUE((*sink)->EndTable().ok());
  ASSERT_TRUE((*sink)->BeginTable(second).ok());
  ASSERT_TRUE((*sink)->EndTable().ok());
  ASSERT_TRUE((*sink)->Finish().ok());

  auto manifest = ReadManifest(ns);
  ASSERT_TRUE(manifest.ok()) << manifest.status().ToString();
  EXPECT_EQ(manifest->format, FileFormat::kCsv);
  EXPECT_EQ(manifest->rows, (std::vector<int64_t>{9, 0}));
  auto tables = db->Describe(ns);
  ASSERT_TRUE(tables.ok());
  ASSERT_EQ(tables->size(), 2u);
  EXPECT_EQ((*tables)[0].name, "tricky");
  EXPECT_TRUE((*tables)[0].columns[0].primary_key);
  EXPECT_EQ((*tables)[0].columns[5].type, ColumnType::kDateTime);
  EXPECT_TRUE((*tables)[0].columns[5].nullable);
  EXPECT_EQ((*tables)[1].indexes.size(), 1u);
  EXPECT_EQ((*tables)[1].foreign_keys.size(), 1u);
  EXPECT_EQ(ReadAll(*db, ns, "second").num_rows, 0u);
  EXPECT_TRUE(db->Drop(ns).ok());
}

TEST(FileDatabase, TableNamesMustBeUsableFileNames) {
  auto db = Open("json");
  std::string ns = Namespace("names");
  auto sink = db->Create(ns);
  ASSERT_TRUE(sink.ok());
  for (const char* name : {"a/b", ".hidden", "", "schema"}) {
    TableSchema t = TrickySchema();
    t.name = name;
    EXPECT_EQ((*sink)->BeginTable(t).code(), StatusCode::kInvalidArgument) << name;
  }
  (*sink)->Abort();
  EXPECT_FALSE(*db->Exists(ns));
}

TEST(FileDatabase, DropRemovesNamespacesOnly) {
  auto db = Open("jsonl");
  std::string dir = Namespace("not_a_namespace");
  fs::create_directories(dir);
  std::ofstream(dir + "/keep.txt") << "precious";
  EXPECT_EQ(db->Drop(dir).code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(fs::exists(dir + "/keep.txt"));
  EXPECT_EQ(db->Describe(dir).status().code(), StatusCode::kNotFound);
  fs::remove_all(dir);
  EXPECT_TRUE(db->Drop(dir).ok());
}

TEST(FileDatabase, AFileThatNoLongerFitsItsSchemaIsAnErrorWithItsLine) {
  auto db = Open("jsonl");
  std::string ns = Namespace("tampered");
  TableSchema schema = TrickySchema();
  Batch batch;
  FillTricky(schema, batch);
  ASSERT_TRUE(Load(*db, ns, schema, batch).ok());
  std::string path = ns + "/tricky.jsonl";
  std::ofstream(path, std::ios::app) << R"({"id":"ten","b":true,"d":"2024-01-01","u":"x"})" << '\n'
                                     << R"({"id":11,"extra":1})" << '\n';
  auto source = db->Read(ns, {"tricky", {}, std::nullopt, {}});
  ASSERT_TRUE(source.ok());
  Batch b;
  auto more = (*source)->Next(b, 100);
  EXPECT_EQ(more.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(more.status().ToString().find("tricky.jsonl:10"), std::string::npos)
      << more.status().ToString();
  EXPECT_EQ(more.status().ToString().find("ten"), std::string::npos);
  EXPECT_TRUE(db->Drop(ns).ok());
}

}  // namespace
}  // namespace tdm::store
