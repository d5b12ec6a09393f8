#include "provision/subset.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <queue>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "core/suggest.h"
#include "provision/subset_keys.h"

namespace tdm::provision {
namespace {

using subset_keys::ColumnNamed;
using subset_keys::KeyIndex;
using subset_keys::KeySet;
using subset_keys::Smallest;
using subset_keys::VisitKey;

constexpr size_t kReadBatchRows = 1 << 16;

enum class Rule {
  kWhole,     // no foreign-key path to a filtered table: every row
  kClosure,   // a root or reached table: the rows whose key is in `keys`
  kFiltered,  // the rows whose foreign keys all resolve
};

// A foreign key to a table of the selection, with the referenced column filled in.
struct Link {
  std::string column;
  std::string parent;
  std::string parent_column;
};

struct SubsetTable {
  Rule rule = Rule::kWhole;
  std::vector<Link> links;             // to tables not kept whole
  std::map<std::string, KeySet> keys;  // kept values of each referenced column (and a root's key)
  int64_t kept_rows = 0;
};

}  // namespace

struct SubsetState {
  std::map<std::string, SubsetTable> tables;
};

namespace {

// Sets keep[r] for the rows whose value in one of the key columns is kept.
void MarkKeyed(const Batch& batch, const SubsetTable& table, std::vector<uint8_t>& keep) {
  for (const auto& [name, keys] : table.keys) {
    const Column* column = ColumnNamed(batch, name);
    if (column == nullptr) continue;
    for (size_t r = 0; r < batch.num_rows; ++r) {
      if (!keep[r] && !column->IsNull(r) && keys.Contains(*column, r)) keep[r] = 1;
    }
  }
}

// Clears keep[r] for the rows whose `link` does not resolve to a kept value of its parent.
void DropUnresolved(const Batch& batch, const Link& link, const KeySet& parent,
                    std::vector<uint8_t>& keep) {
  const Column* column = ColumnNamed(batch, link.column);
  for (size_t r = 0; r < batch.num_rows; ++r) {
    bool resolves = column != nullptr && (column->IsNull(r) || parent.Contains(*column, r));
    if (!resolves) keep[r] = 0;
  }
}

// DropUnresolved over the links of `table` whose parents' keys are known (`ready`).
void DropOrphans(const Batch& batch, const SubsetState& state, const SubsetTable& table,
                 const std::function<bool(const Link&)>& ready, std::vector<uint8_t>& keep) {
  for (const Link& link : table.links) {
    if (!ready(link)) continue;
    const SubsetTable& parent = state.tables.at(link.parent);
    DropUnresolved(batch, link, parent.keys.at(link.parent_column), keep);
  }
}

// Adds the values of `column` in the kept rows to `keys`; true when one was new.
bool InsertKept(const Batch& batch, const std::string& column, const std::vector<uint8_t>& keep,
                KeySet& keys) {
  const Column* values = ColumnNamed(batch, column);
  bool grew = false;
  for (size_t r = 0; values != nullptr && r < batch.num_rows; ++r) {
    if (keep[r] && keys.Insert(*values, r)) grew = true;
  }
  return grew;
}

int64_t CountKept(const std::vector<uint8_t>& keep) {
  return std::count(keep.begin(), keep.end(), uint8_t{1});
}

// The key columns and foreign keys of one table, every row, held in memory: self-references are
// followed here rather than by reading the table once per level.
struct KeyRows {
  TableSchema schema;
  Batch batch;
};

// Computes the selection; one per SelectSubset call.
class Planner {
 public:
  Planner(store::Database& db, const std::string& ns, const std::vector<TableSchema>& tables)
      : db_(db), ns_(ns), state_(std::make_shared<SubsetState>()) {
    for (const TableSchema& t : tables) {
      schemas_[t.name] = &t;
      names_.push_back(t.name);
    }
  }

  Status Classify(const std::vector<SubsetRoot>& roots);
  Status ChooseRoot(const SubsetRoot& root);
  Status CloseUpward(const std::vector<SubsetRoot>& roots);
  Status FilterRest();
  Status CountWhole();
  std::shared_ptr<const SubsetState> Release() { return std::move(state_); }

 private:
  using Worklist = std::set<std::pair<size_t, std::string>>;  // by parents-first position

