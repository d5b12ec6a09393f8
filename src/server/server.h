// data-cli serve: the REST API over the same engine and executions registry as the CLI.
//
// One process serves HTTP on a thread pool and runs provisions on a JobQueue (jobs.h). Startup
// recovers provisions a dead process left `provisioning`; SIGTERM or SIGINT drains: new provisions
// get 503, waiting ones are recorded failed, running ones finish or roll back, reads are answered
// until the last provision is done, then the server exits cleanly.
#pragma once

#include <iosfwd>

#include "server/api.h"

namespace tdm::server {

// Serves until SIGTERM or SIGINT. Prints "listening on http://HOST:PORT" to `out` once bound
// (with the port chosen when options.port is 0) and problems to `err`.
Status Serve(ServerOptions options, spec::ResolvedSpec spec, std::ostream& out, std::ostream& err);

}  // namespace tdm::server
