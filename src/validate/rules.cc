#include "validate/rules.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

#include "core/time_format.h"
#include "spec/constraint.h"
#include "spec/loader.h"

namespace tdm::validate {
namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Column names that hold personal data even when no policy masks them: their values (and so
// their use as row keys) must never appear in a finding.
bool LooksPersonal(const std::string& field) {
  static const char* const kHints[] = {"email", "phone", "ssn",      "name",    "address", "birth",
                                       "card",  "iban",  "passport", "license", "tax"};
  std::string lower = Lower(field);
  return std::any_of(std::begin(kHints), std::end(kHints),
                     [&](const char* hint) { return lower.find(hint) != std::string::npos; });
}

// What the resolver does not keep: the constraint texts as written (schema over data-spec) and
// the schema's back-references, keyed by dataset.
struct RawSpec {
  std::map<std::pair<std::string, std::string>, std::string> constraints;
  std::map<std::string, std::vector<BackReferenceRule>> back_references;
};

void TakeConstraints(const std::vector<spec::DatasetDecl>& datasets, RawSpec& raw) {
  for (const spec::DatasetDecl& d : datasets) {
    for (const spec::FieldDecl& f : d.fields) {
      if (f.constraint) raw.constraints[{d.name, f.name}] = *f.constraint;
    }
  }
}

RawSpec ReadRawSpec(const spec::ResolvedSpec& spec) {
  RawSpec raw;
  if (spec.files.empty()) return raw;
  // The files were read moments ago by the resolver; one that no longer parses only loses the
  // rule texts, the resolved rules still apply.
  if (auto doc = spec::LoadDataSpec(spec.files.front()); doc.ok()) {
    TakeConstraints(doc->datasets, raw);
  }
  for (size_t i = 1; i < spec.files.size(); ++i) {
    auto schema = spec::LoadSchema(spec.files[i]);
    if (!schema.ok()) continue;  // the masking policy file
    TakeConstraints(schema->collections, raw);
    for (const spec::DatasetDecl& c : schema->collections) {
      for (const spec::RelationshipDecl& r : c.relationships) {
        bool own = std::any_of(c.fields.begin(), c.fields.end(),
                               [&](const spec::FieldDecl& f) { return f.name == r.field; });
        if (!own && !r.column.empty()) {
          raw.back_references[c.name].push_back({r.table, r.column});
        }
      }
    }
  }
  return raw;
}

// A constraint literal in the column's unit; nullopt when it cannot be read as one.
std::optional<double> BoundValue(const spec::Bound& b, ColumnType type, int64_t reference_time) {
  bool date = type == ColumnType::kDate;
  bool datetime = type == ColumnType::kDateTime;
  if (b.kind == spec::Bound::Kind::kNow) {
    int64_t at = reference_time + b.now_offset_us;
    if (date) return std::floor(static_cast<double>(at) / static_cast<double>(kMicrosPerDay));
    if (datetime) return static_cast<double>(at);
    return std::nullopt;
  }
  if (date || datetime) {
    auto micros = ParseDateTime(b.text);
    if (!micros) return std::nullopt;
    if (date) return std::floor(static_cast<double>(*micros) / static_cast<double>(kMicrosPerDay));
    return static_cast<double>(*micros);
  }
  return b.number;
}

Status ApplyConstraint(const std::string& table, const std::string& text, int64_t reference_time,
                       ColumnRules& column) {
  auto parsed = spec::ParseConstraint(text);
  if (!parsed.ok()) return parsed.status().WithContext(table + "." + column.field);
  column.constraint = text;
  for (const spec::FieldComparison& f : parsed->fields) column.order.push_back({f.op, f.field});
  auto set = [&](const std::optional<spec::Bound>& b, std::optional<RangeBound>& out) -> Status {
    if (!b) return Status::Ok();
    auto v = BoundValue(*b, column.type, reference_time);
    if (!v) {
      return {StatusCode::kSpecError, table + "." + column.field + ": cannot read '" + b->text +
                                          "' of constraint \"" + text + "\" as a " +
                                          std::string(ColumnTypeName(column.type))};
    }
    out = RangeBound{*v, b->inclusive};
    return Status::Ok();
  };
  TDM_RETURN_IF_ERROR(set(parsed->lower, column.lower));
  TDM_RETURN_IF_ERROR(set(parsed->upper, column.upper));
  if (parsed->equal) {
    TDM_RETURN_IF_ERROR(set(parsed->equal, column.lower));
    column.upper = column.lower;
  }
  return Status::Ok();
}

bool IsPii(const spec::ResolvedSpec& spec, const gen::FieldSpec& f) {
  if (!f.masked.empty() || spec.masking.count(f.name) > 0) return true;
  if (spec.masking_policy) {
    const auto& pii = spec.masking_policy->pii_fields;
    if (std::find(pii.begin(), pii.end(), f.name) != pii.end()) return true;
  }
  return LooksPersonal(f.name);
}

}  // namespace

const ColumnRules* TableRules::Find(const std::string& field) const {
  for (const ColumnRules& c : columns) {
    if (c.field == field) return &c;
  }
  return nullptr;
}

std::string PatternRule(const std::string& pattern) { return "pattern " + pattern; }

std::string ForeignKeyRuleName(const ForeignKeyRule& fk) {
  return "foreign_key " + fk.parent + "." + fk.parent_column;
}

std::string AnchoredPattern(const std::string& pattern) { return "^(?:" + pattern + ")$"; }

Result<std::vector<TableRules>> CompileRules(const spec::ResolvedSpec& spec,
                                             const std::vector<std::string>& tables) {
  RawSpec raw = ReadRawSpec(spec);
  std::vector<TableRules> out;
  for (const spec::ResolvedDataset& d : spec.datasets) {
    if (!tables.empty() && std::find(tables.begin(), tables.end(), d.name) == tables.end()) {
      continue;
    }
    TableRules t;
    t.table = d.name;
    t.strict = d.strict;
    for (const gen::FieldSpec& f : d.fields) {
      ColumnRules c;
      c.field = f.name;
      c.type = f.type;
      c.required = f.primary_key || (f.required && f.null_rate == 0);
      c.pii = IsPii(spec, f);
      c.pattern = f.pattern;
      if (!f.values.empty() && !c.pattern) {
        // Enum fields: the value must be one of the choices, written as an alternation.
        std::string alternatives;
        for (const std::string& v : f.values) {
          if (!alternatives.empty()) alternatives += "|";
          for (char ch : v) {
            if (std::string_view("\\^$.|?*+()[]{}").find(ch) != std::string_view::npos) {
              alternatives += '\\';
            }
            alternatives += ch;
          }
        }
        if (f.type == ColumnType::kString) c.pattern = alternatives;
      }
      if (auto it = raw.constraints.find({d.name, f.name}); it != raw.constraints.end()) {
        TDM_RETURN_IF_ERROR(ApplyConstraint(d.name, it->second, spec.context.reference_time, c));
      }
      if (f.primary_key) {
        t.key = f.name;
        t.key_is_pii = c.pii;
      }
      if (f.foreign_key) {
        std::string parent_column = f.foreign_key->column;
        if (parent_column.empty()) {
          if (const spec::ResolvedDataset* parent = spec.Find(f.foreign_key->table)) {
            for (const gen::FieldSpec& pf : parent->fields) {
              if (pf.primary_key) parent_column = pf.name;
            }
          }
        }
        t.foreign_keys.push_back({f.name, f.foreign_key->table, parent_column});
      }
      if (f.unique && !f.primary_key) t.unique_sets.push_back({"", {f.name}, true});
      t.columns.push_back(std::move(c));
    }
    for (const IndexSchema& index : d.indexes) {
      if (!index.unique) continue;
      bool known = std::any_of(t.unique_sets.begin(), t.unique_sets.end(),
                               [&](const IndexSchema& u) { return u.columns == index.columns; });
      if (!known) t.unique_sets.push_back(index);
    }
    if (auto it = raw.back_references.find(d.name); it != raw.back_references.end()) {
      // Only children that are part of this validation: `--dataset users` leaves movies out.
      for (const BackReferenceRule& back : it->second) {
        if (tables.empty() || std::find(tables.begin(), tables.end(), back.child) != tables.end())
          t.back_references.push_back(back);
      }
    }
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace tdm::validate
