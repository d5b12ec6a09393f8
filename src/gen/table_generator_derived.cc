// The derived fields of a TableGenerator: expressions evaluated over a filled batch, and the
// aggregates over child tables they read, computed once when the tables are linked.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/suggest.h"
#include "gen/rng.h"
#include "gen/table_generator.h"

namespace tdm::gen {
namespace {

// a < b, exactly for two integers (doubles lose integers past 2^53).
bool LessValue(const Value& a, const Value& b) {
  if (a.is_int && b.is_int) return a.i < b.i;
  return a.AsDouble() < b.AsDouble();
}

// A cell of a batch column as an expression value.
Value CellValue(const Column& column, size_t i) {
  if (column.IsNull(i)) return Value::Null();
  if (column.physical() == PhysicalType::kInt64) return Value::Int(column.GetInt(i));
  return Value::Double(column.GetDouble(i));
}

}  // namespace

Status TableGenerator::AddDerived(const DatasetPlan& plan, const FieldSpec& f) {
  auto where = [&](const std::string& what) {
    return Status(StatusCode::kSpecError, "field '" + plan.name + "." + f.name + "': " + what,
                  f.derived_where.line > 0 ? f.derived_where : f.where);
  };
  auto parsed = Expression::Parse(f.derived);
  if (!parsed.ok()) return where(parsed.status().message());
  Derived d;
  d.column = columns_.size();
  d.expression = std::move(parsed).value();
  d.decimals = f.decimals;
  d.integer = f.type == ColumnType::kInteger;
  if (f.type != ColumnType::kInteger && f.type != ColumnType::kFloat) {
    return where("a derived field is a number: declare 'type: integer' or 'type: float'");
  }
  for (const std::string& name : d.expression.fields()) {
    int index = schema_.FindColumn(name);
    if (index < 0) {
      std::vector<std::string> names;
      for (const FieldSpec& other : plan.fields) names.push_back(other.name);
      return where("derived expression reads '" + name + "', which is not a field of " + plan.name +
                   DidYouMean(name, names));
    }
    ColumnType type = schema_.columns[static_cast<size_t>(index)].type;
    if (type != ColumnType::kInteger && type != ColumnType::kFloat) {
      return where("derived expression reads '" + name + "', which is " +
                   std::string(ColumnTypeName(type)) + ", not a number");
    }
    d.inputs.push_back(static_cast<size_t>(index));
  }
  derived_.push_back(std::move(d));
  return Status::Ok();
}

Status TableGenerator::OrderDerived(const DatasetPlan& plan) {
  // Kahn's algorithm over "reads": a derived field comes after the derived fields it reads.
  std::vector<Derived> ordered;
  std::vector<bool> placed(derived_.size(), false);
  auto is_pending_derived = [&](size_t column) {
    for (size_t k = 0; k < derived_.size(); ++k) {
      if (!placed[k] && derived_[k].column == column) return true;
    }
    return false;
  };
  while (ordered.size() < derived_.size()) {
    bool progress = false;
    for (size_t k = 0; k < derived_.size(); ++k) {
      if (placed[k]) continue;
      bool ready = true;
      for (size_t input : derived_[k].inputs) ready = ready && !is_pending_derived(input);
      if (!ready) continue;
      placed[k] = true;
      ordered.push_back(std::move(derived_[k]));
      progress = true;
    }
    if (!progress) {
      for (size_t k = 0; k < derived_.size(); ++k) {
        if (placed[k]) continue;
        const FieldSpec& f = plan.fields[derived_[k].column];
        return Status(StatusCode::kSpecError,
                      "field '" + plan.name + "." + f.name +
                          "': derived fields read each other in a cycle; break it by making one "
                          "of them generated",
                      f.where);
      }
    }
  }
  derived_ = std::move(ordered);
  return Status::Ok();
}

Status TableGenerator::LinkChildren(const ParentLookup& find_table) {
  for (Derived& d : derived_) {
    d.aggregates.clear();
    for (const Aggregate& a : d.expression.aggregates()) {
      const TableGenerator* child = find_table(a.table);
      std::string field_name = schema_.columns[d.column].name;
      auto error = [&](const std::string& what) {
        return Status(StatusCode::kSpecError,
                      "field '" + schema_.name + "." + field_name + "': " + what);
      };
      if (child == nullptr) {
        return error("derived expression reads table '" + a.table +
                     "', which this run does not generate; include it");
      }
      size_t fk = SIZE_MAX;  // the child's first foreign key to this table
      for (const ForeignKeySchema& key : child->schema_.foreign_keys) {
        if (key.ref_table != schema_.name || fk != SIZE_MAX) continue;
        fk = static_cast<size_t>(child->schema_.FindColumn(key.column));
      }
      if (fk == SIZE_MAX) {
        return error("table '" + a.table + "' has no foreign key to " + schema_.name +
                     ", so its rows are not children of a " + schema_.name + " row");
      }
      int value_column = a.field.empty() ? -1 : child->schema_.FindColumn(a.field);
      if (!a.field.empty() && value_column < 0) {
        return error("table '" + a.table + "' has no field '" + a.field + "'");
      }
      d.aggregates.push_back(Aggregated(*child, fk, value_column, a.fn));
    }
  }
  return Status::Ok();
}

std::vector<Value> TableGenerator::Aggregated(const TableGenerator& child, size_t fk_column,
                                              int value_column, AggregateFn fn) const {
  std::vector<Value> out(
      static_cast<size_t>(rows_),
      fn == AggregateFn::kSum || fn == AggregateFn::kCount ? Value::Int(0) : Value::Null());
  std::vector<int64_t> counts(static_cast<size_t>(rows_), 0);
  constexpr size_t kBatch = 65536;
  Batch batch;
  for (int64_t first = 0; first < child.num_rows(); first += static_cast<int64_t>(kBatch)) {
    size_t count = static_cast<size_t>(std::min<int64_t>(kBatch, child.num_rows() - first));
    if (value_column >= 0) child.Fill(first, count, batch);
    std::vector<int64_t> parents = child.ParentRows(fk_column, first, count);
    for (size_t i = 0; i < count; ++i) {
      int64_t row = first + static_cast<int64_t>(i);
      if (child.null_ppm_[fk_column] > 0 &&
          RowIsNull(child.null_keys_[fk_column], child.null_ppm_[fk_column], row)) {
        continue;  // a NULL reference: the child belongs to no parent
      }
      auto parent = static_cast<size_t>(parents[i]);
      Value v = value_column >= 0 ? CellValue(batch.columns[static_cast<size_t>(value_column)], i)
                                  : Value::Int(1);
      if (v.null) continue;
      Value& acc = out[parent];
      ++counts[parent];
      switch (fn) {
        case AggregateFn::kCount:
          acc = Value::Int(acc.i + 1);
          break;
        case AggregateFn::kSum:
        case AggregateFn::kAvg:
          if (acc.null) acc = Value::Int(0);
          // On overflow the builtin stores the wrapped sum, so it must not write to acc.i.
          if (int64_t sum = 0;
              acc.is_int && v.is_int && !__builtin_add_overflow(acc.i, v.i, &sum)) {
            acc.i = sum;
            break;
          }
          acc = Value::Double(acc.AsDouble() + v.AsDouble());
          break;
        case AggregateFn::kMin:
          if (acc.null || LessValue(v, acc)) acc = v;
          break;
        case AggregateFn::kMax:
          if (acc.null || LessValue(acc, v)) acc = v;
          break;
      }
    }
  }
  if (fn == AggregateFn::kAvg) {
    for (size_t p = 0; p < out.size(); ++p) {
      out[p] = counts[p] == 0 ? Value::Null()
                              : Value::Double(out[p].AsDouble() / static_cast<double>(counts[p]));
    }
  }
  return out;
}

void TableGenerator::FillDerived(int64_t first_row, Batch& out) const {
  std::vector<Value> inputs;
  std::vector<Value> aggregates;
  for (const Derived& d : derived_) {
    Column& column = out.columns[d.column];
    for (size_t i = 0; i < out.num_rows; ++i) {
      inputs.clear();
      for (size_t input : d.inputs) inputs.push_back(CellValue(out.columns[input], i));
      aggregates.clear();
      auto row = static_cast<size_t>(first_row) + i;
      for (const std::vector<Value>& a : d.aggregates) {
        aggregates.push_back(row < a.size() ? a[row] : Value::Null());
      }
      Value v = d.expression.Evaluate(inputs.data(), aggregates.data());
      // A decimal beyond what the column holds (an integer past 64 bits, an infinity) is NULL.
      if (!v.null && !v.is_int &&
          (!std::isfinite(v.d) || (d.integer && !(std::fabs(v.d) < 9.2e18)))) {
        v = Value::Null();
      }
      if (v.null) {
        if (d.integer) {
          column.AppendInt(0);
        } else {
          column.AppendDouble(0);
        }
        column.SetNull(i);
      } else if (d.integer) {
        column.AppendInt(v.is_int ? v.i : static_cast<int64_t>(std::llround(v.d)));
      } else {
        column.AppendDouble(RoundDecimal(v.AsDouble(), d.decimals));
      }
    }
    ApplyNulls(d.column, first_row, column);  // before any later field reads it
  }
}

}  // namespace tdm::gen
