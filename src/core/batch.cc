#include "core/batch.h"

namespace tdm {

Column::Column(ColumnType type) : type_(type), physical_(PhysicalTypeOf(type)) {
  if (physical_ == PhysicalType::kString) offsets_.push_back(0);
}

void Column::Reserve(size_t rows, size_t string_bytes) {
  switch (physical_) {
    case PhysicalType::kInt64:
      ints_.reserve(rows);
      break;
    case PhysicalType::kDouble:
      doubles_.reserve(rows);
      break;
    case PhysicalType::kString:
      offsets_.reserve(rows + 1);
      arena_.reserve(string_bytes);
      break;
  }
}

void Column::Clear() {
  size_ = 0;
  ints_.clear();
  doubles_.clear();
  arena_.clear();
  offsets_.clear();
  if (physical_ == PhysicalType::kString) offsets_.push_back(0);
  nulls_.clear();
}

void Column::AppendNull() {
  if (nulls_.empty()) nulls_.assign(size_, 0);
  switch (physical_) {
    case PhysicalType::kInt64:
      ints_.push_back(0);
      break;
    case PhysicalType::kDouble:
      doubles_.push_back(0.0);
      break;
    case PhysicalType::kString:
      offsets_.push_back(static_cast<uint32_t>(arena_.size()));
      break;
  }
  ++size_;
  nulls_.push_back(1);
}

void Column::SetNull(size_t i) {
  if (nulls_.empty()) nulls_.assign(size_, 0);
  nulls_[i] = 1;
}

void Column::AppendFrom(const Column& other, size_t row) {
  if (other.IsNull(row)) {
    AppendNull();
    return;
  }
  switch (physical_) {
    case PhysicalType::kInt64:
      AppendInt(other.GetInt(row));
      break;
    case PhysicalType::kDouble:
      AppendDouble(other.GetDouble(row));
      break;
    case PhysicalType::kString:
      AppendString(other.GetString(row));
      break;
  }
}

void Batch::KeepRowsOf(const Batch& in, const std::vector<uint8_t>& keep) {
  Reset(*in.schema, in.first_row, 0);
  for (size_t c = 0; c < in.columns.size(); ++c) {
    for (size_t r = 0; r < in.num_rows; ++r) {
      if (keep[r] != 0) columns[c].AppendFrom(in.columns[c], r);
    }
  }
  num_rows = columns.empty() ? 0 : columns[0].size();
}

void Batch::Reset(const TableSchema& table, int64_t first, size_t rows) {
  schema = &table;
  first_row = first;
  num_rows = rows;
  if (columns.size() != table.columns.size()) {
    columns.clear();
    for (const ColumnSchema& c : table.columns) columns.emplace_back(c.type);
  }
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].type() != table.columns[i].type) columns[i] = Column(table.columns[i].type);
    columns[i].Clear();
  }
}

}  // namespace tdm
