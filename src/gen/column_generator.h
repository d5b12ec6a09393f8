// ColumnGenerator: produces the values of one column for a set of rows.
//
// Generators are created once per table from a FieldSpec (see provider_registry.h) and are then
// immutable and thread-safe: Fill may run concurrently for different row ranges. A value depends
// only on the row index and the generator's keys, never on other rows, so any row set can be
// produced in any order (foreign keys use this to compute a parent's key from its row index).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "core/batch.h"
#include "gen/field_spec.h"

namespace tdm::gen {

// The rows to fill: either the contiguous range [first, first + count), or, when `explicit_rows` is
// set, the listed row indices in that order.
struct RowSet {
  int64_t first = 0;
  size_t count = 0;
  const int64_t* explicit_rows = nullptr;

  int64_t row(size_t i) const {
    return explicit_rows != nullptr ? explicit_rows[i] : first + static_cast<int64_t>(i);
  }
};

class ColumnGenerator {
 public:
  virtual ~ColumnGenerator() = default;

  // Appends one value per row of `rows` to `out` (no nulls; the table generator applies null_rate).
  virtual void Fill(const RowSet& rows, Column& out) const = 0;
};

}  // namespace tdm::gen
