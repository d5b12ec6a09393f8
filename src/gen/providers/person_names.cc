#include "gen/providers/person_names.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <string>

#include "gen/locale_rules.h"
#include "gen/providers/provider_util.h"
#include "gen/rng.h"
#include "gen/word_lists.h"

namespace tdm::gen {

namespace {

NameList ParseNames(std::string_view locale, std::string_view list) {
  NameList out;
  const std::vector<std::string_view>& lines = LocaleList(locale, list);
  bool has_latin = false;
  for (std::string_view line : lines) has_latin |= line.find('\t') != std::string_view::npos;
  for (std::string_view line : lines) {
    size_t tab = line.find('\t');
    out.names.push_back(line.substr(0, tab));
    if (has_latin) out.latin.push_back(tab == std::string_view::npos ? line : line.substr(tab + 1));
  }
  return out;
}

std::string_view LatinOf(const NameList& list, size_t index) {
  return list.latin.empty() ? list.names[index] : list.latin[index];
}

// The ASCII letters U+0100..U+017F (Latin Extended-A) fold to; U+0152/U+0153 (Œ, œ) are "oe".
constexpr std::string_view kExtendedA =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkklllllllllln"
    "nnnnnnnnooooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

// Lower-case ASCII for U+00C0..U+00FF (Latin-1 letters); empty for × and ÷.
std::string_view FoldLatin1(uint32_t cp) {
  static constexpr std::string_view kFold[64] = {
      "a", "a", "a", "a", "ae", "a", "ae", "c", "e", "e", "e", "e", "i",  "i", "i",  "i",   // C0
      "d", "n", "o", "o", "o",  "o", "oe", "",  "o", "u", "u", "u", "ue", "y", "th", "ss",  // D0
      "a", "a", "a", "a", "ae", "a", "ae", "c", "e", "e", "e", "e", "i",  "i", "i",  "i",   // E0
      "d", "n", "o", "o", "o",  "o", "oe", "",  "o", "u", "u", "u", "ue", "y", "th", "y"};  // F0
  return kFold[cp - 0xC0];
}

}  // namespace

const NameList& LocaleNames(std::string_view locale, std::string_view list) {
  static std::mutex mu;
  static std::map<std::string, NameList, std::less<>> cache;
  std::string path = std::string(locale) + "/" + std::string(list);
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache.find(path);
  if (it == cache.end()) it = cache.emplace(path, ParseNames(locale, list)).first;
  return it->second;
}

NameLists::NameLists(std::string_view locale)
    : female_list(&LocaleNames(locale, "first_names_female")),
      male_list(&LocaleNames(locale, "first_names_male")),
      last_list(&LocaleNames(locale, "last_names")),
      family_name_first(RulesFor(locale).family_name_first) {
  female = &female_list->names;
  male = &male_list->names;
  last = &last_list->names;
}

Name PickName(const NameLists& lists, uint64_t key, int64_t row) {
  RowRng rng(key, static_cast<uint64_t>(row));
  bool female = (rng.Next() & 1) != 0;
  const NameList& firsts = female ? *lists.female_list : *lists.male_list;
  size_t first = rng.Below(firsts.names.size());
  size_t last = rng.Below(lists.last_list->names.size());
  return {female, firsts.names[first], lists.last_list->names[last], LatinOf(firsts, first),
          LatinOf(*lists.last_list, last)};
}

void AppendAsciiLower(std::string_view name, std::string& out) {
  for (size_t i = 0; i < name.size();) {
    auto c = static_cast<unsigned char>(name[i]);
    if (c < 0x80) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') {
        out.push_back(static_cast<char>(c));
      } else if (c >= 'A' && c <= 'Z') {
        out.push_back(static_cast<char>(c + 32));
      }
      ++i;
      continue;
    }
    size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    if (length == 2 && i + 1 < name.size()) {
      uint32_t cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(name[i + 1]) & 0x3Fu);
      if (cp >= 0xC0 && cp <= 0xFF) {
        out.append(FoldLatin1(cp));
      } else if (cp == 0x152 || cp == 0x153) {
        out.append("oe");
      } else if (cp >= 0x100 && cp <= 0x17F) {
        out.push_back(kExtendedA[cp - 0x100]);
      }
    }
    i += length;  // anything else (kana, kanji) has no spelling here and is dropped
  }
}

void AppendInitial(std::string_view name, std::string& out) {
  if (name.empty()) return;
  auto c = static_cast<unsigned char>(name.front());
  size_t length = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
  out.append(name.substr(0, length));
}

bool IsFemale(uint64_t key, int64_t row) {
  return (RowRng(key, static_cast<uint64_t>(row)).Next() & 1) != 0;
}

namespace {

// The first letter of the name's folded spelling ("Élodie" -> 'e').
void AppendAsciiInitial(std::string_view name, std::string& out) {
  size_t at = out.size();
  AppendAsciiLower(name, out);
  out.resize(std::min(out.size(), at + 1));
}

}  // namespace

void AppendNameForm(const Name& n, uint64_t form, std::string& out) {
  std::string_view first = n.first_latin;
  std::string_view last = n.last_latin;
  switch (form) {
    case 0:
      AppendAsciiLower(first, out);
      out.push_back('.');
      AppendAsciiLower(last, out);
      break;
    case 1:
      AppendAsciiLower(first, out);
      AppendAsciiLower(last, out);
      break;
    case 2:
      AppendAsciiInitial(first, out);
      AppendAsciiLower(last, out);
      break;
    case 3:
      AppendAsciiLower(first, out);
      out.push_back('_');
      AppendAsciiLower(last, out);
      break;
    case 4:
      AppendAsciiLower(last, out);
      out.push_back('.');
      AppendAsciiLower(first, out);
      break;
    default:
      AppendAsciiLower(first, out);
      AppendAsciiInitial(last, out);
      break;
  }
}

uint64_t NameKey(const ProviderArgs& args) {
  if (const FieldSpec* f = args.SiblingWithProvider("full_name")) return args.KeyFor(f->name);
  return args.KeyFor("\x01name");  // no name column: a private, stable name stream
}

}  // namespace tdm::gen
