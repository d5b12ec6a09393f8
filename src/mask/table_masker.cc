#include "mask/table_masker.h"

#include <utility>

namespace tdm::mask {

Result<std::unique_ptr<TableMasker>> TableMasker::Create(
    const TableSchema& table, std::vector<std::optional<MaskRule>> rules) {
  auto masker = std::make_unique<TableMasker>();
  masker->input_ = table;
  masker->output_ = table;
  rules.resize(table.columns.size());
  masker->maskers_.resize(table.columns.size());
  masker->masked_rows_.assign(table.columns.size(), 0);
  for (size_t c = 0; c < table.columns.size(); ++c) {
    if (!rules[c]) continue;
    auto made = MakeColumnMasker(*rules[c], table.columns[c]);
    if (!made.ok()) {
      return made.status().WithContext("masking " + table.name + "." + table.columns[c].name);
    }
    masker->maskers_[c] = std::move(*made);
    const Strategy* strategy = FindStrategy(rules[c]->strategy);
    if (strategy->makes_nullable) masker->output_.columns[c].nullable = true;
  }
  masker->rules_ = std::move(rules);
  return masker;
}

bool TableMasker::masks_anything() const {
  for (const auto& m : maskers_) {
    if (m) return true;
  }
  return false;
}

Status TableMasker::Mask(Batch& in, Batch& out) {
  out.Reset(output_, in.first_row, in.num_rows);
  for (size_t c = 0; c < maskers_.size(); ++c) {
    if (!maskers_[c]) {
      std::swap(out.columns[c], in.columns[c]);
      continue;
    }
    Status masked = maskers_[c]->Mask(in.columns[c], in.num_rows, out.columns[c]);
    if (!masked.ok()) {
      return masked.WithContext("masking " + input_.name + "." + input_.columns[c].name);
    }
    masked_rows_[c] += static_cast<int64_t>(in.num_rows);
  }
  out.num_rows = in.num_rows;
  return Status::Ok();
}

Result<TableAggregator> TableAggregator::Create(const TableSchema& table,
                                                const std::vector<std::string>& columns) {
  TableAggregator agg;
  agg.output_.name = table.name;
  agg.output_.columns.push_back({"count", ColumnType::kInteger, false, false, false});
  for (const std::string& name : columns) {
    int c = table.FindColumn(name);
    if (c < 0) {
      return Status(StatusCode::kSpecError, "no column '" + name + "' in table " + table.name);
    }
    ColumnType type = table.columns[static_cast<size_t>(c)].type;
    if (type != ColumnType::kInteger && type != ColumnType::kFloat) {
      return Status(StatusCode::kSpecError, "aggregate summarises numbers; " + table.name + "." +
                                                name + " is " + std::string(ColumnTypeName(type)));
    }
    bool integer = type == ColumnType::kInteger;
    ColumnType value = integer ? ColumnType::kInteger : ColumnType::kFloat;
    agg.output_.columns.push_back({name + "_total", value, true, false, false});
    agg.output_.columns.push_back({name + "_average", ColumnType::kFloat, true, false, false});
    agg.output_.columns.push_back({name + "_min", value, true, false, false});
    agg.output_.columns.push_back({name + "_max", value, true, false, false});
    Stats s;
    s.column = c;
    s.integer = integer;
    agg.stats_.push_back(s);
  }
  return agg;
}

void TableAggregator::Add(const Batch& batch) {
  rows_ += static_cast<int64_t>(batch.num_rows);
  for (Stats& s : stats_) {
    const Column& column = batch.columns[static_cast<size_t>(s.column)];
    for (size_t r = 0; r < batch.num_rows; ++r) {
      if (column.IsNull(r)) continue;
      long double v = s.integer ? static_cast<long double>(column.GetInt(r)) : column.GetDouble(r);
      if (s.integer) s.int_total += column.GetInt(r);
      s.total += v;
      s.min = s.count == 0 ? v : std::min(s.min, v);
      s.max = s.count == 0 ? v : std::max(s.max, v);
      ++s.count;
    }
  }
}

void TableAggregator::Finish(Batch& out) const {
  out.Reset(output_, 0, 1);
  out.columns[0].AppendInt(rows_);
  size_t c = 1;
  for (const Stats& s : stats_) {
    if (s.count == 0) {
      for (int i = 0; i < 4; ++i) out.columns[c++].AppendNull();
      continue;
    }
    if (s.integer) {
      out.columns[c++].AppendInt(static_cast<int64_t>(s.int_total));
    } else {
      out.columns[c++].AppendDouble(static_cast<double>(s.total));
    }
    out.columns[c++].AppendDouble(static_cast<double>(s.total / static_cast<long double>(s.count)));
    if (s.integer) {
      out.columns[c++].AppendInt(static_cast<int64_t>(s.min));
      out.columns[c++].AppendInt(static_cast<int64_t>(s.max));
    } else {
      out.columns[c++].AppendDouble(static_cast<double>(s.min));
      out.columns[c++].AppendDouble(static_cast<double>(s.max));
    }
  }
  out.num_rows = 1;
}

}  // namespace tdm::mask
