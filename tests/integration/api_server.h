// The real `data-cli serve` as a child process, for the REST API's integration tests. An ApiServer
// runs in a CliSandbox (tests/cli/cli_runner.h): the sandbox's copy of the seed's examples/ is the
// spec and the sandbox's ./.tdm is the state dir, so `box.Run("data-cli ...")` sees the same
// registry, tokens and audit log as the server. Start() execs TDM_DATA_CLI with `serve --host
// 127.0.0.1 --port 0` (plus the test's flags) and waits for the `listening on http://HOST:PORT`
// line; stdout and stderr go to files (a pipe nobody drains could block the server on a later
// write). Stop() sends SIGTERM and waits; the destructor does the same and fails the test unless
// the server exited 0.
//
// Requests go through cpp-httplib's Client, a new one per call, so any thread may call. Every
// ApiResponse carries the request line that produced it and prints both, so a failed expectation
// shows the exact request and response.
#ifndef TDM_TESTS_INTEGRATION_API_SERVER_H_
#define TDM_TESTS_INTEGRATION_API_SERVER_H_

#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <ostream>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "cli/cli_runner.h"

namespace tdm::api_test {

namespace fs = std::filesystem;
using cli_test::CliSandbox;
using json = nlohmann::json;

// j[key], or null when j is not an object or has no such key (never throws, unlike json::value).
inline json At(const json& j, const std::string& key) {
  return j.is_object() && j.contains(key) ? j[key] : json();
}

// j[key] when j is an object holding a string there, else "" (never throws, unlike json::value).
inline std::string Field(const json& j, const std::string& key) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_string()) return "";
  return j[key].get<std::string>();
}

// The path (and query) of a URL the API returned, which may be absolute or a path already.
inline std::string PathOf(const std::string& url) {
  static const std::regex kOrigin(R"(^[a-z]+://[^/]+)");
  return std::regex_replace(url, kOrigin, "");
}

// One HTTP exchange. status is 0 when no response came (connection refused, timeout).
struct ApiResponse {
  std::string request;  // "POST /api/v1/provision {...}"
  int status = 0;
  std::string error;  // cpp-httplib's error when status is 0
  int64_t elapsed_ms = 0;
  httplib::Headers headers;
  std::string body;
  json body_json;  // the body parsed; discarded (null) when it is not JSON

  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
  bool HasHeader(const std::string& name) const { return headers.count(name) > 0; }
  // The "error" object's "code" ("" when there is none).
  std::string ErrorCode() const {
    return body_json.is_object() ? Field(body_json.value("error", json()), "code") : "";
  }
  std::string ErrorMessage() const {
    return body_json.is_object() ? Field(body_json.value("error", json()), "message") : "";
  }
};

inline std::ostream& operator<<(std::ostream& out, const ApiResponse& r) {
  out << "\n  request:  " << r.request << "\n  response: ";
  if (r.status == 0) return out << "none (" << r.error << ", after " << r.elapsed_ms << " ms)";
  out << r.status;
  for (const auto& [name, value] : r.headers) {
    if (name == "WWW-Authenticate" || name == "Retry-After" || name == "Content-Type") {
      out << " [" << name << ": " << value << "]";
    }
  }
  return out << " " << r.body.substr(0, 4000);
}

// A bearer token from `data-cli token create --json`.
struct ApiToken {
  std::string token;  // the secret
  std::string id;
  std::string user;
  std::string role;
  std::string expires_at;
};

