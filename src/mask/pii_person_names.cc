#include "mask/pii_person_names.h"

#include <algorithm>
#include <array>
#include <functional>
#include <string>
#include <unordered_set>

#include "gen/providers/person_names.h"

namespace tdm::mask::pii {

namespace {

constexpr std::string_view kLocales[] = {"en_US", "en_GB", "de_DE", "fr_FR",
                                         "es_ES", "it_IT", "pt_BR", "ja_JP"};

// Words around a name that are not names: titles before it, generational and academic suffixes
// after it, and the particles of surnames between.
constexpr std::string_view kTitles[] = {"mr",   "mrs",    "ms",   "miss", "dr",  "prof", "herr",
                                        "frau", "m",      "mme",  "mlle", "sr",  "sra",  "srta",
                                        "sig",  "sig.ra", "dott", "dona", "dom", "sir"};
constexpr std::string_view kSuffixes[] = {"jr", "sr", "ii", "iii", "iv", "phd", "md"};
constexpr std::string_view kParticles[] = {"van", "von", "der", "den", "de",  "del", "della",
                                           "di",  "da",  "das", "do",  "dos", "du",  "la",
                                           "le",  "y",   "e",   "zu",  "ter", "mac", "st"};

struct TransparentHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using NameSet = std::unordered_set<std::string, TransparentHash, std::equal_to<>>;

// Lower-cases ASCII and the Latin-1 capitals (À..Þ but ×) of `word` into `out`; an empty view when
// the word does not fit.
std::string_view Lower(std::string_view word, char* out, size_t cap) {
  if (word.size() > cap) return {};
  for (size_t i = 0; i < word.size(); ++i) {
    auto c = static_cast<unsigned char>(word[i]);
    bool ascii_capital = c >= 'A' && c <= 'Z';
    // UTF-8 C3 80..9E (but 97, the multiplication sign) are À..Þ; +0x20 gives à..þ.
    bool latin1_capital = i > 0 && static_cast<unsigned char>(word[i - 1]) == 0xC3 && c >= 0x80 &&
                          c <= 0x9E && c != 0x97;
    out[i] = static_cast<char>(ascii_capital || latin1_capital ? c + 0x20 : c);
  }
  return {out, word.size()};
}

struct NameSets {
  NameSet first;
  NameSet last;
};

const NameSets& Sets() {
  static const NameSets sets = [] {
    NameSets s;
    char buf[128];
    auto add = [&](NameSet& set, const gen::NameList& list) {
      for (const auto* names : {&list.names, &list.latin}) {
        for (std::string_view name : *names) {
          std::string_view lower = Lower(name, buf, sizeof(buf));
          if (!lower.empty()) set.emplace(lower);
        }
      }
    };
    for (std::string_view locale : kLocales) {
      add(s.first, gen::LocaleNames(locale, "first_names_female"));
      add(s.first, gen::LocaleNames(locale, "first_names_male"));
      add(s.last, gen::LocaleNames(locale, "last_names"));
    }
    return s;
  }();
  return sets;
}

template <size_t N>
bool In(const std::string_view (&words)[N], std::string_view word) {
  if (!word.empty() && word.back() == '.') word.remove_suffix(1);
  return std::find(std::begin(words), std::end(words), word) != std::end(words);
}

// In `set`, or every part of a hyphenated word is ("garcía-lópez", "jean-pierre").
bool InSet(const NameSet& set, std::string_view word) {
  if (set.contains(word)) return true;
  size_t dash = word.find('-');
  if (dash == std::string_view::npos || dash == 0 || dash + 1 == word.size()) return false;
  return set.contains(word.substr(0, dash)) && InSet(set, word.substr(dash + 1));
}

bool IsInitial(std::string_view word) {
  return (word.size() == 1 || (word.size() == 2 && word[1] == '.')) && word[0] >= 'a' &&
         word[0] <= 'z';
}

// A name written without spaces in a script without letter case ("佐藤翔太"): a surname followed
// by a first name at some character boundary.
bool IsUnspacedFullName(const NameSets& sets, std::string_view word) {
  for (char c : word) {
    if (static_cast<unsigned char>(c) < 0x80) return false;
  }
  for (size_t k = 1; k < word.size(); ++k) {
    if ((static_cast<unsigned char>(word[k]) & 0xC0) == 0x80) continue;  // inside a character
    if (sets.last.contains(word.substr(0, k)) && sets.first.contains(word.substr(k))) return true;
  }
  return false;
}

}  // namespace

NameMatch MatchPersonName(std::string_view value) {
  NameMatch match;
  char buf[192];
  std::string_view lower = Lower(value, buf, sizeof(buf));
  if (lower.empty()) return match;
  const NameSets& sets = Sets();

  // Words, with "Surname, First Middle" turned around.
  std::array<std::string_view, 8> words;
  size_t n = 0;
  size_t comma = lower.find(',');
  if (comma != std::string_view::npos && lower.find(',', comma + 1) != std::string_view::npos) {
    return match;
  }
  std::string_view parts[2] = {lower, {}};
  if (comma != std::string_view::npos) {
    parts[0] = lower.substr(comma + 1);
    parts[1] = lower.substr(0, comma);
  }
  for (std::string_view part : parts) {
    size_t pos = 0;
    while (pos < part.size()) {
      size_t end = part.find(' ', pos);
      if (end == std::string_view::npos) end = part.size();
      if (end > pos) {
        if (n == words.size()) return match;
        words[n++] = part.substr(pos, end - pos);
      }
      pos = end + 1;
    }
  }
  size_t begin = 0;
  while (n - begin > 1 && In(kTitles, words[begin])) ++begin;
  while (n - begin > 1 && In(kSuffixes, words[n - 1])) --n;
  size_t count = n - begin;
  if (count == 0) return match;
  std::string_view head = words[begin];
  std::string_view tail = words[n - 1];

  if (count == 1) {
    match.first = InSet(sets.first, head);
    match.last = InSet(sets.last, head);
    match.full = IsUnspacedFullName(sets, head);
    return match;
  }
  // A listed name of several words ("da silva", "mary ann").
  std::string_view whole(head.data(), tail.data() + tail.size() - head.data());
  if (comma == std::string_view::npos) {
    match.first = sets.first.contains(whole);
    match.last = sets.last.contains(whole);
  }
  if (count > 5) return match;
  // Family name first (Japanese): exactly two words.
  if (count == 2 && sets.last.contains(head) && sets.first.contains(tail)) {
    match.full = true;
    return match;
  }
  if (!InSet(sets.first, head)) return match;
  // The surname: the last word, or the last two when the list has them together ("da silva").
  size_t surname_begin = n - 1;
  if (!InSet(sets.last, tail)) {
    const std::string_view& before = words[n - 2];
    if (count < 3 || before.data() + before.size() + 1 != tail.data()) return match;
    std::string_view two(before.data(), tail.data() + tail.size() - before.data());
    if (!sets.last.contains(two)) return match;
    surname_begin = n - 2;
  }
  for (size_t i = begin + 1; i < surname_begin; ++i) {
    std::string_view w = words[i];
    if (!(InSet(sets.first, w) || InSet(sets.last, w) || IsInitial(w) || In(kParticles, w))) {
      return match;
    }
  }
  match.full = true;
  return match;
}

}  // namespace tdm::mask::pii
