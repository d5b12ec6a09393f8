#include "cli/mask_support.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>

#include "audit/audit_log.h"
#include "provision/registry.h"
#include "spec/loader.h"

namespace tdm::cli {

namespace fs = std::filesystem;

Result<LoadedPolicy> LoadPolicy(const Context& ctx, const std::string& path) {
  LoadedPolicy loaded;
  std::string file = path;
  if (file.empty()) {
    fs::path beside = fs::path(ctx.spec_path).parent_path() / "masking-policies.yaml";
    if (fs::exists(beside)) file = beside.string();
  }
  if (!file.empty()) {
    TDM_ASSIGN_OR_RETURN(spec::MaskingPolicyDocument doc, spec::LoadMaskingPolicies(file));
    loaded.doc = std::make_unique<spec::MaskingPolicyDocument>(std::move(doc));
  }
  // An explicit --policies file is the whole policy; without one, the spec's own
  // `masking_policies:` block counts too.
  if (path.empty() && fs::exists(ctx.spec_path)) {
    TDM_ASSIGN_OR_RETURN(spec::DataSpecDocument data_spec, spec::LoadDataSpec(ctx.spec_path));
    loaded.spec_rules = data_spec.masking_policies;
  }
  TDM_ASSIGN_OR_RETURN(loaded.policy,
                       mask::MaskingPolicy::Build(loaded.doc.get(), loaded.spec_rules));
  return loaded;
}

Result<OpenedDatabase> OpenNamed(const std::string& text, const std::string& flag) {
  auto url = store::ParseTarget(text);
  if (!url.ok()) return url.status().WithContext(flag);
  auto named = store::SplitDatabaseUrl(*url);
  if (!named.ok()) return named.status().WithContext(flag);
  OpenedDatabase opened;
  opened.url = *url;
  opened.ns = named->ns;
  auto db = store::OpenDatabase(named->server);
  if (!db.ok()) return db.status().WithContext(flag + " " + url->Redacted());
  opened.db = std::move(*db);
  return opened;
}

nlohmann::ordered_json ActionsJson(const std::vector<provision::MaskAction>& actions) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& a : actions) {
    list.push_back({{"action", a.strategy},
                    {"field", a.field},
                    {"record_count", a.record_count},
                    {"status", "success"}});
  }
  return list;
}

Status WriteMaskAudit(const Context& ctx, const LoadedPolicy&, const MaskEvent& event) {
  // Red columns copied unmasked (--allow-unmasked) make the copy non-compliant; the event says
  // so rather than the copy being refused, because the user asked for it explicitly.
  int unmasked_red = 0;
  for (const std::string& note : event.plan.notes) {
    unmasked_red += note.find("copied unmasked") != std::string::npos ? 1 : 0;
  }
  const char* outcome = event.ok ? "passed" : "failed";
  nlohmann::ordered_json j;
  j["timestamp"] = provision::NowUtc();
  j["event"] = "data_masking";
  j["operation"] = event.operation;
  j["environment"] = event.environment;
  j["dataset_id"] = event.dataset_id;
  j["user_id"] = ctx.AuditUser();
  j["status"] = event.ok ? "success" : "failure";
  j["actions"] = ActionsJson(event.actions);
  if (!event.ok) {
    for (auto& a : j["actions"]) a["status"] = "failed";
  }
  j["validation"] = {{"referential_integrity", outcome},
                     {"schema_validation", outcome},
                     {"data_consistency", outcome}};
  bool compliant = event.ok && unmasked_red == 0;
  j["compliance_check"] = {{"gdpr_compliant", compliant},
                           {"ccpa_compliant", compliant},
                           {"hipaa_phi_masked", compliant},
                           {"audit_trail_complete", true}};
  if (unmasked_red > 0) j["compliance_check"]["unmasked_red_columns"] = unmasked_red;
  return audit::AppendEvent(ctx.state_dir, j);
}

Status WriteSuggestedPolicy(const std::string& path, const std::string& source,
                            const std::vector<mask::ColumnFinding>& findings) {
  YAML::Emitter out;
  out << YAML::Comment("Suggested by data-cli detect-pii from " + source +
                       ". Review every rule before use: the detector reads names and a sample.");
  out << YAML::BeginMap << YAML::Key << "policies" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "default" << YAML::Value << YAML::BeginMap << YAML::Key << "strategy"
      << YAML::Value << "hash" << YAML::Key << "key_env" << YAML::Value << "TDM_MASKING_KEY"
      << YAML::EndMap;
  out << YAML::Key << "pii" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "fields" << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (const auto& f : findings) {
    if (f.level == mask::Sensitivity::kRed) out << f.table + "." + f.column;
  }
  out << YAML::EndSeq;
  for (const auto& f : findings) {
    if (f.level == mask::Sensitivity::kGreen || f.strategy.empty()) continue;
    out << YAML::Key << f.table + "." + f.column << YAML::Value << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "strategy" << YAML::Value << f.strategy;
    if (f.strategy == "anonymize" && !f.provider.empty()) {
      out << YAML::Key << "faker_provider" << YAML::Value << f.provider;
    }
    if (f.strategy == "partial") out << YAML::Key << "show_last_4" << YAML::Value << true;
    out << YAML::EndMap;
  }
  out << YAML::EndMap;  // pii
  out << YAML::Key << "audit" << YAML::Value << YAML::BeginMap << YAML::Key
      << "log_masking_operations" << YAML::Value << true << YAML::Key << "include_user_id"
      << YAML::Value << true << YAML::Key << "include_timestamp" << YAML::Value << true
      << YAML::EndMap;
  out << YAML::EndMap << YAML::EndMap;
  std::ofstream file(path, std::ios::trunc);
  file << out.c_str() << "\n";
  file.close();
  if (!file) return {StatusCode::kIoError, "cannot write " + path};
  return Status::Ok();
}

}  // namespace tdm::cli
