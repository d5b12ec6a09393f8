#include "spec/resolver.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "core/suggest.h"
#include "core/time_format.h"
#include "gen/provider_registry.h"
#include "spec/derived_check.h"
#include "spec/factories.h"
#include "spec/field_resolver.h"
#include "spec/loader.h"
#include "spec/model_hash.h"
#include "spec/pattern_check.h"

namespace tdm::spec {
namespace {

constexpr uint64_t kDefaultSeed = 12345;
constexpr const char* kDefaultReferenceTime = "2026-01-01T00:00:00Z";

Status SpecError(const SourceLocation& where, const std::string& message) {
  return {StatusCode::kSpecError, message, where};
}

constexpr const char* kBuiltinFactories = "<built-in factories>";

// An error inside a built-in factory's field, moved to the spec line that named the factory.
Status FromFactory(const Status& status, const DatasetDecl& dataset) {
  if (!status.where() || status.where()->file != kBuiltinFactories) return status;
  return {status.code(),
          status.message() + " (the field comes from " + dataset.factory.value_or("a factory") +
              "; override it under 'fields:')",
          dataset.factory_where};
}

// A dataset while it is being assembled from its declarations.
struct Draft {
  DatasetDecl decl;  // merged fields, relationships and indexes
  bool implicit = false;
  std::set<std::string> declared_fields;  // named by the data spec itself, not a factory
};

void OverlayFields(DatasetDecl& into, const std::vector<FieldDecl>& fields,
                   std::set<std::string>* declared) {
  for (const FieldDecl& field : fields) {
    if (declared != nullptr) declared->insert(field.name);
    auto it = std::find_if(into.fields.begin(), into.fields.end(),
                           [&](const FieldDecl& f) { return f.name == field.name; });
    if (it == into.fields.end()) {
      into.fields.push_back(field);
    } else {
      *it = MergeField(*it, field);
    }
  }
}

Status ApplyFactory(const std::string& factory, const SourceLocation& where, Draft& draft) {
  const DatasetDecl* preset = FindFactory(factory);
  if (preset == nullptr) {
    std::vector<std::string> names = FactoryNames();
    std::string list;
    for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
    return SpecError(where, "dataset '" + draft.decl.name + "': unknown factory '" + factory + "'" +
                                DidYouMean(factory, names) + " (built-in: " + list + ")");
  }
  draft.decl.factory = factory;
  draft.decl.factory_where = where;
  OverlayFields(draft.decl, preset->fields, nullptr);
  return Status::Ok();
}

Status ApplySchema(const DatasetDecl& schema, Draft& draft, std::vector<std::string>& notes) {
  if (schema.strict.value_or(false)) {
    draft.decl.strict = true;
    std::set<std::string> allowed;
    for (const FieldDecl& f : schema.fields) allowed.insert(f.name);
    for (const RelationshipDecl& r : draft.decl.relationships) allowed.insert(r.field);
    for (const std::string& name : draft.declared_fields) {
      if (!allowed.contains(name)) {
        const FieldDecl& f = *std::find_if(draft.decl.fields.begin(), draft.decl.fields.end(),
                                           [&](const FieldDecl& x) { return x.name == name; });
        return SpecError(f.where, "field '" + draft.decl.name + "." + name +
                                      "' is not allowed: collection '" + draft.decl.name +
                                      "' is strict in " + schema.where.file + ":" +
                                      std::to_string(schema.where.line) +
                                      " (add the field there or remove it here)");
      }
    }
    std::vector<std::string> dropped;
    std::erase_if(draft.decl.fields, [&](const FieldDecl& f) {
      bool drop = !allowed.contains(f.name);
      if (drop) dropped.push_back(f.name);
      return drop;
    });
    if (!dropped.empty()) {
      std::string list;
      for (const std::string& d : dropped) list += (list.empty() ? "" : ", ") + d;
      notes.push_back(draft.decl.name + ": strict schema keeps only its own fields; left out " +
                      list + " from " + draft.decl.factory.value_or("the factory"));
    }
  }
  OverlayFields(draft.decl, schema.fields, nullptr);
  draft.decl.indexes.insert(draft.decl.indexes.end(), schema.indexes.begin(), schema.indexes.end());
  draft.decl.index_locations.insert(draft.decl.index_locations.end(),
                                    schema.index_locations.begin(), schema.index_locations.end());
  return Status::Ok();
}

std::string PrimaryKeyOf(const ResolvedDataset& d) {
  for (const gen::FieldSpec& f : d.fields) {
    if (f.primary_key) return f.name;
  }
  return "";
}

// Parents before children, keeping declaration order among peers; a cycle is an error.
Status SortByDependencies(std::vector<ResolvedDataset>& datasets) {
  std::vector<ResolvedDataset> sorted;
  std::set<std::string> done;
  while (!datasets.empty()) {
    bool progressed = false;
    for (auto it = datasets.begin(); it != datasets.end(); ++it) {
      bool ready = true;
      for (const gen::FieldSpec& f : it->fields) {
        if (f.foreign_key && !done.contains(f.foreign_key->table)) ready = false;
      }
      if (!ready) continue;
      done.insert(it->name);
      sorted.push_back(std::move(*it));
      datasets.erase(it);
      progressed = true;
      break;
    }
    if (progressed) continue;
    // Every remaining dataset waits on another: report one cycle.
    const ResolvedDataset& start = datasets.front();
    std::string path = start.name;
    std::string current = start.name;
    std::set<std::string> seen;
    const gen::FieldSpec* first_fk = nullptr;
    while (seen.insert(current).second) {
      auto d = std::find_if(datasets.begin(), datasets.end(),
                            [&](const ResolvedDataset& x) { return x.name == current; });
      for (const gen::FieldSpec& f : d->fields) {
        if (f.foreign_key && !done.contains(f.foreign_key->table)) {
          if (first_fk == nullptr) first_fk = &f;
          current = f.foreign_key->table;
          break;
        }
      }
      path += " -> " + current;
    }
    return SpecError(first_fk ? first_fk->where : start.where,
                     "relationships form a cycle (" + path +
                         "); a table can only reference tables generated before it");
  }
  datasets = std::move(sorted);
  return Status::Ok();
}

Result<int64_t> ReferenceTime(const DataSpecDocument& doc) {
  std::string text = doc.reference_time.value_or(kDefaultReferenceTime);
  auto t = ParseDateTime(text);
  if (!t) {
    if (auto d = ParseDate(text)) t = *d * 86'400'000'000;
  }
  if (!t) {
    return SpecError(doc.reference_time_where,
                     "'reference_time' must be an ISO-8601 date or datetime such as "
                     "2026-01-01T00:00:00Z, found '" +
                         text + "'");
  }
  return *t;
}

}  // namespace

const gen::FieldSpec* ResolvedDataset::FindField(const std::string& field) const {
  for (const gen::FieldSpec& f : fields) {
    if (f.name == field) return &f;
  }
  return nullptr;
}

gen::FieldSpec* ResolvedDataset::FindField(const std::string& field) {
  for (gen::FieldSpec& f : fields) {
    if (f.name == field) return &f;
  }
  return nullptr;
}

std::vector<std::string> ResolvedDataset::FieldNames() const {
  std::vector<std::string> names;
  names.reserve(fields.size());
  for (const gen::FieldSpec& f : fields) names.push_back(f.name);
  return names;
}

const ResolvedDataset* ResolvedSpec::Find(const std::string& name) const {
  for (const ResolvedDataset& d : datasets) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

const ResolvedEnvironment* ResolvedSpec::FindEnvironment(const std::string& name) const {
  for (const ResolvedEnvironment& e : environments) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

Result<ResolvedSpec> Resolve(const SpecFiles& files) {
  const DataSpecDocument& doc = files.data_spec;
  ResolvedSpec spec;
  spec.files.push_back(doc.path);
  if (files.schema) spec.files.push_back(files.schema->path);
  if (files.masking) spec.files.push_back(files.masking->path);
  spec.context.seed = doc.seed.value_or(kDefaultSeed);
  spec.context.generator_version = doc.generator.value_or(gen::kLatestGeneratorVersion);
  if (spec.context.generator_version < gen::kOldestGeneratorVersion ||
      spec.context.generator_version > gen::kLatestGeneratorVersion) {
    return SpecError(doc.generator_where,
                     "'generator: " + std::to_string(spec.context.generator_version) +
                         "' is not supported by this release (supported: " +
                         std::to_string(gen::kOldestGeneratorVersion) + ".." +
                         std::to_string(gen::kLatestGeneratorVersion) + ")");
  }
  TDM_ASSIGN_OR_RETURN(spec.context.reference_time, ReferenceTime(doc));
  spec.locale = doc.locale.value_or("en_US");
  if (!LocaleAvailable(spec.locale)) {
    return SpecError(doc.locale_where, UnknownLocaleMessage(spec.locale));
  }
  for (const EnvironmentDecl& e : doc.environments) {
    spec.environments.push_back({e.name, e.volume, e.masking.value_or(""), e.ttl_hours, e.target});
  }

  // 1. Datasets of the data spec, on top of their factories.
  std::vector<Draft> drafts;
  for (const DatasetDecl& d : doc.datasets) {
    Draft draft;
    draft.decl.name = d.name;
    draft.decl.where = d.where;
    std::string factory = d.factory.value_or("");
    if (factory.empty() && d.fields.empty()) factory = FactoryForCollection(d.name);
    if (!factory.empty()) {
      TDM_RETURN_IF_ERROR(ApplyFactory(factory, d.factory ? d.factory_where : d.where, draft));
    }
    OverlayFields(draft.decl, d.fields, &draft.declared_fields);
    draft.decl.volume = d.volume;
    draft.decl.env_volumes = d.env_volumes;
    draft.decl.locale = d.locale;
    if (d.locale && !LocaleAvailable(*d.locale)) {
      return SpecError(d.locale_where, UnknownLocaleMessage(*d.locale));
    }
    if (!doc.environments.empty()) {
      std::vector<std::string> envs;
      for (const EnvironmentDecl& e : doc.environments) envs.push_back(e.name);
      for (const auto& [env, where] : d.env_volume_where) {
        if (std::find(envs.begin(), envs.end(), env) == envs.end()) {
          return SpecError(where, "dataset '" + d.name + "' sets a volume for environment '" + env +
                                      "', which the spec does not define" + DidYouMean(env, envs));
        }
      }
    }
    draft.decl.relationships = d.relationships;
    draft.decl.indexes = d.indexes;
    draft.decl.index_locations = d.index_locations;
    if (draft.decl.fields.empty()) {
      return SpecError(
          d.where, "dataset '" + d.name +
                       "' has no fields: give it 'fields:' or a "
                       "'factory:' (" +
                       [] {
                         std::string l;
                         for (auto& n : FactoryNames()) l += (l.empty() ? "" : ", ") + n;
                         return l;
                       }() +
                       ")");
    }
    drafts.push_back(std::move(draft));
  }
  auto find_draft = [&](const std::string& name) -> Draft* {
    for (Draft& d : drafts) {
      if (d.decl.name == name) return &d;
    }
    return nullptr;
  };
  const DatasetDecl* empty_schema = nullptr;
  auto schema_for = [&](const std::string& name) -> const DatasetDecl* {
    if (!files.schema) return empty_schema;
    for (const DatasetDecl& c : files.schema->collections) {
      if (c.name == name) return &c;
    }
    return empty_schema;
  };

  // 2. Referenced but undefined collections come from their factories, transitively.
  for (size_t i = 0; i < drafts.size(); ++i) {
    std::vector<std::pair<std::string, SourceLocation>> targets;
    for (const RelationshipDecl& r : drafts[i].decl.relationships)
      targets.emplace_back(r.table, r.where);
    for (const FieldDecl& f : drafts[i].decl.fields) {
      if (f.foreign_key)
        targets.emplace_back(f.foreign_key->substr(0, f.foreign_key->find('.')), f.where);
    }
    if (const DatasetDecl* s = schema_for(drafts[i].decl.name)) {
      for (const FieldDecl& f : s->fields) {
        if (f.foreign_key)
          targets.emplace_back(f.foreign_key->substr(0, f.foreign_key->find('.')), f.where);
      }
    }
    for (const auto& [table, where] : targets) {
      if (find_draft(table) != nullptr) continue;
      std::string factory = FactoryForCollection(table);
      if (factory.empty()) {
        std::vector<std::string> names;
        for (const Draft& d : drafts) names.push_back(d.decl.name);
        return SpecError(where, "dataset '" + drafts[i].decl.name + "' references '" + table +
                                    "', which is not defined" + DidYouMean(table, names) +
                                    " and has no built-in factory; add it under 'datasets:'");
      }
      Draft implicit;
      implicit.decl.name = table;
      implicit.decl.where = where;
      implicit.implicit = true;
      TDM_RETURN_IF_ERROR(ApplyFactory(factory, where, implicit));
      spec.notes.push_back(table + ": not defined in " + doc.path + " but referenced by " +
                           drafts[i].decl.name + "; provisioned from the built-in " + factory +
                           " at the environment's volume");
      drafts.push_back(std::move(implicit));
    }
  }

  // 3. The schema file: field constraints, strictness, indexes, relationships.
  if (files.schema) {
    for (const DatasetDecl& collection : files.schema->collections) {
      Draft* draft = find_draft(collection.name);
      if (draft == nullptr) {
        spec.notes.push_back(collection.name + ": described in " + files.schema->path +
                             " but not a dataset of the spec; not provisioned");
        continue;
      }
      for (const RelationshipDecl& r : collection.relationships) {
        bool own_field = std::any_of(collection.fields.begin(), collection.fields.end(),
                                     [&](const FieldDecl& f) { return f.name == r.field; });
        if (own_field || r.column.empty()) {
          draft->decl.relationships.push_back(r);
          continue;
        }
        // `users: {foreign_key: user_id, references: movies.user_id}`: users has no user_id, so
        // this says movies.user_id points back at users.
        Draft* other = find_draft(r.table);
        if (other == nullptr) {
          spec.notes.push_back(collection.name + ": the schema's relationship with " + r.table +
                               "." + r.column + " is not provisioned: " + r.table +
                               " is not a dataset of the spec");
          continue;
        }
        RelationshipDecl back;
        back.field = r.column;
        back.table = collection.name;
        back.where = r.where;
        back.back_reference = true;
        other->decl.relationships.push_back(back);
      }
      TDM_RETURN_IF_ERROR(ApplySchema(collection, *draft, spec.notes));
    }
  }

  // 4. Fields.
  for (Draft& draft : drafts) {
    ResolvedDataset d;
    d.name = draft.decl.name;
    d.where = draft.decl.where;
    d.factory = draft.decl.factory.value_or("");
    d.implicit = draft.implicit;
    d.strict = draft.decl.strict.value_or(false);
    d.volume = draft.decl.volume;
    d.env_volumes = draft.decl.env_volumes;
    std::string locale = draft.decl.locale.value_or(spec.locale);
    for (const FieldDecl& decl : draft.decl.fields) {
      auto resolved = ResolveField(decl, d.name, spec.context, locale);
      if (!resolved.ok()) return FromFactory(resolved.status(), draft.decl);
      gen::FieldSpec field = std::move(resolved).value();
      // A field that comes from a factory is reported at the `factory:` that brought it in.
      if (field.where.file == kBuiltinFactories) field.where = draft.decl.factory_where;
      if (decl.foreign_key) {
        size_t dot = decl.foreign_key->find('.');
        field.foreign_key =
            gen::ForeignKeyPlan{decl.foreign_key->substr(0, dot), decl.foreign_key->substr(dot + 1),
                                std::nullopt, std::nullopt};
      }
      d.fields.push_back(std::move(field));
    }
    if (PrimaryKeyOf(d).empty()) {
      for (const char* id : {"_id", "id"}) {
        gen::FieldSpec* f = d.FindField(id);
        if (f != nullptr && PrimaryKeyOf(d).empty() && !f->foreign_key && f->null_rate == 0) {
          f->primary_key = f->unique = true;
        }
      }
    }
    for (const RelationshipDecl& r : draft.decl.relationships) {
      gen::FieldSpec* f = d.FindField(r.field);
      if (f == nullptr) {
        d.fields.push_back(gen::FieldSpec{});
        f = &d.fields.back();
        f->name = r.field;
        f->where = r.where;
      } else if (f->foreign_key && f->foreign_key->table != r.table) {
        return SpecError(r.where, "field '" + d.name + "." + r.field + "' already references " +
                                      f->foreign_key->table);
      }
      std::string column = r.back_reference ? "" : r.column;
      if (f->foreign_key && column.empty()) column = f->foreign_key->column;
      if (r.min_children) {
        for (const gen::FieldSpec& other : d.fields) {
          if (&other != f && other.foreign_key && other.foreign_key->min_children) {
            return SpecError(r.where, "dataset '" + d.name +
                                          "' already sets children per parent on '" + other.name +
                                          "'; only one relationship of a dataset "
                                          "may set 'min'/'max' (it fixes the row count)");
          }
        }
      }
      f->foreign_key = gen::ForeignKeyPlan{r.table, column, r.min_children, r.max_children};
      f->where = r.where;
    }
    for (size_t i = 0; i < draft.decl.indexes.size(); ++i) {
      const IndexSchema& index = draft.decl.indexes[i];
      for (const std::string& c : index.columns) {
        if (d.FindField(c) == nullptr) {
          return SpecError(draft.decl.index_locations[i],
                           "index '" + index.name + "' of '" + d.name + "' names field '" + c +
                               "', which '" + d.name + "' does not have" +
                               DidYouMean(c, d.FieldNames()));
        }
      }
      if (index.unique && index.columns.size() == 1) d.FindField(index.columns[0])->unique = true;
      d.indexes.push_back(index);
    }
    spec.datasets.push_back(std::move(d));
  }

  // 5. Foreign keys point at existing, unique columns and take their type.
  for (ResolvedDataset& d : spec.datasets) {
    for (gen::FieldSpec& f : d.fields) {
      if (!f.foreign_key) continue;
      ResolvedDataset* parent = nullptr;
      for (ResolvedDataset& p : spec.datasets) {
        if (p.name == f.foreign_key->table) parent = &p;
      }
      if (parent == nullptr) {
        return SpecError(f.where, "field '" + d.name + "." + f.name + "' references '" +
                                      f.foreign_key->table + "', which is not defined");
      }
      if (parent == &d) {
        return SpecError(f.where, "field '" + d.name + "." + f.name +
                                      "' references its own table; self-references are not "
                                      "supported");
      }
      if (f.foreign_key->column.empty()) f.foreign_key->column = PrimaryKeyOf(*parent);
      if (f.foreign_key->column.empty()) {
        return SpecError(f.where, "'" + parent->name + "' has no primary key for '" + d.name + "." +
                                      f.name + "' to reference; name the column (" + parent->name +
                                      ".<field>)");
      }
      gen::FieldSpec* target = parent->FindField(f.foreign_key->column);
      if (target == nullptr) {
        return SpecError(f.where, "field '" + d.name + "." + f.name + "' references " +
                                      parent->name + "." + f.foreign_key->column +
                                      ", which does not exist" +
                                      DidYouMean(f.foreign_key->column, parent->FieldNames()));
      }
      if (!target->unique || target->foreign_key || target->null_rate > 0) {
        return SpecError(f.where, "field '" + d.name + "." + f.name + "' references " +
                                      parent->name + "." + target->name +
                                      ", which is not a unique, non-null key; mark it "
                                      "'unique: true' or reference the primary key");
      }
      if (f.unique) {
        return SpecError(f.where, "field '" + d.name + "." + f.name +
                                      "': unique foreign keys (one-to-one) are not supported");
      }
      f.type = target->type;
      f.provider.clear();
    }
  }

  // 6. Values that need a generator to check: derived expressions, unique support and patterns.
  TDM_RETURN_IF_ERROR(CheckDerived(spec));
  for (ResolvedDataset& d : spec.datasets) {
    for (gen::FieldSpec& f : d.fields) {
      if (f.foreign_key || !f.derived.empty()) continue;
      const gen::Provider* p = gen::Registry().Find(f.provider);
      if (f.unique && !p->unique_domain) {
        return SpecError(f.where, "field '" + d.name + "." + f.name +
                                      "' is unique, but provider '" + f.provider +
                                      "' cannot guarantee unique values; use a "
                                      "'pattern', a sequence, or drop 'unique'");
      }
    }
    TDM_RETURN_IF_ERROR(CheckPatterns(d.name, spec.context, d.fields, spec.notes));
  }

  TDM_RETURN_IF_ERROR(SortByDependencies(spec.datasets));
  for (const auto& [field, strategy] : doc.masking_policies) spec.masking[field] = strategy;
  if (files.masking) {
    for (const MaskingRule& rule : files.masking->rules) {
      if (!rule.strategy.empty()) spec.masking.emplace(rule.field, rule.strategy);
    }
  }
  spec.masking_policy = files.masking;
  spec.content_hash = HashModel(spec);
  return spec;
}

Result<ResolvedSpec> LoadAndResolve(const std::string& spec_path,
                                    const std::optional<std::string>& schema_path,
                                    const std::optional<std::string>& masking_path) {
  SpecFiles files;
  TDM_ASSIGN_OR_RETURN(files.data_spec, LoadDataSpec(spec_path));
  std::filesystem::path dir = std::filesystem::path(spec_path).parent_path();
  auto beside = [&](const char* name) -> std::optional<std::string> {
    std::filesystem::path p = dir / name;
    std::error_code ec;
    if (std::filesystem::is_regular_file(p, ec)) return p.string();
    return std::nullopt;
  };
  std::optional<std::string> schema = schema_path ? schema_path : beside("schema-validation.yaml");
  std::optional<std::string> masking =
      masking_path ? masking_path : beside("masking-policies.yaml");
  if (schema && !schema->empty()) {
    TDM_ASSIGN_OR_RETURN(files.schema, LoadSchema(*schema));
  }
  if (masking && !masking->empty()) {
    TDM_ASSIGN_OR_RETURN(files.masking, LoadMaskingPolicies(*masking));
  }
  return Resolve(files);
}

}  // namespace tdm::spec
