#include "validate/engine.h"

#include <fmt/format.h>
#include <re2/re2.h>
#include <sys/resource.h>

#include <chrono>

#include "validate/checker.h"

namespace tdm::validate {
namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Whether the target's own unique index (or primary key) already guarantees `columns`.
std::string EnforcedBy(const TableSchema& actual, const std::vector<std::string>& columns) {
  for (const IndexSchema& index : actual.indexes) {
    if (index.unique && index.columns == columns) return index.name;
  }
  if (columns.size() == 1) {
    int c = actual.FindColumn(columns[0]);
    if (c >= 0 && actual.columns[static_cast<size_t>(c)].primary_key) return "the primary key";
  }
  return "";
}

std::string RangeRule(const ColumnRules& c) {
  return c.constraint.empty() ? "range" : "constraint " + c.constraint;
}

// The rows each stage checks in one table scan, and the finding each produces.
struct PlannedRule {
  RowRule rule;
  StageResult* stage;
  std::string name;
  std::string message;
};

class Run {
 public:
  Run(store::Database& db, const std::string& ns, const ValidateOptions& options)
      : db_(db), ns_(ns), options_(options) {
    streamer_ = MakeScanChecker(db, ns, options.max_examples);
    checker_ = db.sql_dialect().empty() ? MakeScanChecker(db, ns, options.max_examples)
                                        : MakeSqlChecker(db, ns, options.max_examples);
    schema_ = {"schema", "log & reject"};
    relationships_ = {"relationships", "log & rollback"};
    consistency_ = {"consistency", "alert"};
    performance_ = {"performance", "warn"};
  }

  Result<ValidationReport> Go(const std::vector<TableRules>& rules) {
    auto start = Clock::now();
    TDM_ASSIGN_OR_RETURN(actual_, db_.Describe(ns_));
    double describe_ms = MsSince(start);
    schema_.duration_ms += describe_ms;
    for (const TableRules& t : rules) TDM_RETURN_IF_ERROR(CheckTable(t));
    for (const TableRules& t : rules) TDM_RETURN_IF_ERROR(CheckRelationships(t));
    if (options_.performance) CheckPerformance(rules);
    ValidationReport report;
    report.target = db_.Endpoint(ns_);
    for (StageResult* s : {&schema_, &relationships_, &consistency_, &performance_}) {
      if (s == &performance_ && !options_.performance) continue;
      s->passed = s->findings.empty();
      report.stages.push_back(std::move(*s));
    }
    return report;
  }

 private:
  void Add(StageResult& stage, Finding f) { stage.findings.push_back(std::move(f)); }

