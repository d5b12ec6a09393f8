// Malformed and unusual JSON input, read through OpenFileSource.
#include <gtest/gtest.h>

#include "sample_table.h"

namespace tdm::store {
namespace {

using testing::WriteTempFile;

// The error reading `content` as file `name` gives, as "file:line: message" with the temporary
// directory cut off; "" when it reads cleanly.
std::string ErrorOf(const std::string& name, const std::string& content) {
  Result<std::unique_ptr<Source>> source = OpenFileSource(WriteTempFile(name, content), "", {});
  Status status = source.status();
  Batch batch;
  while (status.ok()) {
    Result<bool> more = (*source)->Next(batch, 2);
    status = more.status();
    if (more.ok() && !*more) return "";
  }
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  std::string text = status.ToString();
  size_t start = text.find(name);
  return start == std::string::npos ? text : text.substr(start);
}

TEST(JsonReader, ArrayElementsMustBeObjects) {
  EXPECT_EQ(ErrorOf("users.json", "[\n{\"a\":1},\n5\n]\n"), "users.json:3: expected an object");
  EXPECT_EQ(ErrorOf("users.jsonl", "{\"a\":1}\n[1]\n"), "users.jsonl:2: expected an object");
}

TEST(JsonReader, ArraysMustBeWellFormed) {
  EXPECT_EQ(ErrorOf("users.json", "[\n{\"a\":1}\n{\"a\":2}\n]\n"),
            "users.json:3: expected ',' or ']' after a record");
  EXPECT_EQ(ErrorOf("users.json", "[\n{\"a\":1},\n"),
            "users.json:3: the array is not closed with ']'");
  EXPECT_EQ(ErrorOf("users.json", "[\n{\"a\":1}\n]\n]"),
            "users.json:4: unexpected text after the closing ']'");
  EXPECT_EQ(ErrorOf("users.json", "[{\"a\":1},]"), "users.json:1: expected an object");
}

TEST(JsonReader, InvalidJsonNamesTheLineButNotTheData) {
  std::string error = ErrorOf("users.jsonl", "{\"a\":1}\n{\"a\":1}\n{\"a\": secret}\n");
  EXPECT_TRUE(error.starts_with("users.jsonl:3: invalid JSON")) << error;
  EXPECT_EQ(error.find("secret"), std::string::npos) << error;
  // A record spread over lines: the line of the fault, not of the record's start.
  error = ErrorOf("users.json", "[\n{\n  \"a\": 1,\n  \"b\": tru\n}\n]\n");
  EXPECT_TRUE(error.starts_with("users.json:4: invalid JSON")) << error;
}

TEST(JsonReader, NumbersBeyondDoubleAreErrors) {
  EXPECT_EQ(ErrorOf("users.jsonl", "{\"a\":1}\n{\"a\":1e400}\n"),
            "users.jsonl:2: invalid JSON: a number is out of range");
}

TEST(JsonReader, UnterminatedObjectNamesWhereItStarted) {
  EXPECT_EQ(ErrorOf("users.jsonl", "{\"a\":1}\n{\"a\":\"}\n"),
            "users.jsonl:2: the object never ends (end of file)");
}

TEST(JsonReader, AcceptsPrettyPrintedAndSpacedInput) {
  EXPECT_EQ(ErrorOf("users.json", "\xef\xbb\xbf  [ {\"a\" : \"}{\" } , {\"a\":\"\\\"]\"}\r\n]  \n"),
            "");
  EXPECT_EQ(ErrorOf("users.jsonl", "{\n \"a\": [1, {\"b\": 2}]\n}\n\n{\"a\": []}"), "");
}

}  // namespace
}  // namespace tdm::store
