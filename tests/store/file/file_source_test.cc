#include "store/file/file_source.h"

#include <gtest/gtest.h>

#include "sample_table.h"

namespace tdm::store {
namespace {

using testing::ExpectSameRows;
using testing::FillPeople;
using testing::PeopleSchema;
using testing::WriteTempFile;

struct Table {
  std::unique_ptr<Source> source;
  Batch batch;
};

// Reads a whole (small) file into one batch.
Table ReadAll(const std::string& path, std::optional<FileFormat> format = std::nullopt) {
  Table table;
  Result<std::unique_ptr<Source>> source = OpenFileSource(path, "", format);
  EXPECT_TRUE(source.ok()) << source.status().ToString();
  if (!source.ok()) return table;
  table.source = std::move(source).value();
  Result<bool> more = table.source->Next(table.batch, 100000);
  EXPECT_TRUE(more.ok()) << more.status().ToString();
  Batch rest;
  Result<bool> end = table.source->Next(rest, 100000);
  EXPECT_TRUE(end.ok() && !*end);
  return table;
}

Status ReadError(const std::string& name, const std::string& content) {
  Result<std::unique_ptr<Source>> source = OpenFileSource(WriteTempFile(name, content), "", {});
  if (!source.ok()) return source.status();
  Batch batch;
  while (true) {
    Result<bool> more = (*source)->Next(batch, 7);
    if (!more.ok()) return more.status();
    if (!*more) return Status::Ok();
  }
}

class RoundTrip : public ::testing::TestWithParam<FileFormat> {};

TEST_P(RoundTrip, EveryTypeComesBackWithItsValues) {
  TableSchema schema = PeopleSchema();
  Batch written;
  FillPeople(schema, written);
  std::string name = "people." + std::string(FileFormatName(GetParam()));
  std::string path = WriteTempFile(name, testing::WriteToString(GetParam(), schema, written));

  Table read = ReadAll(path);
  ASSERT_TRUE(read.source);
  const TableSchema& inferred = read.source->schema();
  EXPECT_EQ(inferred.name, "people");
  ASSERT_EQ(inferred.columns.size(), schema.columns.size());
  for (size_t c = 0; c < schema.columns.size(); ++c) {
    EXPECT_EQ(inferred.columns[c].name, schema.columns[c].name);
    EXPECT_EQ(inferred.columns[c].type, schema.columns[c].type) << schema.columns[c].name;
    EXPECT_EQ(inferred.columns[c].nullable, schema.columns[c].nullable) << schema.columns[c].name;
  }
  ExpectSameRows(written, read.batch);
}

INSTANTIATE_TEST_SUITE_P(FileSource, RoundTrip,
                         ::testing::Values(FileFormat::kJsonl, FileFormat::kJson, FileFormat::kCsv,
                                           FileFormat::kEjson),
                         [](const auto& info) { return std::string(FileFormatName(info.param)); });

TEST(FileSource, InfersTypesFromWhatTheValuesAgreeOn) {
  std::string path = WriteTempFile(
      "mixed.jsonl", R"({"n":1,"x":1,"d":"2024-01-02","s":1,"o":"65a1b2c3d4e5f60718293a4b"}
{"n":2,"x":2.5,"d":"2024-01-02T10:00:00Z","s":"one","late":true,"nested":{"a":[1]}}
{"n":3,"x":-3,"d":null,"s":false,"o":"65A1B2C3D4E5F60718293A4B","empty":null}
)");
  Table read = ReadAll(path);
  ASSERT_TRUE(read.source);
  const TableSchema& schema = read.source->schema();
  auto type_of = [&](const char* name) {
    return schema.columns[static_cast<size_t>(schema.FindColumn(name))].type;
  };
  auto nullable = [&](const char* name) {
    return schema.columns[static_cast<size_t>(schema.FindColumn(name))].nullable;
  };
  ASSERT_EQ(schema.columns.size(), 8u);
  EXPECT_EQ(schema.columns[5].name, "late");  // order of first appearance
  EXPECT_EQ(type_of("n"), ColumnType::kInteger);
  EXPECT_FALSE(nullable("n"));
  EXPECT_EQ(type_of("x"), ColumnType::kFloat);
  EXPECT_EQ(type_of("d"), ColumnType::kDateTime);
  EXPECT_TRUE(nullable("d"));
  EXPECT_EQ(type_of("s"), ColumnType::kString);
  EXPECT_EQ(type_of("o"), ColumnType::kString);  // upper-case hex is no ObjectId
  EXPECT_TRUE(nullable("o"));
  EXPECT_EQ(type_of("late"), ColumnType::kBoolean);
  EXPECT_TRUE(nullable("late"));
  EXPECT_EQ(type_of("nested"), ColumnType::kString);
  EXPECT_EQ(type_of("empty"), ColumnType::kString);
  EXPECT_TRUE(nullable("empty"));

  const Batch& b = read.batch;
  EXPECT_EQ(b.columns[1].GetDouble(0), 1.0);
  EXPECT_EQ(b.columns[2].GetInt(0), *ParseDateTime("2024-01-02"));
  EXPECT_EQ(b.columns[3].GetString(0), "1");
  EXPECT_EQ(b.columns[3].GetString(2), "false");
  EXPECT_TRUE(b.columns[5].IsNull(0));
  EXPECT_EQ(b.columns[5].GetInt(1), 1);
  EXPECT_EQ(b.columns[6].GetString(1), R"({"a":[1]})");
}

TEST(FileSource, ReadsLargeFilesInBatches) {
  std::string text;
  for (int i = 0; i < 2500; ++i) text += "{\"i\":" + std::to_string(i) + "}\n";
  Result<std::unique_ptr<Source>> source =
      OpenFileSource(WriteTempFile("many.jsonl", text), "numbers", {});
  ASSERT_TRUE(source.ok());
  EXPECT_EQ((*source)->schema().name, "numbers");
  Batch batch;
  std::vector<std::pair<int64_t, size_t>> seen;
  while (*(*source)->Next(batch, 1000)) {
    seen.emplace_back(batch.first_row, batch.num_rows);
    EXPECT_EQ(batch.columns[0].GetInt(batch.num_rows - 1),
              batch.first_row + static_cast<int64_t>(batch.num_rows) - 1);
  }
  EXPECT_EQ(seen, (std::vector<std::pair<int64_t, size_t>>{{0, 1000}, {1000, 1000}, {2000, 500}}));
  EXPECT_EQ(batch.num_rows, 0u);
}

TEST(FileSource, LaterRecordsMustFitTheInferredTypes) {
  std::string text;
  for (size_t i = 0; i < kSampleRecords; ++i) text += "{\"n\":" + std::to_string(i) + "}\n";
  Status status = ReadError("late.jsonl", text + "{\"n\":\"secret-value\"}\n");
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.ToString().find("late.jsonl:1001: column 'n'"), std::string::npos)
      << status.ToString();
  EXPECT_EQ(status.ToString().find("secret-value"), std::string::npos);

