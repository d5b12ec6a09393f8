// Person names for the PII detector, recognised from tdm's own locale name lists.
//
// The first and last names that tdm's person providers draw from (data/<locale>/first_names_*.txt
// and last_names.txt for en_US, en_GB, de_DE, fr_FR, es_ES, it_IT, pt_BR and ja_JP, in their
// written and Latin spellings) are loaded once into two case-insensitive sets. A value is a full
// name when its first and last words are a first name and a surname (either order, since Japanese
// writes the family name first), with at most two middle names, initials or particles ("van",
// "da") between them, an optional title before and generational suffix after, or "Surname, First".
#pragma once

#include <string_view>

namespace tdm::mask::pii {

struct NameMatch {
  bool full = false;   // a first name and a surname
  bool first = false;  // one word, a first name
  bool last = false;   // one word (or a listed multi-word surname), a surname
};

// What `value` (already trimmed) is as a person name. Allocation-free after the first call, which
// builds the sets; thread-safe.
NameMatch MatchPersonName(std::string_view value);

}  // namespace tdm::mask::pii
