#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <sstream>

#include "sample_table.h"

namespace tdm::store {
namespace {

using testing::PeopleSchema;
using testing::WritePeople;
using testing::WriteToString;

TEST(JsonWriter, JsonLinesHaveKeysInColumnOrder) {
  EXPECT_EQ(
      WritePeople(FileFormat::kJsonl),
      R"({"_id":"65a1b2c3d4e5f60718293a4b","name":"Zoë \"Z\", the\nfirst","age":31,"score":7.0,"active":true,"birthday":"1990-05-17","created_at":"2024-01-02T03:04:05Z","token":"123e4567-e89b-12d3-a456-426614174000"}
{"_id":"65a1b2c3d4e5f60718293a4c","name":null,"age":-5,"score":0.1,"active":false,"birthday":null,"created_at":"2024-01-02T03:04:05.123456Z","token":null}
{"_id":"65a1b2c3d4e5f60718293a4d","name":"plain","age":0,"score":-1234.5678,"active":true,"birthday":"1969-12-31","created_at":"1970-01-01T00:00:00Z","token":"00000000-0000-4000-8000-00000000000a"}
)");
}

TEST(JsonWriter, JsonIsAnArrayWithOneObjectPerLine) {
  EXPECT_EQ(WritePeople(FileFormat::kJson),
            R"([
{"_id":"65a1b2c3d4e5f60718293a4b","name":"Zoë \"Z\", the\nfirst","age":31,"score":7.0,"active":true,"birthday":"1990-05-17","created_at":"2024-01-02T03:04:05Z","token":"123e4567-e89b-12d3-a456-426614174000"},
{"_id":"65a1b2c3d4e5f60718293a4c","name":null,"age":-5,"score":0.1,"active":false,"birthday":null,"created_at":"2024-01-02T03:04:05.123456Z","token":null},
{"_id":"65a1b2c3d4e5f60718293a4d","name":"plain","age":0,"score":-1234.5678,"active":true,"birthday":"1969-12-31","created_at":"1970-01-01T00:00:00Z","token":"00000000-0000-4000-8000-00000000000a"}
]
)");
}

TEST(JsonWriter, ExtendedJsonWrapsObjectIdsAndDates) {
  EXPECT_EQ(
      WritePeople(FileFormat::kEjson),
      R"({"_id":{"$oid":"65a1b2c3d4e5f60718293a4b"},"name":"Zoë \"Z\", the\nfirst","age":31,"score":7.0,"active":true,"birthday":{"$date":"1990-05-17T00:00:00Z"},"created_at":{"$date":"2024-01-02T03:04:05Z"},"token":"123e4567-e89b-12d3-a456-426614174000"}
{"_id":{"$oid":"65a1b2c3d4e5f60718293a4c"},"name":null,"age":-5,"score":0.1,"active":false,"birthday":null,"created_at":{"$date":"2024-01-02T03:04:05.123456Z"},"token":null}
{"_id":{"$oid":"65a1b2c3d4e5f60718293a4d"},"name":"plain","age":0,"score":-1234.5678,"active":true,"birthday":{"$date":{"$numberLong":"-86400000"}},"created_at":{"$date":"1970-01-01T00:00:00Z"},"token":"00000000-0000-4000-8000-00000000000a"}
)");
}

TEST(JsonWriter, EmptyTableIsAnEmptyArray) {
  TableSchema schema = PeopleSchema();
  Batch batch;
  batch.Reset(schema, 0, 0);
  EXPECT_EQ(WriteToString(FileFormat::kJson, schema, batch), "[]\n");
  EXPECT_EQ(WriteToString(FileFormat::kJsonl, schema, batch), "");
}

TEST(JsonWriter, RowsContinueAcrossBatches) {
  TableSchema schema;
  schema.name = "t";
  schema.columns = {{"n", ColumnType::kInteger}};
  std::ostringstream out;
  auto sink = MakeFileSink(FileFormat::kJson, out);
  ASSERT_TRUE(sink->BeginTable(schema).ok());
  Batch batch;
  for (int64_t first : {0, 2}) {
    batch.Reset(schema, first, 2);
    batch.columns[0].AppendInt(first);
    batch.columns[0].AppendInt(first + 1);
    ASSERT_TRUE(sink->Write(batch).ok());
  }
  ASSERT_TRUE(sink->EndTable().ok());
  ASSERT_TRUE(sink->Finish().ok());
  EXPECT_EQ(out.str(), "[\n{\"n\":0},\n{\"n\":1},\n{\"n\":2},\n{\"n\":3}\n]\n");
}

TEST(JsonWriter, NonFiniteFloatsAreNullOrExtendedJson) {
  TableSchema schema;
  schema.name = "t";
  schema.columns = {{"x", ColumnType::kFloat}};
  Batch batch;
  batch.Reset(schema, 0, 3);
  batch.columns[0].AppendDouble(std::numeric_limits<double>::quiet_NaN());
  batch.columns[0].AppendDouble(std::numeric_limits<double>::infinity());
  batch.columns[0].AppendDouble(-std::numeric_limits<double>::infinity());
  EXPECT_EQ(WriteToString(FileFormat::kJsonl, schema, batch),
            "{\"x\":null}\n{\"x\":null}\n{\"x\":null}\n");
  EXPECT_EQ(WriteToString(FileFormat::kEjson, schema, batch),
            R"({"x":{"$numberDouble":"NaN"}}
{"x":{"$numberDouble":"Infinity"}}
{"x":{"$numberDouble":"-Infinity"}}
)");
}

TEST(JsonWriter, SecondTableIsRefused) {
  TableSchema a = PeopleSchema();
  TableSchema b = PeopleSchema();
  b.name = "movies";
  for (FileFormat format : {FileFormat::kJson, FileFormat::kJsonl, FileFormat::kEjson}) {
    std::ostringstream out;
    auto sink = MakeFileSink(format, out);
    ASSERT_TRUE(sink->BeginTable(a).ok());
    ASSERT_TRUE(sink->EndTable().ok());
    Status status = sink->BeginTable(b);
    EXPECT_EQ(status.code(), StatusCode::kFailedPrecondition);
    EXPECT_NE(status.message().find("'movies'"), std::string::npos) << status.message();
  }
}

}  // namespace
}  // namespace tdm::store