// Runs `data-cli --user USER token create --role ROLE --json EXTRA` in the sandbox; fails the test
// (and returns an empty token) when it does not print the token.
inline ApiToken CreateToken(CliSandbox& box, const std::string& role, const std::string& user,
                            const std::string& extra = "") {
  cli_test::CliResult r =
      box.Run("data-cli --user " + user + " token create --role " + role + " --json " + extra);
  EXPECT_TRUE(cli_test::Succeeded(r));
  json j = json::parse(r.out, nullptr, false);
  ApiToken t;
  if (!j.is_object() || !j.contains("token") || !j["token"].is_string()) {
    ADD_FAILURE() << "token create printed no token:\n" << r.out << r.err;
    return t;
  }
  t.token = j["token"];
  t.id = j.contains("id") && j["id"].is_string() ? j["id"].get<std::string>()
                                                 : j.value("id", json()).dump();
  t.user = Field(j, "user");
  t.role = Field(j, "role");
  t.expires_at = Field(j, "expires_at");
  return t;
}

class ApiServer {
 public:
  // `flags` go after `serve`; `user` is the global --user (the --no-auth identity), if not empty.
  explicit ApiServer(CliSandbox& box, std::vector<std::string> flags = {}, std::string user = "")
      : box_(box), flags_(std::move(flags)), user_(std::move(user)) {
    std::string tmpl = (fs::temp_directory_path() / "tdm-api-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    logs_ = tmpl;
  }
  ~ApiServer() {
    if (pid_ > 0) {
      ::testing::AssertionResult stopped = Stop();
      EXPECT_TRUE(stopped);
    }
    std::error_code ec;
    fs::remove_all(logs_, ec);
  }
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  // Starts the server and waits (at most 30 s) for its `listening on` line.
  ::testing::AssertionResult Start() {
    if (pid_ > 0) return ::testing::AssertionFailure() << "already running";
    ++starts_;
    std::vector<std::string> args = {TDM_DATA_CLI, "--spec", box_.path("data-spec.yaml").string(),
                                     "--state-dir", box_.path(".tdm").string()};
    if (!user_.empty()) args.insert(args.end(), {"--user", user_});
    args.insert(args.end(), {"serve", "--host", "127.0.0.1", "--port", "0"});
    args.insert(args.end(), flags_.begin(), flags_.end());
    pid_ = Spawn(args, out_path(), err_path());
    static const std::regex kListening(R"(listening on http://([^\s/]+):(\d+))");
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      std::smatch m;
      std::string out = cli_test::ReadFile(out_path());
      if (std::regex_search(out, m, kListening)) {
        port_ = std::stoi(m[2].str());
        return ::testing::AssertionSuccess();
      }
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return ::testing::AssertionFailure()
               << "data-cli serve exited (" << ExitCode(status) << ") before listening\n"
               << Logs();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    Kill();
    return ::testing::AssertionFailure() << "no 'listening on' line within 30 s\n" << Logs();
  }

  // Sends SIGTERM and waits (at most `timeout`, then SIGKILL); succeeds when the exit status is 0.
  ::testing::AssertionResult Stop(std::chrono::seconds timeout = std::chrono::seconds(120)) {
    if (pid_ <= 0) return ::testing::AssertionFailure() << "not running";
    kill(pid_, SIGTERM);
    int code = Wait(timeout);
    if (code == 0) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "data-cli serve exited " << code << " after SIGTERM\n"
                                         << Logs();
  }

  // SIGKILL, as a crash would; returns the exit code (128 + 9).
  int Kill() {
    if (pid_ <= 0) return -1;
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return ExitCode(status);
  }

  // Sends SIGTERM without waiting; Wait() collects the exit code.
  void Terminate() const {
    if (pid_ > 0) kill(pid_, SIGTERM);
  }
  // Waits for the process to exit (SIGKILL after `timeout`); returns its exit code.
  int Wait(std::chrono::seconds timeout = std::chrono::seconds(120)) {
    if (pid_ <= 0) return -1;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    int status = 0;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    pid_ = -1;
    return ExitCode(status);
  }

  bool running() const { return pid_ > 0; }
  int port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string Stdout() const { return cli_test::ReadFile(out_path()); }
  std::string Stderr() const { return cli_test::ReadFile(err_path()); }
  std::string Logs() const {
    return "--- server stdout:\n" + Stdout() + "--- server stderr:\n" + Stderr();
  }

  ApiResponse Get(const std::string& path, const std::string& token = "") const {
    return Send("GET", path, "", "", token);
  }
  ApiResponse Post(const std::string& path, const std::string& body,
                   const std::string& token = "") const {
    return Send("POST", path, body, "application/json", token);
  }
  ApiResponse Post(const std::string& path, const json& body, const std::string& token = "") const {
    return Post(path, body.dump(), token);
  }

  // Any method, with a raw Authorization header value (empty: none).
  ApiResponse Send(const std::string& method, const std::string& path, const std::string& body,
                   const std::string& content_type, const std::string& token,
                   const std::string& authorization = "") const {
    ApiResponse r;
    r.request = method + " " + path + (body.empty() ? "" : " " + body.substr(0, 500));
    httplib::Client client("127.0.0.1", port_);
    client.set_connection_timeout(5);
    client.set_read_timeout(180);
    client.set_write_timeout(30);
    httplib::Headers headers;
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    if (!authorization.empty()) headers.emplace("Authorization", authorization);
    auto started = std::chrono::steady_clock::now();
    httplib::Result result = method == "GET"
                                 ? client.Get(path.c_str(), headers)
                                 : client.Post(path.c_str(), headers, body, content_type.c_str());
    r.elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::steady_clock::now() - started)
                       .count();
    if (!result) {
      r.error = httplib::to_string(result.error());
      return r;
    }
    r.status = result->status;
    r.headers = result->headers;
    r.body = result->body;
    r.body_json = json::parse(r.body, nullptr, false);
    if (r.body_json.is_discarded()) r.body_json = nullptr;
    return r;
  }

