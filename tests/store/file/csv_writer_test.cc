#include <gtest/gtest.h>

#include "sample_table.h"

namespace tdm::store {
namespace {

using testing::WritePeople;
using testing::WriteToString;

TEST(CsvWriter, WritesHeaderAndCrlfRows) {
  EXPECT_EQ(WritePeople(FileFormat::kCsv),
            "_id,name,age,score,active,birthday,created_at,token\r\n"
            "65a1b2c3d4e5f60718293a4b,\"Zo\xc3\xab \"\"Z\"\", the\nfirst\",31,7.0,true,1990-05-17,"
            "2024-01-02T03:04:05Z,123e4567-e89b-12d3-a456-426614174000\r\n"
            "65a1b2c3d4e5f60718293a4c,,-5,0.1,false,,2024-01-02T03:04:05.123456Z,\r\n"
            "65a1b2c3d4e5f60718293a4d,plain,0,-1234.5678,true,1969-12-31,1970-01-01T00:00:00Z,"
            "00000000-0000-4000-8000-00000000000a\r\n");
}

TEST(CsvWriter, QuotesOnlyFieldsThatNeedIt) {
  TableSchema schema;
  schema.name = "t";
  schema.columns = {{"a,b", ColumnType::kString, true}};
  Batch batch;
  batch.Reset(schema, 0, 8);
  for (const char* text : {"plain", "with space", "comma,", "quote\"", "cr\r", "lf\n", ""}) {
    batch.columns[0].AppendString(text);
  }
  batch.columns[0].AppendNull();
  EXPECT_EQ(WriteToString(FileFormat::kCsv, schema, batch),
            "\"a,b\"\r\n"
            "plain\r\n"
            "with space\r\n"
            "\"comma,\"\r\n"
            "\"quote\"\"\"\r\n"
            "\"cr\r\"\r\n"
            "\"lf\n\"\r\n"
            "\"\"\r\n"  // an empty string, unlike
            "\r\n");    // NULL
}

TEST(CsvWriter, EmptyTableIsJustTheHeader) {
  TableSchema schema = testing::PeopleSchema();
  Batch batch;
  batch.Reset(schema, 0, 0);
  EXPECT_EQ(WriteToString(FileFormat::kCsv, schema, batch),
            "_id,name,age,score,active,birthday,created_at,token\r\n");
}

}  // namespace
}  // namespace tdm::store
