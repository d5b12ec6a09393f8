#include "provision/registry.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "core/time_format.h"
#include "store/schema_json.h"

namespace tdm::provision {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS executions (
  id TEXT PRIMARY KEY,
  environment TEXT NOT NULL,
  dataset TEXT NOT NULL,
  dataset_version TEXT NOT NULL,
  spec_path TEXT NOT NULL,
  target TEXT NOT NULL,
  status TEXT NOT NULL,
  seed INTEGER NOT NULL,
  generator INTEGER NOT NULL,
  tables TEXT NOT NULL,
  error TEXT NOT NULL,
  pid INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  duration_ms INTEGER NOT NULL,
  ns TEXT NOT NULL DEFAULT '',
  schema TEXT NOT NULL DEFAULT '[]',
  owner TEXT NOT NULL DEFAULT '',
  origin TEXT NOT NULL DEFAULT '',
  expires_at TEXT NOT NULL DEFAULT '',
  requested_by TEXT NOT NULL DEFAULT ''
);
)sql";

// Columns added after the first release (also in kSchema); older registries gain them on open.
constexpr std::pair<const char*, const char*> kAddedColumns[] = {
    {"ns", "TEXT NOT NULL DEFAULT ''"},         {"schema", "TEXT NOT NULL DEFAULT '[]'"},
    {"owner", "TEXT NOT NULL DEFAULT ''"},      {"origin", "TEXT NOT NULL DEFAULT ''"},
    {"expires_at", "TEXT NOT NULL DEFAULT ''"}, {"requested_by", "TEXT NOT NULL DEFAULT ''"},
};

constexpr const char* kColumns =
    "id, environment, dataset, dataset_version, spec_path, target, status, seed, generator, "
    "tables, error, pid, created_at, updated_at, duration_ms, ns, schema, owner, origin, "
    "expires_at, requested_by";

std::string Text(sqlite3_stmt* s, int c) {
  const unsigned char* t = sqlite3_column_text(s, c);
  return t ? reinterpret_cast<const char*>(t) : "";
}

ExecutionRecord ReadRecord(sqlite3_stmt* s) {
  ExecutionRecord r;
  r.id = Text(s, 0);
  r.environment = Text(s, 1);
  r.dataset = Text(s, 2);
  r.dataset_version = Text(s, 3);
  r.spec_path = Text(s, 4);
  r.target = Text(s, 5);
  r.status = Text(s, 6);
  r.seed = static_cast<uint64_t>(sqlite3_column_int64(s, 7));
  r.generator = sqlite3_column_int(s, 8);
  nlohmann::ordered_json tables = nlohmann::ordered_json::parse(Text(s, 9), nullptr, false);
  if (tables.is_array()) {
    for (const auto& t : tables)
      r.tables.emplace_back(t.at(0).get<std::string>(), t.at(1).get<int64_t>());
  }
  r.error = Text(s, 10);
  r.pid = sqlite3_column_int64(s, 11);
  r.created_at = Text(s, 12);
  r.updated_at = Text(s, 13);
  r.duration_ms = sqlite3_column_int64(s, 14);
  r.ns = Text(s, 15);
  auto schema = store::SchemasFromJson(nlohmann::json::parse(Text(s, 16), nullptr, false));
  if (schema.ok()) r.schema = std::move(*schema);
  r.owner = Text(s, 17);
  r.origin = Text(s, 18);
  r.expires_at = Text(s, 19);
  r.requested_by = Text(s, 20);
  if (r.ns.empty()) {  // written before targets had URLs: target was the SQLite file's path
    r.ns = r.target;
    r.target = "sqlite://" + r.target;
  }
  return r;
}

