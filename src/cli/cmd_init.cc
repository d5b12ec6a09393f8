// init: a starter spec, or a spec read from a live database.
#include "cli/commands.h"

namespace tdm::cli {

void AddInitCommands(CLI::App& app, Context& ctx, Action& action) {
  (void)app;
  (void)ctx;
  (void)action;
}

}  // namespace tdm::cli
