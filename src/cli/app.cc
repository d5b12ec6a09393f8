#include "cli/app.h"

namespace tdm::cli {

int Main(int /*argc*/, char** /*argv*/) { return 0; }

}  // namespace tdm::cli