void Bind(sqlite3_stmt* s, const ExecutionRecord& r) {
  nlohmann::json tables = nlohmann::json::array();
  for (const auto& [name, rows] : r.tables) tables.push_back({name, rows});
  std::string tables_text = tables.dump();
  auto text = [&](int i, const std::string& v) {
    sqlite3_bind_text(s, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  };
  text(1, r.id);
  text(2, r.environment);
  text(3, r.dataset);
  text(4, r.dataset_version);
  text(5, r.spec_path);
  text(6, r.target);
  text(7, r.status);
  sqlite3_bind_int64(s, 8, static_cast<int64_t>(r.seed));
  sqlite3_bind_int(s, 9, r.generator);
  text(10, tables_text);
  text(11, r.error);
  sqlite3_bind_int64(s, 12, r.pid);
  text(13, r.created_at);
  text(14, r.updated_at);
  sqlite3_bind_int64(s, 15, r.duration_ms);
  text(16, r.ns);
  std::string schema_text = store::SchemasToJson(r.schema).dump();
  text(17, schema_text);
  text(18, r.owner);
  text(19, r.origin);
  text(20, r.expires_at);
  text(21, r.requested_by);
}

bool ProcessAlive(int64_t pid) {
  if (pid <= 0) return false;
  return kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

// The start time of process `pid` in clock ticks since boot (field 22 of /proc/<pid>/stat), or
// empty when there is no such process.
std::string ProcessStart(int64_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  size_t close = text.rfind(')');  // the command name may contain spaces
  if (close == std::string::npos) return "";
  std::istringstream fields(text.substr(close + 2));
  std::string field;
  for (int i = 3; i <= 22 && fields >> field; ++i) {
  }
  return field;
}

std::string HostName() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return host;
}

// Whether the process that wrote `owner` (ProcessOwner()) still runs. A process on another host
// cannot be checked and is assumed alive.
bool OwnerAlive(const std::string& owner, int64_t pid) {
  size_t a = owner.find('/');
  size_t b = owner.rfind('/');
  if (owner.empty() || a == std::string::npos || a == b) return ProcessAlive(pid);
  if (owner.substr(0, a) != HostName()) return true;
  int64_t owner_pid = std::atoll(owner.substr(a + 1, b - a - 1).c_str());
  return ProcessAlive(owner_pid) && ProcessStart(owner_pid) == owner.substr(b + 1);
}

}  // namespace

std::string NowUtc() {
  auto now = std::chrono::system_clock::now();
  int64_t us =
      std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
  return FormatDateTime(us / 1'000'000 * 1'000'000);
}

std::string ProcessOwner() {
  return HostName() + "/" + std::to_string(getpid()) + "/" + ProcessStart(getpid());
}

std::string NewExecutionId() {
  std::random_device rd;
  uint64_t v = (static_cast<uint64_t>(rd()) << 32) ^ rd();
  return fmt::format("exec-{:012x}", v & 0xffffffffffffULL);
}

Status CheckExecutionId(const std::string& id) {
  // Ids name databases on every backend: PostgreSQL allows 63 bytes, MySQL no '.'.
  bool ok = !id.empty() && id.size() <= 48;
  for (char c : id) {
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_');
  }
  if (ok) return Status::Ok();
  return {StatusCode::kInvalidArgument,
          "execution id '" + id + "' must be 1-48 letters, digits, '-' or '_'"};
}

