// Browser User-Agent strings for the user_agent provider.
#pragma once

#include <string>

#include "gen/rng.h"

namespace tdm::gen {

// Appends a User-Agent header value of a current Chrome, Firefox, Safari or Edge release on a
// platform that browser ships for, drawn from `rng` with a fixed number of draws.
void AppendUserAgent(RowRng& rng, std::string& out);

}  // namespace tdm::gen
