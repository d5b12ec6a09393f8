// serve: the REST API (src/server) over this spec and state dir.
#include <iostream>

#include "audit/audit_log.h"
#include "cli/audit_support.h"
#include "cli/commands.h"
#include "server/server.h"

namespace tdm::cli {
namespace {

struct ServeArgs {
  server::ServerOptions options;
  std::string target;
};

Status RunServe(const Context& ctx, ServeArgs& args, OperationAudit& audit) {
  TDM_ASSIGN_OR_RETURN(spec::ResolvedSpec spec, ctx.LoadSpec());
  server::ServerOptions options = args.options;
  options.spec_path = ctx.spec_path;
  options.state_dir = ctx.state_dir;
  options.local_user = ctx.AuditUser();
  if (!args.target.empty()) options.target = args.target;
  audit.details["host"] = options.host;
  audit.details["auth"] = options.no_auth ? "none" : "bearer";
  for (const std::string& note : spec.notes) ctx.Note(note);
  return server::Serve(std::move(options), std::move(spec), *ctx.out, *ctx.err);
}

}  // namespace

void AddServeCommand(CLI::App& app, Context& ctx, Action& action) {
  auto args = std::make_shared<ServeArgs>();
  server::ServerOptions& o = args->options;
  CLI::App* serve = app.add_subcommand("serve", "Serve the REST API (see /openapi.json)");
  serve->add_option("--host", o.host, "Address to listen on")->capture_default_str();
  serve->add_option("--port", o.port, "Port (0: any free port, printed on start)")
      ->capture_default_str();
  serve->add_option("--target", args->target,
                    "Where provisions go (default: $TDM_TARGET, the environment's target, or "
                    "SQLite in the state dir)");
  serve->add_flag("--no-auth", o.no_auth,
                  "Serve without tokens, every caller acting as devops (127.0.0.1 only)");
  serve->add_option("--workers", o.workers,
                    "Provisions run at once (default: the number of cores, 2 to 8)");
  serve->add_option("--queue", o.queue, "Provisions waiting at most; beyond it 429")
      ->capture_default_str();
  serve->add_option("--max-body", o.max_body, "Largest request body in bytes; beyond it 413")
      ->capture_default_str();
  serve->callback([&ctx, &action, args] {
    action = [&ctx, args] {
      OperationAudit audit{"api_server", "serve"};
      return RunAudited(ctx, audit, [&] { return RunServe(ctx, *args, audit); });
    };
  });
}

}  // namespace tdm::cli
