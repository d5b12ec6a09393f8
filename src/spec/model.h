// The spec model: declarations as read from the YAML files, before they are merged and resolved.
//
// data-spec.yaml, schema-validation.yaml and masking-policies.yaml each load into one of the
// documents below; resolver.h merges them into one ResolvedSpec. Every declaration keeps where it
// was written, so errors found later still point at file:line:column.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/table_schema.h"
#include "tdm/status.h"

namespace tdm::spec {

struct FieldDecl {
  std::string name;
  SourceLocation where;
  std::optional<std::string> type;
  std::optional<std::string> provider;
  std::optional<std::string> pattern;
  std::optional<std::string> constraint;
  std::optional<std::string> masked;
  std::optional<std::string> derived;      // expression, see gen/expression.h
  std::optional<std::string> foreign_key;  // "table.column"
  std::optional<std::string> locale;
  std::optional<bool> required;
  std::optional<bool> unique;
  std::optional<bool> primary_key;
  std::optional<double> nullable;  // null rate
  std::optional<std::string> min;  // number, date, datetime or relative ("now-30d")
  std::optional<std::string> max;
  std::optional<int> decimals;
  std::optional<int> min_words;
  std::optional<int> max_words;
  std::optional<int64_t> start;
  std::optional<int64_t> step;
  std::optional<double> true_rate;
  std::vector<std::string> values;
  std::vector<double> weights;
  std::map<std::string, std::string> options;           // provider parameters
  std::map<std::string, SourceLocation> key_locations;  // where each attribute was written
};

struct RelationshipDecl {
  std::string field;   // the referencing field of this dataset
  std::string table;   // the referenced dataset
  std::string column;  // the referenced field; empty = the parent's primary key
  std::optional<int64_t> min_children;
  std::optional<int64_t> max_children;
  bool back_reference = false;  // schema `references:`: another table points at this one
  SourceLocation where;
};

struct DatasetDecl {
  std::string name;
  SourceLocation where;
  std::optional<std::string> factory;
  SourceLocation factory_where;
  std::optional<int64_t> volume;               // for every environment
  std::map<std::string, int64_t> env_volumes;  // `volume: {local: 100, ci: 1000}`
  std::map<std::string, SourceLocation> env_volume_where;
  SourceLocation volume_where;
  std::optional<std::string> locale;
  SourceLocation locale_where;
  std::optional<bool> strict;
  std::vector<FieldDecl> fields;
  std::vector<RelationshipDecl> relationships;
  std::vector<IndexSchema> indexes;
  std::vector<SourceLocation> index_locations;
};

struct EnvironmentDecl {
  std::string name;
  SourceLocation where;
  std::optional<int64_t> volume;
  std::optional<std::string> masking;
  std::optional<int64_t> ttl_hours;
  std::optional<std::string> target;  // target URL (${VAR} kept for provision time)
};

struct DataSpecDocument {
  std::string path;
  std::optional<std::string> version;
  std::optional<uint64_t> seed;
  std::optional<int> generator;
  SourceLocation generator_where;
  std::optional<std::string> reference_time;
  SourceLocation reference_time_where;
  std::optional<std::string> locale;
  SourceLocation locale_where;
  std::vector<EnvironmentDecl> environments;
  std::vector<DatasetDecl> datasets;
  std::map<std::string, std::string> masking_policies;  // field -> strategy
};

struct SchemaDocument {
  std::string path;
  std::vector<DatasetDecl> collections;
};

// One rule of masking-policies.yaml. `field` is a column name (every table), `table.column`, or
// a classification (`red`, `yellow`) for the rules written as `policies.<classification>`.
struct MaskingRule {
  std::string field;
  std::string strategy;
  std::optional<std::string> salt;
  std::optional<std::string> key_env;  // environment variable holding the key
  std::optional<std::string> replacement;
  std::optional<std::string> faker_provider;
  std::optional<std::string> locale;
  bool show_last_4 = false;
  std::optional<int64_t> show_last;
  std::optional<int64_t> length;
  std::optional<double> spread;
  std::optional<int64_t> max_days;
  bool classification = false;  // `field` names a classification
  SourceLocation where;
  SourceLocation strategy_where;
};

struct MaskingPolicyDocument {
  std::string path;
  std::string default_strategy;
  std::optional<std::string> default_salt;
  SourceLocation default_where;
  std::optional<MaskingRule> default_rule;  // policies.default with all its options
  std::vector<std::string> pii_fields;
  std::vector<MaskingRule> rules;
  bool log_masking_operations = false;
  bool include_user_id = false;
  bool include_timestamp = false;
  std::optional<std::string> audit_encryption;
  std::map<std::string, std::map<std::string, std::string>> regulatory;  // GDPR -> key -> value
  std::vector<std::string> phi_fields;
};

}  // namespace tdm::spec
