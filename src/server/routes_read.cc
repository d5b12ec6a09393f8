// Listing and reading routes: executions, datasets, the audit log, liveness, metrics, the OpenAPI
// document and the dashboard.
#include <map>

#include "audit/audit_query.h"
#include "provision/lifecycle.h"
#include "server/api.h"

namespace tdm::server {
namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kVersion = "0.1.0";

ApiReply Executions(ApiState& state, const ApiRequest& req) {
  if (std::string why = Forbidden(req.principal, Action::kListExecutions); !why.empty()) {
    return ErrorReply(403, "forbidden", why);
  }
  auto all = state.WithRegistry([](provision::Registry& registry) { return registry.List(); });
  if (!all.ok()) return ErrorReply(all.status());
  std::string status = req.Query("status");
  std::string environment = req.Query("environment");
  ListingScope scope = ExecutionListingScope(req.principal.role);
  Json list = Json::array();
  std::map<std::string, int64_t> by_status;
  std::map<std::string, int64_t> by_environment;
  int64_t count = 0;
  for (const provision::ExecutionRecord& r : *all) {
    if (!status.empty() && r.status != status) continue;
    if (!environment.empty() && r.environment != environment) continue;
    if (scope == ListingScope::kOwn && r.requested_by != req.principal.user) continue;
    ++count;
    ++by_status[r.status];
    ++by_environment[r.environment];
    if (scope != ListingScope::kAggregate) list.push_back(provision::ExecutionJson(r));
  }
  ApiReply reply;
  if (scope == ListingScope::kAggregate) {
    reply.body = {{"count", count}, {"by_status", by_status}, {"by_environment", by_environment}};
  } else {
    reply.body = {{"executions", list}, {"count", count}};
  }
  return reply;
}

// Each dataset with the tables a provision of it creates (it and every table it references) and
// their rows in the spec's first environment; the environments by name, with their settings.
ApiReply Datasets(ApiState& state, const ApiRequest& req) {
  if (std::string why = Forbidden(req.principal, Action::kListDatasets); !why.empty()) {
    return ErrorReply(403, "forbidden", why);
  }
  const spec::ResolvedSpec& spec = state.spec();
  std::string environment = spec.environments.empty() ? "local" : spec.environments[0].name;
  Json datasets = Json::array();
  for (const spec::ResolvedDataset& d : spec.datasets) {
    Json tables = Json::array();
    auto plan = spec::PlanProvision(spec, spec::ProvisionRequest{environment, d.name, {}, {}});
    if (plan.ok()) {
      for (const gen::DatasetPlan& t : plan->tables) {
        tables.push_back({{"name", t.name}, {"rows", t.rows}});
      }
    }
    Json fields = Json::array();
    for (const std::string& f : d.FieldNames()) fields.push_back(f);
    Json entry = {{"name", d.name}, {"tables", tables}, {"fields", fields}};
    if (!d.env_volumes.empty()) entry["rows_by_environment"] = d.env_volumes;
    datasets.push_back(entry);
  }
  Json environments = Json::array();
  Json details = Json::object();
  for (const spec::ResolvedEnvironment& e : spec.environments) {
    environments.push_back(e.name);
    Json entry = Json::object();
    if (e.volume) entry["rows"] = *e.volume;
    if (e.ttl_hours) entry["ttl_hours"] = *e.ttl_hours;
    details[e.name] = entry;
  }
  ApiReply reply;
  reply.body = {{"datasets", datasets},
                {"environments", environments},
                {"environment_settings", details},
                {"rows_for_environment", environment},
                {"seed", spec.context.seed},
                {"spec_hash", spec.content_hash}};
  return reply;
}

ApiReply Audit(ApiState& state, const ApiRequest& req) {
  if (std::string why = Forbidden(req.principal, Action::kReadAudit); !why.empty()) {
    return ErrorReply(403, "forbidden", why);
  }
  audit::EventQuery query{req.Query("since"), req.Query("user"), req.Query("event"),
                          req.Query("execution_id"), 0};
  if (std::string limit = req.Query("limit"); !limit.empty()) {
    char* end = nullptr;
    query.limit = std::strtoll(limit.c_str(), &end, 10);
    if (end == limit.c_str() || *end != '\0' || query.limit < 1) {
      return ErrorReply(400, "invalid_argument", "limit must be a whole number of at least 1");
    }
  }
  state.audit().Flush();  // what this server has posted so far is in the log
  auto events = audit::QueryEvents(state.options().state_dir, query);
  if (!events.ok()) return ErrorReply(events.status());
  ApiReply reply;
  reply.body = {{"events", *events}, {"count", events->size()}};
  return reply;
}

ApiReply Healthz(ApiState& state, const ApiRequest&) {
  ApiReply reply;
  reply.body = {{"status", "ok"},
                {"version", kVersion},
                {"queue_depth", state.queue().depth()},
                {"workers_busy", state.queue().busy()}};
  return reply;
}

ApiReply MetricsText(ApiState& state, const ApiRequest& req) {
  if (std::string why = Forbidden(req.principal, Action::kReadMetrics); !why.empty()) {
    return ErrorReply(403, "forbidden", why);
  }
  Gauges gauges;
  gauges.queue_depth = state.queue().depth();
  gauges.workers_busy = state.queue().busy();
  auto all = state.WithRegistry([](provision::Registry& registry) { return registry.List(); });
  if (all.ok()) {
    for (const auto& r : *all) gauges.executions_alive += r.status == "ready" ? 1 : 0;
  }
  ApiReply reply;
  reply.text = state.metrics().Render(gauges);
  reply.content_type = "text/plain; version=0.0.4; charset=utf-8";
  return reply;
}

ApiReply OpenApi(ApiState&, const ApiRequest&) {
  static const std::string document = [] {
    std::vector<Route> routes = ProvisionRoutes();
    for (Route& r : ReadRoutes()) routes.push_back(std::move(r));
    return OpenApiDocument(routes).dump(2);
  }();
  ApiReply reply;
  reply.text = document;
  reply.content_type = "application/json";
  return reply;
}

ApiReply Dashboard(ApiState&, const ApiRequest&) {
  ApiReply reply;
  reply.text = DashboardHtml();
  reply.content_type = "text/html; charset=utf-8";
  return reply;
}

}  // namespace