Result<Registry> Registry::Open(const std::string& state_dir) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(state_dir) / "executions", ec);
  if (ec) {
    return Status(StatusCode::kIoError,
                  "cannot create state directory '" + state_dir + "': " + ec.message());
  }
  // Creating the registry, switching it to WAL and adding columns each read and then write; two
  // processes doing that at once can deadlock, and SQLite then fails one at once instead of
  // waiting. A lock file serialises the setup; later statements wait on SQLite's busy timeout.
  std::string lock_path = (std::filesystem::path(state_dir) / "registry.lock").string();
  int lock_fd = open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd < 0 || flock(lock_fd, LOCK_EX) != 0) {
    if (lock_fd >= 0) close(lock_fd);
    return Status(StatusCode::kIoError, "cannot lock '" + lock_path + "': " + strerror(errno));
  }
  struct Unlock {
    int fd;
    ~Unlock() { close(fd); }
  } unlock{lock_fd};
  Registry registry;
  registry.state_dir_ = state_dir;
  std::string path = (std::filesystem::path(state_dir) / "registry.db").string();
  TDM_ASSIGN_OR_RETURN(registry.db_, store::SqliteDb::Open(path, true));
  TDM_RETURN_IF_ERROR(registry.db_.Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL"));
  TDM_RETURN_IF_ERROR(registry.db_.Exec(kSchema));
  for (const auto& [column, declaration] : kAddedColumns) {
    TDM_ASSIGN_OR_RETURN(store::SqliteStatement probe,
                         registry.db_.Prepare(std::string("SELECT count(*) FROM "
                                                          "pragma_table_info('executions') WHERE "
                                                          "name = '") +
                                              column + "'"));
    bool missing =
        sqlite3_step(probe.get()) == SQLITE_ROW && sqlite3_column_int(probe.get(), 0) == 0;
    probe = store::SqliteStatement();  // ends its read transaction before the write below
    if (missing) {
      Status added = registry.db_.Exec(std::string("ALTER TABLE executions ADD COLUMN ") + column +
                                       " " + declaration);
      // Another process may have added it between the check and here.
      if (!added.ok() && added.message().find("duplicate column") == std::string::npos) {
        return added;
      }
    }
  }
  return registry;
}

std::string Registry::ExecutionPath(const std::string& id) const {
  return (std::filesystem::path(state_dir_) / "executions" / (id + ".db")).string();
}

