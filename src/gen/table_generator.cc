#include "gen/table_generator.h"

#include <algorithm>
#include <cmath>

#include "gen/provider_registry.h"
#include "gen/rng.h"

namespace tdm::gen {
namespace {

constexpr uint64_t kNullSalt = 0x6e756c6c6e756c6cULL;         // "nullnull"
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
    for (size_t i = 0; i < rows.count; ++i) {
      int64_t row = rows.row(i);
      if (prefix_.empty()) {
        RowRng rng(key_, static_cast<uint64_t>(row));
        parents[i] = static_cast<int64_t>(rng.Below(static_cast<uint64_t>(parent_rows_)));
      } else {
        auto it = std::upper_bound(prefix_.begin(), prefix_.end(), row);
        parents[i] = std::min(static_cast<int64_t>(it - prefix_.begin()) - 1, parent_rows_ - 1);
      }
    }
    parent_key_->Fill(RowSet{0, rows.count, parents.data()}, out);
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
    gen->null_ppm_.push_back(static_cast<uint64_t>(std::llround(f.null_rate * 1e6)));
    gen->null_keys_.push_back(key ^ kNullSalt);
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
    const Provider* provider = Registry().Find(f.provider);
    if (provider == nullptr) {
      return Status(StatusCode::kSpecError,
                    "field '" + f.name + "': unknown provider '" + f.provider + "'", f.where);
    }
    ProviderArgs args{f, context, plan.name, plan.fields};
    TDM_ASSIGN_OR_RETURN(auto column, provider->make(args));
    gen->columns_.push_back(std::move(column));
  }
  return gen;
}

void TableGenerator::Fill(int64_t first_row, size_t count, Batch& out) const {
  out.Reset(schema_, first_row, count);
  RowSet rows{first_row, count, nullptr};
  for (size_t c = 0; c < columns_.size(); ++c) {
    Column& column = out.columns[c];
    column.Reserve(count, count * 16);
    columns_[c]->Fill(rows, column);
    if (null_ppm_[c] == 0) continue;
    for (size_t i = 0; i < count; ++i) {
      RowRng rng(null_keys_[c], static_cast<uint64_t>(first_row) + i);
      if (rng.Chance(null_ppm_[c], 1'000'000)) column.SetNull(i);
    }
  }
}

const ColumnGenerator* TableGenerator::column(std::string_view name) const {
  int index = schema_.FindColumn(name);
  return index < 0 ? nullptr : columns_[static_cast<size_t>(index)].get();
}

}  // namespace tdm::gen