std::vector<Route> ReadRoutes() {
  std::vector<Route> routes;
  routes.push_back({"GET",
                    "/api/v1/executions",
                    true,
                    nullptr,
                    Executions,
                    "executions",
                    "List executions (analysts get counts only; developers their own)",
                    {{"status", "Only executions in this status"},
                     {"environment", "Only executions of this environment"}},
                    {{200, "The executions"}},
                    "ExecutionList"});
  routes.push_back({"GET",
                    "/api/v1/datasets",
                    true,
                    nullptr,
                    Datasets,
                    "executions",
                    "The spec's datasets and environments",
                    {},
                    {{200, "The datasets"}},
                    "DatasetList"});
  routes.push_back({"GET",
                    "/api/v1/audit",
                    true,
                    nullptr,
                    Audit,
                    "audit",
                    "Audit events (devops only)",
                    {{"since", "A date (2026-01-01) or a duration back from now (7d)"},
                     {"user", "Only events of this user"},
                     {"event", "Only this event or operation"},
                     {"execution_id", "Only events about this execution"},
                     {"limit", "The newest N"}},
                    {{200, "The events, oldest first"}},
                    "AuditEvents"});
  routes.push_back({"GET",
                    "/healthz",
                    false,
                    nullptr,
                    Healthz,
                    "service",
                    "Liveness of the server",
                    {},
                    {{200, "The server is up"}},
                    "Healthz"});
  routes.push_back({"GET",
                    "/metrics",
                    true,
                    nullptr,
                    MetricsText,
                    "service",
                    "Prometheus metrics",
                    {},
                    {{200, "Text exposition format 0.0.4"}},
                    "",
                    "text/plain"});
  routes.push_back({"GET",
                    "/openapi.json",
                    false,
                    nullptr,
                    OpenApi,
                    "service",
                    "This document",
                    {},
                    {{200, "OpenAPI 3.0.3"}},
                    ""});
  routes.push_back({"GET",
                    "/",
                    false,
                    nullptr,
                    Dashboard,
                    "service",
                    "The dashboard page",
                    {},
                    {{200, "HTML"}},
                    "",
                    "text/html"});
  return routes;
}

}  // namespace tdm::server