  Status CheckRoot(const SubsetRoot& root, const std::vector<SubsetRoot>& roots) const;
  Status ResolveLinks(const TableSchema& table);
  void Order(const std::string& name, std::set<std::string>& seen);
  void MarkClosure(const std::string& name);
  void MarkFiltered();
  void AddKeyColumns();
  Status CloseTable(const std::string& name, Worklist& dirty);
  int64_t CloseBatch(const std::string& name, const Batch& batch, Worklist& dirty);
  void FollowSelfLinks(const std::string& name, const Batch& batch);
  Result<bool> FilterTable(const std::string& name);
  std::vector<uint8_t> Candidates(const std::string& name, const Batch& batch) const;
  void DropSelfOrphans(const std::string& name, const Batch& batch,
                       std::vector<uint8_t>& keep) const;
  bool HasSelfLink(const std::string& name) const;
  Status LoadKeyRows(const std::string& name, KeyRows& out);
  Status ForEachBatch(const std::string& table, const std::function<void(const Batch&)>& fn);

  store::Database& db_;
  const std::string& ns_;
  std::map<std::string, const TableSchema*> schemas_;
  std::vector<std::string> names_;
  // Parents first; a foreign key that closes a cycle points at a later position.
  std::map<std::string, size_t> position_;
  std::set<std::string> pending_;  // filtered tables whose keys are not computed yet
  std::shared_ptr<SubsetState> state_;
};

const ColumnSchema* SingleKey(const TableSchema& table, size_t& count) {
  const ColumnSchema* key = nullptr;
  count = 0;
  for (const ColumnSchema& c : table.columns) {
    if (c.primary_key && count++ == 0) key = &c;
  }
  return key;
}

Status CheckSubsetRoot(const SubsetRoot& root, const TableSchema& table) {
  std::string name = "subset: table '" + root.table + "'";
  if (root.rows <= 0) {
    return {StatusCode::kInvalidArgument,
            name + " needs a row count of at least 1, got " + std::to_string(root.rows)};
  }
  size_t keys = 0;
  const ColumnSchema* key = SingleKey(table, keys);
  if (keys == 0) {
    return {StatusCode::kInvalidArgument,
            name +
                " has no primary key, so its first rows are not defined; start from a table "
                "that has one"};
  }
  if (keys > 1) {
    return {StatusCode::kInvalidArgument,
            name + " has a composite primary key; start from a table with a single-column key"};
  }
  if (PhysicalTypeOf(key->type) == PhysicalType::kDouble) {
    return {StatusCode::kInvalidArgument,
            name + " has a floating-point primary key; start from one with an integer or text key"};
  }
  return Status::Ok();
}

Status Planner::CheckRoot(const SubsetRoot& root, const std::vector<SubsetRoot>& roots) const {
  auto it = schemas_.find(root.table);
  if (it == schemas_.end()) {
    return {StatusCode::kInvalidArgument,
            "subset: no table '" + root.table + "'" + DidYouMean(root.table, names_)};
  }
  auto same = [&](const SubsetRoot& r) { return r.table == root.table; };
  if (std::count_if(roots.begin(), roots.end(), same) > 1) {
    return {StatusCode::kInvalidArgument, "subset: table '" + root.table + "' is listed twice"};
  }
  return CheckSubsetRoot(root, *it->second);
}

Status Planner::ResolveLinks(const TableSchema& table) {
  SubsetTable& out = state_->tables[table.name];
  for (const ForeignKeySchema& fk : table.foreign_keys) {
    auto parent = schemas_.find(fk.ref_table);
    if (parent == schemas_.end()) continue;
    std::string column = fk.ref_column;
    size_t keys = 0;
    const ColumnSchema* key = SingleKey(*parent->second, keys);
    if (column.empty() && keys == 1) column = key->name;
    if (table.FindColumn(fk.column) < 0 || parent->second->FindColumn(column) < 0) {
      return {StatusCode::kInvalidArgument, "subset: foreign key '" + table.name + "." + fk.column +
                                                "' references '" + fk.ref_table + "." + column +
                                                "', which does not exist"};
    }
    out.links.push_back({fk.column, fk.ref_table, column});
  }
  return Status::Ok();
}

// Depth-first over foreign keys, parents before children; an edge back into the path being
// visited closes a cycle and is left pointing forward.
void Planner::Order(const std::string& name, std::set<std::string>& seen) {
  if (!seen.insert(name).second) return;
  for (const Link& link : state_->tables[name].links) Order(link.parent, seen);
  size_t next = position_.size();
  position_[name] = next;
}

void Planner::MarkClosure(const std::string& name) {
  SubsetTable& table = state_->tables[name];
  if (table.rule == Rule::kClosure) return;
  table.rule = Rule::kClosure;
  for (const Link& link : table.links) MarkClosure(link.parent);
}

void Planner::MarkFiltered() {
  auto filters = [&](const std::string& name, const Link& link) {
    return link.parent != name && state_->tables[link.parent].rule != Rule::kWhole;
  };
  for (bool changed = true; changed;) {
    changed = false;
    for (auto& [name, table] : state_->tables) {
      if (table.rule != Rule::kWhole) continue;
      for (const Link& link : table.links) {
        if (!filters(name, link)) continue;
        table.rule = Rule::kFiltered;
        changed = true;
        break;
      }
    }
  }
}

// Keeps the links that constrain rows and gives every referenced column its key set.
void Planner::AddKeyColumns() {
  for (auto& [name, table] : state_->tables) {
    std::erase_if(table.links, [&](const Link& link) {
      return table.rule == Rule::kWhole || state_->tables[link.parent].rule == Rule::kWhole;
    });
    for (const Link& link : table.links) state_->tables[link.parent].keys[link.parent_column];
  }
}

Status Planner::Classify(const std::vector<SubsetRoot>& roots) {
  if (roots.empty()) return {StatusCode::kInvalidArgument, "subset: name at least one table"};
  for (const SubsetRoot& root : roots) TDM_RETURN_IF_ERROR(CheckRoot(root, roots));
  for (const std::string& name : names_) TDM_RETURN_IF_ERROR(ResolveLinks(*schemas_[name]));
  std::set<std::string> seen;
  for (const std::string& name : names_) Order(name, seen);
  for (const SubsetRoot& root : roots) MarkClosure(root.table);
  MarkFiltered();
  AddKeyColumns();
  return Status::Ok();
}

Status Planner::ChooseRoot(const SubsetRoot& root) {
  size_t count = 0;
  const ColumnSchema& key = *SingleKey(*schemas_[root.table], count);
  KeySet& kept = state_->tables[root.table].keys[key.name];
  auto n = static_cast<size_t>(root.rows);
  auto choose = [&](auto smallest, auto value_at) -> Status {
    TDM_RETURN_IF_ERROR(ForEachBatch(root.table, [&](const Batch& batch) {
      const Column* values = ColumnNamed(batch, key.name);
      for (size_t r = 0; values != nullptr && r < batch.num_rows; ++r) {
        if (!values->IsNull(r)) smallest.Offer(value_at(*values, r));
      }
    }));
    for (auto& heap = smallest.heap(); !heap.empty(); heap.pop()) kept.Add(heap.top());
    return Status::Ok();
  };
  if (PhysicalTypeOf(key.type) == PhysicalType::kInt64) {
    return choose(Smallest<int64_t>(n), [](const Column& c, size_t r) { return c.GetInt(r); });
  }
  return choose(Smallest<std::string>(n), [](const Column& c, size_t r) { return c.GetString(r); });
}

Status Planner::CloseUpward(const std::vector<SubsetRoot>& roots) {
  Worklist dirty;
  for (const SubsetRoot& root : roots) dirty.emplace(position_[root.table], root.table);
  while (!dirty.empty()) {
    auto last = std::prev(dirty.end());  // children before their parents
    std::string name = last->second;
    dirty.erase(last);
    TDM_RETURN_IF_ERROR(CloseTable(name, dirty));
  }
  return Status::Ok();
}

Status Planner::CloseTable(const std::string& name, Worklist& dirty) {
  SubsetTable& table = state_->tables[name];
  table.kept_rows = 0;
  if (!HasSelfLink(name)) {
    return ForEachBatch(name,
                        [&](const Batch& b) { table.kept_rows += CloseBatch(name, b, dirty); });
  }
  KeyRows rows;
  TDM_RETURN_IF_ERROR(LoadKeyRows(name, rows));
  FollowSelfLinks(name, rows.batch);
  table.kept_rows = CloseBatch(name, rows.batch, dirty);
  return Status::Ok();
}

// Records the keys of the kept rows of `batch` and what they reference; returns the kept rows.
int64_t Planner::CloseBatch(const std::string& name, const Batch& batch, Worklist& dirty) {
  SubsetTable& table = state_->tables[name];
  std::vector<uint8_t> keep(batch.num_rows, 0);
  MarkKeyed(batch, table, keep);
  for (auto& [column, keys] : table.keys) InsertKept(batch, column, keep, keys);
  for (const Link& link : table.links) {
    KeySet& parent = state_->tables[link.parent].keys[link.parent_column];
    if (InsertKept(batch, link.column, keep, parent) && link.parent != name) {
      dirty.emplace(position_[link.parent], link.parent);
    }
  }
  return CountKept(keep);
}

// Adds to the keys of `name` every row its kept rows reach through self-references.
void Planner::FollowSelfLinks(const std::string& name, const Batch& batch) {
  SubsetTable& table = state_->tables[name];
  std::vector<uint8_t> keep(batch.num_rows, 0);
  MarkKeyed(batch, table, keep);
  std::vector<std::pair<const Column*, KeyIndex>> self;
  for (const Link& link : table.links) {
    if (link.parent != name) continue;
    const Column* from = ColumnNamed(batch, link.column);
    const Column* to = ColumnNamed(batch, link.parent_column);
    if (from == nullptr || to == nullptr) continue;
    KeyIndex& index = self.emplace_back(from, KeyIndex()).second;
    for (size_t r = 0; r < batch.num_rows; ++r) index.Add(*to, r);
  }
  std::vector<size_t> pending;
  for (size_t r = 0; r < batch.num_rows; ++r) {
    if (keep[r]) pending.push_back(r);
  }
  while (!pending.empty()) {
    size_t r = pending.back();
    pending.pop_back();
    for (const auto& [from, index] : self) {
      std::optional<size_t> p = from->IsNull(r) ? std::nullopt : index.Find(*from, r);
      if (!p || keep[*p]) continue;
      keep[*p] = 1;
      pending.push_back(*p);
    }
  }
  for (auto& [column, keys] : table.keys) InsertKept(batch, column, keep, keys);
}

Status Planner::FilterRest() {
  Worklist dirty;
  for (const auto& [name, table] : state_->tables) {
    if (table.rule != Rule::kFiltered) continue;
    dirty.emplace(position_[name], name);
    pending_.insert(name);
  }
  while (!dirty.empty()) {
    std::string name = dirty.begin()->second;  // parents before their children
    dirty.erase(dirty.begin());
    TDM_ASSIGN_OR_RETURN(bool changed, FilterTable(name));
    if (!changed) continue;
    for (const auto& [child, table] : state_->tables) {
      for (const Link& link : table.links) {
        if (table.rule == Rule::kFiltered && link.parent == name && child != name) {
          dirty.emplace(position_[child], child);
        }
      }
    }
  }
  return Status::Ok();
}

// Recomputes the kept rows of a filtered table from the current keys of its parents; true when
// they changed (they only ever shrink after the first time).
Result<bool> Planner::FilterTable(const std::string& name) {
  SubsetTable& table = state_->tables[name];
  std::map<std::string, KeySet> fresh;
  for (const auto& entry : table.keys) fresh[entry.first];
  int64_t kept = 0;
  auto record = [&](const Batch& batch, const std::vector<uint8_t>& keep) {
    for (auto& [column, keys] : fresh) InsertKept(batch, column, keep, keys);
    kept += CountKept(keep);
  };
  if (!HasSelfLink(name)) {
    TDM_RETURN_IF_ERROR(
        ForEachBatch(name, [&](const Batch& batch) { record(batch, Candidates(name, batch)); }));
  } else {
    KeyRows rows;
    TDM_RETURN_IF_ERROR(LoadKeyRows(name, rows));
    std::vector<uint8_t> keep = Candidates(name, rows.batch);
    DropSelfOrphans(name, rows.batch, keep);
    record(rows.batch, keep);
  }
  bool changed = pending_.erase(name) > 0 || kept != table.kept_rows;
  table.keys = std::move(fresh);
  table.kept_rows = kept;
  return changed;
}

// The rows whose foreign keys to other tables resolve (as far as those tables are known yet).
std::vector<uint8_t> Planner::Candidates(const std::string& name, const Batch& batch) const {
  std::vector<uint8_t> keep(batch.num_rows, 1);
  auto ready = [&](const Link& link) {
    return link.parent != name && !pending_.contains(link.parent);
  };
  DropOrphans(batch, *state_, state_->tables.at(name), ready, keep);
  return keep;
}

// Drops the rows whose self-reference points at a row that is not kept, then the rows pointing at
// those, until stable.
void Planner::DropSelfOrphans(const std::string& name, const Batch& batch,
                              std::vector<uint8_t>& keep) const {
  std::vector<std::pair<size_t, size_t>> edges;  // (referenced row, referencing row)
  std::vector<size_t> dropped;
  for (const Link& link : state_->tables.at(name).links) {
    const Column* from = ColumnNamed(batch, link.column);
    const Column* to = ColumnNamed(batch, link.parent_column);
    if (link.parent != name || from == nullptr || to == nullptr) continue;
    KeyIndex index;
    for (size_t r = 0; r < batch.num_rows; ++r) {
      if (keep[r]) index.Add(*to, r);
    }
    for (size_t r = 0; r < batch.num_rows; ++r) {
      if (!keep[r] || from->IsNull(r)) continue;
      std::optional<size_t> p = index.Find(*from, r);
      if (p) edges.emplace_back(*p, r);
      if (!p) dropped.push_back(r);
    }
  }
  std::sort(edges.begin(), edges.end());
  for (size_t r : dropped) keep[r] = 0;
  while (!dropped.empty()) {
    size_t parent = dropped.back();
    dropped.pop_back();
    auto child = std::lower_bound(edges.begin(), edges.end(), std::make_pair(parent, size_t{0}));
    for (; child != edges.end() && child->first == parent; ++child) {
      if (!keep[child->second]) continue;
      keep[child->second] = 0;
      dropped.push_back(child->second);
    }
  }
}

bool Planner::HasSelfLink(const std::string& name) const {
  const std::vector<Link>& links = state_->tables.at(name).links;
  return std::any_of(links.begin(), links.end(), [&](const Link& l) { return l.parent == name; });
}

Status Planner::LoadKeyRows(const std::string& name, KeyRows& out) {
  const SubsetTable& table = state_->tables.at(name);
  std::set<std::string> wanted;
  for (const auto& entry : table.keys) wanted.insert(entry.first);
  for (const Link& link : table.links) wanted.insert(link.column);
  out.schema.name = name;
  for (const ColumnSchema& c : schemas_[name]->columns) {
    if (wanted.contains(c.name)) out.schema.columns.push_back(c);
  }
  out.batch.Reset(out.schema, 0, 0);
  return ForEachBatch(name, [&](const Batch& batch) {
    for (size_t i = 0; i < out.schema.columns.size(); ++i) {
      const Column* from = ColumnNamed(batch, out.schema.columns[i].name);
      Column& to = out.batch.columns[i];
      bool same = from != nullptr && from->physical() == to.physical();
      for (size_t r = 0; r < batch.num_rows; ++r) {
        if (same) {
          to.AppendFrom(*from, r);
        } else {
          to.AppendNull();
        }
      }
    }
    out.batch.num_rows += batch.num_rows;
  });
}

Status Planner::ForEachBatch(const std::string& table,
                             const std::function<void(const Batch&)>& fn) {
  std::string context = "subset: reading '" + table + "'";
  auto source = db_.Read(ns_, store::ReadQuery{table, {}, std::nullopt, {}});
  if (!source.ok()) return source.status().WithContext(context);
  Batch batch;
  while (true) {
    Result<bool> more = (*source)->Next(batch, kReadBatchRows);
    if (!more.ok()) return more.status().WithContext(context);
    if (!*more) return Status::Ok();
    fn(batch);
  }
}

Status Planner::CountWhole() {
  for (auto& [name, table] : state_->tables) {
    if (table.rule != Rule::kWhole) continue;
    Result<int64_t> rows = db_.CountRows(ns_, name);
    if (!rows.ok()) return rows.status().WithContext("subset: counting '" + name + "'");
    table.kept_rows = *rows;
  }
  return Status::Ok();
}

}  // namespace

SubsetSelection::SubsetSelection(std::shared_ptr<const SubsetState> state)
    : state_(std::move(state)) {}

void SubsetSelection::Keep(const Batch& batch, std::vector<uint8_t>& keep) const {
  keep.assign(batch.num_rows, 0);
  auto it = state_->tables.find(batch.schema->name);
  if (it == state_->tables.end()) return;
  const SubsetTable& table = it->second;
  if (table.rule == Rule::kClosure) return MarkKeyed(batch, table, keep);
  std::fill(keep.begin(), keep.end(), uint8_t{1});
  if (table.rule == Rule::kWhole) return;
  DropOrphans(
      batch, *state_, table, [](const Link&) { return true; }, keep);
}

int64_t SubsetSelection::KeptRows(const std::string& table) const {
  auto it = state_->tables.find(table);
  return it == state_->tables.end() ? 0 : it->second.kept_rows;
}

Result<SubsetSelection> SelectSubset(store::Database& db, const std::string& ns,
                                     const std::vector<TableSchema>& tables,
                                     const std::vector<SubsetRoot>& roots) {
  Planner planner(db, ns, tables);
  TDM_RETURN_IF_ERROR(planner.Classify(roots));
  for (const SubsetRoot& root : roots) TDM_RETURN_IF_ERROR(planner.ChooseRoot(root));
  TDM_RETURN_IF_ERROR(planner.CloseUpward(roots));
  TDM_RETURN_IF_ERROR(planner.FilterRest());
  TDM_RETURN_IF_ERROR(planner.CountWhole());
  return SubsetSelection(planner.Release());
}

}  // namespace tdm::provision
