// TableGenerator: produces any row range of one dataset, on any thread.
//
// Built from a DatasetPlan, it owns one ColumnGenerator per field. Foreign-key columns pick a
// parent row index by a pure function of the child row and compute that parent's key with the
// parent's own key generator, so children are valid by construction and never read the parent
// table.
#pragma once

#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "core/batch.h"
#include "core/table_schema.h"
#include "gen/column_generator.h"
#include "gen/expression.h"
#include "gen/field_spec.h"

namespace tdm::gen {

class TableGenerator {
 public:
  using ParentLookup = std::function<const TableGenerator*(std::string_view table)>;

  // `find_parent` returns the generator of a referenced table; parents must outlive this object.
  static Result<std::unique_ptr<TableGenerator>> Create(const DatasetPlan& plan,
                                                        const GenerationContext& context,
                                                        const ParentLookup& find_parent);

  // Computes the aggregates of derived fields over child tables (sum(lines.amount)): reads every
  // row of each child through `find_table`. Call once after every table of the dataset is
  // created, children before parents; a table without aggregates has nothing to do.
  Status LinkChildren(const ParentLookup& find_table);

  // The parent row index of `row` for a foreign-key column, or -1 when `column` is not one.
  int64_t ParentRowOf(size_t column, int64_t row) const;
  // The same for rows [first_row, first_row + count).
  std::vector<int64_t> ParentRows(size_t column, int64_t first_row, size_t count) const;

  const TableSchema& schema() const { return schema_; }
  int64_t num_rows() const { return rows_; }

  // Resets `out` to rows [first_row, first_row + count) of this table and fills every column.
  // Thread-safe; the result depends only on the arguments.
  void Fill(int64_t first_row, size_t count, Batch& out) const;

  // The generator of one column, or nullptr.
  const ColumnGenerator* column(std::string_view name) const;

 private:
  TableGenerator() = default;

  struct Derived {
    size_t column;  // index in columns_
    Expression expression;
    std::vector<size_t> inputs;                  // column index of each of expression.fields()
    std::vector<std::vector<Value>> aggregates;  // per aggregate, one value per row (after Link)
    int decimals = 2;
    bool integer = false;
  };

  Status AddDerived(const DatasetPlan& plan, const FieldSpec& field);
  Status OrderDerived(const DatasetPlan& plan);
  // One value per row of this table: fn over the children's `value_column` (-1: count rows).
  std::vector<Value> Aggregated(const TableGenerator& child, size_t fk_column, int value_column,
                                AggregateFn fn) const;
  // Fills the derived columns of `out` (rows [first_row, ...)) from its other columns.
  void FillDerived(int64_t first_row, Batch& out) const;
  void ApplyNulls(size_t column, int64_t first_row, Column& out) const;

  TableSchema schema_;
  int64_t rows_ = 0;
  std::vector<Derived> derived_;  // in evaluation order: inputs before the fields that read them
  std::vector<std::unique_ptr<ColumnGenerator>> columns_;
  std::vector<uint64_t> null_ppm_;   // per column, parts per million
  std::vector<uint64_t> null_keys_;  // per column
};

// The number of child rows a relationship with a per-parent cardinality yields: each parent gets
// between min and max children, decided by a pure function of the parent row.
int64_t CardinalityTotal(const GenerationContext& context, std::string_view table,
                         std::string_view column, int64_t parent_rows, int64_t min_children,
                         int64_t max_children);

// The TableSchema a plan produces (columns, keys, foreign keys, indexes).
TableSchema SchemaForPlan(const DatasetPlan& plan);

}  // namespace tdm::gen
