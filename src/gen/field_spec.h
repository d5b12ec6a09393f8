// FieldSpec and DatasetPlan: what the generator is asked to produce, already resolved and checked.
//
// The spec layer (src/spec) turns YAML into these; the generator never reads YAML. Every value of a
// column is a pure function of (seed, table, column, row index), so a plan is all the generator
// needs to produce any row range on any thread or machine.
#pragma once

#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/table_schema.h"
#include "tdm/status.h"

namespace tdm::gen {

// The newest generator version. A release that changes any generated value increments it and keeps
// the old behaviour reachable for specs that pin `generator: N`.
constexpr int kLatestGeneratorVersion = 1;
constexpr int kOldestGeneratorVersion = 1;

// A foreign key as the generator needs it: which parent table and key column, and how children are
// spread over parents.
struct ForeignKeyPlan {
  std::string table;
  std::string column;
  std::optional<int64_t> min_children;  // per parent, when the relationship sets a cardinality
  std::optional<int64_t> max_children;
};

struct FieldSpec {
  std::string name;
  ColumnType type = ColumnType::kString;
  std::string provider;  // registry name, see gen/provider_registry.h
  std::string locale = "en_US";

  bool unique = false;
  bool primary_key = false;
  bool required = true;
  double null_rate = 0.0;  // probability of NULL, 0..1

  // Numeric and temporal bounds, inclusive. Temporal bounds are in the column's unit (days for
  // dates, microseconds for datetimes).
  std::optional<int64_t> int_min;
  std::optional<int64_t> int_max;
  std::optional<double> float_min;
  std::optional<double> float_max;
  int decimals = 2;

  std::optional<std::string> pattern;  // regex the value must fully match
  std::vector<std::string> values;     // enum choices
  std::vector<double> weights;         // optional enum weights, same length as values
  int64_t sequence_start = 1;
  int64_t sequence_step = 1;
  double true_rate = 0.5;  // boolean provider
  int min_words = 0;       // text providers; 0 = provider default
  int max_words = 0;
  // Provider parameters from the spec's `options:` map (e.g. {brand: visa}); the provider lists
  // the keys it accepts, and the resolver rejects any other.
  std::map<std::string, std::string> options;

  // The option `key`, or `fallback` when the spec does not set it.
  std::string Option(const std::string& key, const std::string& fallback = "") const {
    auto it = options.find(key);
    return it == options.end() ? fallback : it->second;
  }

  std::optional<ForeignKeyPlan> foreign_key;
  // A derived field's expression (see gen/expression.h), e.g. "quantity * unit_price" or
  // "sum(order_lines.amount)"; empty for generated fields. A derived field has no provider.
  std::string derived;
  std::string masked;  // masking strategy requested by the spec (applied by src/mask)

  SourceLocation where;          // where the field was declared, for error messages
  SourceLocation pattern_where;  // where its pattern was written
  SourceLocation derived_where;  // where its derived expression was written
};

// The field's null rate in parts per million, as the table generator draws it.
inline uint64_t NullPpm(const FieldSpec& field) {
  return static_cast<uint64_t>(std::llround(field.null_rate * 1e6));
}

struct DatasetPlan {
  std::string name;
  int64_t rows = 0;
  std::vector<FieldSpec> fields;
  std::vector<IndexSchema> indexes;
};

// Everything fixed for one dataset version besides the datasets themselves.
struct GenerationContext {
  uint64_t seed = 0;
  int generator_version = kLatestGeneratorVersion;
  int64_t reference_time = 0;  // microseconds since epoch: the pinned "now"
};

}  // namespace tdm::gen
