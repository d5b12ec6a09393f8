#include "server/server.h"

#include <httplib.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ostream>
#include <regex>
#include <thread>

#include "provision/registry.h"

namespace tdm::server {
namespace {

using Json = nlohmann::ordered_json;

// Connections the kernel queues before they are accepted. httplib listens with a backlog of 5,
// too few for a CI fleet starting at once: the rest of a burst has its SYNs dropped and retries
// a second later (or is reset). The socket is listened on again with this one (Linux updates it).
constexpr int kListenBacklog = 1024;

// Threads answering HTTP. A keep-alive connection holds one while it is open, so there are many
// more of them than provisioning workers; ?wait=true requests hold one until their provision ends.
constexpr int kHttpThreads = 64;

// /api/v1/health/{execution_id} as the regular expression httplib matches paths with.
std::string PathPattern(const std::string& path) {
  std::string out;
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '{') {
      i = path.find('}', i);
      out += "([^/]+)";
    } else if (path[i] == '.') {
      out += "\\.";
    } else {
      out += path[i];
    }
  }
  return out;
}

std::string BaseUrl(const httplib::Request& req, const ApiState& state) {
  std::string host = req.get_header_value("Host");
  if (host.empty()) host = state.options().host + ":" + std::to_string(state.port());
  return "http://" + host;
}

void Send(httplib::Response& res, const ApiReply& reply) {
  res.status = reply.code;
  for (const auto& [name, value] : reply.headers) res.set_header(name, value);
  if (!reply.content_type.empty() && reply.body.is_null()) {
    res.set_content(reply.text, reply.content_type.c_str());
  } else {
    res.set_content(reply.body.dump(), "application/json");
  }
}

// One request through a route: authenticate, check the body, run the handler, count and audit.
void Dispatch(ApiState& state, const Route& route, const httplib::Request& req,
              const std::string& body_text, httplib::Response& res) {
  ApiRequest request;
  request.method = route.method;
  request.path = req.path;
  for (size_t i = 1; i < req.matches.size(); ++i) request.params.push_back(req.matches[i]);
  for (const auto& [name, value] : req.params) request.query.emplace(name, value);
  request.base_url = BaseUrl(req, state);

  ApiReply reply;
  bool authenticated = true;
  if (route.authenticated) {
    if (state.options().no_auth) {
      request.principal = {state.options().local_user, Role::kDevops, "no-auth"};
    } else {
      std::string header = req.get_header_value("Authorization");
      const std::string scheme = "Bearer ";
      auto token = header.size() > scheme.size() && header.compare(0, scheme.size(), scheme) == 0
                       ? state.tokens()->Authenticate(header.substr(scheme.size()))
                       : Result<TokenInfo>(
                             Status(StatusCode::kFailedPrecondition,
                                    "send a token as 'Authorization: Bearer TOKEN' (data-cli token "
                                    "create --role ROLE)"));
      if (token.ok()) {
        request.principal = {token->user, token->role, token->id};
      } else if (token.status().code() != StatusCode::kFailedPrecondition) {
        // The token store could not be read: not the caller's fault, and not a reason for a
        // client to throw its token away.
        authenticated = false;
        reply = ErrorReply(503, "unavailable", "the token could not be checked; retry later");
      } else {
        authenticated = false;
        reply = ErrorReply(401, "unauthenticated", token.status().message());
        reply.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"tdm\"");
      }
    }
  }
  if (authenticated && route.body != nullptr) {
    auto body = ParseBody(*route.body, body_text);
    if (body.ok()) {
      request.body = std::move(*body);
    } else {
      authenticated = false;  // not run: reply with the schema error
      reply = ErrorReply(body.status());
    }
  }
  if (authenticated) {
    try {
      reply = route.handler(state, request);
    } catch (const std::exception&) {
      // No what(): it may quote data. The category is enough for the client.
      reply = ErrorReply(500, "internal", "the server could not complete the request (internal)");
    }
  }
  Send(res, reply);
  state.metrics().CountRequest(route.method, route.path, reply.code);
  if (!route.authenticated) return;

  Json event;
  event["timestamp"] = provision::NowUtc();
  event["event"] = "api_request";
  event["operation"] = route.method + " " + route.path;
  event["method"] = route.method;
  event["route"] = route.path;
  event["environment"] = reply.environment;
  event["dataset_id"] = reply.execution_id;
  event["user_id"] = request.principal.user.empty() ? "unauthenticated" : request.principal.user;
  if (!request.principal.user.empty()) {
    event["role"] = std::string(RoleName(request.principal.role));
    event["token_id"] = request.principal.token_id;
  }
  event["status"] = reply.code < 400 ? "success" : "failure";
  event["status_code"] = reply.code;
  if (!request.params.empty()) event["execution_id"] = request.params[0];
  // Changes are durable before the client hears of them; reads are group-committed.
  if (route.method == "POST") {
    (void)state.audit().Write(std::move(event));
  } else {
    state.audit().Post(std::move(event));
  }
}