  // Polls GET /api/v1/test-data/status/ID until its status is not "provisioning" (at most
  // `timeout`); returns the last response.
  ApiResponse AwaitSettled(const std::string& id, const std::string& token = "",
                           std::chrono::seconds timeout = std::chrono::seconds(120)) const {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    ApiResponse r;
    do {
      r = Get("/api/v1/test-data/status/" + id, token);
      if (r.status != 200 || Field(r.body_json, "status") != "provisioning") return r;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    } while (std::chrono::steady_clock::now() < deadline);
    return r;
  }

 private:
  fs::path out_path() const { return logs_ / ("stdout-" + std::to_string(starts_)); }
  fs::path err_path() const { return logs_ / ("stderr-" + std::to_string(starts_)); }

  static int ExitCode(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
  }

  pid_t Spawn(const std::vector<std::string>& args, const fs::path& out_path,
              const fs::path& err_path) const {
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
      int in = open("/dev/null", O_RDONLY);
      int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (in < 0 || out < 0 || err < 0 || chdir(box_.dir().c_str()) != 0) _exit(127);
      dup2(in, STDIN_FILENO);
      dup2(out, STDOUT_FILENO);
      dup2(err, STDERR_FILENO);
      // Spec, state dir and target are the test's choice, never the caller's environment.
      unsetenv("TDM_SPEC");
      unsetenv("TDM_STATE_DIR");
      unsetenv("TDM_TARGET");
      execv(argv[0], argv.data());
      _exit(127);
    }
    return pid;
  }

  CliSandbox& box_;
  std::vector<std::string> flags_;
  std::string user_;
  fs::path logs_;
  pid_t pid_ = -1;
  int port_ = 0;
  int starts_ = 0;
};

// The execution ids of an API listing (GET /api/v1/executions) or of `data-cli executions --json`.
inline std::vector<std::string> ExecutionIds(const json& list) {
  const json& items = list.is_object() ? list.value("executions", json::array()) : list;
  std::vector<std::string> ids;
  for (const json& e : items) ids.push_back(Field(e, "execution_id"));
  return ids;
}

}  // namespace tdm::api_test

#endif  // TDM_TESTS_INTEGRATION_API_SERVER_H_
