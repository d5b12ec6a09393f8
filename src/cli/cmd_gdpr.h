// gdpr erase / gdpr access (cmd_gdpr.cc), registered by AddComplianceCommands (cmd_compliance.cc).
#pragma once

#include "cli/commands.h"

namespace tdm::cli {

void AddGdprCommands(CLI::App& app, Context& ctx, Action& action);

}  // namespace tdm::cli
