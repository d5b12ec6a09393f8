#include "server/auth.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <optional>

#include "core/time_format.h"

namespace tdm::server {
namespace {

constexpr std::string_view kSecretPrefix = "tdm_";
constexpr size_t kSecretBytes = 32;
constexpr size_t kSecretChars = 43;  // base64url of 32 bytes, without padding

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS tokens (
  id TEXT PRIMARY KEY,
  secret_sha256 TEXT NOT NULL UNIQUE,
  user TEXT NOT NULL,
  role TEXT NOT NULL,
  kind TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT NOT NULL DEFAULT ''
);
)sql";

constexpr const char* kColumns = "id, user, role, kind, created_at, expires_at, revoked_at";

constexpr Role kRoles[] = {Role::kQa, Role::kDeveloper, Role::kDevops, Role::kAnalyst};

Result<std::string> RandomBytes(size_t n) {
  std::string bytes(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(n)) != 1) {
    return Status(StatusCode::kInternal, "the system random number generator failed");
  }
  return bytes;
}

std::string Base64Url(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  uint32_t bits = 0;
  int held = 0;
  for (unsigned char c : bytes) {
    bits = (bits << 8) | c;
    held += 8;
    while (held >= 6) {
      held -= 6;
      out += kAlphabet[(bits >> held) & 63];
    }
  }
  if (held > 0) out += kAlphabet[(bits << (6 - held)) & 63];
  return out;
}

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::string Sha256Hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_sha256(), nullptr);
  return Hex(std::string_view(reinterpret_cast<const char*>(digest.data()), size));
}

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string Text(sqlite3_stmt* s, int c) {
  const unsigned char* t = sqlite3_column_text(s, c);
  return t ? reinterpret_cast<const char*>(t) : "";
}

void BindText(sqlite3_stmt* s, int i, std::string_view v) {
  sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}

// A row of kColumns. A role the store does not know (written by a newer tdm) reads as analyst,
// the narrowest role, so an unknown name never widens access.
TokenInfo ReadToken(sqlite3_stmt* s) {
  TokenInfo t;
  t.id = Text(s, 0);
  t.user = Text(s, 1);
  auto role = ParseRole(Text(s, 2));
  t.role = role.ok() ? *role : Role::kAnalyst;
  t.kind = Text(s, 3);
  t.created_at = Text(s, 4);
  t.expires_at = Text(s, 5);
  t.revoked = !Text(s, 6).empty();
  return t;
}

// Creating the file, switching it to WAL and creating the table each read and then write; two
// processes doing that at once can deadlock, and SQLite then fails one at once instead of waiting
// (as in provision/registry.cc). A lock file serialises the setup.
class SetupLock {
 public:
  static Result<SetupLock> Take(const std::string& path) {
    int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0 || flock(fd, LOCK_EX) != 0) {
      if (fd >= 0) close(fd);
      return Status(StatusCode::kIoError, "cannot lock '" + path + "': " + strerror(errno));
    }
    return SetupLock(fd);
  }
  SetupLock(SetupLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  SetupLock& operator=(SetupLock&&) = delete;
  ~SetupLock() {
    if (fd_ >= 0) close(fd_);
  }

 private:
  explicit SetupLock(int fd) : fd_(fd) {}
  int fd_;
};

bool InEnvironments(std::string_view environment) {
  return environment == "local" || environment == "ci";
}

}  // namespace

Result<Role> ParseRole(std::string_view name) {
  std::string lower;
  for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (Role role : kRoles) {
    if (lower == RoleName(role)) return role;
  }
  if (lower == "product") {
    return Status(StatusCode::kInvalidArgument,
                  "role 'product' is refused: the access model gives product no access to test "
                  "data (roles: qa, developer, devops, analyst)");
  }
  return Status(StatusCode::kInvalidArgument,
                "unknown role '" + std::string(name) + "' (roles: qa, developer, devops, analyst)");
}

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kQa:
      return "qa";
    case Role::kDeveloper:
      return "developer";
    case Role::kDevops:
      return "devops";
    case Role::kAnalyst:
      return "analyst";
  }
  return "analyst";
}

