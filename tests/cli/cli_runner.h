// Runs the real data-cli binary end to end. A CliSandbox is one fresh temporary directory holding
// a copy of the seed's example files (examples/*.yaml); commands run through /bin/sh with that
// directory as the working directory, so `data-cli` state lands in ./.tdm and ./data-spec.yaml is
// the default spec, exactly as a user would see it. The directory containing the built data-cli is
// put first on PATH, so command lines can be written verbatim ("data-cli provision --env ci").
// Standard output, standard error and the exit status are captured separately. The sandbox and all
// its files are removed when it goes out of scope.
#ifndef TDM_TESTS_CLI_CLI_RUNNER_H_
#define TDM_TESTS_CLI_CLI_RUNNER_H_

#include <fcntl.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace tdm::cli_test {

namespace fs = std::filesystem;

// What one command did. exit_code is the shell's status: 0..255, and 128 + N when the command was
// ended by signal N (the shell reports it that way, and so do we when the shell itself is killed).
struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;

  // The lines of stderr, without their '\n'.
  std::vector<std::string> ErrLines() const {
    std::vector<std::string> lines;
    std::istringstream in(err);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }
};

inline std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

inline std::string Sha256Hex(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr);
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 15];
  }
  return hex;
}

// Splits text into lines; a final line without '\n' counts too.
inline std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

class CliSandbox {
 public:
  CliSandbox() {
    std::string tmpl = (fs::temp_directory_path() / "tdm-cli-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    root_ = tmpl;
    dir_ = root_ / "work";
    fs::create_directory(dir_);
    for (const auto& entry : fs::directory_iterator(fs::path(TDM_SOURCE_DIR) / "examples")) {
      if (entry.is_regular_file()) fs::copy_file(entry.path(), dir_ / entry.path().filename());
    }
  }
  ~CliSandbox() {
    for (pid_t pid : background_) {
      kill(-pid, SIGKILL);
      waitpid(pid, nullptr, 0);
    }
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  CliSandbox(const CliSandbox&) = delete;
  CliSandbox& operator=(const CliSandbox&) = delete;

  // The working directory of every command.
  const fs::path& dir() const { return dir_; }
  fs::path path(const std::string& relative) const { return dir_ / relative; }

  // Runs `command_line` with /bin/sh -c and waits for it (at most `timeout`, then it is killed).
  CliResult Run(const std::string& command_line,
                std::chrono::seconds timeout = std::chrono::seconds(60)) {
    int n = ++runs_;
    fs::path out_path = root_ / ("out-" + std::to_string(n));
    fs::path err_path = root_ / ("err-" + std::to_string(n));
    pid_t pid = Spawn(command_line, out_path, err_path);
    CliResult result;
    result.exit_code = Wait(pid, std::chrono::steady_clock::now() + timeout);
    result.out = ReadFile(out_path);
    result.err = ReadFile(err_path);
    return result;
  }

  // Starts `command_line` in the background and returns the pid of the process. The shell execs
  // the command, so the pid is the data-cli process itself and a signal sent to it reaches it.
  pid_t Start(const std::string& command_line) {
    int n = ++runs_;
    pid_t pid = Spawn("exec " + command_line, root_ / ("out-" + std::to_string(n)),
                      root_ / ("err-" + std::to_string(n)));
    background_.insert(pid);
    return pid;
  }

  // True while a process from Start has not exited.
  bool Running(pid_t pid) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == 0) return true;
    background_.erase(pid);
    return false;
  }

  // Waits for a process from Start to exit (killing it after `timeout`); returns its exit code.
  int Join(pid_t pid, std::chrono::seconds timeout = std::chrono::seconds(300)) {
    int code = Wait(pid, std::chrono::steady_clock::now() + timeout);
    background_.erase(pid);
    return code;
  }

