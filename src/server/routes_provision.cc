// The seed's routes: provision, cleanup, status and health, in its two spellings
// (/api/v1/test-data/... of the interface layer, /api/v1/... of the CI/CD API layer).
//
// A provision is checked and planned in the request (a bad environment, dataset or count is a 400
// before anything is queued), registered as `provisioning` so every route and the CLI see it at
// once, then built by the JobQueue; the reply is 202 unless ?wait=true.
#include <algorithm>
#include <set>
#include <thread>

#include "mask/pii_detect.h"
#include "provision/lifecycle.h"
#include "provision/provisioner.h"
#include "server/api.h"
#include "store/row_json.h"

namespace tdm::server {
namespace {

using Json = nlohmann::ordered_json;

constexpr size_t kSampleRows = 3;
constexpr size_t kClassifiedRows = 500;

std::string StatusUrl(const ApiRequest& req, const std::string& id) {
  return req.base_url + "/api/v1/test-data/status/" + id;
}
std::string HealthUrl(const ApiRequest& req, const std::string& id) {
  return req.base_url + "/api/v1/health/" + id;
}

// The failure of a provision as a client sees it: its category, and the recorded reason without
// the database's DETAIL lines (which can quote a row).
Json FailureJson(const std::string& code, const std::string& message) {
  std::string text = message.substr(0, message.find("DETAIL"));
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.pop_back();
  return {{"code", code}, {"message", text}};
}

bool WantsWait(const ApiRequest& req) {
  std::string wait = req.Query("wait");
  return wait == "true" || wait == "1";
}

// Records a reserved provision that did not run to its end as failed, unless it already is.
// Retried: a row this live process owns is never recovered by anyone else, so giving up would
// leave it `provisioning` until the server restarts.
void MarkFailed(ApiState& state, const std::string& id, const Status& why) {
  for (int attempt = 0; attempt < 5; ++attempt) {
    Status written = state.WithRegistry([&](provision::Registry& registry) -> Status {
      TDM_ASSIGN_OR_RETURN(auto record, registry.Find(id));
      if (!record || record->status != "provisioning") return Status::Ok();
      record->status = "failed";
      record->error = why.ToString();
      record->updated_at = provision::NowUtc();
      return registry.Update(*record);
    });
    if (written.ok()) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(200 << attempt));
  }
}

// Runs a reserved provision on a worker and records its outcome for metrics and waiters.
void RunProvision(ApiState& state, std::shared_ptr<provision::PreparedProvision> prepared,
                  provision::ProvisionOptions options) {
  const std::string id = *options.execution_id;
  auto started = std::chrono::steady_clock::now();
  Result<provision::ProvisionOutcome> outcome = [&]() -> Result<provision::ProvisionOutcome> {
    try {
      return state.WithRegistry([&](provision::Registry& registry) {
        return provision::Provision(std::move(*prepared), state.options().spec_path, registry,
                                    options);
      });
    } catch (const std::exception&) {
      return Status(StatusCode::kInternal, "the provision stopped on an internal error");
    }
  }();
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  int64_t rows = 0;
  if (outcome.ok()) {
    for (const auto& [table, n] : outcome->record.tables) rows += n;
  } else {
    // Provision records its own failures; one that failed before it could (the registry would
    // not open, an exception) must not stay `provisioning`.
    MarkFailed(state, id, outcome.status());
  }
  state.metrics().ObserveProvision(seconds, outcome.ok(), rows);
  state.FinishWait(id, outcome.ok(), outcome.status());
}

// Marks a reserved provision that never ran (the server shut down first) as failed.
void CancelProvision(ApiState& state, const std::string& id) {
  Status why(StatusCode::kUnavailable, "the server shut down before the provision started");
  MarkFailed(state, id, why);
  state.metrics().ObserveProvision(0, false, 0);
  state.FinishWait(id, false, why);
}

// Both provision routes: `legacy` is /api/v1/provision (database_url, health_check_url).
ApiReply Provision(ApiState& state, const ApiRequest& req, bool legacy) {
  const nlohmann::json& body = req.body;  // checked against the route's BodySchema
  spec::ProvisionRequest request;
  request.environment = body["environment"].get<std::string>();
  request.dataset = body.value("dataset", std::string("all"));
  if (body.contains("count")) request.count = body["count"].get<int64_t>();
  if (body.contains("seed")) request.seed = body["seed"].get<uint64_t>();
  if (std::string why = Forbidden(req.principal, Action::kProvision, request.environment);
      !why.empty()) {
    ApiReply denied = ErrorReply(403, "forbidden", why);
    denied.environment = request.environment;
    return denied;
  }
  if (!state.spec().environments.empty() &&
      state.spec().FindEnvironment(request.environment) == nullptr) {
    std::string names;
    for (const auto& e : state.spec().environments) names += (names.empty() ? "" : ", ") + e.name;
    return ErrorReply(400, "invalid_argument",
                      "unknown environment '" + request.environment + "'; the spec has " + names);
  }
  provision::ProvisionOptions options;
  options.target = state.options().target;
  options.requested_by = req.principal.user;
  if (body.contains("execution_id")) {
    options.execution_id = body["execution_id"].get<std::string>();
    if (Status bad = provision::CheckExecutionId(*options.execution_id); !bad.ok()) {
      return ErrorReply(bad);
    }
  }
  if (body.contains("ttl")) {
    auto ttl = ParseDuration(body["ttl"].get<std::string>());
    if (!ttl.ok())
      return ErrorReply(400, "invalid_argument", "field 'ttl': " + ttl.status().message());
    options.ttl = *ttl;
  }
  provision::ApplyEnvironmentDefaults(state.spec(), request.environment, options);
  unsigned cores = std::max(1U, std::thread::hardware_concurrency());
  options.pipeline.threads =
      static_cast<int>(std::max(1U, cores / static_cast<unsigned>(state.queue().workers())));

  if (WantsWait(req) && state.waiting().load() >= ApiState::kMaxWaiting) {
    ApiReply busy = ErrorReply(429, "too_many_requests",
                               std::to_string(ApiState::kMaxWaiting) +
                                   " requests are already waiting with wait=true; leave it out "
                                   "and poll the status_url instead");
    busy.headers.emplace_back("Retry-After", "5");
    return busy;
  }
  auto prepared = provision::Prepare(state.spec(), request);
  if (!prepared.ok()) {
    // An unknown dataset is a bad request here, not a missing resource.
    if (prepared.status().code() == StatusCode::kNotFound) {
      return ErrorReply(400, "invalid_argument", prepared.status().message());
    }
    return ErrorReply(prepared.status());
  }
  if (state.queue().depth() >= state.queue().capacity()) {
    ApiReply full =
        ErrorReply(429, "too_many_requests",
                   "the provisioning queue is full (" + std::to_string(state.queue().capacity()) +
                       " waiting); retry later");
    full.headers.emplace_back("Retry-After", "5");
    return full;
  }
  auto shared = std::make_shared<provision::PreparedProvision>(std::move(*prepared));
  auto reserved = state.WithRegistry([&](provision::Registry& registry) {
    return provision::Reserve(*shared, state.options().spec_path, registry, options);
  });
  if (!reserved.ok()) return ErrorReply(reserved.status());
  const std::string id = reserved->id;
  std::shared_ptr<ProvisionWait> wait = state.AddWait(id);
  Job job{id, [&state, shared, options] { RunProvision(state, shared, options); },
          [&state, id] { CancelProvision(state, id); }};
  JobQueue::Submitted submitted = state.queue().Submit(std::move(job));
  if (submitted != JobQueue::Submitted::kQueued) {
    // Never queued: the reservation goes, so nothing is left looking like it will run.
    Status removed =
        state.WithRegistry([&](provision::Registry& registry) { return registry.Remove(id); });
    if (!removed.ok()) MarkFailed(state, id, Status(StatusCode::kUnavailable, "not queued"));
    state.FinishWait(id, false, Status(StatusCode::kUnavailable, "not queued"));
    if (submitted == JobQueue::Submitted::kShuttingDown) {
      return ErrorReply(503, "unavailable", "the server is shutting down");
    }
    ApiReply full = ErrorReply(429, "too_many_requests", "the provisioning queue is full");
    full.headers.emplace_back("Retry-After", "5");
    return full;
  }

  ApiReply reply;
  reply.code = 202;
  reply.execution_id = id;
  reply.environment = request.environment;
  std::string status = "provisioning";
  Json error;
  if (WantsWait(req)) {
    ++state.waiting();
    std::unique_lock lock(wait->mutex);
    wait->done_signal.wait(lock, [&] { return wait->done; });
    --state.waiting();
    status = wait->ready ? "ready" : "failed";
    reply.code = wait->ready ? 200 : 422;
    if (!wait->ready) {
      error = FailureJson(std::string(StatusCodeName(wait->error.code())), wait->error.message());
    }
  }
  std::string endpoint = provision::ExecutionEndpoint(*reserved);
  if (legacy) {
    reply.body = {{"execution_id", id},
                  {"status", status},
                  {"database_url", endpoint},
                  {"health_check_url", HealthUrl(req, id)}};
  } else {
    reply.body = {{"execution_id", id},
                  {"status", status},
                  {"endpoint", endpoint},
                  {"healthcheck_url", HealthUrl(req, id)},
                  {"status_url", StatusUrl(req, id)}};
  }
  if (!error.is_null()) reply.body["error"] = error;
  return reply;
}

// The execution named in the path or body, with the caller's right to act on it checked.
Result<provision::ExecutionRecord> FindFor(ApiState& state, const ApiRequest& req,
                                           const std::string& id, Action action,
                                           ApiReply& refusal) {
  TDM_RETURN_IF_ERROR(provision::CheckExecutionId(id));
  auto found = state.WithRegistry([&](provision::Registry& registry) { return registry.Find(id); });
  TDM_RETURN_IF_ERROR(found.status());
  if (!*found) return Status(StatusCode::kNotFound, "no execution '" + id + "'");
  const provision::ExecutionRecord& record = **found;
  std::string why = Forbidden(req.principal, action, record.environment, record.requested_by);
  if (!why.empty()) {
    refusal = ErrorReply(403, "forbidden", why);
    return Status(StatusCode::kFailedPrecondition, why);
  }
  return record;
}

ApiReply Cleanup(ApiState& state, const ApiRequest& req, const std::string& id,
                 const std::string& environment, bool legacy) {
  ApiReply refusal;
  auto record = FindFor(state, req, id, Action::kCleanup, refusal);
  if (refusal.code == 403) {
    refusal.execution_id = id;
    return refusal;
  }
  if (!record.ok()) return ErrorReply(record.status());
  if (!environment.empty() && record->environment != environment) {
    return ErrorReply(400, "invalid_argument",
                      "execution '" + id + "' belongs to environment '" + record->environment +
                          "', not '" + environment + "'");
  }
  if (record->status == "provisioning") {
    return ErrorReply(409, "conflict",
                      "execution '" + id +
                          "' is still provisioning; clean it up once it is "
                          "ready or failed");
  }
  Status cleaned = state.WithRegistry(
      [&](provision::Registry& registry) { return provision::Cleanup(registry, id); });
  state.metrics().CountCleanup(cleaned.ok());
  if (!cleaned.ok()) return ErrorReply(cleaned);
  auto after = state.WithRegistry([&](provision::Registry& registry) { return registry.Find(id); });
  std::string when = after.ok() && *after ? (*after)->updated_at : provision::NowUtc();
  ApiReply reply;
  reply.execution_id = id;
  reply.environment = record->environment;
  reply.body = legacy ? Json{{"status", "success"}, {"execution_id", id}, {"cleanup_time", when}}
                      : Json{{"execution_id", id}, {"status", "cleaned"}, {"cleanup_time", when}};
  return reply;
}

Json ChecksJson(const provision::HealthReport& report, bool figures) {
  Json checks = Json::array();
  for (const auto& c : report.checks) {
    Json check = {{"name", c.name}, {"status", c.passed ? "pass" : "fail"}, {"detail", c.detail}};
    if (figures && !c.unit.empty()) {
      check["value"] = c.value;
      if (c.threshold > 0) check["threshold"] = c.threshold;
      check["unit"] = c.unit;
    }
    checks.push_back(check);
  }
  return checks;
}

// Up to kSampleRows rows of every table. A column shows "***" when the spec masks it or the PII
// classifier, looking at up to kClassifiedRows rows, calls it red or yellow: the data is
// synthetic, but a response is a place PII must never reach.
Json SampleData(const provision::ExecutionRecord& record, const spec::ResolvedSpec& spec) {
  Json sample = Json::object();
  auto db = provision::OpenExecutionTarget(record);
  if (!db.ok()) return sample;
  for (const auto& [table, rows] : record.tables) {
    store::ReadQuery query{table, {}, static_cast<int64_t>(kClassifiedRows), {}};
    auto source = (*db)->Read(record.ns, query);
    if (!source.ok()) continue;
    Batch batch;
    auto any = (*source)->Next(batch, kClassifiedRows);
    Json list = Json::array();
    if (any.ok() && *any) {
      std::set<std::string> hidden;
      for (const mask::ColumnFinding& f : mask::ClassifyTable((*source)->schema(), batch)) {
        if (f.level != mask::Sensitivity::kGreen) hidden.insert(f.column);
      }
      for (const ColumnSchema& c : (*source)->schema().columns) {
        if (spec.masking.count(c.name) != 0 || spec.masking.count(table + "." + c.name) != 0) {
          hidden.insert(c.name);
        }
      }
      for (size_t r = 0; r < std::min(batch.num_rows, kSampleRows); ++r) {
        Json row = store::RowToJson(batch, r);
        for (const std::string& column : hidden) {
          if (row.contains(column) && !row[column].is_null()) row[column] = "***";
        }
        list.push_back(row);
      }
    }
    sample[table] = list;
  }
  return sample;
}

// A ready execution's status does not change until it is cleaned, and pipelines poll it: once
// built, the reply is kept (serialised) with the record's updated_at, and a poll costs one
// indexed lookup of (status, updated_at) plus the access check.
ApiReply ExecutionStatus(ApiState& state, const ApiRequest& req) {
  const std::string& id = req.params.at(0);
  ApiReply reply;
  reply.execution_id = id;
  if (provision::CheckExecutionId(id).ok()) {
    auto version =
        state.WithRegistry([&](provision::Registry& registry) { return registry.StatusOf(id); });
    if (version.ok() && *version && (*version)->first == "ready") {
      if (auto kept = state.Snapshot(id, (*version)->second)) {
        std::string why =
            Forbidden(req.principal, Action::kReadExecution, kept->environment, kept->requested_by);
        if (!why.empty()) return ErrorReply(403, "forbidden", why);
        reply.environment = kept->environment;
        reply.text = kept->body;
        reply.content_type = "application/json";
        return reply;
      }
    }
  }
  ApiReply refusal;
  auto record = FindFor(state, req, id, Action::kReadExecution, refusal);
  if (refusal.code == 403) return refusal;
  if (!record.ok()) return ErrorReply(record.status());
  reply.environment = record->environment;
  Json checks = Json::array();
  Json sample = Json::object();
  bool ready = record->status == "ready";
  if (ready) {
    checks = ChecksJson(provision::CheckHealth(*record), false);
    sample = SampleData(*record, state.spec());
  }
  reply.body = {{"execution_id", id},
                {"status", record->status},
                {"ready", ready},
                {"environment", record->environment},
                {"dataset", record->dataset},
                {"health_checks", checks},
                {"sample_data", sample}};
  if (!record->error.empty()) reply.body["error"] = FailureJson("failed", record->error);
  if (ready) {
    state.KeepSnapshot(
        id, std::make_shared<const StatusSnapshot>(StatusSnapshot{
                record->updated_at, record->environment, record->requested_by, reply.body.dump()}));
  }
  return reply;
}

ApiReply Health(ApiState& state, const ApiRequest& req) {
  const std::string& id = req.params.at(0);
  ApiReply refusal;
  auto record = FindFor(state, req, id, Action::kReadExecution, refusal);
  if (refusal.code == 403) return refusal;
  if (!record.ok()) return ErrorReply(record.status());
  ApiReply reply;
  reply.execution_id = id;
  reply.environment = record->environment;
  bool ready = false;
  bool healthy = false;
  Json checks = Json::array();
  if (record->status == "ready") {
    provision::HealthReport report = provision::CheckHealth(*record);
    ready = report.Blocking() == nullptr;
    healthy = report.healthy;
    checks = ChecksJson(report, true);
  }
  reply.code = ready ? 200 : 503;
  reply.body = {{"execution_id", id},
                {"status", record->status},
                {"ready", ready},
                {"healthy", healthy},
                {"health_checks", checks}};
  return reply;
}

}  // namespace