  Status CheckTable(const TableRules& t) {
    auto start = Clock::now();
    ++schema_.checks;
    const TableSchema* actual = FindTable(actual_, t.table);
    if (actual == nullptr) {
      Add(schema_, {t.table,
                    "",
                    "table exists",
                    {},
                    1,
                    "table '" + t.table + "' is missing from the namespace"});
      schema_.duration_ms += MsSince(start);
      return Status::Ok();
    }
    std::vector<PlannedRule> planned;
    for (const ColumnRules& c : t.columns) {
      ++schema_.checks;
      int found = actual->FindColumn(c.field);
      if (found < 0) {
        Add(schema_, {t.table,
                      c.field,
                      c.required ? "required" : "field present",
                      {},
                      1,
                      "column is missing"});
        continue;
      }
      ColumnType stored = actual->columns[static_cast<size_t>(found)].type;
      std::string type_rule = "type " + std::string(ColumnTypeName(c.type));
      if (stored != c.type) {
        Add(schema_, {t.table,
                      c.field,
                      type_rule,
                      {},
                      1,
                      fmt::format("column is stored as {}", ColumnTypeName(stored))});
        continue;  // value checks would only repeat the mismatch
      }
      auto plan = [&](RowRule::Kind kind, StageResult& stage, std::string name, std::string message,
                      const FieldOrder* order = nullptr, ColumnType other = ColumnType::kString) {
        planned.push_back(
            {RowRule{kind, &c, order, stored, other}, &stage, std::move(name), std::move(message)});
      };
      if (c.required)
        plan(RowRule::Kind::kRequired, schema_, "required", "NULL in a required field");
      plan(RowRule::Kind::kType, schema_, type_rule, "value is not of the declared type");
      if (c.pattern) {
        re2::RE2::Options o;
        o.set_log_errors(false);
        re2::RE2 compiled(AnchoredPattern(*c.pattern), o);
        if (!compiled.ok()) {
          Add(schema_,
              {t.table,
               c.field,
               PatternRule(*c.pattern),
               {},
               1,
               "the pattern does not compile (" + compiled.error() + "); fix it in the spec"});
        } else {
          plan(RowRule::Kind::kPattern, schema_, PatternRule(*c.pattern),
               "value does not match the pattern");
        }
      }
      if (c.lower) plan(RowRule::Kind::kLower, schema_, RangeRule(c), "value below the range");
      if (c.upper) plan(RowRule::Kind::kUpper, schema_, RangeRule(c), "value above the range");
      for (const FieldOrder& o : c.order) {
        int other = actual->FindColumn(o.other);
        std::string rule = "constraint " + o.op + " " + o.other;
        if (other < 0) {
          Add(consistency_, {t.table,
                             c.field,
                             rule,
                             {},
                             1,
                             "the constraint names a column '" + o.other + "' that is missing"});
          continue;
        }
        plan(RowRule::Kind::kOrder, consistency_, rule,
             fmt::format("dates out of order: {} is not {} {}", c.field, o.op, o.other), &o,
             actual->columns[static_cast<size_t>(other)].type);
      }
    }
    if (t.strict) {
      ++schema_.checks;
      for (const ColumnSchema& col : actual->columns) {
        if (t.Find(col.name) == nullptr) {
          Add(schema_, {t.table,
                        col.name,
                        "strict",
                        {},
                        1,
                        "column is not in the spec, and the collection is strict"});
        }
      }
    }
    std::vector<RowRule> row_rules;
    for (const PlannedRule& p : planned) row_rules.push_back(p.rule);
    std::string key = t.key_is_pii || actual->FindColumn(t.key) < 0 ? "" : t.key;
    TDM_ASSIGN_OR_RETURN(TableScan scan, ScannerFor(row_rules).Scan(*actual, key, row_rules));
    for (size_t i = 0; i < planned.size(); ++i) {
      PlannedRule& p = planned[i];
      ++p.stage->checks;
      Outcome& o = scan.outcomes[i];
      if (o.count > 0) {
        Add(*p.stage, {t.table, p.rule.column->field, p.name, std::move(o.keys), o.count,
                       fmt::format("{} ({} rows)", p.message, o.count)});
      }
    }
    schema_.duration_ms += MsSince(start);

    start = Clock::now();
    if (auto expected = options_.expected_rows.find(t.table);
        expected != options_.expected_rows.end()) {
      ++consistency_.checks;
      if (scan.rows != expected->second) {
        Add(consistency_, {t.table,
                           "",
                           "row count",
                           {},
                           std::abs(scan.rows - expected->second),
                           fmt::format("{} rows, expected {}", scan.rows, expected->second)});
      }
    }
    for (const IndexSchema& u : t.unique_sets) {
      ++consistency_.checks;
      bool present = true;
      for (const std::string& c : u.columns) present = present && actual->FindColumn(c) >= 0;
      if (!present || !EnforcedBy(*actual, u.columns).empty()) continue;
      TDM_ASSIGN_OR_RETURN(Outcome o, checker_->Duplicates(*actual, key, u.columns));
      if (o.count > 0) {
        std::string cols = fmt::format("{}", fmt::join(u.columns, ", "));
        Add(consistency_,
            {t.table, cols, u.name.empty() ? "unique" : "unique " + u.name, std::move(o.keys),
             o.count, fmt::format("{} rows share a value of a unique field", o.count)});
      }
    }
    consistency_.duration_ms += MsSince(start);
    return Status::Ok();
  }

