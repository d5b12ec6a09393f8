// The data-cli commands, grouped by what they act on. Each Add* function declares its
// subcommands on `app`; parsing one sets `action`, which Main() runs once the shared options
// are known.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

#include "cli/context.h"

namespace tdm::cli {

using Action = std::function<Status()>;

void AddProvisionCommands(CLI::App& app, Context& ctx,
                          Action& action);  // provision, cleanup, executions, health
void AddDataCommands(CLI::App& app, Context& ctx,
                     Action& action);  // show, export, import, generate
void AddProvidersCommand(CLI::App& app, Context& ctx, Action& action);  // providers
void AddInitCommands(CLI::App& app, Context& ctx, Action& action);      // init
void AddMaskCommands(CLI::App& app, Context& ctx, Action& action);      // mask, detect-pii
// compliance report, retention enforce, gdpr erase|access
void AddComplianceCommands(CLI::App& app, Context& ctx, Action& action);
void AddValidateCommand(CLI::App& app, Context& ctx, Action& action);  // validate
void AddAuditCommands(CLI::App& app, Context& ctx, Action& action);    // audit show|verify
void AddTokenCommands(CLI::App& app, Context& ctx, Action& action);    // token create|list|revoke
void AddServeCommand(CLI::App& app, Context& ctx, Action& action);     // serve

}  // namespace tdm::cli
