// The vocabulary of column-name hints: which words, in which languages, say a column holds what.
//
// One row per hint word, its words joined in lower-case ASCII ("dateofbirth" for date_of_birth,
// dateOfBirth and DateOfBirth). pii_name_hints.cc splits names and looks runs of words up here;
// adding a language or a synonym is adding rows.
#pragma once

#include <span>
#include <string_view>

namespace tdm::mask::pii {

enum HintFlags : unsigned {
  kWeak = 1,         // other common meanings: red with lower confidence, green for an enum
  kWholeName = 2,    // only when it is the whole name ("via", "cap", "ort", "mobile")
  kGenericName = 4,  // "name": a person's only next to people words or in a people table
};

struct HintWord {
  std::string_view word;           // words joined, lower-case ASCII: "dateofbirth"
  std::string_view kind;           // a PiiKind name
  std::string_view language = {};  // "de", "es/it"; empty for English
  std::string_view meaning = {};   // the word in English, for reasons
  unsigned flags = 0;
};

// Every hint word, English first in each group.
std::span<const HintWord> HintWords();

}  // namespace tdm::mask::pii