Result<TokenStore> TokenStore::Open(const std::string& state_dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(state_dir, ec);
  if (ec) {
    return Status(StatusCode::kIoError,
                  "cannot create state directory '" + state_dir + "': " + ec.message());
  }
  TDM_ASSIGN_OR_RETURN(SetupLock lock, SetupLock::Take((fs::path(state_dir) / "tokens.lock")));
  std::string path = (fs::path(state_dir) / "tokens.db").string();
  // The file lists users and roles: readable by its owner only. SQLite gives its -wal and -shm
  // files the mode of the database.
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Status(StatusCode::kIoError, "cannot create '" + path + "': " + strerror(errno));
  }
  close(fd);
  TokenStore tokens;
  tokens.mu_ = std::make_unique<std::mutex>();
  TDM_ASSIGN_OR_RETURN(tokens.db_, store::SqliteDb::Open(path, true));
  TDM_RETURN_IF_ERROR(tokens.db_.Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL"));
  TDM_RETURN_IF_ERROR(tokens.db_.Exec(kSchema));
  return tokens;
}

Result<IssuedToken> TokenStore::Create(const std::string& user, Role role, std::chrono::seconds ttl,
                                       bool standing) {
  if (ttl < std::chrono::seconds(1)) {
    return Status(StatusCode::kInvalidArgument, "a token must live at least 1 second");
  }
  if (ttl > kStandingTtl) {
    return Status(StatusCode::kInvalidArgument,
                  "a token may live at most 7 days (standing access, by the access model); "
                  "create a new one when it expires");
  }
  if (user.empty()) return Status(StatusCode::kInvalidArgument, "a token needs a user");
  TDM_ASSIGN_OR_RETURN(std::string secret_bytes, RandomBytes(kSecretBytes));
  TDM_ASSIGN_OR_RETURN(std::string id_bytes, RandomBytes(6));
  IssuedToken issued;
  issued.secret = std::string(kSecretPrefix) + Base64Url(secret_bytes);
  TokenInfo& info = issued.info;
  info.id = "tok-" + Hex(id_bytes);
  info.user = user;
  info.role = role;
  info.kind = standing ? "standing" : "session";
  int64_t now = NowMicros();
  int64_t expires = now + std::chrono::duration_cast<std::chrono::microseconds>(ttl).count();
  info.created_at = FormatDateTime(now / kMicrosPerSecond * kMicrosPerSecond);
  info.expires_at = FormatDateTime(expires / kMicrosPerSecond * kMicrosPerSecond);

  std::lock_guard<std::mutex> lock(*mu_);
  TDM_ASSIGN_OR_RETURN(
      store::SqliteStatement s,
      db_.Prepare("INSERT INTO tokens (id, secret_sha256, user, role, kind, created_at, "
                  "expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)"));
  BindText(s.get(), 1, info.id);
  BindText(s.get(), 2, Sha256Hex(issued.secret));
  BindText(s.get(), 3, info.user);
  BindText(s.get(), 4, RoleName(role));
  BindText(s.get(), 5, info.kind);
  BindText(s.get(), 6, info.created_at);
  BindText(s.get(), 7, info.expires_at);
  if (sqlite3_step(s.get()) != SQLITE_DONE) return db_.Error("recording the token");
  return issued;
}

