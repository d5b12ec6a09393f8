// The REST API's pieces, shared by the route files and the server: the request and reply a route
// handler sees, the route table (which both registers the routes and writes openapi.json), and
// the state every request shares.
//
// Handlers never touch HTTP details: the server authenticates the caller, checks the body against
// the route's BodySchema, counts and audits the request, and turns a Status into an error reply.
// Errors are {"error": {"code", "message"}}; 5xx replies carry a category and never the text of a
// database error, which may quote a row's values.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "provision/health.h"
#include "provision/registry.h"
#include "server/api_schema.h"
#include "server/audit_writer.h"
#include "server/auth.h"
#include "server/jobs.h"
#include "server/metrics.h"
#include "spec/resolver.h"

namespace tdm::server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8000;
  std::string spec_path;
  std::string state_dir;
  std::optional<std::string> target;  // default: $TDM_TARGET, the environment's, SQLite
  bool no_auth = false;               // every request acts as devops `local_user`
  std::string local_user;
  int workers = 0;  // provisions at once; 0: the number of cores, 2 to 8
  int queue = 128;
  size_t max_body = 64 * 1024;
};

struct ApiRequest {
  std::string method;
  std::string path;
  std::vector<std::string> params;  // the route's path parameters ({execution_id})
  std::map<std::string, std::string> query;
  nlohmann::json body;   // checked against the route's BodySchema
  std::string base_url;  // http://host:port as the client addressed the server
  Principal principal;

  std::string Query(const std::string& name) const {
    auto it = query.find(name);
    return it == query.end() ? "" : it->second;
  }
};

struct ApiReply {
  int code = 200;
  nlohmann::ordered_json body;
  std::string text;          // instead of body, with content_type
  std::string content_type;  // default application/json
  std::vector<std::pair<std::string, std::string>> headers;
  // For the request's audit event: what it acted on (names only).
  std::string execution_id;
  std::string environment;
};

ApiReply ErrorReply(int http_code, const std::string& code, const std::string& message);
// The reply for a failed Status: 400, 404, 409, 503 or 500 (see api.cc).
ApiReply ErrorReply(const Status& status);

// What a ?wait=true request waits for.
struct ProvisionWait {
  std::mutex mutex;
  std::condition_variable done_signal;
  bool done = false;
  bool ready = false;
  Status error;
};

// Health checks and sample rows of a ready execution: they do not change until it is cleaned,
// so status polls are answered from here instead of querying the target every time.
struct StatusSnapshot {
  std::string updated_at;  // of the record the snapshot was taken from
  std::string environment;
  std::string requested_by;
  std::string body;  // the status reply, serialised
};

class ApiState {
 public:
  ApiState(ServerOptions options, spec::ResolvedSpec spec, provision::Registry registry);

  const ServerOptions& options() const { return options_; }
  int port() const { return port_.load(); }  // as bound (options().port may be 0)
  void set_port(int port) { port_ = port; }
  const spec::ResolvedSpec& spec() const { return spec_; }
  Metrics& metrics() { return metrics_; }
  AuditWriter& audit() { return *audit_; }
  JobQueue& queue() { return *queue_; }
  std::optional<TokenStore>& tokens() { return tokens_; }

  // Runs `f` with a registry connection of its own, from a pool that grows to the number of
  // callers at once: requests never queue behind each other's queries, nor behind a write
  // waiting for SQLite's lock, and a provision or cleanup holds one for as long as it runs. `f`
  // returns a Status or a Result; a connection that cannot be opened is returned as its error.
  template <class F>
  auto WithRegistry(F&& f) -> decltype(f(std::declval<provision::Registry&>())) {
    auto lease = LeaseRegistry();
    if (!lease.ok()) return lease.status();
    auto result = f(**lease);
    ReturnRegistry(std::move(*lease));
    return result;
  }

  std::shared_ptr<ProvisionWait> AddWait(const std::string& id);
  std::shared_ptr<ProvisionWait> FindWait(const std::string& id);
  void FinishWait(const std::string& id, bool ready, const Status& error);
  // ?wait=true requests hold an HTTP thread each; at most this many wait at once, so waiting
  // clients cannot starve status polls and the drain on shutdown.
  static constexpr int kMaxWaiting = 32;
  std::atomic<int>& waiting() { return waiting_; }

  std::shared_ptr<const StatusSnapshot> Snapshot(const std::string& id,
                                                 const std::string& updated_at);
  void KeepSnapshot(const std::string& id, std::shared_ptr<const StatusSnapshot> snapshot);

  // Stops the queue (waiting provisions are recorded failed) and flushes the audit log.
  void Shutdown();

 private:
  ServerOptions options_;
  std::atomic<int> port_{0};
  spec::ResolvedSpec spec_;
  std::optional<TokenStore> tokens_;
  Metrics metrics_;
  std::unique_ptr<AuditWriter> audit_;
  std::unique_ptr<JobQueue> queue_;
  Result<std::unique_ptr<provision::Registry>> LeaseRegistry();
  void ReturnRegistry(std::unique_ptr<provision::Registry> registry);

  std::mutex registries_mutex_;
  std::vector<std::unique_ptr<provision::Registry>> registries_;  // idle connections
  std::atomic<int> waiting_{0};
  std::mutex waits_mutex_;
  std::map<std::string, std::shared_ptr<ProvisionWait>> waits_;
  std::mutex snapshots_mutex_;
  std::map<std::string, std::shared_ptr<const StatusSnapshot>> snapshots_;

  friend Result<std::unique_ptr<ApiState>> OpenApiState(ServerOptions, spec::ResolvedSpec);
};

Result<std::unique_ptr<ApiState>> OpenApiState(ServerOptions options, spec::ResolvedSpec spec);

struct QueryParam {
  std::string name;
  std::string description;
};

using Handler = std::function<ApiReply(ApiState&, const ApiRequest&)>;

struct Route {
  std::string method;  // GET or POST
  std::string path;    // as openapi.json shows it: /api/v1/health/{execution_id}
  bool authenticated = true;
  const BodySchema* body = nullptr;
  Handler handler;
  // For openapi.json.
  std::string tag;
  std::string summary;
  std::vector<QueryParam> query;
  std::vector<std::pair<int, std::string>> responses;  // besides the common errors
  std::string response_schema;                         // a component of openapi.cc, or ""
  std::string content_type = "application/json";
};

std::vector<Route> ProvisionRoutes();  // routes_provision.cc: provision, cleanup, status, health
std::vector<Route> ReadRoutes();       // routes_read.cc: executions, datasets, audit, healthz, ...

// The OpenAPI 3.0.3 document of `routes`.
nlohmann::ordered_json OpenApiDocument(const std::vector<Route>& routes);

// The dashboard page served at /.
const std::string& DashboardHtml();

}  // namespace tdm::server
