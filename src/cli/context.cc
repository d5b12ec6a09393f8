#include "cli/context.h"

#include <ostream>
#include <ranges>

#include "audit/audit_log.h"

namespace tdm::cli {

Result<spec::ResolvedSpec> Context::LoadSpec() const {
  std::optional<std::string> schema;
  if (!schema_path.empty()) schema = schema_path;
  return spec::LoadAndResolve(spec_path, schema);
}

Result<provision::Registry> Context::OpenRegistry() const {
  return provision::Registry::Open(state_dir);
}

Result<provision::ExecutionRecord> Context::PickExecution(provision::Registry& registry,
                                                          const std::string& id,
                                                          const std::string& collection) const {
  if (!id.empty()) {
    TDM_ASSIGN_OR_RETURN(auto found, registry.Find(id));
    if (!found) {
      return Status(StatusCode::kNotFound, "no execution '" + id + "' in " + state_dir +
                                               " (list them with 'data-cli executions')");
    }
    if (found->status != "ready") {
      return Status(StatusCode::kFailedPrecondition,
                    "execution '" + id + "' is " + found->status +
                        (found->error.empty() ? "" : ": " + found->error));
    }
    return *found;
  }
  if (!collection.empty()) {
    TDM_ASSIGN_OR_RETURN(auto all, registry.List());
    for (auto& it : std::ranges::reverse_view(all)) {
      if (it.status != "ready") continue;
      for (const auto& table : it.tables) {
        if (table.first == collection) return it;
      }
    }
    TDM_ASSIGN_OR_RETURN(auto any, registry.NewestReady());
    if (any) {
      return Status(
          StatusCode::kNotFound,
          "no ready execution holds collection '" + collection +
              "'; provision a dataset that includes it (data-cli provision --dataset all)");
    }
  }
  TDM_ASSIGN_OR_RETURN(auto newest, registry.NewestReady());
  if (!newest) {
    return Status(StatusCode::kNotFound,
                  "no ready execution in " + state_dir +
                      "; run 'data-cli provision --env local --dataset all' first");
  }
  return *newest;
}

std::string Context::AuditUser() const { return user.empty() ? audit::CurrentUser() : user; }

void Context::Note(const std::string& message) const {
  if (quiet || json) return;
  out->flush();
  *err << "note: " << message << "\n";
}

}  // namespace tdm::cli
