// TableMasker over a customers table with masked and unmasked columns: what passes through is
// byte-identical, masked_rows counts, the output schema, clones, and that the result does not
// depend on how the rows are split into batches. Then TableAggregator's one summary row.
#include "mask/table_masker.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tdm::mask {
namespace {

constexpr size_t kRows = 10'000;

MaskRule Rule(std::string strategy) {
  MaskRule rule;
  rule.strategy = std::move(strategy);
  rule.key = "table-masker-test-key";
  return rule;
}

TableSchema Customers() {
  TableSchema table;
  table.name = "customers";
  table.columns = {
      {"id", ColumnType::kInteger, false, true, true},
      {"email", ColumnType::kString, false, true, false},
      {"full_name", ColumnType::kString, false, false, false},
      {"ssn", ColumnType::kString, true, false, false},
      {"card", ColumnType::kString, true, false, false},
      {"phone", ColumnType::kString, true, false, false},
      {"birth_date", ColumnType::kDate, true, false, false},
      {"balance", ColumnType::kFloat, true, false, false},
      {"notes", ColumnType::kString, true, false, false},
      {"country", ColumnType::kString, false, false, false},
      {"visits", ColumnType::kInteger, true, false, false},
  };
  return table;
}

// Which rule masks each column of Customers(): `notes`, `country` and `visits` pass through.
std::vector<std::optional<MaskRule>> CustomerRules() {
  MaskRule anonymize = Rule("anonymize");
  anonymize.provider = "full_name";
  MaskRule redact = Rule("redact");
  redact.replacement = "+1-555-0000";
  return {Rule("fpe"),   Rule("hash"),  anonymize,    Rule("fpe"),  Rule("partial"), redact,
          Rule("noise"), Rule("noise"), std::nullopt, std::nullopt, std::nullopt};
}

// Fills `batch` with rows [first, first + rows) of a deterministic customers table; every
// nullable column has a null now and then.
void FillCustomers(const TableSchema& table, int64_t first, size_t rows, Batch& batch) {
  batch.Reset(table, first, rows);
  char text[64];
  for (size_t i = 0; i < rows; ++i) {
    const int64_t r = first + static_cast<int64_t>(i);
    const bool null = r % 11 == 3;
    batch.columns[0].AppendInt(1000 + r);
    batch.columns[1].AppendString("customer" + std::to_string(r) + "@example.com");
    batch.columns[2].AppendString("Name " + std::to_string(r % 500));
    std::snprintf(text, sizeof text, "%03d-%02d-%04d", static_cast<int>(r % 900 + 100),
                  static_cast<int>(r % 89 + 10), static_cast<int>(r % 9000 + 1000));
    null ? batch.columns[3].AppendNull() : batch.columns[3].AppendString(text);
    std::snprintf(text, sizeof text, "4111-%04d-%04d-%04d", static_cast<int>(r % 10000),
                  static_cast<int>(r * 7 % 10000), static_cast<int>(r * 13 % 10000));
    null ? batch.columns[4].AppendNull() : batch.columns[4].AppendString(text);
    null ? batch.columns[5].AppendNull() : batch.columns[5].AppendString("+44 20 7946 0958");
    null ? batch.columns[6].AppendNull() : batch.columns[6].AppendInt(-5000 + r % 20000);
    null ? batch.columns[7].AppendNull() : batch.columns[7].AppendDouble(r * 1.25 + 0.5);
    r % 7 == 0 ? batch.columns[8].AppendNull()
               : batch.columns[8].AppendString("note \xc3\xa9 " + std::to_string(r * r));
    batch.columns[9].AppendString(r % 2 == 0 ? "DE" : "FR");
    r % 5 == 0 ? batch.columns[10].AppendNull() : batch.columns[10].AppendInt(r * 3 - 7);
  }
  batch.num_rows = rows;
}

std::unique_ptr<TableMasker> MakeMasker(const TableSchema& table,
                                        std::vector<std::optional<MaskRule>> rules) {
  auto masker = TableMasker::Create(table, std::move(rules));
  EXPECT_TRUE(masker.ok()) << masker.status().ToString();
  return masker.ok() ? std::move(*masker) : nullptr;
}

// Masks the rows [0, kRows) in batches of `batch_rows` and collects every output row.
Batch MaskInBatches(TableMasker& masker, const TableSchema& table, size_t batch_rows) {
  Batch all;
  all.Reset(masker.output_schema(), 0, 0);
  Batch in;
  Batch out;
  for (size_t first = 0; first < kRows; first += batch_rows) {
    const size_t rows = std::min(batch_rows, kRows - first);
    FillCustomers(table, static_cast<int64_t>(first), rows, in);
    Status masked = masker.Mask(in, out);
    EXPECT_TRUE(masked.ok()) << masked.ToString();
    EXPECT_EQ(out.num_rows, rows);
    EXPECT_EQ(out.first_row, static_cast<int64_t>(first));
    for (size_t c = 0; c < out.columns.size(); ++c) {
      EXPECT_EQ(out.columns[c].size(), rows) << "column " << c;
      for (size_t r = 0; r < rows; ++r) all.columns[c].AppendFrom(out.columns[c], r);
    }
  }
  all.num_rows = kRows;
  return all;
}

bool SameCell(const Column& a, const Column& b, size_t r) {
  if (a.IsNull(r) || b.IsNull(r)) return a.IsNull(r) == b.IsNull(r);
  switch (a.physical()) {
    case PhysicalType::kInt64:
      return a.GetInt(r) == b.GetInt(r);
    case PhysicalType::kDouble:
      return a.GetDouble(r) == b.GetDouble(r);
    case PhysicalType::kString:
      return a.GetString(r) == b.GetString(r);
  }
  return false;
}

// The number of cells that differ between two batches of the same schema.
size_t Differences(const Batch& a, const Batch& b) {
  size_t differences = 0;
  for (size_t c = 0; c < a.columns.size(); ++c) {
    for (size_t r = 0; r < a.num_rows; ++r)
      differences += SameCell(a.columns[c], b.columns[c], r) ? 0 : 1;
  }
  return differences;
}

TEST(TableMaskerTest, UnmaskedColumnsPassThroughByteIdentical) {
  const TableSchema table = Customers();
  auto masker = MakeMasker(table, CustomerRules());
  ASSERT_TRUE(masker);
  EXPECT_TRUE(masker->masks_anything());
  const Batch masked = MaskInBatches(*masker, table, kRows);
  Batch original;
  FillCustomers(table, 0, kRows, original);
  for (size_t c : {8, 9, 10}) {
    SCOPED_TRACE(table.columns[c].name);
    for (size_t r = 0; r < kRows; ++r) {
      ASSERT_TRUE(SameCell(masked.columns[c], original.columns[c], r)) << "row " << r;
    }
  }
  // The masked columns did change (phone to its replacement; a few noise draws may round back).
  for (size_t c = 0; c < 8; ++c) {
    size_t same = 0;
    size_t nulls = 0;
    for (size_t r = 0; r < kRows; ++r) {
      same += SameCell(masked.columns[c], original.columns[c], r) ? 1 : 0;
      nulls += original.columns[c].IsNull(r) ? 1 : 0;
    }
    EXPECT_LT(same - nulls, kRows / 100) << table.columns[c].name;
  }
}

TEST(TableMaskerTest, MaskedRowsCountsRowsPerMaskedColumn) {
  const TableSchema table = Customers();
  auto masker = MakeMasker(table, CustomerRules());
  ASSERT_TRUE(masker);
  MaskInBatches(*masker, table, 333);
  const std::vector<int64_t>& counts = masker->masked_rows();
  ASSERT_EQ(counts.size(), table.columns.size());
  for (size_t c = 0; c < 8; ++c) EXPECT_EQ(counts[c], static_cast<int64_t>(kRows)) << c;
  for (size_t c = 8; c < 11; ++c) EXPECT_EQ(counts[c], 0) << c;
}

TEST(TableMaskerTest, OutputSchemaMakesColumnsMaskedToNullNullable) {
  const TableSchema table = Customers();
  std::vector<std::optional<MaskRule>> rules = CustomerRules();
  rules[9] = Rule("null");  // country: NOT NULL in the input
  auto masker = MakeMasker(table, rules);
  ASSERT_TRUE(masker);
  const TableSchema& output = masker->output_schema();
  ASSERT_EQ(output.columns.size(), table.columns.size());
  EXPECT_EQ(output.name, table.name);
  for (size_t c = 0; c < table.columns.size(); ++c) {
    EXPECT_EQ(output.columns[c].name, table.columns[c].name);
    EXPECT_EQ(output.columns[c].type, table.columns[c].type);
    EXPECT_EQ(output.columns[c].nullable, c == 9 || table.columns[c].nullable) << c;
  }
  const Batch masked = MaskInBatches(*masker, table, 1000);
  for (size_t r = 0; r < kRows; ++r) ASSERT_TRUE(masked.columns[9].IsNull(r));
}

TEST(TableMaskerTest, CloneMasksIdentically) {
  const TableSchema table = Customers();
  auto masker = MakeMasker(table, CustomerRules());
  ASSERT_TRUE(masker);
  auto clone = masker->Clone();
  ASSERT_TRUE(clone.ok()) << clone.status().ToString();
  const Batch a = MaskInBatches(*masker, table, 1000);
  const Batch b = MaskInBatches(**clone, table, 1000);
  EXPECT_EQ(Differences(a, b), 0u);
  EXPECT_EQ((*clone)->masked_rows(), masker->masked_rows());
}

TEST(TableMaskerTest, OutputDoesNotDependOnBatchSize) {
  const TableSchema table = Customers();
  auto whole = MakeMasker(table, CustomerRules());
  auto sevens = MakeMasker(table, CustomerRules());
  ASSERT_TRUE(whole && sevens);
  const Batch one = MaskInBatches(*whole, table, kRows);
  const Batch many = MaskInBatches(*sevens, table, 7);
  EXPECT_EQ(Differences(one, many), 0u);
}

TEST(TableMaskerTest, NoRulesMasksNothing) {
  const TableSchema table = Customers();
  auto masker = MakeMasker(table, {});
  ASSERT_TRUE(masker);
  EXPECT_FALSE(masker->masks_anything());
  const Batch masked = MaskInBatches(*masker, table, 500);
  Batch original;
  FillCustomers(table, 0, kRows, original);
  EXPECT_EQ(Differences(masked, original), 0u);
}

TEST(TableMaskerTest, CreateErrorsNameTableAndColumn) {
  const TableSchema table = Customers();
  std::vector<std::optional<MaskRule>> rules(table.columns.size());
  rules[0] = Rule("null");  // a primary key
  auto masker = TableMasker::Create(table, rules);
  ASSERT_FALSE(masker.ok());
  EXPECT_EQ(masker.status().code(), StatusCode::kSpecError);
  EXPECT_NE(masker.status().message().find("customers.id"), std::string::npos)
      << masker.status().message();
}

TableSchema Measurements() {
  TableSchema table;
  table.name = "measurements";
  table.columns = {{"label", ColumnType::kString, false, false, false},
                   {"quantity", ColumnType::kInteger, true, false, false},
                   {"weight", ColumnType::kFloat, true, false, false}};
  return table;
}

void AddRow(Batch& batch, std::optional<int64_t> quantity, std::optional<double> weight) {
  batch.columns[0].AppendString("row");
  quantity ? batch.columns[1].AppendInt(*quantity) : batch.columns[1].AppendNull();
  weight ? batch.columns[2].AppendDouble(*weight) : batch.columns[2].AppendNull();
  ++batch.num_rows;
}

TEST(TableAggregatorTest, SummarisesIntegersAndFloatsSkippingNulls) {
  const TableSchema table = Measurements();
  auto agg = TableAggregator::Create(table, {"quantity", "weight"});
  ASSERT_TRUE(agg.ok()) << agg.status().ToString();
  const TableSchema& schema = agg->output_schema();
  std::vector<std::string> names;
  for (const ColumnSchema& c : schema.columns) names.push_back(c.name);
  EXPECT_EQ(names, (std::vector<std::string>{"count", "quantity_total", "quantity_average",
                                             "quantity_min", "quantity_max", "weight_total",
                                             "weight_average", "weight_min", "weight_max"}));
  EXPECT_EQ(schema.columns[1].type, ColumnType::kInteger);
  EXPECT_EQ(schema.columns[2].type, ColumnType::kFloat);
  EXPECT_EQ(schema.columns[5].type, ColumnType::kFloat);

  // Two batches: quantity -5, 10, NULL, 7, 20; weight 1.5, NULL, -2.25, 4.0, 0.25.
  Batch first;
  first.Reset(table, 0, 0);
  AddRow(first, -5, 1.5);
  AddRow(first, 10, std::nullopt);
  AddRow(first, std::nullopt, -2.25);
  agg->Add(first);
  Batch second;
  second.Reset(table, 3, 0);
  AddRow(second, 7, 4.0);
  AddRow(second, 20, 0.25);
  agg->Add(second);

  Batch out;
  agg->Finish(out);
  ASSERT_EQ(out.num_rows, 1u);
  EXPECT_EQ(out.columns[0].GetInt(0), 5);  // rows, nulls included
  EXPECT_EQ(out.columns[1].GetInt(0), 32);
  EXPECT_DOUBLE_EQ(out.columns[2].GetDouble(0), 8.0);  // over the 4 non-null values
  EXPECT_EQ(out.columns[3].GetInt(0), -5);
  EXPECT_EQ(out.columns[4].GetInt(0), 20);
  EXPECT_DOUBLE_EQ(out.columns[5].GetDouble(0), 3.5);
  EXPECT_DOUBLE_EQ(out.columns[6].GetDouble(0), 0.875);
  EXPECT_DOUBLE_EQ(out.columns[7].GetDouble(0), -2.25);
  EXPECT_DOUBLE_EQ(out.columns[8].GetDouble(0), 4.0);
  for (size_t c = 0; c < out.columns.size(); ++c) EXPECT_FALSE(out.columns[c].IsNull(0)) << c;
}

TEST(TableAggregatorTest, KeepsIntegerTotalsExactAndExtremesExact) {
  const TableSchema table = Measurements();
  auto agg = TableAggregator::Create(table, {"quantity"});
  ASSERT_TRUE(agg.ok());
  Batch batch;
  batch.Reset(table, 0, 0);
  const int64_t big = (int64_t{1} << 62) + 1;  // not representable in a double
  AddRow(batch, big, std::nullopt);
  AddRow(batch, -big + 2, std::nullopt);
  AddRow(batch, 3, std::nullopt);
  agg->Add(batch);
  Batch out;
  agg->Finish(out);
  EXPECT_EQ(out.columns[1].GetInt(0), 5);
  EXPECT_DOUBLE_EQ(out.columns[2].GetDouble(0), 5.0 / 3.0);
  EXPECT_EQ(out.columns[3].GetInt(0), -big + 2);
  EXPECT_EQ(out.columns[4].GetInt(0), big);
}

TEST(TableAggregatorTest, AllNullColumnAndEmptyTableGiveNullStatistics) {
  const TableSchema table = Measurements();
  {
    auto agg = TableAggregator::Create(table, {"quantity", "weight"});
    ASSERT_TRUE(agg.ok());
    Batch out;
    agg->Finish(out);
    ASSERT_EQ(out.num_rows, 1u);
    EXPECT_EQ(out.columns[0].GetInt(0), 0);
    for (size_t c = 1; c < out.columns.size(); ++c) EXPECT_TRUE(out.columns[c].IsNull(0)) << c;
  }
  auto agg = TableAggregator::Create(table, {"quantity", "weight"});
  ASSERT_TRUE(agg.ok());
  Batch batch;
  batch.Reset(table, 0, 0);
  AddRow(batch, std::nullopt, 2.5);
  AddRow(batch, std::nullopt, 3.5);
  agg->Add(batch);
  Batch out;
  agg->Finish(out);
  EXPECT_EQ(out.columns[0].GetInt(0), 2);
  for (size_t c = 1; c <= 4; ++c) EXPECT_TRUE(out.columns[c].IsNull(0)) << c;
  EXPECT_DOUBLE_EQ(out.columns[5].GetDouble(0), 6.0);
  EXPECT_DOUBLE_EQ(out.columns[6].GetDouble(0), 3.0);
}

TEST(TableAggregatorTest, RefusesMissingAndNonNumericColumns) {
  const TableSchema table = Measurements();
  EXPECT_EQ(TableAggregator::Create(table, {"label"}).status().code(), StatusCode::kSpecError);
  EXPECT_EQ(TableAggregator::Create(table, {"weigth"}).status().code(), StatusCode::kSpecError);
}

}  // namespace
}  // namespace tdm::mask
