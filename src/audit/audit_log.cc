#include "audit/audit_log.h"

#include <fcntl.h>
#include <pwd.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace tdm::audit {

std::string AuditLogPath(const std::string& state_dir) {
  return (std::filesystem::path(state_dir) / "audit.jsonl").string();
}

std::string CurrentUser() {
  if (const char* user = std::getenv("TDM_USER"); user != nullptr && *user != '\0') return user;
  if (const passwd* pw = getpwuid(geteuid()); pw != nullptr) return pw->pw_name;
  return "uid_" + std::to_string(geteuid());
}

Status AppendEvent(const std::string& state_dir, const nlohmann::ordered_json& event) {
  std::error_code ec;
  std::filesystem::create_directories(state_dir, ec);
  std::string path = AuditLogPath(state_dir);
  auto failed = [&](const std::string& what) {
    return Status(StatusCode::kIoError,
                  what + " the audit log " + path + ": " + std::strerror(errno));
  };
  int fd = open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return failed("cannot open");
  std::string line = event.dump() + "\n";
  Status status;
  if (flock(fd, LOCK_EX) != 0) {
    status = failed("cannot lock");
  } else {
    size_t done = 0;
    while (done < line.size() && status.ok()) {
      ssize_t n = write(fd, line.data() + done, line.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) status = failed("cannot write to");
      done += n > 0 ? static_cast<size_t>(n) : 0;
    }
    if (status.ok() && fsync(fd) != 0) status = failed("cannot flush");
  }
  close(fd);
  return status;
}

}  // namespace tdm::audit
