// COPY binary encoding and decoding (store/postgres/postgres_copy.h), without a server: every
// logical type round-trips exactly, byte layouts match PostgreSQL's wire format, and partial
// input waits for more instead of appending half a row.
#include "store/postgres/postgres_copy.h"

#include <gtest/gtest.h>

#include <climits>
#include <string>

#include "store/postgres/postgres_types.h"

namespace tdm::store::pg {
namespace {

TableSchema EveryType() {
  TableSchema t;
  t.name = "every";
  t.columns = {{"s", ColumnType::kString, true, false, false},
               {"i", ColumnType::kInteger, true, false, false},
               {"f", ColumnType::kFloat, true, false, false},
               {"b", ColumnType::kBoolean, true, false, false},
               {"d", ColumnType::kDate, true, false, false},
               {"t", ColumnType::kDateTime, true, false, false},
               {"o", ColumnType::kObjectId, true, false, false},
               {"u", ColumnType::kUuid, true, false, false}};
  return t;
}

void AppendRow(Batch& b, int64_t r) {
  if (r % 4 == 3) {
    for (Column& c : b.columns) c.AppendNull();
    return;
  }
  b.columns[0].AppendString(r == 0 ? "" : "Zoë 東京 \"x\"\t\\" + std::to_string(r));
  b.columns[1].AppendInt(r == 1 ? INT64_MIN : r == 2 ? INT64_MAX : r);
  b.columns[2].AppendDouble(r == 1 ? 0.1 : r == 2 ? -1.5e300 : 1.0 / 3.0);
  b.columns[3].AppendInt(r % 2);
  b.columns[4].AppendInt(r == 1 ? -719162 : 19000 + r);
  b.columns[5].AppendInt(1700000000123456 + r);
  b.columns[6].AppendString("65a0c0de0000000000000001");
  b.columns[7].AppendString("0123abcd-1234-4abc-8def-0000000000" + std::to_string(10 + r % 90));
}

CopyBuffer Encode(const Batch& batch, size_t flush_bytes = SIZE_MAX) {
  CopyBuffer out;
  AppendCopyHeader(out);
  size_t row = 0;
  while (row < batch.num_rows) {
    auto next = EncodeCopyRows(batch, row, flush_bytes, out);
    EXPECT_TRUE(next.ok()) << next.status().ToString();
    if (!next.ok()) break;
    row = *next;
    flush_bytes = SIZE_MAX;
  }
  AppendCopyTrailer(out);
  return out;
}

TEST(PostgresCopyTest, EveryTypeRoundTripsExactly) {
  TableSchema t = EveryType();
  Batch in;
  in.Reset(t, 0, 12);
  for (int64_t r = 0; r < 12; ++r) AppendRow(in, r);
  CopyBuffer bytes = Encode(in);

  std::string_view data(bytes.data(), bytes.size());
  auto header = ParseCopyHeader(data);
  ASSERT_TRUE(header.ok());
  ASSERT_EQ(*header, 19u);
  data.remove_prefix(*header);
  Batch out;
  out.Reset(t, 0, 0);
  while (true) {
    size_t consumed = 0;
    auto row = DecodeCopyRow(data, out, consumed);
    ASSERT_TRUE(row.ok()) << row.status().ToString();
    ASSERT_NE(*row, CopyRow::kNeedMore);
    data.remove_prefix(consumed);
    if (*row == CopyRow::kEnd) break;
  }
  EXPECT_TRUE(data.empty());
  ASSERT_EQ(out.columns[0].size(), 12u);
  for (size_t r = 0; r < 12; ++r) {
    for (size_t c = 0; c < t.columns.size(); ++c) {
      const Column& a = in.columns[c];
      const Column& b = out.columns[c];
      ASSERT_EQ(a.IsNull(r), b.IsNull(r)) << r << " " << c;
      if (a.IsNull(r)) continue;
      switch (a.physical()) {
        case PhysicalType::kInt64:
          EXPECT_EQ(a.GetInt(r), b.GetInt(r)) << r << " " << c;
          break;
        case PhysicalType::kDouble:
          EXPECT_EQ(a.GetDouble(r), b.GetDouble(r)) << r << " " << c;
          break;
        case PhysicalType::kString:
          EXPECT_EQ(a.GetString(r), b.GetString(r)) << r << " " << c;
          break;
      }
    }
  }
}

TEST(PostgresCopyTest, UsesPostgresEpochAndNetworkByteOrder) {
  TableSchema t;
  t.columns = {{"d", ColumnType::kDate, false, false, false},
               {"t", ColumnType::kDateTime, false, false, false},
               {"i", ColumnType::kInteger, false, false, false}};
  Batch b;
  b.Reset(t, 0, 1);
  b.columns[0].AppendInt(kEpochOffsetDays + 1);      // 2000-01-02
  b.columns[1].AppendInt(kEpochOffsetMicros + 258);  // 2000-01-01 00:00:00.000258
  b.columns[2].AppendInt(1);
  CopyBuffer out;
  ASSERT_TRUE(EncodeCopyRows(b, 0, SIZE_MAX, out).ok());
  const std::string expected(
      "\x00\x03"
      "\x00\x00\x00\x04\x00\x00\x00\x01"
      "\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00\x01\x02"
      "\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00\x00\x01",
      2 + 8 + 12 + 12);
  EXPECT_EQ(std::string(out.data(), out.size()), expected);
}

TEST(PostgresCopyTest, StopsAtTheFlushSizeOnARowBoundary) {
  TableSchema t = EveryType();
  Batch b;
  b.Reset(t, 0, 100);
  for (int64_t r = 0; r < 100; ++r) AppendRow(b, r);
  CopyBuffer out;
  auto next = EncodeCopyRows(b, 0, 1000, out);
  ASSERT_TRUE(next.ok());
  EXPECT_GT(*next, 0u);
  EXPECT_LT(*next, 100u);
  EXPECT_GE(out.size(), 1000u);
  CopyBuffer all = Encode(b);
  CopyBuffer split = Encode(b, 1000);
  EXPECT_EQ(std::string(all.data(), all.size()), std::string(split.data(), split.size()));
}

TEST(PostgresCopyTest, APartialRowAppendsNothing) {
  TableSchema t = EveryType();
  Batch in;
  in.Reset(t, 0, 1);
  AppendRow(in, 5);
  CopyBuffer out;
  ASSERT_TRUE(EncodeCopyRows(in, 0, SIZE_MAX, out).ok());
  std::string_view row(out.data(), out.size());
  Batch decoded;
  decoded.Reset(t, 0, 0);
  for (size_t cut = 0; cut < row.size(); ++cut) {
    size_t consumed = 0;
    auto result = DecodeCopyRow(row.substr(0, cut), decoded, consumed);
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(*result, CopyRow::kNeedMore) << cut;
  }
  EXPECT_EQ(decoded.columns[0].size(), 0u);
  size_t consumed = 0;
  auto whole = DecodeCopyRow(row, decoded, consumed);
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(*whole, CopyRow::kRow);
  EXPECT_EQ(consumed, row.size());
}

TEST(PostgresCopyTest, ABadUuidNamesTheColumnNotTheValue) {
  TableSchema t;
  t.name = "people";
  t.columns = {{"token", ColumnType::kUuid, false, false, false}};
  Batch b;
  b.Reset(t, 40, 1);
  b.columns[0].AppendString("secret-not-a-uuid");
  CopyBuffer out;
  auto result = EncodeCopyRows(b, 0, SIZE_MAX, out);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(result.status().message().find("'token'"), std::string::npos);
  EXPECT_NE(result.status().message().find("row 41"), std::string::npos);
  EXPECT_EQ(result.status().message().find("secret"), std::string::npos);
}

TEST(PostgresCopyTest, RejectsATextStream) {
  EXPECT_FALSE(ParseCopyHeader("id,name\n1,x\n").ok());
  auto partial = ParseCopyHeader(std::string_view("PGCOPY\n", 7));
  ASSERT_TRUE(partial.ok());
  EXPECT_EQ(*partial, 0u);
}

}  // namespace
}  // namespace tdm::store::pg