void ConfigureServer(httplib::Server& http, ApiState& state, const std::vector<Route>& routes,
                     int& listen_fd) {
  http.set_socket_options([&listen_fd](int fd) {
    int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    listen_fd = fd;  // the last socket httplib made is the one it binds
  });
  http.new_task_queue = [] { return new httplib::ThreadPool(kHttpThreads); };
  http.set_payload_max_length(state.options().max_body);
  http.set_keep_alive_max_count(1000);
  http.set_tcp_nodelay(true);
  http.set_read_timeout(std::chrono::seconds(30));
  http.set_write_timeout(std::chrono::seconds(30));
  for (const Route& route : routes) {
    if (route.method == "GET") {
      http.Get(PathPattern(route.path),
               [&state, &route](const httplib::Request& req, httplib::Response& res) {
                 Dispatch(state, route, req, req.body, res);
               });
      continue;
    }
    // The body is read here rather than by httplib, which refuses a POST without Content-Length
    // (as `curl -X POST URL` sends it, the seed's cleanup line among them) with a bare 400.
    http.Post(PathPattern(route.path), [&state, &route](const httplib::Request& req,
                                                        httplib::Response& res,
                                                        const httplib::ContentReader& reader) {
      std::string body;
      bool has_body =
          req.has_header("Content-Length") ||
          req.get_header_value("Transfer-Encoding").find("chunked") != std::string::npos;
      if (has_body && !reader([&](const char* data, size_t size) {
            body.append(data, size);
            return true;
          })) {
        bool too_large = res.status == 413 || body.size() > state.options().max_body;
        Send(res, too_large ? ErrorReply(413, "payload_too_large",
                                         "the body is larger than " +
                                             std::to_string(state.options().max_body) + " bytes")
                            : ErrorReply(400, "invalid_argument", "the body could not be read"));
        state.metrics().CountRequest(route.method, route.path, res.status);
        return;
      }
      Dispatch(state, route, req, body, res);
    });
  }
  // httplib's own refusals (no route, a body over the limit) in the API's error shape.
  http.set_error_handler([&state](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    ApiReply reply =
        res.status == 404   ? ErrorReply(404, "not_found",
                                         "no route " + req.method + " " + req.path.substr(0, 200) +
                                             "; see /openapi.json")
        : res.status == 413 ? ErrorReply(413, "payload_too_large",
                                         "the body is larger than " +
                                             std::to_string(state.options().max_body) + " bytes")
                            : ErrorReply(res.status, "invalid_argument", "the request was refused");
    reply.code = res.status;
    Send(res, reply);
  });
  http.set_exception_handler([](const httplib::Request&, httplib::Response& res,
                                std::exception_ptr) {
    Send(res, ErrorReply(500, "internal", "the server could not complete the request (internal)"));
  });
}

bool LocalHost(const std::string& host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1";
}

}  // namespace

Status Serve(ServerOptions options, spec::ResolvedSpec spec, std::ostream& out, std::ostream& err) {
  if (options.no_auth && !LocalHost(options.host)) {
    return {StatusCode::kInvalidArgument,
            "--no-auth serves without tokens, so it is only allowed on 127.0.0.1 (--host " +
                options.host + " would let anyone on the network provision and delete data)"};
  }
  if (options.workers < 0 || options.queue < 1) {
    return {StatusCode::kInvalidArgument,
            "--workers must not be negative and --queue must be at least 1"};
  }
  if (options.workers == 0) {
    // Provisions are CPU-bound here and on the database server: more at once than cores only
    // slows each down, and the status polls beside them.
    options.workers = std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 2, 8);
  }
  // Signals go to one thread that drains and stops the server; every other thread blocks them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  TDM_ASSIGN_OR_RETURN(std::unique_ptr<ApiState> state, OpenApiState(options, std::move(spec)));
  std::vector<Route> routes = ProvisionRoutes();
  for (Route& r : ReadRoutes()) routes.push_back(std::move(r));
  httplib::Server http;
  int listen_fd = -1;
  ConfigureServer(http, *state, routes, listen_fd);
  int port = options.port;
  if (port == 0) {
    port = http.bind_to_any_port(options.host);
  } else if (!http.bind_to_port(options.host, port)) {
    port = -1;
  }
  if (port <= 0) {
    return {StatusCode::kUnavailable, "cannot listen on " + options.host + ":" +
                                          std::to_string(options.port) +
                                          " (in use? pick another with --port)"};
  }
  if (listen_fd >= 0) listen(listen_fd, kListenBacklog);
  state->set_port(port);
  out << "listening on http://" << options.host << ":" << port << std::endl;

  std::atomic<bool> ended{false};
  std::thread stopper([&] {
    int received = 0;
    sigwait(&signals, &received);
    if (ended) return;  // woken because the server ended on its own
    // A signal that comes before the accept loop runs must not be lost: httplib's stop() does
    // nothing until then.
    while (!http.is_running() && !ended) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    err << "data-cli serve: " << (received == SIGINT ? "SIGINT" : "SIGTERM")
        << ": finishing running provisions, then stopping" << std::endl;
    state->queue().Shutdown();
    http.stop();
  });
  bool served = http.listen_after_bind();
  ended = true;
  pthread_kill(stopper.native_handle(), SIGTERM);  // wakes it when no signal came
  stopper.join();
  state->Shutdown();
  if (!served) return {StatusCode::kUnavailable, "the server stopped unexpectedly"};
  err << "data-cli serve: stopped" << std::endl;
  return Status::Ok();
}

}  // namespace tdm::server
