// PlanProvision: which tables one provision generates, and how many rows each.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "core/suggest.h"
#include "gen/expression.h"
#include "gen/provider_registry.h"
#include "gen/table_generator.h"
#include "spec/model_hash.h"
#include "spec/resolver.h"

namespace tdm::spec {
namespace {

constexpr int64_t kDefaultVolume = 100;

Status PlanError(const std::string& message) { return {StatusCode::kInvalidArgument, message}; }

Result<const ResolvedEnvironment*> PickEnvironment(const ResolvedSpec& spec,
                                                   const std::string& name,
                                                   std::vector<std::string>& notes) {
  if (spec.environments.empty()) return static_cast<const ResolvedEnvironment*>(nullptr);
  if (const ResolvedEnvironment* env = spec.FindEnvironment(name)) return env;
  // `dev` and `development` are the usual words for the local environment.
  if (name == "dev" || name == "development") {
    if (const ResolvedEnvironment* local = spec.FindEnvironment("local")) {
      notes.push_back("environment '" + name + "' is not in the spec; using 'local'");
      return local;
    }
  }
  std::vector<std::string> names;
  for (const ResolvedEnvironment& e : spec.environments) names.push_back(e.name);
  return PlanError("unknown environment '" + name + "'" + DidYouMean(name, names) +
                   " (the spec defines: " + fmt::format("{}", fmt::join(names, ", ")) + ")");
}

}  // namespace

Result<ProvisionPlan> PlanProvision(const ResolvedSpec& spec, const ProvisionRequest& request) {
  ProvisionPlan plan;
  plan.environment = request.environment;
  plan.context = spec.context;
  if (request.seed) plan.context.seed = *request.seed;
  if (request.count && *request.count < 0) {
    return PlanError("--count must not be negative (found " + std::to_string(*request.count) + ")");
  }
  TDM_ASSIGN_OR_RETURN(const ResolvedEnvironment* env,
                       PickEnvironment(spec, request.environment, plan.notes));
  if (env != nullptr) plan.environment = env->name;

  // The requested dataset and, transitively, every table it references.
  std::set<std::string> wanted;
  bool all = request.dataset == "all";
  if (all) {
    for (const ResolvedDataset& d : spec.datasets) wanted.insert(d.name);
  } else {
    if (spec.Find(request.dataset) == nullptr) {
      std::vector<std::string> names;
      for (const ResolvedDataset& d : spec.datasets) names.push_back(d.name);
      return Status(StatusCode::kNotFound,
                    "unknown dataset '" + request.dataset + "'" +
                        DidYouMean(request.dataset, names) + " (the spec defines: " +
                        fmt::format("{}", fmt::join(names, ", ")) + ", or use 'all')");
    }
    std::vector<std::string> stack = {request.dataset};
    while (!stack.empty()) {
      std::string name = stack.back();
      stack.pop_back();
      if (!wanted.insert(name).second) continue;
      for (const gen::FieldSpec& f : spec.Find(name)->fields) {
        if (f.foreign_key) stack.push_back(f.foreign_key->table);
        if (f.derived.empty()) continue;
        // sum(order_lines.amount) reads the child table, so it is generated too.
        auto expression = gen::Expression::Parse(f.derived);
        if (!expression.ok()) continue;  // the resolver has rejected it already
        for (const gen::Aggregate& a : expression->aggregates()) stack.push_back(a.table);
      }
    }
    if (wanted.size() > 1) {
      std::vector<std::string> parents;
      for (const ResolvedDataset& d : spec.datasets) {
        if (wanted.contains(d.name) && d.name != request.dataset) parents.push_back(d.name);
      }
      plan.notes.push_back(request.dataset + " needs " +
                           fmt::format("{}", fmt::join(parents, ", ")) +
                           " (tables its foreign keys reference or its derived totals read); "
                           "provisioning those too");
    }
  }

  std::string version_text =
      spec.content_hash + " env=" + plan.environment + fmt::format(" seed={}", plan.context.seed);
  for (const ResolvedDataset& d : spec.datasets) {
    if (!wanted.contains(d.name)) continue;
    gen::DatasetPlan table;
    table.name = d.name;
    table.fields = d.fields;
    table.indexes = d.indexes;
    int64_t rows = kDefaultVolume;
    auto env_volume = d.env_volumes.find(plan.environment);
    if (request.count && (all || d.name == request.dataset)) {
      rows = *request.count;
    } else if (env_volume != d.env_volumes.end()) {
      rows = env_volume->second;
    } else if (d.volume) {
      rows = *d.volume;
    } else if (env != nullptr && env->volume) {
      rows = *env->volume;
    }
    // A per-parent cardinality fixes the child count.
    for (const gen::FieldSpec& f : d.fields) {
      if (!f.foreign_key || !f.foreign_key->min_children) continue;
      const gen::DatasetPlan* parent = nullptr;
      for (const gen::DatasetPlan& p : plan.tables) {
        if (p.name == f.foreign_key->table) parent = &p;
      }
      rows = gen::CardinalityTotal(plan.context, d.name, f.name, parent->rows,
                                   *f.foreign_key->min_children, *f.foreign_key->max_children);
      plan.notes.push_back(fmt::format("{}: {}..{} per {} row gives {} rows", d.name,
                                       *f.foreign_key->min_children, *f.foreign_key->max_children,
                                       parent->name, rows));
      break;
    }
    for (const gen::FieldSpec& f : d.fields) {
      if (f.foreign_key) {
        for (const gen::DatasetPlan& p : plan.tables) {
          if (p.name == f.foreign_key->table && p.rows == 0 && rows > 0) {
            return Status(StatusCode::kSpecError,
                          fmt::format("{}.{} needs rows in {} to reference, but {} has 0 rows",
                                      d.name, f.name, p.name, p.name),
                          f.where);
          }
        }
        continue;
      }
      if (f.provider == "sequence" && rows > 0) {
        int64_t span = 0;
        int64_t last = 0;
        if (__builtin_mul_overflow(rows - 1, f.sequence_step, &span) ||
            __builtin_add_overflow(f.sequence_start, span, &last)) {
          return Status(StatusCode::kSpecError,
                        fmt::format("field '{}.{}': the sequence overflows 64-bit integers at {} "
                                    "rows; lower 'start' or 'step'",
                                    d.name, f.name, rows),
                        f.where);
        }
      }
      if (!f.unique) continue;
      const gen::Provider* provider = gen::Registry().Find(f.provider);
      std::optional<uint64_t> domain = provider->unique_domain(f);
      if (domain && *domain < static_cast<uint64_t>(rows)) {
        return Status(StatusCode::kSpecError,
                      fmt::format("field '{}.{}' is unique, but provider '{}' can make only {} "
                                  "distinct values for its settings and the volume is {} rows; "
                                  "widen the range or pattern, or lower the volume",
                                  d.name, f.name, f.provider, *domain, rows),
                      f.where);
      }
    }
    table.rows = rows;
    version_text += fmt::format(" {}={}", d.name, rows);
    plan.tables.push_back(std::move(table));
  }
  plan.dataset_version = Sha256Hex(version_text).substr(0, 16);
  return plan;
}

}  // namespace tdm::spec
