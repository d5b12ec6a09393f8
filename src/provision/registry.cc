#include "provision/registry.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>

#include "core/time_format.h"

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
  duration_ms INTEGER NOT NULL
);
)sql";

constexpr const char* kColumns =
    "id, environment, dataset, dataset_version, spec_path, target, status, seed, generator, "
    "tables, error, pid, created_at, updated_at, duration_ms";

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
}

bool ProcessAlive(int64_t pid) {
  if (pid <= 0) return false;
  return kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

}  // namespace

std::string NowUtc() {
  auto now = std::chrono::system_clock::now();
  int64_t us =
      std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
  return FormatDateTime(us / 1'000'000 * 1'000'000);
}

std::string NewExecutionId() {
  std::random_device rd;
  uint64_t v = (static_cast<uint64_t>(rd()) << 32) ^ rd();
  return fmt::format("exec-{:012x}", v & 0xffffffffffffULL);
}

Status CheckExecutionId(const std::string& id) {
  bool ok = !id.empty() && id.size() <= 64;
  for (char c : id) {
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.');
  }
  if (ok && id[0] != '.') return Status::Ok();
  return {StatusCode::kInvalidArgument,
          "execution id '" + id + "' must be 1-64 letters, digits, '-', '_' or '.'"};
}

Result<Registry> Registry::Open(const std::string& state_dir) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(state_dir) / "executions", ec);
  if (ec) {
    return Status(StatusCode::kIoError,
                  "cannot create state directory '" + state_dir + "': " + ec.message());
  }
  Registry registry;
  registry.state_dir_ = state_dir;
  std::string path = (std::filesystem::path(state_dir) / "registry.db").string();
  TDM_ASSIGN_OR_RETURN(registry.db_, store::SqliteDb::Open(path, true));
  TDM_RETURN_IF_ERROR(registry.db_.Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL"));
  TDM_RETURN_IF_ERROR(registry.db_.Exec(kSchema));
  return registry;
}

std::string Registry::ExecutionPath(const std::string& id) const {
  return (std::filesystem::path(state_dir_) / "executions" / (id + ".db")).string();
}

Status Registry::Insert(const ExecutionRecord& record) {
  TDM_ASSIGN_OR_RETURN(store::SqliteStatement s,
                       db_.Prepare(std::string("INSERT INTO executions (") + kColumns +
                                   ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
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
                  "duration_ms = ?15 WHERE id = ?1"));
  Bind(s.get(), record);
  if (sqlite3_step(s.get()) != SQLITE_DONE) {
    return db_.Error("updating execution '" + record.id + "'");
  }
  if (sqlite3_changes(db_.get()) != 1) {
    return {StatusCode::kNotFound, "no execution '" + record.id + "' to update"};
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

Status Registry::Recover() {
  TDM_ASSIGN_OR_RETURN(std::vector<ExecutionRecord> all, List());
  for (ExecutionRecord& r : all) {
    if (r.status != "provisioning" || ProcessAlive(r.pid)) continue;
    std::error_code ec;
    std::filesystem::remove(r.target + ".partial", ec);
    r.status = "failed";
    r.error = "interrupted: the provisioning process (pid " + std::to_string(r.pid) +
              ") ended before it finished; its partial data was removed";
    r.updated_at = NowUtc();
    TDM_RETURN_IF_ERROR(Update(r));
  }
  return Status::Ok();
}

}  // namespace tdm::provision
