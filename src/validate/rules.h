// Validation rules: what the spec says one table's data must satisfy, compiled once from a
// ResolvedSpec (plus the raw `constraint:` texts of its files, so findings quote the rule as the
// user wrote it) and then checked by sql_checks.h or scan_checks.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/table_schema.h"
#include "spec/resolver.h"
#include "tdm/status.h"

namespace tdm::validate {

// One side of a range, in the column's unit: the number itself, days since the epoch for dates,
// microseconds since the epoch for datetimes.
struct RangeBound {
  double value = 0;
  bool inclusive = true;
};

// `this_field <op> other_field`, from `constraint: ">= created_at"`.
struct FieldOrder {
  std::string op;  // ">", ">=", "<", "<=", "="
  std::string other;
};

struct ColumnRules {
  std::string field;
  ColumnType type = ColumnType::kString;
  bool required = false;  // no NULL (required: true, or a primary key)
  bool pii = false;       // values must never be shown (they never are; keys of it neither)
  std::optional<std::string> pattern;
  std::optional<RangeBound> lower;
  std::optional<RangeBound> upper;
  std::string constraint;  // as written; empty when there is none
  std::vector<FieldOrder> order;
};

struct ForeignKeyRule {
  std::string column;
  std::string parent;
  std::string parent_column;
};

// A schema `references:` declared on this (parent) table: `child.column` points at it.
struct BackReferenceRule {
  std::string child;
  std::string column;
};

struct TableRules {
  std::string table;
  bool strict = false;
  std::vector<ColumnRules> columns;
  std::vector<ForeignKeyRule> foreign_keys;
  std::vector<BackReferenceRule> back_references;
  std::vector<IndexSchema> unique_sets;  // unique fields and unique indexes, one set each
  std::string key;                       // primary key column; empty when there is none
  bool key_is_pii = false;

  const ColumnRules* Find(const std::string& field) const;
};

// Rules for `tables` (all datasets of the spec when empty), parents first. Reads the spec's files
// again for what the resolver does not keep (constraint texts, back-references); `now()` is the
// spec's reference time.
Result<std::vector<TableRules>> CompileRules(const spec::ResolvedSpec& spec,
                                             const std::vector<std::string>& tables = {});

// "pattern ^[A-Za-z ]+$", "constraint > 0 AND < 150", "foreign_key users._id": the rule names
// findings carry.
std::string PatternRule(const std::string& pattern);
std::string ForeignKeyRuleName(const ForeignKeyRule& fk);

// The pattern as the database must run it: anchored at both ends (patterns match whole values).
std::string AnchoredPattern(const std::string& pattern);

}  // namespace tdm::validate
