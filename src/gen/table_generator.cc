#include "gen/table_generator.h"

#include <algorithm>

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

 private:
  const ColumnGenerator* parent_key_;
  int64_t parent_rows_;
  uint64_t key_;
  std::vector<int64_t> prefix_;
};

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
        gen->columns_.push_back(std::make_unique<ForeignKeyGenerator>(
            parent_key, 1, key ^ kParentSalt, std::vector<int64_t>{}));
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
      gen->columns_.push_back(std::make_unique<ForeignKeyGenerator>(
          parent_key, parent->num_rows(), key ^ kParentSalt, std::move(prefix)));
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

std::vector<int64_t> TableGenerator::ParentRows(size_t column, int64_t first_row,
                                                size_t count) const {
  std::vector<int64_t> parents(count, -1);
  auto* fk = dynamic_cast<const ForeignKeyGenerator*>(columns_[column].get());
  if (fk == nullptr) return parents;
  for (size_t i = 0; i < count; ++i) parents[i] = fk->ParentOf(first_row + static_cast<int64_t>(i));
  return parents;
}

const ColumnGenerator* TableGenerator::column(std::string_view name) const {
  int index = schema_.FindColumn(name);
  return index < 0 ? nullptr : columns_[static_cast<size_t>(index)].get();
}

}  // namespace tdm::gen
