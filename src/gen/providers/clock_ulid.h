// The `ulid` provider: Universally Unique Lexicographically Sortable Identifiers.
#pragma once

#include "gen/provider_registry.h"

namespace tdm::gen {

// Rows past this count would overflow the monotonic part of a table's ULIDs.
constexpr uint64_t kUlidDomain = uint64_t{1} << 39;

// 26 Crockford base32 characters: the reference time in milliseconds (48 bits), then 80 bits that
// grow with the row, so a table's ULIDs are unique and sort in row order.
Provider UlidProvider();

}  // namespace tdm::gen
