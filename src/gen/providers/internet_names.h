// The row's person name as the internet providers see it, and user names built from it.
//
// The same draw as the name columns (person_names.h), so username and safe_email agree with the
// row's name without reading the batch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gen/provider_registry.h"
#include "gen/providers/person_names.h"
#include "gen/providers/provider_util.h"
#include "gen/rng.h"
#include "gen/word_lists.h"

namespace tdm::gen {

using PersonName = Name;

// Where a row's name comes from: the name lists of the name columns' locale and their key.
class RowNameSource {
 public:
  explicit RowNameSource(const ProviderArgs& args) {
    std::string_view locale = args.field.locale;
    const FieldSpec* full = args.SiblingWithProvider("full_name");
    const FieldSpec* part = full != nullptr ? full : args.SiblingWithProvider("first_name");
    if (part == nullptr) part = args.SiblingWithProvider("last_name");
    if (part != nullptr) locale = part->locale;
    lists_.emplace(locale);
    key_ = NameKey(args);
  }

  PersonName At(int64_t row) const { return PickName(*lists_, key_, row); }

 private:
  std::optional<NameLists> lists_;
  uint64_t key_;
};

// Appends a lower-case user name made of the name, e.g. "maria.lopez", "mlopez", "lopez_maria",
// then, when `unique`, the row number (names hold no digits, so the number keeps it unique), or
// else sometimes a number 1..99 or a birth-year-like 1960..2005.
inline void AppendUserName(PersonName n, RowRng& rng, int64_t row, bool unique, std::string& a) {
  AppendNameForm(n, rng.Below(6), a);
  uint64_t suffix = rng.Below(4);
  if (unique) {
    AppendInt(row + 1, a);
  } else if (suffix == 1) {
    AppendInt(rng.Between(1, 99), a);
  } else if (suffix == 2) {
    AppendInt(rng.Between(1960, 2005), a);
  }
}

}  // namespace tdm::gen
