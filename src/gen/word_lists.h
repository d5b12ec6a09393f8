// Cached access to the embedded word lists of data/ (see embedded_data.h).
#pragma once

#include <string_view>
#include <vector>

namespace tdm::gen {

// The entries of data/<path>; aborts with a clear message if the list is missing or empty, since a
// missing list is a build defect, not a user error. The returned reference lives forever.
const std::vector<std::string_view>& WordList(std::string_view path);

// "en_US/last_names.txt" for locale "en_US" and list "last_names".
const std::vector<std::string_view>& LocaleList(std::string_view locale, std::string_view list);

// The locale's list, or `fallback`'s when the locale has none (lists every locale need not have).
const std::vector<std::string_view>& LocaleListOr(std::string_view locale, std::string_view list,
                                                  std::string_view fallback);

}  // namespace tdm::gen
