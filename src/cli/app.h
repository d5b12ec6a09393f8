// data-cli: the command-line front end. Main() parses arguments, runs one command and returns the
// process exit status (0 only on success; see tdm::ExitCodeFor).
#pragma once

namespace tdm::cli {

int Main(int argc, char** argv);

}  // namespace tdm::cli
