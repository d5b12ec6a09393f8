#include "gen/providers/person_names.h"

#include "gen/rng.h"
#include "gen/word_lists.h"

namespace tdm::gen {

NameLists::NameLists(std::string_view locale)
    : female(&LocaleList(locale, "first_names_female")),
      male(&LocaleList(locale, "first_names_male")),
      last(&LocaleList(locale, "last_names")) {}

Name PickName(const NameLists& lists, uint64_t key, int64_t row) {
  RowRng rng(key, static_cast<uint64_t>(row));
  bool female = (rng.Next() & 1) != 0;
  const auto& firsts = female ? *lists.female : *lists.male;
  std::string_view first = firsts[rng.Below(firsts.size())];
  std::string_view last = (*lists.last)[rng.Below(lists.last->size())];
  return {female, first, last};
}

bool IsFemale(uint64_t key, int64_t row) {
  return (RowRng(key, static_cast<uint64_t>(row)).Next() & 1) != 0;
}

uint64_t NameKey(const ProviderArgs& args) {
  if (const FieldSpec* f = args.SiblingWithProvider("full_name")) return args.KeyFor(f->name);
  return args.KeyFor("\x01name");  // no name column: a private, stable name stream
}

}  // namespace tdm::gen