Status Registry::Insert(const ExecutionRecord& record) {
  TDM_ASSIGN_OR_RETURN(store::SqliteStatement s,
                       db_.Prepare(std::string("INSERT INTO executions (") + kColumns +
                                   ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
  Bind(s.get(), record);
  if (sqlite3_step(s.get()) != SQLITE_DONE) {
    if (sqlite3_extended_errcode(db_.get()) == SQLITE_CONSTRAINT_PRIMARYKEY) {
      return {StatusCode::kFailedPrecondition,
              "execution '" + record.id + "' already exists; clean it up first or pick another id"};
    }
    return db_.Error("recording execution '" + record.id + "'");
  }
  return Status::Ok();
}

Status Registry::Update(const ExecutionRecord& record) {
  TDM_ASSIGN_OR_RETURN(
      store::SqliteStatement s,
      db_.Prepare("UPDATE executions SET environment = ?2, dataset = ?3, dataset_version = ?4, "
                  "spec_path = ?5, target = ?6, status = ?7, seed = ?8, generator = ?9, "
                  "tables = ?10, error = ?11, pid = ?12, created_at = ?13, updated_at = ?14, "
                  "duration_ms = ?15, ns = ?16, schema = ?17, owner = ?18, origin = ?19, "
                  "expires_at = ?20, requested_by = ?21 WHERE id = ?1"));
  Bind(s.get(), record);
  if (sqlite3_step(s.get()) != SQLITE_DONE) {
    return db_.Error("updating execution '" + record.id + "'");
  }
  if (sqlite3_changes(db_.get()) != 1) {
    return {StatusCode::kNotFound, "no execution '" + record.id + "' to update"};
  }
  return Status::Ok();
}

Status Registry::Remove(const std::string& id) {
  TDM_ASSIGN_OR_RETURN(store::SqliteStatement s,
                       db_.Prepare("DELETE FROM executions WHERE id = ? AND status = "
                                   "'provisioning' AND owner = ?"));
  std::string owner = ProcessOwner();
  sqlite3_bind_text(s.get(), 1, id.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(s.get(), 2, owner.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(s.get()) != SQLITE_DONE) return db_.Error("removing '" + id + "'");
  if (sqlite3_changes(db_.get()) != 1) {
    return {StatusCode::kNotFound, "no unstarted execution '" + id + "' of this process"};
  }
  return Status::Ok();
}

Result<std::optional<ExecutionRecord>> Registry::Find(const std::string& id) {
  TDM_ASSIGN_OR_RETURN(store::SqliteStatement s, db_.Prepare(std::string("SELECT ") + kColumns +
                                                             " FROM executions WHERE id = ?"));
  sqlite3_bind_text(s.get(), 1, id.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(s.get()) == SQLITE_ROW) return std::optional(ReadRecord(s.get()));
  return std::optional<ExecutionRecord>();
}

Result<std::optional<std::pair<std::string, std::string>>> Registry::StatusOf(
    const std::string& id) {
  TDM_ASSIGN_OR_RETURN(store::SqliteStatement s,
                       db_.Prepare("SELECT status, updated_at FROM executions WHERE id = ?"));
  sqlite3_bind_text(s.get(), 1, id.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(s.get()) != SQLITE_ROW) {
    return std::optional<std::pair<std::string, std::string>>();
  }
  return std::optional(std::pair(Text(s.get(), 0), Text(s.get(), 1)));
}

Result<std::vector<ExecutionRecord>> Registry::List() {
  TDM_ASSIGN_OR_RETURN(store::SqliteStatement s,
                       db_.Prepare(std::string("SELECT ") + kColumns +
                                   " FROM executions ORDER BY created_at, rowid"));
  std::vector<ExecutionRecord> out;
  while (sqlite3_step(s.get()) == SQLITE_ROW) out.push_back(ReadRecord(s.get()));
  return out;
}

Result<std::optional<ExecutionRecord>> Registry::NewestReady() {
  TDM_ASSIGN_OR_RETURN(store::SqliteStatement s,
                       db_.Prepare(std::string("SELECT ") + kColumns +
                                   " FROM executions WHERE status = 'ready' ORDER BY created_at "
                                   "DESC, rowid DESC LIMIT 1"));
  if (sqlite3_step(s.get()) == SQLITE_ROW) return std::optional(ReadRecord(s.get()));
  return std::optional<ExecutionRecord>();
}

Result<std::vector<ExecutionRecord>> Registry::ClaimInterrupted() {
  // Only provisioning rows can be interrupted; reading just them keeps this cheap when the
  // registry holds thousands of finished executions (the API server calls it per provision).
  std::vector<ExecutionRecord> all;
  {
    TDM_ASSIGN_OR_RETURN(store::SqliteStatement s,
                         db_.Prepare(std::string("SELECT ") + kColumns +
                                     " FROM executions WHERE status = 'provisioning'"));
    while (sqlite3_step(s.get()) == SQLITE_ROW) all.push_back(ReadRecord(s.get()));
  }
  std::vector<ExecutionRecord> claimed;
  for (ExecutionRecord& r : all) {
    if (r.status != "provisioning" || OwnerAlive(r.owner, r.pid)) continue;
    // The status check in the UPDATE makes the claim exclusive between concurrent processes.
    TDM_ASSIGN_OR_RETURN(store::SqliteStatement s,
                         db_.Prepare("UPDATE executions SET status = 'failed', error = ?2, "
                                     "updated_at = ?3 WHERE id = ?1 AND status = 'provisioning'"));
    r.status = "failed";
    r.error = "interrupted: the provisioning process (pid " + std::to_string(r.pid) +
              ") ended before it finished";
    r.updated_at = NowUtc();
    sqlite3_bind_text(s.get(), 1, r.id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s.get(), 2, r.error.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s.get(), 3, r.updated_at.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s.get()) != SQLITE_DONE) return db_.Error("recovering '" + r.id + "'");
    if (sqlite3_changes(db_.get()) == 1) claimed.push_back(std::move(r));
  }
  return claimed;
}

}  // namespace tdm::provision