  status = ReadError("new_field.jsonl", text + "{\"n\":1,\"m\":2}\n");
  EXPECT_NE(status.ToString().find("new_field.jsonl:1001: field 'm'"), std::string::npos)
      << status.ToString();
}

TEST(FileSource, ReadsExtendedJsonWrappers) {
  std::string path = WriteTempFile(
      "wrapped.ejson",
      R"({"_id":{"$oid":"65A1B2C3D4E5F60718293A4B"},"at":{"$date":"2024-01-02T03:04:05.678+01:00"},"n":{"$numberLong":"9007199254740993"},"x":{"$numberDouble":"-Infinity"},"day":{"$date":{"$numberLong":"86400000"}}}
{"_id":{"$oid":"65a1b2c3d4e5f60718293a4c"},"at":{"$date":0},"n":{"$numberInt":"-7"},"x":{"$numberDouble":"2.5"},"day":{"$date":"1970-01-03T00:00:00Z"}}
)");
  Table read = ReadAll(path);
  ASSERT_TRUE(read.source);
  const TableSchema& schema = read.source->schema();
  ASSERT_EQ(schema.columns.size(), 5u);
  EXPECT_EQ(schema.columns[0].type, ColumnType::kObjectId);
  EXPECT_EQ(schema.columns[1].type, ColumnType::kDateTime);
  EXPECT_EQ(schema.columns[2].type, ColumnType::kInteger);
  EXPECT_EQ(schema.columns[3].type, ColumnType::kFloat);
  EXPECT_EQ(schema.columns[4].type, ColumnType::kDate);
  const Batch& b = read.batch;
  EXPECT_EQ(b.columns[0].GetString(0), "65a1b2c3d4e5f60718293a4b");
  EXPECT_EQ(b.columns[1].GetInt(0), *ParseDateTime("2024-01-02T02:04:05.678Z"));
  EXPECT_EQ(b.columns[1].GetInt(1), 0);
  EXPECT_EQ(b.columns[2].GetInt(0), 9007199254740993);
  EXPECT_EQ(b.columns[2].GetInt(1), -7);
  EXPECT_EQ(b.columns[3].GetDouble(0), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(b.columns[4].GetInt(0), 1);
  EXPECT_EQ(b.columns[4].GetInt(1), 2);
}

TEST(FileSource, NamesWhatItCannotOpen) {
  Result<std::unique_ptr<Source>> missing = OpenFileSource("/no/such/users.csv", "", {});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("/no/such/users.csv"), std::string::npos);

  std::string sql = WriteTempFile("users.sql", "BEGIN;\n");
  EXPECT_EQ(OpenFileSource(sql, "", {}).status().code(), StatusCode::kInvalidArgument);
  std::string unknown = WriteTempFile("users.txt", "a\n1\n");
  EXPECT_EQ(OpenFileSource(unknown, "", {}).status().code(), StatusCode::kInvalidArgument);
  Table read = ReadAll(unknown, FileFormat::kCsv);
  ASSERT_TRUE(read.source);
  EXPECT_EQ(read.source->schema().name, "users");
  EXPECT_EQ(read.batch.num_rows, 1u);
}

TEST(FileSource, EmptyInputsGiveEmptyTables) {
  for (const char* content : {"[]\n", "", "  \n"}) {
    Table read = ReadAll(WriteTempFile("empty.json", content));
    ASSERT_TRUE(read.source);
    EXPECT_TRUE(read.source->schema().columns.empty());
    EXPECT_EQ(read.batch.num_rows, 0u);
  }
  Table header_only = ReadAll(WriteTempFile("empty.csv", "a,b\r\n"));
  ASSERT_TRUE(header_only.source);
  ASSERT_EQ(header_only.source->schema().columns.size(), 2u);
  EXPECT_EQ(header_only.source->schema().columns[1].type, ColumnType::kString);
  EXPECT_EQ(header_only.batch.num_rows, 0u);
}

}  // namespace
}  // namespace tdm::store
