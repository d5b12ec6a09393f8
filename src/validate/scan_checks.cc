// ScanChecker: the rules of sql_checks.cc evaluated in-process for targets without SQL (Redis,
// files). Rows stream through Database::Read() a batch at a time; patterns run with RE2; unique
// and foreign-key checks keep the needed key sets (hashes of values) in memory.
#include <re2/re2.h>
#include <tbb/parallel_pipeline.h>

#include <algorithm>
#include <functional>
#include <unordered_map>
#include <unordered_set>

#include "validate/checker.h"

namespace tdm::validate {
namespace {

constexpr size_t kBatchRows = 1 << 14;

// A column value as comparable text; numbers compare as numbers through the double.
std::string ValueText(const Column& c, size_t r) {
  if (c.physical() == PhysicalType::kString) return std::string(c.GetString(r));
  if (c.physical() == PhysicalType::kDouble) return std::to_string(c.GetDouble(r));
  return std::to_string(c.GetInt(r));
}

double ValueNumber(const Column& c, size_t r) {
  if (c.physical() == PhysicalType::kDouble) return c.GetDouble(r);
  if (c.physical() == PhysicalType::kInt64) return static_cast<double>(c.GetInt(r));
  return 0;
}

class ScanChecker final : public Checker {
 public:
  ScanChecker(store::Database& db, std::string ns, int max_examples)
      : db_(db), ns_(std::move(ns)), max_examples_(static_cast<size_t>(max_examples)) {}

  Result<TableScan> Scan(const TableSchema& table, const std::string& key,
                         const std::vector<RowRule>& rules) override {
    std::vector<std::unique_ptr<re2::RE2>> patterns(rules.size());
    for (size_t i = 0; i < rules.size(); ++i) {
      if (rules[i].kind == RowRule::Kind::kPattern) {
        patterns[i] = std::make_unique<re2::RE2>(AnchoredPattern(*rules[i].column->pattern));
      }
    }
    // Only the columns the rules and the key read travel; positions are in that projection,
    // found once per table rather than per row.
    std::vector<std::string> needed;
    auto need = [&](const std::string& column) {
      if (table.FindColumn(column) >= 0 &&
          std::find(needed.begin(), needed.end(), column) == needed.end()) {
        needed.push_back(column);
      }
    };
    if (!key.empty()) need(key);
    for (const RowRule& rule : rules) {
      need(rule.column->field);
      if (rule.kind == RowRule::Kind::kOrder) need(rule.order->other);
    }
    TDM_ASSIGN_OR_RETURN(TableSchema projected, store::ProjectSchema(table, needed));
    std::vector<int> at(rules.size());
    for (size_t i = 0; i < rules.size(); ++i) at[i] = projected.FindColumn(rules[i].column->field);
    std::vector<int> order_at(rules.size(), -1);
    for (size_t i = 0; i < rules.size(); ++i) {
      if (rules[i].kind == RowRule::Kind::kOrder)
        order_at[i] = projected.FindColumn(rules[i].order->other);
    }
    // Called for each row of a batch from several threads at once, each with its batch's own
    // outcomes; RE2 matches concurrently.
    auto each = [&](const Batch& b, size_t r, const Column* k, std::vector<Outcome>& outcomes) {
      for (size_t i = 0; i < rules.size(); ++i) {
        const RowRule& rule = rules[i];
        int ci = at[i];
        if (ci < 0) continue;
        const Column& c = b.columns[static_cast<size_t>(ci)];
        bool bad = false;
        switch (rule.kind) {
          case RowRule::Kind::kRequired:
            bad = c.IsNull(r);
            break;
          case RowRule::Kind::kType:  // the reader already decoded every value to its type
            break;
          case RowRule::Kind::kPattern:
            if (c.IsNull(r)) break;
            if (c.physical() == PhysicalType::kString) {
              std::string_view v = c.GetString(r);
              bad = !re2::RE2::FullMatch(re2::StringPiece(v.data(), v.size()), *patterns[i]);
            } else {
              bad = !re2::RE2::FullMatch(ValueText(c, r), *patterns[i]);
            }
            break;
          case RowRule::Kind::kLower:
          case RowRule::Kind::kUpper: {
            if (c.IsNull(r)) break;
            double v = ValueNumber(c, r);
            const RangeBound& bound =
                rule.kind == RowRule::Kind::kLower ? *rule.column->lower : *rule.column->upper;
            bad = rule.kind == RowRule::Kind::kLower
                      ? (bound.inclusive ? v < bound.value : v <= bound.value)
                      : (bound.inclusive ? v > bound.value : v >= bound.value);
            break;
          }
          case RowRule::Kind::kOrder: {
            int oi = order_at[i];
            if (oi < 0 || c.IsNull(r)) break;
            const Column& o = b.columns[static_cast<size_t>(oi)];
            if (o.IsNull(r)) break;
            double a = ValueNumber(c, r);
            double z = ValueNumber(o, r);
            const std::string& op = rule.order->op;
            bool holds = op == ">"    ? a > z
                         : op == ">=" ? a >= z
                         : op == "<"  ? a < z
                         : op == "<=" ? a <= z
                                      : a == z;
            bad = !holds;
            break;
          }
        }
        if (bad) Count(outcomes[i], k, r);
      }
    };
    TableScan scan;
    scan.outcomes.resize(rules.size());
    TDM_RETURN_IF_ERROR(ForEachBatch(table.name, needed, key, rules.size(), each, scan));
    for (Outcome& o : scan.outcomes) Finish(o);
    return scan;
  }