std::vector<Route> ProvisionRoutes() {
  std::vector<Route> routes;
  const std::vector<QueryParam> wait = {
      {"wait", "true: answer once the provision is ready (200) or failed (422)"}};
  const std::vector<std::pair<int, std::string>> provisioned = {
      {202, "Accepted: the execution is provisioning"},
      {200, "With wait=true: the execution is ready"},
      {422, "With wait=true: the provision failed and was rolled back"},
      {429, "The provisioning queue is full (Retry-After)"}};
  routes.push_back({"POST", "/api/v1/test-data/provision", true, &TestDataProvisionBody(),
                    [](ApiState& s, const ApiRequest& r) { return Provision(s, r, false); },
                    "test-data", "Provision an isolated execution of a dataset", wait, provisioned,
                    "TestDataProvisionResponse"});
  routes.push_back({"POST",
                    "/api/v1/test-data/cleanup",
                    true,
                    &TestDataCleanupBody(),
                    [](ApiState& s, const ApiRequest& r) {
                      return Cleanup(s, r, r.body["execution_id"].get<std::string>(),
                                     r.body["environment"].get<std::string>(), false);
                    },
                    "test-data",
                    "Remove an execution's data",
                    {},
                    {{200, "Cleaned (again, when it already was)"}, {409, "Still provisioning"}},
                    "CleanupResponse"});
  routes.push_back({"GET",
                    "/api/v1/test-data/status/{execution_id}",
                    true,
                    nullptr,
                    ExecutionStatus,
                    "test-data",
                    "Whether an execution is ready, its checks and sample rows",
                    {},
                    {{200, "The execution's status"}},
                    "StatusResponse"});
  routes.push_back({"POST", "/api/v1/provision", true, &ProvisionBody(),
                    [](ApiState& s, const ApiRequest& r) { return Provision(s, r, true); }, "ci",
                    "Provision an execution (CI/CD API)", wait, provisioned, "ProvisionResponse"});
  routes.push_back(
      {"POST",
       "/api/v1/cleanup/{execution_id}",
       true,
       nullptr,
       [](ApiState& s, const ApiRequest& r) { return Cleanup(s, r, r.params.at(0), "", true); },
       "ci",
       "Remove an execution's data (CI/CD API)",
       {},
       {{200, "Cleaned (again, when it already was)"}, {409, "Still provisioning"}},
       "CleanupResponse"});
  routes.push_back({"GET",
                    "/api/v1/health/{execution_id}",
                    true,
                    nullptr,
                    Health,
                    "ci",
                    "Run the health checks of an execution",
                    {},
                    {{200, "Ready: no blocking check failed"},
                     {503, "Not ready: provisioning, failed, cleaned or a check failed"}},
                    "HealthResponse"});
  return routes;
}

}  // namespace tdm::server
