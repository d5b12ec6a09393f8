// token create, token list, token revoke: the bearer tokens of the REST API (server/auth.h).
//
// A token belongs to the user running the command (--user, else $TDM_USER, else the OS user):
// whoever can write the state directory can already read every execution, so the CLI is trusted
// to say who it is, as it is for the audit log. Every command is audited as "access_control"; the
// event names the token's id, role and expiry, never its secret.
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/audit_support.h"
#include "cli/commands.h"
#include "cli/render.h"
#include "core/time_format.h"
#include "provision/lifecycle.h"
#include "provision/registry.h"
#include "server/auth.h"

namespace tdm::cli {
namespace {

using Json = nlohmann::ordered_json;

struct CreateArgs {
  std::string role;
  std::string ttl;
  bool standing = false;
};

// "active", "expired" or "revoked", for the listing.
std::string State(const server::TokenInfo& t, int64_t now) {
  if (t.revoked) return "revoked";
  std::optional<int64_t> expires = ParseDateTime(t.expires_at);
  return !expires || now >= *expires ? "expired" : "active";
}

Status RunCreate(const Context& ctx, const CreateArgs& args, OperationAudit& audit) {
  TDM_ASSIGN_OR_RETURN(server::Role role, server::ParseRole(args.role));
  audit.details["role"] = std::string(server::RoleName(role));
  std::chrono::seconds ttl = args.standing ? server::kStandingTtl : server::kSessionTtl;
  if (!args.ttl.empty()) {
    TDM_ASSIGN_OR_RETURN(ttl, provision::ParseDuration(args.ttl));
    if (ttl > server::kStandingTtl) {
      return {StatusCode::kInvalidArgument,
              "--ttl " + args.ttl +
                  " is longer than 7 days, the longest access the access model "
                  "allows; create a new token when it expires"};
    }
  }
  TDM_ASSIGN_OR_RETURN(server::TokenStore tokens, server::TokenStore::Open(ctx.state_dir));
  TDM_ASSIGN_OR_RETURN(server::IssuedToken issued,
                       tokens.Create(ctx.AuditUser(), role, ttl, args.standing));
  const server::TokenInfo& info = issued.info;
  audit.details["token_id"] = info.id;
  audit.details["kind"] = info.kind;
  audit.details["expires_at"] = info.expires_at;
  if (ctx.json) {
    *ctx.out << Json{{"token", issued.secret}, {"id", info.id},
                     {"user", info.user},      {"role", server::RoleName(role)},
                     {"kind", info.kind},      {"expires_at", info.expires_at}}
                    .dump(2)
             << "\n";
    return Status::Ok();
  }
  *ctx.out << issued.secret << "\n";
  ctx.Note("token " + info.id + " (" + info.kind + ", role " + std::string(server::RoleName(role)) +
           ", user " + info.user + ") expires at " + info.expires_at +
           "; the secret above is shown only once");
  return Status::Ok();
}

Status RunList(const Context& ctx, OperationAudit& audit) {
  TDM_ASSIGN_OR_RETURN(server::TokenStore tokens, server::TokenStore::Open(ctx.state_dir));
  TDM_ASSIGN_OR_RETURN(std::vector<server::TokenInfo> all, tokens.List());
  audit.details["tokens_returned"] = static_cast<int64_t>(all.size());
  int64_t now = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  if (ctx.json) {
    Json list = Json::array();
    for (const server::TokenInfo& t : all) {
      list.push_back({{"id", t.id},
                      {"user", t.user},
                      {"role", server::RoleName(t.role)},
                      {"kind", t.kind},
                      {"created_at", t.created_at},
                      {"expires_at", t.expires_at},
                      {"revoked", t.revoked},
                      {"state", State(t, now)}});
    }
    *ctx.out << list.dump(2) << "\n";
    return Status::Ok();
  }
  if (all.empty()) {
    *ctx.out << "No tokens (create one with: data-cli token create --role ROLE)\n";
    return Status::Ok();
  }
  std::vector<std::vector<std::string>> rows;
  for (const server::TokenInfo& t : all) {
    rows.push_back({t.id, t.user, std::string(server::RoleName(t.role)), t.kind, State(t, now),
                    t.created_at, t.expires_at});
  }
  PrintTable(*ctx.out, {"id", "user", "role", "kind", "state", "created", "expires"}, rows);
  return Status::Ok();
}

Status RunRevoke(const Context& ctx, const std::string& id, OperationAudit& audit) {
  audit.details["token_id"] = id;
  TDM_ASSIGN_OR_RETURN(server::TokenStore tokens, server::TokenStore::Open(ctx.state_dir));
  TDM_RETURN_IF_ERROR(tokens.Revoke(id));
  if (ctx.json) {
    *ctx.out << Json{{"id", id}, {"revoked", true}}.dump(2) << "\n";
  } else {
    *ctx.out << "Revoked token " << id << "\n";
  }
  return Status::Ok();
}

}  // namespace

void AddTokenCommands(CLI::App& app, Context& ctx, Action& action) {
  CLI::App* token = app.add_subcommand("token", "Bearer tokens for the REST API (data-cli serve)");
  token->require_subcommand(1);

  auto create = std::make_shared<CreateArgs>();
  CLI::App* c =
      token->add_subcommand("create", "Issue a token for the current user; prints its secret once");
  c->add_option("--role", create->role, "qa, developer, devops or analyst")->required();
  c->add_option("--ttl", create->ttl,
                "How long it is valid, e.g. 8h, 30m, 2d (default 8h, or 7d with --standing; "
                "at most 7d)");
  c->add_flag("--standing", create->standing, "Standing access (default ttl 7 days)");
  c->callback([&ctx, &action, create] {
    action = [&ctx, create] {
      OperationAudit audit{"access_control", "create_token"};
      return RunAudited(ctx, audit, [&] { return RunCreate(ctx, *create, audit); });
    };
  });

  CLI::App* l = token->add_subcommand("list", "List tokens (never their secrets)");
  l->callback([&ctx, &action] {
    action = [&ctx] {
      OperationAudit audit{"access_control", "list_tokens"};
      return RunAudited(ctx, audit, [&] { return RunList(ctx, audit); });
    };
  });

  auto revoke_id = std::make_shared<std::string>();
  CLI::App* r = token->add_subcommand("revoke", "Revoke a token at once, by its id");
  r->add_option("id", *revoke_id, "The token's id (see data-cli token list)")->required();
  r->callback([&ctx, &action, revoke_id] {
    action = [&ctx, revoke_id] {
      OperationAudit audit{"access_control", "revoke_token"};
      return RunAudited(ctx, audit, [&] { return RunRevoke(ctx, *revoke_id, audit); });
    };
  });
}

}  // namespace tdm::cli
