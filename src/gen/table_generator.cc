#include "gen/table_generator.h"

#include <algorithm>
#include <cmath>

#include "core/suggest.h"
#include "gen/provider_registry.h"
#include "gen/rng.h"

namespace tdm::gen {
namespace {

constexpr uint64_t kCardinalitySalt = 0x63617264696e616cULL;  // "cardinal"
constexpr uint64_t kParentSalt = 0x706172656e74726fULL;       // "parentro"

int64_t ChildrenOf(uint64_t key, int64_t parent, int64_t min_children, int64_t max_children) {
  RowRng rng(key, static_cast<uint64_t>(parent));
  return rng.Between(min_children, max_children);
}

// Child rows are laid out parent by parent: children of parent p occupy
// [prefix[p], prefix[p + 1]).
std::vector<int64_t> CardinalityPrefix(uint64_t key, int64_t parent_rows, int64_t min_children,
                                       int64_t max_children) {
  std::vector<int64_t> prefix(static_cast<size_t>(parent_rows) + 1, 0);
  for (int64_t p = 0; p < parent_rows; ++p) {
    prefix[p + 1] = prefix[p] + ChildrenOf(key, p, min_children, max_children);
  }
  return prefix;
}

class ForeignKeyGenerator final : public ColumnGenerator {
 public:
  ForeignKeyGenerator(const ColumnGenerator* parent_key, int64_t parent_rows, uint64_t key,
                      std::vector<int64_t> prefix)
      : parent_key_(parent_key), parent_rows_(parent_rows), key_(key), prefix_(std::move(prefix)) {}

  void Fill(const RowSet& rows, Column& out) const override {
    std::vector<int64_t> parents(rows.count);
    for (size_t i = 0; i < rows.count; ++i) parents[i] = ParentOf(rows.row(i));
    parent_key_->Fill(RowSet{0, rows.count, parents.data()}, out);
  }

  // The parent row a child row points at.
  int64_t ParentOf(int64_t row) const {
    if (prefix_.empty()) {
      RowRng rng(key_, static_cast<uint64_t>(row));
      return static_cast<int64_t>(rng.Below(static_cast<uint64_t>(parent_rows_)));
    }
    auto it = std::upper_bound(prefix_.begin(), prefix_.end(), row);
    return std::min(static_cast<int64_t>(it - prefix_.begin()) - 1, parent_rows_ - 1);
  }

  const std::string& parent_table() const { return parent_table_; }
  void set_parent_table(std::string t) { parent_table_ = std::move(t); }

