// The `paragraph` provider: several sentences of the English word list.
#pragma once

#include "gen/provider_registry.h"

namespace tdm::gen {

// Registers `paragraph` (min_sentences..max_sentences sentences of 6..14 words; default 3..6).
void RegisterParagraphProvider(ProviderRegistry& registry);

}  // namespace tdm::gen
