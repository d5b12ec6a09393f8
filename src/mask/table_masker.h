// TableMasker: the transform between a table's source and its sink.
//
// Given a table's schema and, per column, the rule that masks it (or none), it builds one
// ColumnMasker per masked column and masks whole batches: masked columns are rewritten column by
// column, the others are moved through untouched. `aggregate` rules turn the table into its
// summary instead (TableAggregator below): one row of count, and total, average, min and max of
// each aggregated column.
//
// Not thread-safe: give each thread its own (Clone()).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/batch.h"
#include "mask/strategy.h"

namespace tdm::mask {

class TableMasker {
 public:
  // rules[i] masks column i of `table` (nullopt: copied as is). Errors name the column.
  static Result<std::unique_ptr<TableMasker>> Create(const TableSchema& table,
                                                     std::vector<std::optional<MaskRule>> rules);

  // The schema batches leave with: the input's, with columns masked to NULL made nullable.
  const TableSchema& output_schema() const { return output_; }
  bool masks_anything() const;

  // Masks `in` into `out` (out.schema = &output_schema()). Unmasked columns are moved out of
  // `in`, which is left unusable until its next Reset.
  Status Mask(Batch& in, Batch& out);

  // Rows masked so far per column (0 for columns copied as is).
  const std::vector<int64_t>& masked_rows() const { return masked_rows_; }

  Result<std::unique_ptr<TableMasker>> Clone() const { return Create(input_, rules_); }

 private:
  TableSchema input_;
  TableSchema output_;
  std::vector<std::optional<MaskRule>> rules_;
  std::vector<std::unique_ptr<ColumnMasker>> maskers_;
  std::vector<int64_t> masked_rows_;
};

// The seed's strategy 4: a table replaced by statistics of its numeric columns.
class TableAggregator {
 public:
  // `columns` are the aggregated columns (integer or float) of `table`.
  static Result<TableAggregator> Create(const TableSchema& table,
                                        const std::vector<std::string>& columns);

  // count, then <column>_total, <column>_average, <column>_min, <column>_max per column.
  const TableSchema& output_schema() const { return output_; }
  void Add(const Batch& batch);
  // The one summary row (min/max/average NULL for an empty table).
  void Finish(Batch& out) const;

 private:
  struct Stats {
    int column = 0;
    bool integer = false;
    int64_t count = 0;
    long double total = 0;
    __extension__ __int128 int_total = 0;
    long double min = 0;
    long double max = 0;
  };
  TableSchema output_;
  std::vector<Stats> stats_;
  int64_t rows_ = 0;
};

}  // namespace tdm::mask
