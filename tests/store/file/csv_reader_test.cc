// CSV parsing (RFC 4180) through OpenFileSource, well-formed and malformed.
#include <gtest/gtest.h>

#include "sample_table.h"

namespace tdm::store {
namespace {

using testing::WriteTempFile;

struct Read {
  Status status;
  std::unique_ptr<Source> source;
  Batch batch;
};

Read ReadCsv(const std::string& content, const std::string& name = "people.csv") {
  Read read;
  Result<std::unique_ptr<Source>> source = OpenFileSource(WriteTempFile(name, content), "", {});
  if (!source.ok()) {
    read.status = source.status();
    return read;
  }
  read.source = std::move(source).value();
  Result<bool> more = read.source->Next(read.batch, 1000);
  read.status = more.status();
  return read;
}

std::string ErrorOf(const std::string& content) {
  Status status = ReadCsv(content).status;
  std::string text = status.ToString();
  size_t start = text.find("people.csv");
  return start == std::string::npos ? text : text.substr(start);
}

TEST(CsvReader, ReadsQuotedFieldsWithCommasQuotesAndLineBreaks) {
  Read read = ReadCsv("id,text\r\n1,\"a,b\"\r\n2,\"say \"\"hi\"\"\"\r\n3,\"two\r\nlines\"\r\n");
  ASSERT_TRUE(read.status.ok()) << read.status.ToString();
  ASSERT_EQ(read.batch.num_rows, 3u);
  EXPECT_EQ(read.batch.columns[1].GetString(0), "a,b");
  EXPECT_EQ(read.batch.columns[1].GetString(1), "say \"hi\"");
  EXPECT_EQ(read.batch.columns[1].GetString(2), "two\r\nlines");
}

TEST(CsvReader, AcceptsLfLineEndsAndNoFinalLineEnd) {
  Read read = ReadCsv("\xef\xbb\xbfid,n\n1,2\n3,4");
  ASSERT_TRUE(read.status.ok()) << read.status.ToString();
  ASSERT_EQ(read.batch.num_rows, 2u);
  EXPECT_EQ(read.source->schema().columns[0].name, "id");
  EXPECT_EQ(read.batch.columns[1].GetInt(1), 4);
}

TEST(CsvReader, EmptyFieldIsNullAndQuotedEmptyIsEmptyString) {
  Read read = ReadCsv("a,b\r\n,\"\"\r\nx,\r\n\r\n");
  ASSERT_TRUE(read.status.ok()) << read.status.ToString();
  ASSERT_EQ(read.batch.num_rows, 2u);  // the blank last line is not a record
  EXPECT_TRUE(read.batch.columns[0].IsNull(0));
  EXPECT_FALSE(read.batch.columns[1].IsNull(0));
  EXPECT_EQ(read.batch.columns[1].GetString(0), "");
  EXPECT_TRUE(read.batch.columns[1].IsNull(1));
  EXPECT_TRUE(read.source->schema().columns[0].nullable);
}

TEST(CsvReader, TypesFieldsByTheirText) {
  Read read = ReadCsv(
      "i,f,b,zip,q,d\r\n"
      "1,1,true,007,\"5\",2024-01-02\r\n"
      "-2,2.5e3,false,10,\"6\",2024-01-02 03:04:05\r\n");
  ASSERT_TRUE(read.status.ok()) << read.status.ToString();
  const auto& columns = read.source->schema().columns;
  EXPECT_EQ(columns[0].type, ColumnType::kInteger);
  EXPECT_EQ(columns[1].type, ColumnType::kFloat);
  EXPECT_EQ(columns[2].type, ColumnType::kBoolean);
  EXPECT_EQ(columns[3].type, ColumnType::kString);   // a leading zero keeps it text
  EXPECT_EQ(columns[4].type, ColumnType::kInteger);  // quoting only matters when empty
  EXPECT_EQ(columns[5].type, ColumnType::kDateTime);
  EXPECT_EQ(read.batch.columns[1].GetDouble(1), 2500.0);
  EXPECT_EQ(read.batch.columns[3].GetString(0), "007");
}

TEST(CsvReader, RowsMustHaveAsManyFieldsAsTheHeader) {
  EXPECT_EQ(ErrorOf("a,b\r\n1,2\r\n1,2,3\r\n"), "people.csv:3: expected 2 fields, found 3");
  EXPECT_EQ(ErrorOf("a,b\n\"x\ny\",2\n1\n"), "people.csv:4: expected 2 fields, found 1");
}

TEST(CsvReader, RejectsStrayQuotes) {
  EXPECT_EQ(ErrorOf("a,b\r\n1,x\"y\r\n"), "people.csv:2: a quote inside an unquoted field");
  EXPECT_EQ(ErrorOf("a,b\r\n1,\"x\"y\r\n"),
            "people.csv:2: expected ',' or a line end after a closing quote");
  EXPECT_EQ(ErrorOf("a,b\r\n1,2\r\n3,\"open\r\nmore\r\n"),
            "people.csv:3: a quoted field is not closed before the end of the file");
}

TEST(CsvReader, NeedsAHeaderWithDistinctNames) {
  EXPECT_EQ(ErrorOf(""), "people.csv:1: the file is empty; expected a header line");
  EXPECT_EQ(ErrorOf("a,b,a\r\n"), "people.csv:1: column 'a' appears twice in the header");
}

}  // namespace
}  // namespace tdm::store