 private:
  const ColumnGenerator* parent_key_;
  int64_t parent_rows_;
  uint64_t key_;
  std::vector<int64_t> prefix_;
  std::string parent_table_;
};

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

TableSchema SchemaForPlan(const DatasetPlan& plan) {
  TableSchema schema;
  schema.name = plan.name;
  for (const FieldSpec& f : plan.fields) {
    schema.columns.push_back({f.name, f.type, f.null_rate > 0 || !f.required,
                              f.unique && !f.primary_key, f.primary_key});
    if (f.foreign_key) {
      schema.foreign_keys.push_back({f.name, f.foreign_key->table, f.foreign_key->column});
    }
  }
  schema.indexes = plan.indexes;
  return schema;
}

int64_t CardinalityTotal(const GenerationContext& context, std::string_view table,
                         std::string_view column, int64_t parent_rows, int64_t min_children,
                         int64_t max_children) {
  uint64_t key = ColumnKey(context.seed, table, column) ^ kCardinalitySalt;
  int64_t total = 0;
  for (int64_t p = 0; p < parent_rows; ++p) total += ChildrenOf(key, p, min_children, max_children);
  return total;
}

Result<std::unique_ptr<TableGenerator>> TableGenerator::Create(const DatasetPlan& plan,
                                                               const GenerationContext& context,
                                                               const ParentLookup& find_parent) {
  std::unique_ptr<TableGenerator> gen(new TableGenerator());
  gen->schema_ = SchemaForPlan(plan);
  gen->rows_ = plan.rows;
  for (const FieldSpec& f : plan.fields) {
    uint64_t key = ColumnKey(context.seed, plan.name, f.name);
    gen->null_ppm_.push_back(NullPpm(f));
    gen->null_keys_.push_back(key);
    if (f.foreign_key) {
      const TableGenerator* parent = find_parent(f.foreign_key->table);
      const ColumnGenerator* parent_key = parent ? parent->column(f.foreign_key->column) : nullptr;
      if (plan.rows == 0 && parent_key != nullptr) {
        auto fk = std::make_unique<ForeignKeyGenerator>(parent_key, 1, key ^ kParentSalt,
                                                        std::vector<int64_t>{});
        fk->set_parent_table(f.foreign_key->table);
        gen->columns_.push_back(std::move(fk));
        continue;  // no rows will ask for a parent
      }
      if (parent_key == nullptr || parent->num_rows() == 0) {
        return Status(StatusCode::kSpecError,
                      "field '" + plan.name + "." + f.name + "' references " +
                          f.foreign_key->table + "." + f.foreign_key->column +
                          ", which has no rows to reference",
                      f.where);
      }
      std::vector<int64_t> prefix;
      if (f.foreign_key->min_children) {
        prefix = CardinalityPrefix(key ^ kCardinalitySalt, parent->num_rows(),
                                   *f.foreign_key->min_children, *f.foreign_key->max_children);
      }
      auto fk = std::make_unique<ForeignKeyGenerator>(parent_key, parent->num_rows(),
                                                      key ^ kParentSalt, std::move(prefix));
      fk->set_parent_table(f.foreign_key->table);
      gen->columns_.push_back(std::move(fk));
      continue;
    }
    if (!f.derived.empty()) {
      TDM_RETURN_IF_ERROR(gen->AddDerived(plan, f));
      gen->columns_.push_back(nullptr);  // filled by FillDerived
      continue;
    }
    const Provider* provider = Registry().Find(f.provider);
    if (provider == nullptr) {
      return Status(StatusCode::kSpecError,
                    "field '" + f.name + "': unknown provider '" + f.provider + "'", f.where);
    }
    ProviderArgs args{f, context, plan.name, plan.fields};
    auto column = provider->make(args);
    if (!column.ok()) {
      std::string message = column.status().message();
      std::string prefix = "field '" + plan.name + "." + f.name + "': ";
      if (!message.starts_with("field '")) message = prefix + message;
      return Status(column.status().code(), message, f.where);
    }
    gen->columns_.push_back(std::move(column).value());
  }
  TDM_RETURN_IF_ERROR(gen->OrderDerived(plan));
  return gen;
}

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
      size_t fk = SIZE_MAX;
      for (size_t c = 0; c < child->columns_.size() && fk == SIZE_MAX; ++c) {
        auto* g = dynamic_cast<const ForeignKeyGenerator*>(child->columns_[c].get());
        if (g != nullptr && g->parent_table() == schema_.name) fk = c;
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
  auto* fk = static_cast<const ForeignKeyGenerator*>(child.columns_[fk_column].get());
  constexpr size_t kBatch = 65536;
  Batch batch;
  for (int64_t first = 0; first < child.num_rows(); first += static_cast<int64_t>(kBatch)) {
    size_t count = static_cast<size_t>(std::min<int64_t>(kBatch, child.num_rows() - first));
    if (value_column >= 0) child.Fill(first, count, batch);
    for (size_t i = 0; i < count; ++i) {
      int64_t row = first + static_cast<int64_t>(i);
      if (child.null_ppm_[fk_column] > 0 &&
          RowIsNull(child.null_keys_[fk_column], child.null_ppm_[fk_column], row)) {
        continue;  // a NULL reference: the child belongs to no parent
      }
      auto parent = static_cast<size_t>(fk->ParentOf(row));
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

void TableGenerator::Fill(int64_t first_row, size_t count, Batch& out) const {
  out.Reset(schema_, first_row, count);
  RowSet rows{first_row, count, nullptr};
  for (size_t c = 0; c < columns_.size(); ++c) {
    Column& column = out.columns[c];
    column.Reserve(count, count * 16);
    if (columns_[c] == nullptr) continue;  // derived: computed below from the others
    columns_[c]->Fill(rows, column);
    ApplyNulls(c, first_row, column);
  }
  if (!derived_.empty()) FillDerived(first_row, out);
}

void TableGenerator::ApplyNulls(size_t c, int64_t first_row, Column& column) const {
  if (null_ppm_[c] == 0) return;
  for (size_t i = 0; i < column.size(); ++i) {
    if (RowIsNull(null_keys_[c], null_ppm_[c], first_row + static_cast<int64_t>(i))) {
      column.SetNull(i);
    }
  }
}

int64_t TableGenerator::ParentRowOf(size_t column, int64_t row) const {
  auto* fk = dynamic_cast<const ForeignKeyGenerator*>(columns_[column].get());
  return fk == nullptr ? -1 : fk->ParentOf(row);
}

const ColumnGenerator* TableGenerator::column(std::string_view name) const {
  int index = schema_.FindColumn(name);
  return index < 0 ? nullptr : columns_[static_cast<size_t>(index)].get();
}

}  // namespace tdm::gen
