// Helpers for generator tests: build a DatasetPlan field by field, create its TableGenerator and
// read generated cells back as text.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/batch.h"
#include "gen/field_spec.h"
#include "gen/provider_registry.h"
#include "gen/table_generator.h"

namespace tdm::gen::testing {

// 2026-01-01T00:00:00Z, the resolver's default reference time.
constexpr int64_t kReferenceTime = 1'767'225'600'000'000;

inline GenerationContext TestContext(uint64_t seed = 42) {
  GenerationContext context;
  context.seed = seed;
  context.reference_time = kReferenceTime;
  return context;
}

// A field of the provider's default column type.
inline FieldSpec Field(std::string name, std::string provider) {
  FieldSpec f;
  f.name = std::move(name);
  const Provider* p = Registry().Find(provider);
  if (p != nullptr) f.type = p->types.front();
  f.provider = std::move(provider);
  return f;
}

inline DatasetPlan Plan(std::string name, int64_t rows, std::vector<FieldSpec> fields) {
  DatasetPlan plan;
  plan.name = std::move(name);
  plan.rows = rows;
  plan.fields = std::move(fields);
  return plan;
}

// Creates the generator of a table without parents; fails the test (and returns nullptr) when the
// plan is rejected.
inline std::unique_ptr<TableGenerator> MakeTable(
    const DatasetPlan& plan, const GenerationContext& context = TestContext(),
    const TableGenerator::ParentLookup& parents = [](std::string_view) {
      return static_cast<const TableGenerator*>(nullptr);
    }) {
  Result<std::unique_ptr<TableGenerator>> table = TableGenerator::Create(plan, context, parents);
  EXPECT_TRUE(table.ok()) << table.status().ToString();
  return table.ok() ? std::move(table).value() : nullptr;
}

// A generator and the batch of all its rows.
struct Generated {
  std::unique_ptr<TableGenerator> table;
  Batch batch;

  bool ok() const { return table != nullptr; }
  const Column& column(std::string_view name) const {
    static const Column kEmpty;
    int index = table ? table->schema().FindColumn(name) : -1;
    EXPECT_GE(index, 0) << "no column " << name;
    return index < 0 ? kEmpty : batch.columns[static_cast<size_t>(index)];
  }
};

inline Generated Generate(const DatasetPlan& plan,
                          const GenerationContext& context = TestContext()) {
  Generated g;
  g.table = MakeTable(plan, context);
  if (g.table) g.table->Fill(0, static_cast<size_t>(plan.rows), g.batch);
  return g;
}

// One cell as text, with the physical type and null-ness spelled out so that "1" and 1 differ.
inline std::string CellText(const Column& column, size_t row) {
  if (column.IsNull(row)) return "null";
  switch (column.physical()) {
    case PhysicalType::kInt64:
      return "i:" + std::to_string(column.GetInt(row));
    case PhysicalType::kDouble: {
      char buf[40];
      std::snprintf(buf, sizeof(buf), "d:%.17g", column.GetDouble(row));
      return buf;
    }
    case PhysicalType::kString:
      return "s:" + std::string(column.GetString(row));
  }
  return "?";
}

// Every row of a batch, one string per row (cells joined by '|').
inline std::vector<std::string> RowTexts(const Batch& batch) {
  std::vector<std::string> rows(batch.num_rows);
  for (size_t r = 0; r < batch.num_rows; ++r) {
    for (const Column& column : batch.columns) rows[r] += CellText(column, r) + "|";
  }
  return rows;
}

inline std::vector<std::string> Strings(const Column& column) {
  std::vector<std::string> out;
  out.reserve(column.size());
  for (size_t i = 0; i < column.size(); ++i) out.emplace_back(column.GetString(i));
  return out;
}

}  // namespace tdm::gen::testing