  Result<Outcome> Orphans(const TableSchema& child, const std::string& key,
                          const ForeignKeyRule& fk) override {
    std::unordered_set<std::string> parents;
    TableSchema parent;
    parent.name = fk.parent;
    TDM_RETURN_IF_ERROR(ForEachRow(parent, "", [&](const Batch& b, size_t r, const Column*) {
      int pc = b.schema->FindColumn(fk.parent_column);
      const Column& c = b.columns[static_cast<size_t>(pc < 0 ? 0 : pc)];
      if (pc >= 0 && !c.IsNull(r)) parents.insert(ValueText(c, r));
    }));
    Outcome o;
    TDM_RETURN_IF_ERROR(ForEachRow(child, key, [&](const Batch& b, size_t r, const Column* k) {
      int ci = b.schema->FindColumn(fk.column);
      if (ci < 0) return;
      const Column& c = b.columns[static_cast<size_t>(ci)];
      if (!c.IsNull(r) && parents.count(ValueText(c, r)) == 0) Count(o, k, r);
    }));
    Finish(o);
    return o;
  }

  Result<Outcome> Duplicates(const TableSchema& table, const std::string& key,
                             const std::vector<std::string>& columns) override {
    // First pass: how often each value set occurs (by hash; a collision only over-reports and
    // the second pass compares the full text). Second pass: the rows of repeated sets.
    std::unordered_map<std::string, int> seen;
    auto joined = [&](const Batch& b, size_t r) -> std::optional<std::string> {
      std::string text;
      for (const std::string& name : columns) {
        int ci = b.schema->FindColumn(name);
        if (ci < 0 || b.columns[static_cast<size_t>(ci)].IsNull(r)) return std::nullopt;
        text += ValueText(b.columns[static_cast<size_t>(ci)], r);
        text += '\x1f';
      }
      return text;
    };
    TDM_RETURN_IF_ERROR(ForEachRow(table, "", [&](const Batch& b, size_t r, const Column*) {
      if (auto v = joined(b, r)) ++seen[*v];
    }));
    Outcome o;
    TDM_RETURN_IF_ERROR(ForEachRow(table, key, [&](const Batch& b, size_t r, const Column* k) {
      auto v = joined(b, r);
      if (v && seen[*v] > 1) Count(o, k, r);
    }));
    Finish(o);
    return o;
  }

  Status SampleQuery(const TableSchema& table) override {
    TDM_ASSIGN_OR_RETURN(auto source, db_.Read(ns_, {table.name, {}, 10, {}}));
    Batch batch;
    return source->Next(batch, 10).status();
  }

  int64_t NamespaceBytes() override { return -1; }

 private:
  using RowFn = std::function<void(const Batch&, size_t, const Column*)>;

