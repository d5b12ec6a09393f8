#include "provision/lifecycle.h"

#include <cstdlib>
#include <filesystem>

#include "core/time_format.h"

namespace tdm::provision {
namespace {

namespace fs = std::filesystem;

Status DropAll(store::Database& db, const std::vector<std::string>& names) {
  for (const std::string& ns : names) {
    if (ns.empty()) continue;
    TDM_RETURN_IF_ERROR(db.Drop(ns).WithContext("removing '" + ns + "'"));
  }
  return Status::Ok();
}

// Both namespaces of a recorded execution.
Result<std::vector<std::string>> RecordedNamespaces(const ExecutionRecord& record) {
  TDM_ASSIGN_OR_RETURN(store::TargetUrl url, store::ParseTarget(record.target));
  TDM_ASSIGN_OR_RETURN(Namespaces names, NamespacesFor(url, record.id, ""));
  std::vector<std::string> out = {names.building};
  out.push_back(record.ns.empty() ? names.final_name : record.ns);
  if (url.kind == store::TargetKind::kSqlite) out.front() = out.back() + ".building";
  return out;
}

Status CleanRecord(Registry& registry, ExecutionRecord record) {
  if (record.status == "cleaned") return Status::Ok();
  TDM_ASSIGN_OR_RETURN(auto db, OpenExecutionTarget(record));
  TDM_ASSIGN_OR_RETURN(std::vector<std::string> names, RecordedNamespaces(record));
  // A failed execution never owned its final name unless the last rename happened; a namespace
  // of that name made by someone else must survive, so only the building name is dropped then.
  if (record.status != "ready" && record.status != "provisioning") names.pop_back();
  TDM_RETURN_IF_ERROR(DropAll(*db, names));
  record.status = "cleaned";
  record.updated_at = NowUtc();
  return registry.Update(record);
}

}  // namespace

nlohmann::ordered_json ExecutionJson(const ExecutionRecord& r) {
  nlohmann::ordered_json tables = nlohmann::ordered_json::object();
  for (const auto& [name, rows] : r.tables) tables[name] = rows;
  nlohmann::ordered_json j = {
      {"execution_id", r.id},
      {"status", r.status},
      {"environment", r.environment},
      {"dataset", r.dataset},
      {"dataset_version", r.dataset_version},
      {"target",
       store::ParseTarget(r.target).ok() ? store::ParseTarget(r.target)->Redacted() : r.target},
      {"endpoint", ExecutionEndpoint(r)},
      {"seed", r.seed},
      {"generator", r.generator},
      {"tables", tables},
      {"created_at", r.created_at},
      {"updated_at", r.updated_at},
      {"duration_ms", r.duration_ms}};
  if (!r.origin.empty()) j["origin"] = r.origin;
  if (!r.expires_at.empty()) j["expires_at"] = r.expires_at;
  if (!r.requested_by.empty()) j["requested_by"] = r.requested_by;
  if (!r.error.empty()) j["error"] = r.error;
  return j;
}

std::string ChooseTarget(const std::optional<std::string>& flag, const Registry& registry) {
  if (flag && !flag->empty()) return *flag;
  if (const char* env = std::getenv("TDM_TARGET"); env != nullptr && *env != '\0') return env;
  return "sqlite://" + fs::absolute(fs::path(registry.state_dir()) / "executions").string() + "/";
}

Result<Namespaces> NamespacesFor(const store::TargetUrl& url, const std::string& id,
                                 const std::string& dataset_version) {
  Namespaces names;
  switch (url.kind) {
    case store::TargetKind::kSqlite: {
      fs::path path = fs::absolute(url.database);
      bool directory = url.database.ends_with('/') || fs::is_directory(path);
      names.final_name = directory ? (path / (id + ".db")).lexically_normal().string()
                                   : path.lexically_normal().string();
      names.building = names.final_name + ".building";
      return names;
    }
    case store::TargetKind::kFile: {
      fs::path dir = fs::absolute(url.database);
      names.final_name = (dir / id).lexically_normal().string();
      names.building = (dir / ("." + id + ".building")).lexically_normal().string();
      return names;
    }
    case store::TargetKind::kPostgres:
      names.final_name = "tdm_" + id;
      names.building = "tdm_b_" + id;
      if (!dataset_version.empty()) names.template_name = "tdm_t_" + dataset_version;
      return names;
    case store::TargetKind::kMysql:
    case store::TargetKind::kRedis:
      names.final_name = "tdm_" + id;
      names.building = "tdm_b_" + id;
      return names;
  }
  return Status(StatusCode::kInternal, "unknown target kind");
}

std::string ExecutionEndpoint(const ExecutionRecord& record) {
  auto url = store::ParseTarget(record.target);
  if (!url.ok()) return record.ns;
  switch (url->kind) {
    case store::TargetKind::kSqlite:
    case store::TargetKind::kFile:
      return std::string(store::TargetKindName(url->kind)) + "://" + record.ns;
    case store::TargetKind::kRedis: {
      store::TargetUrl at = *url;
      at.password.clear();
      return at.Redacted() + "?prefix=" + record.ns + ":";
    }
    default: {
      store::TargetUrl at = *url;
      at.password.clear();
      at.database = record.ns;
      return at.Redacted();
    }
  }
}

Result<std::unique_ptr<store::Database>> OpenExecutionTarget(const ExecutionRecord& record) {
  TDM_ASSIGN_OR_RETURN(store::TargetUrl url, store::ParseTarget(record.target));
  return store::OpenDatabase(url);
}

Status Cleanup(Registry& registry, const std::string& id) {
  TDM_RETURN_IF_ERROR(RecoverInterrupted(registry));
  TDM_ASSIGN_OR_RETURN(std::optional<ExecutionRecord> found, registry.Find(id));
  if (!found) {
    return {StatusCode::kNotFound,
            "no execution '" + id + "' (list them with 'data-cli executions')"};
  }
  if (found->status == "provisioning") {
    return {StatusCode::kFailedPrecondition, "execution '" + id + "' is still provisioning (pid " +
                                                 std::to_string(found->pid) +
                                                 "); wait for it to finish"};
  }
  return CleanRecord(registry, *found);
}

Result<std::vector<std::string>> CleanupExpired(Registry& registry) {
  TDM_RETURN_IF_ERROR(RecoverInterrupted(registry));
  TDM_ASSIGN_OR_RETURN(std::vector<ExecutionRecord> all, registry.List());
  std::string now = NowUtc();
  std::vector<std::string> cleaned;
  for (const ExecutionRecord& r : all) {
    if (r.status == "cleaned" || r.status == "provisioning" || r.expires_at.empty() ||
        r.expires_at > now) {
      continue;
    }
    TDM_RETURN_IF_ERROR(CleanRecord(registry, r));
    cleaned.push_back(r.id);
  }
  return cleaned;
}

Result<std::vector<std::string>> CleanupAll(Registry& registry, const std::string& environment) {
  TDM_RETURN_IF_ERROR(RecoverInterrupted(registry));
  TDM_ASSIGN_OR_RETURN(std::vector<ExecutionRecord> all, registry.List());
  std::vector<std::string> cleaned;
  for (const ExecutionRecord& r : all) {
    if (r.status == "cleaned" || r.status == "provisioning") continue;
    if (!environment.empty() && r.environment != environment) continue;
    TDM_RETURN_IF_ERROR(CleanRecord(registry, r));
    cleaned.push_back(r.id);
  }
  return cleaned;
}

Result<std::vector<std::string>> CleanupTemplates(const std::string& target) {
  TDM_ASSIGN_OR_RETURN(store::TargetUrl url, store::ParseTarget(target));
  TDM_ASSIGN_OR_RETURN(auto db, store::OpenDatabase(url));
  TDM_ASSIGN_OR_RETURN(std::vector<std::string> templates, db->List("tdm_t_"));
  TDM_RETURN_IF_ERROR(DropAll(*db, templates));
  return templates;
}

Status RecoverInterrupted(Registry& registry) {
  TDM_ASSIGN_OR_RETURN(std::vector<ExecutionRecord> claimed, registry.ClaimInterrupted());
  for (ExecutionRecord& r : claimed) {
    // The final name is only taken by the last rename, just before the record turns ready; a
    // process killed between the two leaves it, so it goes too.
    auto db = OpenExecutionTarget(r);
    auto names = RecordedNamespaces(r);
    Status dropped = db.ok() ? (names.ok() ? DropAll(**db, *names) : names.status()) : db.status();
    r.error += dropped.ok() ? "; its partial data was removed"
                            : "; its partial data could not be removed yet (" + dropped.ToString() +
                                  "); 'data-cli cleanup' will retry";
    r.updated_at = NowUtc();
    TDM_RETURN_IF_ERROR(registry.Update(r));
  }
  return Status::Ok();
}

}  // namespace tdm::provision