Result<TokenInfo> TokenStore::Authenticate(std::string_view secret) {
  // A malformed secret is refused without a lookup, and reads as unknown: the caller learns
  // nothing about which tokens exist.
  bool well_formed = secret.size() == kSecretPrefix.size() + kSecretChars &&
                     secret.substr(0, kSecretPrefix.size()) == kSecretPrefix;
  if (!well_formed) return Status(StatusCode::kFailedPrecondition, "unknown token");
  std::string hash = Sha256Hex(secret);
  std::lock_guard<std::mutex> lock(*mu_);
  TDM_ASSIGN_OR_RETURN(
      store::SqliteStatement s,
      db_.Prepare(std::string("SELECT ") + kColumns + " FROM tokens WHERE secret_sha256 = ?"));
  BindText(s.get(), 1, hash);
  int rc = sqlite3_step(s.get());
  if (rc == SQLITE_DONE) return Status(StatusCode::kFailedPrecondition, "unknown token");
  if (rc != SQLITE_ROW) return db_.Error("looking up a token");
  TokenInfo info = ReadToken(s.get());
  if (info.revoked) return Status(StatusCode::kFailedPrecondition, "token revoked");
  std::optional<int64_t> expires = ParseDateTime(info.expires_at);
  if (!expires || NowMicros() >= *expires) {
    return Status(StatusCode::kFailedPrecondition,
                  "token expired at " + info.expires_at + "; create a new one");
  }
  return info;
}

Result<std::vector<TokenInfo>> TokenStore::List() {
  std::lock_guard<std::mutex> lock(*mu_);
  TDM_ASSIGN_OR_RETURN(
      store::SqliteStatement s,
      db_.Prepare(std::string("SELECT ") + kColumns + " FROM tokens ORDER BY created_at, rowid"));
  std::vector<TokenInfo> out;
  int rc;
  while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) out.push_back(ReadToken(s.get()));
  if (rc != SQLITE_DONE) return db_.Error("listing tokens");
  return out;
}

Status TokenStore::Revoke(const std::string& id) {
  std::lock_guard<std::mutex> lock(*mu_);
  // Revoking twice keeps the first time.
  TDM_ASSIGN_OR_RETURN(store::SqliteStatement s,
                       db_.Prepare("UPDATE tokens SET revoked_at = CASE revoked_at WHEN '' THEN ? "
                                   "ELSE revoked_at END WHERE id = ?"));
  BindText(s.get(), 1, FormatDateTime(NowMicros() / kMicrosPerSecond * kMicrosPerSecond));
  BindText(s.get(), 2, id);
  if (sqlite3_step(s.get()) != SQLITE_DONE) return db_.Error("revoking token '" + id + "'");
  if (sqlite3_changes(db_.get()) != 1) {
    return {StatusCode::kNotFound, "no token '" + id + "' (see data-cli token list)"};
  }
  return Status::Ok();
}

std::string Forbidden(const Principal& who, Action action, std::string_view environment,
                      std::string_view requested_by) {
  Role role = who.role;
  if (role == Role::kDevops) return "";
  std::string name(RoleName(role));
  bool own = !requested_by.empty() && requested_by == who.user;
  if (role == Role::kAnalyst) {
    if (action == Action::kListDatasets || action == Action::kReadMetrics ||
        action == Action::kListExecutions) {
      return "";
    }
    return "role analyst sees aggregates only: the datasets, the metrics and execution counts";
  }
  // qa and developer.
  switch (action) {
    case Action::kProvision:
      if (InEnvironments(environment)) return "";
      return "role " + name + " may provision only in the environments local and ci" +
             (environment.empty() ? "" : ", not '" + std::string(environment) + "'");
    case Action::kCleanup:
      if (own) return "";
      return "role " + name + " may clean up only executions it requested itself";
    case Action::kReadExecution:
      if (role == Role::kQa || own) return "";
      return "role developer may read only executions it requested itself";
    case Action::kListExecutions:
    case Action::kListDatasets:
    case Action::kReadMetrics:
      return "";
    case Action::kReadAudit:
      return "role " + name + " may not read the audit log (devops only)";
  }
  return "role " + name + " may not do this";
}

ListingScope ExecutionListingScope(Role role) {
  switch (role) {
    case Role::kDevops:
    case Role::kQa:
      return ListingScope::kAll;
    case Role::kDeveloper:
      return ListingScope::kOwn;
    case Role::kAnalyst:
      return ListingScope::kAggregate;
  }
  return ListingScope::kAggregate;
}

}  // namespace tdm::server
