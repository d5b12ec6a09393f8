#include "store/file/value_format.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <limits>

#include "core/time_format.h"

namespace tdm::store {
namespace {

std::string Json(std::string_view text) {
  std::string out;
  AppendJsonString(text, out);
  return out;
}

std::string Double(double value) {
  std::string out;
  AppendDouble(value, out);
  return out;
}

TEST(ValueFormat, JsonStringsEscapeQuotesBackslashesAndControls) {
  EXPECT_EQ(Json("plain"), "\"plain\"");
  EXPECT_EQ(Json("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(Json("\n\r\t\b\f"), R"("\n\r\t\b\f")");
  EXPECT_EQ(Json(std::string_view("\x00\x01\x1f", 3)), R"("\u0000\u0001\u001f")");
  EXPECT_EQ(Json("Zo\xc3\xab \xe2\x82\xac \xf0\x9f\x98\x80"),
            "\"Zo\xc3\xab \xe2\x82\xac \xf0\x9f\x98\x80\"");
  EXPECT_EQ(Json("\x7f/"), "\"\x7f/\"");
  EXPECT_EQ(Json(""), "\"\"");
}

TEST(ValueFormat, DoublesAreShortestAndReadBackExactly) {
  EXPECT_EQ(Double(7.0), "7.0");
  EXPECT_EQ(Double(-0.0), "-0.0");
  EXPECT_EQ(Double(0.1), "0.1");
  EXPECT_EQ(Double(-1234.5678), "-1234.5678");
  EXPECT_EQ(Double(1e300), "1e+300");
  EXPECT_EQ(Double(5e-324), "5e-324");
  EXPECT_EQ(Double(123456789012.0), "123456789012.0");
  uint64_t bits = 0x9E3779B97F4A7C15ULL;
  for (int i = 0; i < 10000; ++i) {
    bits = bits * 6364136223846793005ULL + 1442695040888963407ULL;
    double value = static_cast<double>(bits >> 11) * 0x1p-53 * std::pow(10.0, i % 40 - 20);
    EXPECT_EQ(std::strtod(Double(value).c_str(), nullptr), value);
  }
}

TEST(ValueFormat, IntegersCoverTheWholeRange) {
  std::string out;
  AppendInt(std::numeric_limits<int64_t>::min(), out);
  out.push_back(' ');
  AppendInt(std::numeric_limits<int64_t>::max(), out);
  EXPECT_EQ(out, "-9223372036854775808 9223372036854775807");
}

TEST(ValueFormat, CsvFieldsAreQuotedOnlyWhenNeeded) {
  std::string out;
  for (std::string_view field : {"a b", "a,b", "say \"hi\"", "", "x\r\ny"}) {
    AppendCsvField(field, out);
    out.push_back('|');
  }
  EXPECT_EQ(out, "a b|\"a,b\"|\"say \"\"hi\"\"\"|\"\"|\"x\r\ny\"|");
}

TEST(ValueFormat, SqlLiteralsDoubleTheirQuotes) {
  std::string out;
  AppendSqlString("O'Brien's", out);
  out.push_back(' ');
  AppendSqlIdentifier("we\"ird", out);
  EXPECT_EQ(out, "'O''Brien''s' \"we\"\"ird\"");
}

}  // namespace
}  // namespace tdm::store