  Status ForEachRow(const TableSchema& table, const std::string& key, const RowFn& fn) {
    TDM_ASSIGN_OR_RETURN(auto source, db_.Read(ns_, {table.name, {}, std::nullopt, {}}));
    int ki = key.empty() ? -1 : source->schema().FindColumn(key);
    Batch batch;
    while (true) {
      TDM_ASSIGN_OR_RETURN(bool more, source->Next(batch, kBatchRows));
      if (!more) break;
      if (batch.schema == nullptr) batch.schema = &source->schema();
      const Column* k = ki < 0 ? nullptr : &batch.columns[static_cast<size_t>(ki)];
      for (size_t r = 0; r < batch.num_rows; ++r) fn(batch, r, k);
    }
    return Status::Ok();
  }

  using BatchRowFn =
      std::function<void(const Batch&, size_t, const Column*, std::vector<Outcome>&)>;

  // Reads the table on this thread while batches already read are checked on the others (a
  // 1M-row table is decoded and pattern-matched in about the time of either alone), then merges
  // each batch's outcomes in order.
  Status ForEachBatch(const std::string& table, const std::vector<std::string>& columns,
                      const std::string& key, size_t n_rules, const BatchRowFn& fn,
                      TableScan& scan) {
    store::ReadQuery query{table, {}, std::nullopt, columns};
    TDM_ASSIGN_OR_RETURN(auto source, db_.Read(ns_, query));
    int ki = key.empty() ? -1 : source->schema().FindColumn(key);
    struct Work {
      Batch batch;
      std::vector<Outcome> outcomes;
    };
    constexpr size_t kTokens = 4;
    // Tokens finish in order (the last stage is serial_in_order), so slot n % kTokens is free
    // again when token n starts.
    std::vector<Work> slots(kTokens);
    size_t next = 0;
    Status status = Status::Ok();
    tbb::parallel_pipeline(
        kTokens, tbb::make_filter<void, Work*>(tbb::filter_mode::serial_in_order,
                                               [&](tbb::flow_control& fc) -> Work* {
                                                 Work* w = &slots[next++ % kTokens];
                                                 auto more = source->Next(w->batch, kBatchRows);
                                                 if (!more.ok() || !*more) {
                                                   if (!more.ok()) status = more.status();
                                                   fc.stop();
                                                   return nullptr;
                                                 }
                                                 if (w->batch.schema == nullptr)
                                                   w->batch.schema = &source->schema();
                                                 return w;
                                               }) &
                     tbb::make_filter<Work*, Work*>(
                         tbb::filter_mode::parallel,
                         [&](Work* w) {
                           w->outcomes.assign(n_rules, Outcome{});
                           const Column* k =
                               ki < 0 ? nullptr : &w->batch.columns[static_cast<size_t>(ki)];
                           for (size_t r = 0; r < w->batch.num_rows; ++r) {
                             fn(w->batch, r, k, w->outcomes);
                           }
                           return w;
                         }) &
                     tbb::make_filter<Work*, void>(tbb::filter_mode::serial_in_order, [&](Work* w) {
                       scan.rows += static_cast<int64_t>(w->batch.num_rows);
                       for (size_t i = 0; i < n_rules; ++i) {
                         Outcome& into = scan.outcomes[i];
                         into.count += w->outcomes[i].count;
                         into.keys.insert(into.keys.end(), w->outcomes[i].keys.begin(),
                                          w->outcomes[i].keys.end());
                         if (into.keys.size() > 4 * max_examples_) Finish(into);
                       }
                     }));
    return status;
  }

  void Count(Outcome& o, const Column* key, size_t r) const {
    ++o.count;
    if (key != nullptr && !key->IsNull(r)) o.keys.push_back(ValueText(*key, r));
    // Keep the smallest keys, as the SQL checker's ORDER BY ... LIMIT does; trim as we go.
    if (o.keys.size() > 4 * max_examples_) Finish(o);
  }

  void Finish(Outcome& o) const {
    std::sort(o.keys.begin(), o.keys.end());
    if (o.keys.size() > max_examples_) o.keys.resize(max_examples_);
  }

  store::Database& db_;
  std::string ns_;
  size_t max_examples_;
};

}  // namespace

std::unique_ptr<Checker> MakeScanChecker(store::Database& db, const std::string& ns,
                                         int max_examples) {
  return std::make_unique<ScanChecker>(db, ns, max_examples);
}

}  // namespace tdm::validate
