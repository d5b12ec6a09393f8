// Batch and Column: the columnar unit every pipeline stage exchanges.
//
// A Column stores one physical representation: int64 values (integers, booleans, dates, datetimes),
// doubles, or strings packed into a per-column arena with offsets. Nulls live in a bitmap that is
// only allocated once the first null is appended. Nothing here allocates per value: strings are
// appended into the arena, and Clear() keeps capacity so a batch can be refilled without new
// allocations.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/table_schema.h"

namespace tdm {

class Column {
 public:
  explicit Column(ColumnType type = ColumnType::kString);

  ColumnType type() const { return type_; }
  PhysicalType physical() const { return physical_; }
  size_t size() const { return size_; }
  bool has_nulls() const { return !nulls_.empty(); }

  void Reserve(size_t rows, size_t string_bytes = 0);
  void Clear();

  void AppendInt(int64_t v) {
    ints_.push_back(v);
    ++size_;
    if (!nulls_.empty()) nulls_.push_back(0);
  }
  void AppendDouble(double v) {
    doubles_.push_back(v);
    ++size_;
    if (!nulls_.empty()) nulls_.push_back(0);
  }
  void AppendString(std::string_view v) {
    arena_.append(v);
    offsets_.push_back(static_cast<uint32_t>(arena_.size()));
    ++size_;
    if (!nulls_.empty()) nulls_.push_back(0);
  }
  void AppendNull();
  // Appends row `row` of `other` (same physical type), null or not.
  void AppendFrom(const Column& other, size_t row);
  // Marks an already appended value as null (its stored value is kept but must not be read).
  void SetNull(size_t i);

  // Zero-copy string building: write into arena() and then call CommitString() once per value.
  std::string& arena() { return arena_; }
  void CommitString() {
    offsets_.push_back(static_cast<uint32_t>(arena_.size()));
    ++size_;
    if (!nulls_.empty()) nulls_.push_back(0);
  }

  bool IsNull(size_t i) const { return !nulls_.empty() && nulls_[i] != 0; }
  int64_t GetInt(size_t i) const { return ints_[i]; }
  double GetDouble(size_t i) const { return doubles_[i]; }
  std::string_view GetString(size_t i) const {
    return {arena_.data() + offsets_[i], offsets_[i + 1] - offsets_[i]};
  }

  const std::vector<int64_t>& ints() const { return ints_; }
  const std::vector<double>& doubles() const { return doubles_; }

 private:
  ColumnType type_;
  PhysicalType physical_;
  size_t size_ = 0;
  std::vector<int64_t> ints_;
  std::vector<double> doubles_;
  std::string arena_;
  std::vector<uint32_t> offsets_;  // size_ + 1 entries for string columns
  std::vector<uint8_t> nulls_;     // empty until the first null; then one byte per row, 1 = null
};

struct Batch {
  const TableSchema* schema = nullptr;
  int64_t first_row = 0;  // index of row 0 of this batch within its table
  size_t num_rows = 0;
  std::vector<Column> columns;

  // Makes the batch hold one empty column per schema column, keeping capacity when reused.
  void Reset(const TableSchema& table, int64_t first, size_t rows);
  // Replaces this batch's rows by the rows r of `in` with keep[r] != 0 (same schema).
  void KeepRowsOf(const Batch& in, const std::vector<uint8_t>& keep);
};

}  // namespace tdm