  // Sends SIGKILL to a process from Start (and anything it started) and reaps it; returns its exit
  // code as Run does.
  int Kill(pid_t pid) {
    kill(-pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    background_.erase(pid);
    return ExitCode(status);
  }

  // Every regular file under the sandbox, relative to it, except the registry database (which
  // opening the state dir may create or touch).
  std::set<std::string> Files() const {
    std::set<std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(dir_)) {
      if (!entry.is_regular_file()) continue;
      std::string name = fs::relative(entry.path(), dir_).string();
      if (name.rfind(".tdm/registry.db", 0) == 0) continue;
      files.insert(name);
    }
    return files;
  }

 private:
  static int ExitCode(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
  }

  pid_t Spawn(const std::string& command_line, const fs::path& out_path, const fs::path& err_path) {
    std::string bin_dir = fs::path(TDM_DATA_CLI).parent_path().string();
    const char* old_path = std::getenv("PATH");
    std::string path = bin_dir + ":" + (old_path ? old_path : "/usr/bin:/bin");
    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
      setpgid(0, 0);  // one process group per command, so a timeout kills all of it
      int in = open("/dev/null", O_RDONLY);
      int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (in < 0 || out < 0 || err < 0 || chdir(dir_.c_str()) != 0) _exit(127);
      dup2(in, STDIN_FILENO);
      dup2(out, STDOUT_FILENO);
      dup2(err, STDERR_FILENO);
      setenv("PATH", path.c_str(), 1);
      // The tests choose spec and state dir explicitly; the caller's environment must not leak in.
      unsetenv("TDM_SPEC");
      unsetenv("TDM_STATE_DIR");
      execl("/bin/sh", "sh", "-c", command_line.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    setpgid(pid, pid);  // also here: the parent may signal the group before the child runs
    return pid;
  }

  static int Wait(pid_t pid, std::chrono::steady_clock::time_point deadline) {
    int status = 0;
    while (waitpid(pid, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        kill(-pid, SIGKILL);
        waitpid(pid, &status, 0);
        return ExitCode(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return ExitCode(status);
  }

  fs::path root_;
  fs::path dir_;
  int runs_ = 0;
  std::set<pid_t> background_;
};

// EXPECT_TRUE(Succeeded(r)) prints the command's exit code and both streams when it failed.
inline ::testing::AssertionResult Succeeded(const CliResult& r) {
  if (r.exit_code == 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "exit code " << r.exit_code << "\n--- stdout:\n"
                                       << r.out << "--- stderr:\n"
                                       << r.err;
}

inline ::testing::AssertionResult HasSubstr(const std::string& text, const std::string& needle) {
  if (text.find(needle) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "'" << needle << "' not found in:\n" << text;
}

// The execution id from the first line of a human-readable provision
// ("Provisioned execution exec-4c89ae5bf370 (env ...").
inline std::string ProvisionedId(const CliResult& r) {
  static const std::regex kLine(R"(^Provisioned execution (\S+) \()");
  std::smatch m;
  return std::regex_search(r.out, m, kLine) ? m[1].str() : std::string();
}

// `data-cli executions --json` parsed; fails the test (and returns an empty array) on bad output.
inline nlohmann::json Executions(CliSandbox& box, const std::string& options = "") {
  CliResult r = box.Run("data-cli " + options + " executions --json");
  EXPECT_TRUE(Succeeded(r));
  nlohmann::json list = nlohmann::json::parse(r.out, nullptr, false);
  EXPECT_TRUE(list.is_array()) << r.out;
  return list.is_array() ? list : nlohmann::json::array();
}

// The record of one execution from Executions(), or null when it is not listed.
inline nlohmann::json FindExecution(const nlohmann::json& executions, const std::string& id) {
  for (const nlohmann::json& e : executions) {
    if (e.value("execution_id", "") == id) return e;
  }
  return nullptr;
}

}  // namespace tdm::cli_test

#endif  // TDM_TESTS_CLI_CLI_RUNNER_H_