  Status CheckRelationships(const TableRules& t) {
    auto start = Clock::now();
    const TableSchema* actual = FindTable(actual_, t.table);
    std::string key =
        actual == nullptr || t.key_is_pii || actual->FindColumn(t.key) < 0 ? "" : t.key;
    for (const ForeignKeyRule& fk : t.foreign_keys) {
      ++relationships_.checks;
      std::string rule = ForeignKeyRuleName(fk);
      const TableSchema* parent = FindTable(actual_, fk.parent);
      if (actual == nullptr || actual->FindColumn(fk.column) < 0) continue;  // schema reported it
      if (parent == nullptr || parent->FindColumn(fk.parent_column) < 0) {
        Add(relationships_,
            {t.table, fk.column, rule, {}, 1, "the referenced table or column is missing"});
        continue;
      }
      TDM_ASSIGN_OR_RETURN(Outcome o, checker_->Orphans(*actual, key, fk));
      if (o.count > 0) {
        Add(relationships_,
            {t.table, fk.column, rule, std::move(o.keys), o.count,
             fmt::format("{} orphan rows reference no {} row", o.count, fk.parent)});
      }
    }
    for (const BackReferenceRule& back : t.back_references) {
      ++relationships_.checks;
      std::string rule = "back_reference " + back.child + "." + back.column;
      const TableSchema* child = FindTable(actual_, back.child);
      if (child == nullptr || child->FindColumn(back.column) < 0) {
        Add(relationships_, {back.child,
                             back.column,
                             rule,
                             {},
                             1,
                             "the back-reference declared on " + t.table + " is missing"});
        continue;
      }
      if (!db_.has_indexes()) continue;
      bool linked = false;
      for (const ForeignKeySchema& fk : child->foreign_keys) {
        linked = linked || (fk.column == back.column && fk.ref_table == t.table);
      }
      if (!linked) {
        Add(relationships_, {back.child,
                             back.column,
                             rule,
                             {},
                             1,
                             "no foreign key from it to " + t.table + " was built"});
      }
    }
    relationships_.duration_ms += MsSince(start);
    return Status::Ok();
  }

  void CheckPerformance(const std::vector<TableRules>& rules) {
    auto start = Clock::now();
    const Thresholds& th = options_.thresholds;
    auto limit = [&](const std::string& what, double value, double threshold,
                     const std::string& unit) {
      ++performance_.checks;
      if (value > threshold) {
        Add(performance_, {"",
                           "",
                           what + " < " + fmt::format("{:g} {}", threshold, unit),
                           {},
                           1,
                           fmt::format("{} took {:.1f} {}", what, value, unit)});
      }
    };
    if (options_.index_seconds)
      limit("index creation", *options_.index_seconds, th.index_seconds, "s");
    if (options_.load_seconds) limit("load", *options_.load_seconds, th.load_seconds, "s");
    for (const TableRules& t : rules) {
      const TableSchema* actual = FindTable(actual_, t.table);
      if (actual == nullptr) continue;
      auto q = Clock::now();
      Status sampled = checker_->SampleQuery(*actual);
      double ms = MsSince(q);
      if (!sampled.ok()) {
        ++performance_.checks;
        Add(performance_, {t.table, "", "sample query", {}, 1, sampled.ToString()});
        continue;
      }
      limit("sample query of " + t.table, ms, th.sample_query_ms, "ms");
    }
    int64_t bytes = checker_->NamespaceBytes();
    if (bytes >= 0)
      limit("namespace size", static_cast<double>(bytes) / 1e6, th.namespace_megabytes, "MB");
    rusage usage{};
    if (getrusage(RUSAGE_SELF, &usage) == 0) {
      limit("peak memory", static_cast<double>(usage.ru_maxrss) / 1024, th.peak_rss_megabytes,
            "MB");
    }
    performance_.duration_ms += MsSince(start);
  }

  // PostgreSQL's regex engine costs 0.3 to 1.4 us a value (bounded repeats such as E.164's
  // \d{1,14} are its slow case; measured on 1M users), RE2 about a tenth of that: a table with
  // patterns is scanned once through the binary COPY stream with every row rule in-process.
  // MySQL and SQLite keep the in-database scan.
  Checker& ScannerFor(const std::vector<RowRule>& rules) {
    if (db_.sql_dialect() != "postgres") return *checker_;
    for (const RowRule& r : rules) {
      if (r.kind == RowRule::Kind::kPattern) return *streamer_;
    }
    return *checker_;
  }

  store::Database& db_;
  std::string ns_;
  const ValidateOptions& options_;
  std::unique_ptr<Checker> checker_;
  std::unique_ptr<Checker> streamer_;  // Read()-based, for the scans above
  std::vector<TableSchema> actual_;
  StageResult schema_, relationships_, consistency_, performance_;
};

}  // namespace

Result<ValidationReport> Validate(store::Database& db, const std::string& ns,
                                  const std::vector<TableRules>& rules,
                                  const ValidateOptions& options) {
  Run run(db, ns, options);
  return run.Go(rules);
}

Result<ValidationReport> Validate(store::Database& db, const std::string& ns,
                                  const spec::ResolvedSpec& spec,
                                  const std::vector<std::string>& tables,
                                  const ValidateOptions& options) {
  TDM_ASSIGN_OR_RETURN(std::vector<TableRules> rules, CompileRules(spec, tables));
  return Validate(db, ns, rules, options);
}

}  // namespace tdm::validate
