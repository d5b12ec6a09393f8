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

Result<std::chrono::seconds> ParseDuration(const std::string& text) {
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  std::string unit = end ? std::string(end) : "";
  double scale = unit == "s"                   ? 1
                 : unit == "m"                 ? 60
                 : unit == "h" || unit.empty() ? 3600
                 : unit == "d"                 ? 86400
                                               : -1;
  if (text.empty() || end == text.c_str() || scale < 0 || value <= 0) {
    return Status(StatusCode::kInvalidArgument,
                  "duration '" + text + "' must be a positive number with s, m, h or d, e.g. 8h");
  }
  return std::chrono::seconds(static_cast<int64_t>(value * scale));
}

}  // namespace tdm::provision
