// Client-side filters and limits (store/file/filtered_source.h) over an in-memory table.
#include "store/file/filtered_source.h"

#include <gtest/gtest.h>

#include "core/time_format.h"

namespace tdm::store {
namespace {

TableSchema EventsSchema() {
  TableSchema t;
  t.name = "events";
  t.columns = {{"n", ColumnType::kInteger, false, false, false},
               {"x", ColumnType::kFloat, true, false, false},
               {"ok", ColumnType::kBoolean, false, false, false},
               {"day", ColumnType::kDate, false, false, false},
               {"at", ColumnType::kDateTime, false, false, false},
               {"s", ColumnType::kString, true, false, false}};
  return t;
}

// Row i: n = i, x = i / 2 (null every 4th), ok = i odd, day 2024-01-01 + i % 3, at = midnight of
// 2024-01-01 + i hours, s = "s<i % 5>" (null every 7th).
class VectorSource final : public Source {
 public:
  explicit VectorSource(int64_t rows) : schema_(EventsSchema()), rows_(rows) {}
  const TableSchema& schema() const override { return schema_; }
  Result<bool> Next(Batch& out, size_t max_rows) override {
    out.Reset(schema_, next_, 0);
    for (; out.num_rows < max_rows && next_ < rows_; ++next_, ++out.num_rows) {
      int64_t i = next_;
      out.columns[0].AppendInt(i);
      if (i % 4 == 0) {
        out.columns[1].AppendNull();
      } else {
        out.columns[1].AppendDouble(static_cast<double>(i) / 2);
      }
      out.columns[2].AppendInt(i % 2);
      out.columns[3].AppendInt(*ParseDate("2024-01-01") + i % 3);
      out.columns[4].AppendInt(*ParseDateTime("2024-01-01") + i * 3600 * kMicrosPerSecond);
      if (i % 7 == 0) {
        out.columns[5].AppendNull();
      } else {
        out.columns[5].AppendString("s" + std::to_string(i % 5));
      }
    }
    return out.num_rows > 0;
  }

 private:
  TableSchema schema_;
  int64_t rows_;
  int64_t next_ = 0;
};

ColumnFilter Text(const char* column, const char* text) {
  ColumnFilter f;
  f.column = column;
  f.text = text;
  return f;
}

ColumnFilter Number(const char* column, double value) {
  ColumnFilter f;
  f.column = column;
  f.kind = ColumnFilter::Kind::kFloat;
  f.float_value = value;
  return f;
}

// The `n` of every row the filters let through, read `batch` rows at a time.
Result<std::vector<int64_t>> Matching(std::vector<ColumnFilter> filters,
                                      std::optional<int64_t> limit = std::nullopt, size_t batch = 3,
                                      int64_t rows = 100) {
  auto inner = std::make_unique<VectorSource>(rows);
  TDM_RETURN_IF_ERROR(ResolveFilters(inner->schema(), filters));
  TDM_ASSIGN_OR_RETURN(auto source, FilterRows(std::move(inner), filters, limit));
  std::vector<int64_t> out;
  Batch b;
  int64_t expected_first = 0;
  while (true) {
    TDM_ASSIGN_OR_RETURN(bool more, source->Next(b, batch));
    if (!more) break;
    EXPECT_LE(b.num_rows, batch);
    EXPECT_EQ(b.first_row, expected_first);
    expected_first += static_cast<int64_t>(b.num_rows);
    for (size_t r = 0; r < b.num_rows; ++r) out.push_back(b.columns[0].GetInt(r));
  }
  EXPECT_EQ(b.num_rows, 0u);
  return out;
}

TEST(FilteredSource, NumbersCompareByValue) {
  EXPECT_EQ(*Matching({Text("n", "42")}), std::vector<int64_t>{42});
  EXPECT_EQ(*Matching({Number("n", 42.0)}), std::vector<int64_t>{42});
  EXPECT_TRUE(Matching({Number("n", 42.5)})->empty());
  EXPECT_EQ(*Matching({Text("x", "3")}), std::vector<int64_t>{6});
  EXPECT_EQ(*Matching({Number("x", 3.5)}), std::vector<int64_t>{7});
}

TEST(FilteredSource, NullsMatchOnlyANullFilter) {
  ColumnFilter null;
  null.column = "x";
  null.kind = ColumnFilter::Kind::kNull;
  EXPECT_EQ(Matching({null})->size(), 25u);
  EXPECT_EQ(*Matching({Number("x", 0)}), std::vector<int64_t>{});  // row 0's x is null
}

TEST(FilteredSource, BooleansDatesAndDatetimesCompareAsTheirType) {
  ColumnFilter yes;
  yes.column = "ok";
  yes.kind = ColumnFilter::Kind::kBoolean;
  yes.int_value = 1;
  EXPECT_EQ(Matching({yes})->size(), 50u);
  EXPECT_EQ(Matching({Text("day", "2024-01-02")})->size(), 33u);
  // The same instant written with an offset.
  EXPECT_EQ(*Matching({Text("at", "2024-01-01T05:30:00+03:30")}), std::vector<int64_t>{2});
  EXPECT_EQ(Matching({Text("day", "January")}).status().code(), StatusCode::kInvalidArgument);
}

TEST(FilteredSource, SeveralFiltersMustAllMatch) {
  EXPECT_EQ(*Matching({Text("s", "s2"), Text("day", "2024-01-01")}),
            (std::vector<int64_t>{12, 27, 57, 72, 87}));
}

TEST(FilteredSource, LimitsCountMatchingRowsAcrossBatches) {
  EXPECT_EQ(*Matching({}, 4), (std::vector<int64_t>{0, 1, 2, 3}));
  EXPECT_EQ(*Matching({Text("s", "s1")}, 3, 2), (std::vector<int64_t>{1, 6, 11}));
  EXPECT_TRUE(Matching({}, 0)->empty());
  EXPECT_EQ(Matching({}, 1000)->size(), 100u);
}

}  // namespace
}  // namespace tdm::store
