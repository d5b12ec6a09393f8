// National identity and tax numbers with check digits, for IsNationalId (pii_value_checks.h).
//
// Only schemes with a check digit are recognised, so a column of arbitrary numbers passes about
// one value in ten at worst (a single check digit), never most of them.
#include <array>
#include <cstdint>
#include <string_view>

#include "gen/providers/finance_check_digits.h"
#include "mask/pii_value_checks.h"

namespace tdm::mask::pii {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

char Upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

// `value` without the separators in `skip`, upper-cased, into `out`; its length, or 0 when it
// does not fit.
size_t Compact(std::string_view value, std::string_view skip, char* out, size_t cap) {
  size_t n = 0;
  for (char c : value) {
    if (skip.find(c) != std::string_view::npos) continue;
    if (n == cap) return 0;
    out[n++] = Upper(c);
  }
  return n;
}

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return !s.empty();
}

// Brazil's CPF: nine digits and two mod 11 check digits; "111.111.111-11" and the like pass the
// arithmetic but are not issued.
bool IsCpf(std::string_view value) {
  if (value.size() == 14 && (value[3] != '.' || value[7] != '.' || value[11] != '-')) return false;
  if (value.size() != 14 && value.size() != 11) return false;
  char d[11];
  if (Compact(value, ".-", d, sizeof(d)) != 11 || !AllDigits({d, 11})) return false;
  bool same = true;
  for (char c : d) same &= c == d[0];
  if (same) return false;
  for (int check = 9; check <= 10; ++check) {
    int sum = 0;
    for (int i = 0; i < check; ++i) sum += (d[i] - '0') * (check + 1 - i);
    int r = sum * 10 % 11 % 10;
    if (d[check] - '0' != r) return false;
  }
  return true;
}

// Spain's DNI (8 digits and a letter) and NIE (X, Y or Z, 7 digits and a letter): the letter is
// the number mod 23 in a fixed table.
bool IsDniOrNie(std::string_view value) {
  char s[9];
  if (value.size() > 10 || Compact(value, " -", s, sizeof(s)) != 9) return false;
  int64_t number = 0;
  int start = 0;
  if (s[0] == 'X' || s[0] == 'Y' || s[0] == 'Z') {
    number = s[0] - 'X';
    start = 1;
  }
  for (int i = start; i < 8; ++i) {
    if (!IsDigit(s[i])) return false;
    number = number * 10 + (s[i] - '0');
  }
  static constexpr std::string_view kLetters = "TRWAGMYFPDXBNJZSQVHLCKE";
  return s[8] == kLetters[static_cast<size_t>(number % 23)];
}

// Italy's codice fiscale: surname and name letters, birth year, month letter, day, place code and
// a check letter; digits may be replaced by the letters LMNPQRSTUV (omocodia).
bool IsCodiceFiscale(std::string_view value) {
  char s[16];
  if (value.size() != 16 || Compact(value, "", s, sizeof(s)) != 16) return false;
  static constexpr std::string_view kOmocode = "LMNPQRSTUV";
  static constexpr std::string_view kMonths = "ABCDEHLMPRST";
  auto letter = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto digit = [](char c) { return IsDigit(c) || kOmocode.find(c) != std::string_view::npos; };
  for (int i = 0; i < 16; ++i) {
    bool ok = i < 6 || i == 11 || i == 15 ? letter(s[i])
              : i == 8                    ? kMonths.find(s[i]) != std::string_view::npos
                                          : digit(s[i]);
    if (!ok) return false;
  }
  return gen::ItalianCheckLetter({s, 15}) == s[15];
}

// France's NIR: sex, year, month, department (2A/2B in Corsica), commune, order and a key that
// makes the 15 digits 0 mod 97.
bool IsNir(std::string_view value) {
  char s[15];
  if (value.size() > 21 || Compact(value, " ", s, sizeof(s)) != 15) return false;
  if (std::string_view("123478").find(s[0]) == std::string_view::npos) return false;
  int64_t number = 0;
  for (int i = 0; i < 13; ++i) {
    char c = s[i];
    if (i == 6 && s[5] == '2' && (c == 'A' || c == 'B')) {
      number = number / 10 * 100 + (c == 'A' ? 19 : 18);  // 2A reads as 19, 2B as 18
      continue;
    }
    if (!IsDigit(c)) return false;
    number = number * 10 + (c - '0');
  }
  if (!IsDigit(s[13]) || !IsDigit(s[14])) return false;
  return 97 - number % 97 == (s[13] - '0') * 10 + (s[14] - '0');
}

// Germany's Steuer-ID: 11 digits, no leading zero, exactly one digit of the first ten repeated
// (twice or three times), and an ISO 7064 mod 11,10 check digit.
bool IsSteuerId(std::string_view value) {
  char s[11];
  if (value.size() > 14 || Compact(value, " ", s, sizeof(s)) != 11 || !AllDigits({s, 11}) ||
      s[0] == '0') {
    return false;
  }
  std::array<int, 10> counts{};
  for (int i = 0; i < 10; ++i) ++counts[static_cast<size_t>(s[i] - '0')];
  int repeated = 0;
  for (int c : counts) {
    if (c > 3) return false;
    repeated += c >= 2;
  }
  return repeated == 1 && gen::Mod11_10CheckDigit({s, 10}) == s[10];
}

// Japan's My Number: 11 digits and a check digit, weights 2..7 then 2..6 from the right.
bool IsMyNumber(std::string_view value) {
  char s[12];
  if (value.size() > 14 || Compact(value, " -", s, sizeof(s)) != 12 || !AllDigits({s, 12})) {
    return false;
  }
  int sum = 0;
  for (int n = 1; n <= 11; ++n) sum += (s[11 - n] - '0') * (n <= 6 ? n + 1 : n - 5);
  int r = sum % 11;
  return s[11] - '0' == (r <= 1 ? 0 : 11 - r);
}

}  // namespace

bool IsNationalId(std::string_view value) {
  return IsCpf(value) || IsDniOrNie(value) || IsCodiceFiscale(value) || IsNir(value) ||
         IsSteuerId(value) || IsMyNumber(value);
}

}  // namespace tdm::mask::pii
