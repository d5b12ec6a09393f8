// "Did you mean" suggestions for misspelt keys, provider names and table names.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tdm {

// Edit distance (insertions, deletions, substitutions), case-insensitive.
size_t EditDistance(std::string_view a, std::string_view b);

// The closest candidate within a distance that scales with the word's length, or "".
std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or "" when nothing is close.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace tdm
