// Who may call the REST API, and what each caller may do.
//
// Bearer tokens: `data-cli token create` issues one for a user and a role; the server checks it
// on every request with TokenStore::Authenticate. A secret is `tdm_` + 43 characters of base64url
// (32 random bytes from OpenSSL's RAND_bytes) and is shown once: <state dir>/tokens.db keeps only
// its SHA-256, under a unique index, so a lookup is one indexed SELECT and a copy of the file
// grants nothing. Because the server reads the file on every request, a token revoked by the CLI
// stops working at once, with no restart. The seed's access model bounds lifetimes: an active
// session lasts 8 hours, standing access 7 days, and nothing longer is issued.
//
// Roles: the seed's "Access Model" as pure functions (Forbidden, ExecutionListingScope), so the
// routes ask one question per request and the tests can check every cell of the table. Product
// has no access at all, so it is not a role: ParseRole refuses it.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "store/sqlite/sqlite_db.h"
#include "tdm/status.h"

namespace tdm::server {

enum class Role { kQa, kDeveloper, kDevops, kAnalyst };

// "qa", "developer", "devops", "analyst" (any case). "product" and unknown names are
// kInvalidArgument with a message that says why and lists the roles.
Result<Role> ParseRole(std::string_view name);
std::string_view RoleName(Role role);

inline constexpr std::chrono::hours kSessionTtl{8};
inline constexpr std::chrono::hours kStandingTtl{24 * 7};

struct TokenInfo {
  std::string id;  // "tok-" + 12 hex digits: what `token list` shows and `token revoke` takes
  std::string user;
  Role role = Role::kQa;
  std::string created_at;  // UTC ISO-8601, whole seconds
  std::string expires_at;  // the token is refused from this second on
  std::string kind;        // "session" | "standing"
  bool revoked = false;
};

struct IssuedToken {
  TokenInfo info;
  std::string secret;  // shown once to whoever created it; never stored
};

// The tokens of one state directory. Movable, not copyable. Every method is thread-safe: one
// SQLite connection behind a mutex (an Authenticate takes tens of microseconds). Several processes
// may use the same file at once (WAL); the CLI creates and revokes while a server authenticates.
class TokenStore {
 public:
  // Opens or creates <state_dir>/tokens.db (mode 0600), creating the directory if needed.
  static Result<TokenStore> Open(const std::string& state_dir);

  // Issues a token for `user` valid for `ttl` (1 second .. 7 days, else kInvalidArgument).
  // `standing` only labels it; the caller picks the ttl (kSessionTtl or kStandingTtl by default).
  // The expiry is truncated to the whole second that is shown, so the token lives at most `ttl`.
  Result<IssuedToken> Create(const std::string& user, Role role, std::chrono::seconds ttl,
                             bool standing);

  // The token whose secret this is. Any refusal is kFailedPrecondition with a message that is safe
  // to show the caller ("unknown token", "token expired at ...", "token revoked"); it never quotes
  // the secret. A failing database is kDatabaseError.
  Result<TokenInfo> Authenticate(std::string_view secret);

  // Every token, expired and revoked ones too, oldest first.
  Result<std::vector<TokenInfo>> List();

  // Revokes a token (again is fine); kNotFound for an unknown id.
  Status Revoke(const std::string& id);

 private:
  TokenStore() = default;

  std::unique_ptr<std::mutex> mu_;  // guards db_ (opened without SQLite's own mutex)
  store::SqliteDb db_;
};

// The operations the access model distinguishes.
enum class Action {
  kProvision,       // POST .../provision
  kCleanup,         // POST .../cleanup
  kReadExecution,   // status or health of one execution
  kListExecutions,  // GET /api/v1/executions
  kListDatasets,    // GET /api/v1/datasets
  kReadAudit,       // GET /api/v1/audit
  kReadMetrics,     // GET /metrics
};

// The caller of a request: the token's user and role (with --no-auth, devops and the server's
// user, and no token id).
struct Principal {
  std::string user;
  Role role = Role::kDevops;
  std::string token_id;
};

// Empty when `who` may do `action`, else the reason for a 403, naming the role and what it may do.
// `environment`: of the provision or the execution acted on; `requested_by`: the user who
// provisioned the execution (empty when unknown, which counts as someone else's).
//   devops    everything
//   qa        provision in local and ci; read and list every execution; clean up its own;
//             datasets and metrics; no audit
//   developer as qa, but reads only its own executions
//   analyst   aggregates only: datasets, metrics, execution counts
std::string Forbidden(const Principal& who, Action action, std::string_view environment = {},
                      std::string_view requested_by = {});

// What GET /api/v1/executions shows a role (when Forbidden allows the listing at all): every
// execution, only the caller's own, or counts only.
enum class ListingScope { kAll, kOwn, kAggregate };
ListingScope ExecutionListingScope(Role role);

}  // namespace tdm::server
