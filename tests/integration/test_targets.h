// Targets for tests that run against every backend: SQLite and files in a fresh temp dir, the
// servers of scripts/test-servers by their TDM_TEST_*_URL variables. A server whose variable is
// missing is an error, never a skip.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "store/database.h"
#include "store/target.h"
#include "tdm/status.h"

namespace tdm::store {

struct TestTargetInfo {
  TargetKind kind = TargetKind::kSqlite;
  std::string url;
  std::string dir;  // SQLite and file targets: the temp dir namespaces live in

  // A namespace name unique to this test process.
  std::string Namespace(const std::string& base) const {
    std::string name = "tdmtest_" + std::to_string(getpid()) + "_" + base;
    if (kind == TargetKind::kSqlite) return dir + "/" + name + ".db";
    if (kind == TargetKind::kFile) return dir + "/" + name;
    return name;
  }

  // What every namespace of this process starts with.
  std::string Prefix() const {
    std::string name = "tdmtest_" + std::to_string(getpid()) + "_";
    if (kind == TargetKind::kSqlite || kind == TargetKind::kFile) return dir + "/" + name;
    return name;
  }
};

inline const char* TestServerVariable(TargetKind kind) {
  switch (kind) {
    case TargetKind::kPostgres:
      return "TDM_TEST_POSTGRES_URL";
    case TargetKind::kMysql:
      return "TDM_TEST_MYSQL_URL";
    case TargetKind::kRedis:
      return "TDM_TEST_REDIS_URL";
    default:
      return "";
  }
}

inline Result<TestTargetInfo> TestTarget(TargetKind kind) {
  TestTargetInfo info;
  info.kind = kind;
  if (kind == TargetKind::kSqlite || kind == TargetKind::kFile) {
    std::string base = (std::filesystem::temp_directory_path() / "tdm-test-XXXXXX").string();
    if (mkdtemp(base.data()) == nullptr) return Status(StatusCode::kIoError, "mkdtemp failed");
    info.dir = base;
    info.url = std::string(kind == TargetKind::kSqlite ? "sqlite://" : "file://") + base +
               (kind == TargetKind::kFile ? "?format=jsonl" : "");
    return info;
  }
  const char* variable = TestServerVariable(kind);
  const char* url = std::getenv(variable);
  if (url == nullptr || *url == '\0') {
    return Status(
        StatusCode::kFailedPrecondition,
        std::string(variable) +
            " is not set: run the suite with scripts/test, or eval \"$(scripts/test-servers "
            "start)\" first");
  }
  info.url = url;
  return info;
}

// A TCP port on 127.0.0.1 that nothing listens on (bound, read, released).
inline int UnusedPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

// The test target of `kind`, opened, with namespace `base` of this process dropped so a test
// starts from nothing.
struct OpenedTestTarget {
  TestTargetInfo info;
  std::unique_ptr<Database> db;
  std::string ns;
};

inline Result<OpenedTestTarget> OpenTestTarget(TargetKind kind, const std::string& base) {
  OpenedTestTarget opened;
  TDM_ASSIGN_OR_RETURN(opened.info, TestTarget(kind));
  TDM_ASSIGN_OR_RETURN(TargetUrl url, ParseTarget(opened.info.url));
  TDM_ASSIGN_OR_RETURN(opened.db, OpenDatabase(url));
  opened.ns = opened.info.Namespace(base);
  TDM_RETURN_IF_ERROR(opened.db->Drop(opened.ns));
  return opened;
}

}  // namespace tdm::store
