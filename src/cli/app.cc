#include "cli/app.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"

namespace tdm::cli {
namespace {

std::string FromEnv(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

}  // namespace

int Main(int argc, char** argv) {
  CLI::App app{"tdm: deterministic test data, provisioned per test run", "data-cli"};
  app.set_version_flag("--version", "data-cli 0.1.0");
  app.require_subcommand(1);
  app.fallthrough();  // shared options may follow the subcommand
  Context ctx;
  ctx.out = &std::cout;
  ctx.err = &std::cerr;
  app.add_option("--spec", ctx.spec_path, "Data spec (default: $TDM_SPEC or ./data-spec.yaml)");
  app.add_option("--schema", ctx.schema_path,
                 "Schema file (default: schema-validation.yaml beside the spec, if present)");
  app.add_option("--state-dir", ctx.state_dir,
                 "Where executions are recorded (default: $TDM_STATE_DIR or ./.tdm)");
  app.add_flag("--json", ctx.json, "Print machine-readable JSON");
  app.add_flag("-q,--quiet", ctx.quiet, "Print no notes");
  app.add_option("--user", ctx.user,
                 "Who the audit log names (default: $TDM_USER, else the OS user)");

  Action action;
  AddProvisionCommands(app, ctx, action);
  AddDataCommands(app, ctx, action);
  AddProvidersCommand(app, ctx, action);
  AddInitCommands(app, ctx, action);
  AddMaskCommands(app, ctx, action);
  AddComplianceCommands(app, ctx, action);
  AddValidateCommand(app, ctx, action);
  AddAuditCommands(app, ctx, action);
  AddTokenCommands(app, ctx, action);
  AddServeCommand(app, ctx, action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {
      app.exit(e);
      return 0;
    }
    std::cerr << "data-cli: error: " << e.what() << " (see data-cli --help)\n";
    return 2;
  }
  if (ctx.spec_path.empty()) ctx.spec_path = FromEnv("TDM_SPEC", "data-spec.yaml");
  if (ctx.state_dir.empty()) ctx.state_dir = FromEnv("TDM_STATE_DIR", ".tdm");
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::absolute(ctx.state_dir, ec);
  if (!ec) ctx.state_dir = absolute.lexically_normal().string();
  if (!action) return 2;
  Status status = action();
  if (status.ok()) return 0;
  std::cout.flush();
  if (ctx.json) {
    // Scripts that asked for JSON get the error as JSON on stdout as well.
    nlohmann::ordered_json error = {{"code", StatusCodeName(status.code())},
                                    {"message", status.message()}};
    if (status.where()) error["where"] = status.where()->ToString();
    std::cout << nlohmann::ordered_json{{"error", error}}.dump() << "\n";
  }
  std::cerr << "data-cli: error: " << status.ToString() << "\n";
  return ExitCodeFor(status.code());
}

}  // namespace tdm::cli
