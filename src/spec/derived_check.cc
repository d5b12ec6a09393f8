#include "spec/derived_check.h"

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "core/suggest.h"
#include "gen/expression.h"

namespace tdm::spec {
namespace {

Status SpecError(const SourceLocation& where, const std::string& message) {
  return {StatusCode::kSpecError, message, where};
}

// Whether a derived field can be NULL: it divides, takes avg/min/max of children (a parent may
// have none), or reads a field that can be NULL. Such a field is a nullable column.
bool DerivedMayBeNull(const gen::Expression& e, const ResolvedDataset& d, const std::string& text) {
  if (text.find('/') != std::string::npos) return true;
  for (const gen::Aggregate& a : e.aggregates()) {
    if (a.fn != gen::AggregateFn::kSum && a.fn != gen::AggregateFn::kCount) return true;
  }
  for (const std::string& name : e.fields()) {
    const gen::FieldSpec* input = d.FindField(name);
    if (input != nullptr && (!input->required || input->null_rate > 0)) return true;
  }
  return false;
}

}  // namespace

// Derived fields read numbers of their own row and aggregate child tables that reference them;
// both are checked here, before anything is generated, and same-row cycles are refused.
Status CheckDerived(ResolvedSpec& spec) {
  // Nullability flows from inputs to the derived fields that read them, in any order.
  for (bool changed = true; changed;) {
    changed = false;
    for (ResolvedDataset& d : spec.datasets) {
      for (gen::FieldSpec& f : d.fields) {
        if (f.derived.empty() || !f.required) continue;
        auto parsed = gen::Expression::Parse(f.derived);
        if (parsed.ok() && DerivedMayBeNull(*parsed, d, f.derived)) {
          f.required = false;
          changed = true;
        }
      }
    }
  }
  for (const ResolvedDataset& d : spec.datasets) {
    for (const gen::FieldSpec& f : d.fields) {
      if (f.derived.empty()) continue;
      std::string field = "field '" + d.name + "." + f.name + "': ";
      auto parsed = gen::Expression::Parse(f.derived);
      if (!parsed.ok()) return SpecError(f.derived_where, field + parsed.status().message());
      for (const std::string& name : parsed->fields()) {
        const gen::FieldSpec* input = d.FindField(name);
        if (input == nullptr) {
          return SpecError(f.derived_where, field + "derived expression reads '" + name +
                                                "', which is not a field of " + d.name +
                                                DidYouMean(name, d.FieldNames()));
        }
        if (input->type != ColumnType::kInteger && input->type != ColumnType::kFloat) {
          return SpecError(f.derived_where,
                           field + "derived expression reads '" + name + "', which is " +
                               std::string(ColumnTypeName(input->type)) + ", not a number");
        }
      }
      // A derived field may read derived fields, but never itself through them.
      std::vector<std::string> path = {f.name};
      std::function<bool(const gen::FieldSpec&)> cycles = [&](const gen::FieldSpec& g) {
        auto e = gen::Expression::Parse(g.derived);
        if (!e.ok()) return false;
        for (const std::string& name : e->fields()) {
          const gen::FieldSpec* input = d.FindField(name);
          if (input == nullptr || input->derived.empty()) continue;
          if (name == f.name) return true;
          if (std::find(path.begin(), path.end(), name) != path.end()) continue;
          path.push_back(name);
          if (cycles(*input)) return true;
          path.pop_back();
        }
        return false;
      };
      if (cycles(f)) {
        std::string chain;
        for (const std::string& p : path) chain += p + " -> ";
        return SpecError(f.derived_where, field + "derived fields read each other in a cycle (" +
                                              chain + f.name + "); make one of them generated");
      }
      for (const gen::Aggregate& a : parsed->aggregates()) {
        const ResolvedDataset* child = nullptr;
        std::vector<std::string> names;
        for (const ResolvedDataset& c : spec.datasets) {
          names.push_back(c.name);
          if (c.name == a.table) child = &c;
        }
        if (child == nullptr) {
          return SpecError(f.derived_where, field + "derived expression reads table '" + a.table +
                                                "', which is not defined" +
                                                DidYouMean(a.table, names));
        }
        bool references = false;
        for (const gen::FieldSpec& c : child->fields) {
          references = references || (c.foreign_key && c.foreign_key->table == d.name);
        }
        if (!references) {
          return SpecError(f.derived_where, field + "table '" + a.table +
                                                "' has no foreign key to " + d.name +
                                                ", so it has no child rows to aggregate");
        }
        if (a.field.empty()) continue;
        const gen::FieldSpec* value = child->FindField(a.field);
        if (value == nullptr) {
          return SpecError(f.derived_where, field + "table '" + a.table + "' has no field '" +
                                                a.field + "'" +
                                                DidYouMean(a.field, child->FieldNames()));
        }
        if (value->type != ColumnType::kInteger && value->type != ColumnType::kFloat) {
          return SpecError(f.derived_where, field + a.table + "." + a.field + " is " +
                                                std::string(ColumnTypeName(value->type)) +
                                                ", not a number");
        }
      }
    }
  }
  return Status::Ok();
}

}  // namespace tdm::spec
