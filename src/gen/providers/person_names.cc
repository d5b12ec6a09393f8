#include "gen/providers/person_names.h"

#include "gen/providers/provider_util.h"
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

void AppendNameForm(const Name& n, uint64_t form, std::string& out) {
  switch (form) {
    case 0:
      AppendLower(n.first, out);
      out.push_back('.');
      AppendLower(n.last, out);
      break;
    case 1:
      AppendLower(n.first, out);
      AppendLower(n.last, out);
      break;
    case 2:
      AppendLower(n.first.substr(0, 1), out);
      AppendLower(n.last, out);
      break;
    case 3:
      AppendLower(n.first, out);
      out.push_back('_');
      AppendLower(n.last, out);
      break;
    case 4:
      AppendLower(n.last, out);
      out.push_back('.');
      AppendLower(n.first, out);
      break;
    default:
      AppendLower(n.first, out);
      AppendLower(n.last.substr(0, 1), out);
      break;
  }
}

uint64_t NameKey(const ProviderArgs& args) {
  if (const FieldSpec* f = args.SiblingWithProvider("full_name")) return args.KeyFor(f->name);
  return args.KeyFor("\x01name");  // no name column: a private, stable name stream
}

}  // namespace tdm::gen
