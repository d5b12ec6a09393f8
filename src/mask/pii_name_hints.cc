#include "mask/pii_name_hints.h"

#include <algorithm>
#include <unordered_map>

#include "gen/providers/person_names.h"
#include "mask/pii_hint_words.h"

namespace tdm::mask::pii {

namespace {

// Words next to "name" that make it a person's ("customer_name", "nombre_cliente").
constexpr std::string_view kPeopleWords[] = {
    "customer", "user",     "contact",     "person",  "client",     "patient",  "employee",
    "member",   "holder",   "owner",       "display", "full",       "real",     "legal",
    "account",  "guest",    "driver",      "student", "passenger",  "author",   "recipient",
    "sender",   "billing",  "shipping",    "buyer",   "cardholder", "cliente",  "usuario",
    "kunde",    "benutzer", "utilisateur", "utente",  "persona",    "completo", "complet"};

// Tables of people; also matched with a plural "s".
constexpr std::string_view kPeopleTables[] = {
    "customer",    "user",        "person",   "people",      "member",   "employee",
    "staff",       "patient",     "contact",  "client",      "account",  "author",
    "student",     "teacher",     "driver",   "passenger",   "guest",    "subscriber",
    "applicant",   "candidate",   "owner",    "buyer",       "traveler", "traveller",
    "visitor",     "resident",    "tenant",   "citizen",     "voter",    "donor",
    "volunteer",   "participant", "profile",  "lead",        "prospect", "recipient",
    "beneficiary", "cardholder",  "kunde",    "kunden",      "benutzer", "mitarbeiter",
    "personen",    "cliente",     "usuario",  "utilisateur", "utente",   "utenti",
    "empleado",    "funcionario", "paciente", "alumno",      "aluno",    "membre",
    "socio",       "kokyaku",     "shain",    "kaiin"};

// Words after the hint that make the column describe the attribute instead of holding it.
constexpr std::string_view kTrailingQualifiers[] = {
    "type",        "types",     "kind",       "status",   "state",    "count",     "cnt",
    "verified",    "confirmed", "enabled",    "disabled", "valid",    "validated", "flag",
    "format",      "template",  "provider",   "domain",   "country",  "region",    "length",
    "len",         "id",        "ids",        "at",       "on",       "date",      "time",
    "expiry",      "expires",   "expiration", "exp",      "brand",    "network",   "issuer",
    "scheme",      "language",  "lang",       "locale",   "timezone", "tz",        "preference",
    "preferences", "consent",   "optin",      "optout",   "policy",   "version",   "changed",
    "updated",     "created",   "reset",      "required", "attempts", "strength",  "visibility",
    "limit",       "quota",     "category",   "mode",     "method",   "source",    "channel"};

// Words before it that count or test it ("num_phones", "has_email").
constexpr std::string_view kLeadingQualifiers[] = {"is",  "has", "num", "n",  "count", "total",
                                                   "max", "min", "avg", "no", "nb",    "anzahl"};

template <size_t N>
bool In(const std::string_view (&words)[N], std::string_view word) {
  return std::find(std::begin(words), std::end(words), word) != std::end(words);
}

const HintWord* Lookup(std::string_view joined) {
  static const auto* index = [] {
    auto* map = new std::unordered_map<std::string_view, const HintWord*>();
    for (const HintWord& hint : HintWords()) map->emplace(hint.word, &hint);
    return map;
  }();
  auto it = index->find(joined);
  return it == index->end() ? nullptr : it->second;
}

NameHint ToHint(const HintWord& word) {
  return {word.kind, word.language, word.meaning, (word.flags & kWeak) != 0,
          (word.flags & kGenericName) != 0};
}

enum class CharClass { kSeparator, kLower, kUpper, kDigit };

CharClass ClassOf(char c) {
  if (c >= 'a' && c <= 'z') return CharClass::kLower;
  if (c >= 'A' && c <= 'Z') return CharClass::kUpper;
  if (c >= '0' && c <= '9') return CharClass::kDigit;
  return static_cast<unsigned char>(c) >= 0x80 ? CharClass::kLower : CharClass::kSeparator;
}

}  // namespace

std::vector<std::string> SplitName(std::string_view name) {
  std::vector<std::string> words;
  size_t start = 0;
  auto flush = [&](size_t end) {
    if (end > start) {
      std::string word;
      gen::AppendAsciiLower(name.substr(start, end - start), word);
      if (!word.empty()) words.push_back(std::move(word));
    }
    start = end;
  };
  for (size_t i = 0; i < name.size(); ++i) {
    CharClass c = ClassOf(name[i]);
    if (c == CharClass::kSeparator) {
      flush(i);
      start = i + 1;
      continue;
    }
    if (i == start) continue;
    CharClass prev = ClassOf(name[i - 1]);
    bool next_lower = i + 1 < name.size() && ClassOf(name[i + 1]) == CharClass::kLower;
    bool boundary = (c == CharClass::kDigit) != (prev == CharClass::kDigit) ||
                    (c == CharClass::kUpper && prev == CharClass::kLower) ||
                    (c == CharClass::kUpper && prev == CharClass::kUpper && next_lower);
    if (boundary) flush(i);
  }
  flush(name.size());
  return words;
}

NameHint FindNameHint(std::string_view column_name) {
  std::vector<std::string> words = SplitName(column_name);
  size_t n = words.size();
  // The most specific hint: the longest run of words, then the one ending last (English puts the
  // head noun last: "login_ip" is an IP address).
  const HintWord* best = nullptr;
  size_t best_begin = 0;
  size_t best_end = 0;
  std::string joined;
  for (size_t i = 0; i < n; ++i) {
    joined.clear();
    for (size_t end = i + 1; end <= n && end <= i + 4; ++end) {
      joined += words[end - 1];
      const HintWord* hint = Lookup(joined);
      if (hint == nullptr || (hint->flags & kGenericName) != 0) continue;
      if ((hint->flags & kWholeName) != 0 && (i != 0 || end != n)) continue;
      if (best == nullptr || end - i > best_end - best_begin ||
          (end - i == best_end - best_begin && end > best_end)) {
        best = hint;
        best_begin = i;
        best_end = end;
      }
    }
  }
  // "name" with people words only around it.
  for (size_t i = 0; i < n; ++i) {
    const HintWord* hint = Lookup(words[i]);
    if (hint == nullptr || (hint->flags & kGenericName) == 0) continue;
    if (best != nullptr && best_begin <= i && i < best_end) break;  // "user_name" is a username
    if (n == 1) return ToHint(*hint);
    bool people = true;
    for (size_t j = 0; j < n; ++j) people &= j == i || In(kPeopleWords, words[j]);
    if (people) return {"full_name", hint->language, hint->meaning, false, false};
  }
  if (best == nullptr) return {};
  for (size_t j = best_end; j < n; ++j) {
    if (In(kTrailingQualifiers, words[j])) return {};
  }
  for (size_t j = 0; j < best_begin; ++j) {
    if (In(kLeadingQualifiers, words[j])) return {};
  }
  return ToHint(*best);
}

bool IsPeopleTable(std::string_view table_name) {
  return std::ranges::any_of(SplitName(table_name), [](std::string_view w) {
    return In(kPeopleTables, w) ||
           (w.ends_with('s') && In(kPeopleTables, w.substr(0, w.size() - 1))) ||
           (w.ends_with("es") && In(kPeopleTables, w.substr(0, w.size() - 2)));
  });
}

}  // namespace tdm::mask::pii
