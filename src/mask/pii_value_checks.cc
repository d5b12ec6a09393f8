// Recognisers for addresses (email, IP, MAC), payment and bank numbers, SSNs and dates. National
// identity numbers are in pii_national_ids.cc.
#include "mask/pii_value_checks.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

#include "gen/providers/finance_check_digits.h"

namespace tdm::mask::pii {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool IsUtf8(char c) { return static_cast<unsigned char>(c) >= 0x80; }

// RFC 5322 atext, plus UTF-8 bytes (RFC 6531).
bool IsAtext(char c) {
  return IsDigit(c) || IsAlpha(c) || IsUtf8(c) ||
         std::string_view("!#$%&'*+/=?^_`{|}~-").find(c) != std::string_view::npos;
}

bool IsDomainChar(char c) { return IsDigit(c) || IsAlpha(c) || IsUtf8(c) || c == '-'; }

bool IsDomain(std::string_view domain) {
  if (domain.empty() || domain.size() > 253) return false;
  int labels = 0;
  size_t start = 0;
  while (start <= domain.size()) {
    size_t dot = domain.find('.', start);
    if (dot == std::string_view::npos) dot = domain.size();
    std::string_view label = domain.substr(start, dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    if (!std::all_of(label.begin(), label.end(), IsDomainChar)) return false;
    ++labels;
    if (dot == domain.size()) {
      // The top-level domain: letters (or an IDN's punycode "xn--...").
      bool alphabetic =
          std::all_of(label.begin(), label.end(), [](char c) { return IsAlpha(c) || IsUtf8(c); });
      return labels >= 2 && label.size() >= 2 && (alphabetic || label.starts_with("xn--"));
    }
    start = dot + 1;
  }
  return false;
}

// The digits of `value` into `out` (at most `cap`), skipping the separators in `allowed`; 0 when
// another character appears or there are too many digits.
size_t CollectDigits(std::string_view value, std::string_view allowed, char* out, size_t cap) {
  size_t n = 0;
  for (char c : value) {
    if (IsDigit(c)) {
      if (n == cap) return 0;
      out[n++] = c;
    } else if (allowed.find(c) == std::string_view::npos) {
      return 0;
    }
  }
  return n;
}

bool LuhnValid(std::string_view digits) {
  int sum = 0;
  bool twice = false;
  for (size_t i = digits.size(); i-- > 0;) {
    int d = digits[i] - '0';
    if (twice) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    twice = !twice;
  }
  return sum % 10 == 0;
}

int Prefix(std::string_view digits, size_t length) {
  int v = 0;
  for (size_t i = 0; i < length && i < digits.size(); ++i) v = v * 10 + (digits[i] - '0');
  return v;
}

// Issuer ranges and the lengths each network issues.
bool KnownCardRange(std::string_view d) {
  size_t n = d.size();
  int p2 = Prefix(d, 2);
  int p3 = Prefix(d, 3);
  int p4 = Prefix(d, 4);
  int p6 = Prefix(d, 6);
  if (d[0] == '4') return n == 13 || n == 16 || n == 19;                     // Visa
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return n == 16;  // Mastercard
  if (p2 == 34 || p2 == 37) return n == 15;                                  // Amex
  if (p4 >= 2200 && p4 <= 2204) return n >= 16 && n <= 19;                   // Mir
  if (p4 == 6011 || (p3 >= 644 && p3 <= 649) || p2 == 65 ||                  // Discover
      (p6 >= 622126 && p6 <= 622925)) {
    return n >= 16 && n <= 19;
  }
  if ((p3 >= 300 && p3 <= 305) || p2 == 36 || p2 == 38 || p2 == 39) {  // Diners Club
    return n >= 14 && n <= 19;
  }
  if (p4 >= 3528 && p4 <= 3589) return n >= 16 && n <= 19;  // JCB
  if (p2 == 62) return n >= 16 && n <= 19;                  // UnionPay
  static constexpr int kMaestro[] = {5018, 5020, 5038, 5893, 6304, 6759, 6761, 6762, 6763};
  return std::find(std::begin(kMaestro), std::end(kMaestro), p4) != std::end(kMaestro);
}

struct IbanLength {
  char country[3];
  int length;
};

// The SWIFT IBAN registry (release 2024).
constexpr IbanLength kIbanLengths[] = {
    {"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"AZ", 28}, {"BA", 20}, {"BE", 16}, {"BG", 22},
    {"BH", 22}, {"BI", 27}, {"BR", 29}, {"BY", 28}, {"CH", 21}, {"CR", 22}, {"CY", 28}, {"CZ", 24},
    {"DE", 22}, {"DJ", 27}, {"DK", 18}, {"DO", 28}, {"EE", 20}, {"EG", 29}, {"ES", 24}, {"FI", 18},
    {"FK", 18}, {"FO", 18}, {"FR", 27}, {"GB", 22}, {"GE", 22}, {"GI", 23}, {"GL", 18}, {"GR", 27},
    {"GT", 28}, {"HR", 21}, {"HU", 28}, {"IE", 22}, {"IL", 23}, {"IQ", 23}, {"IS", 26}, {"IT", 27},
    {"JO", 30}, {"KW", 30}, {"KZ", 20}, {"LB", 28}, {"LC", 32}, {"LI", 21}, {"LT", 20}, {"LU", 20},
    {"LV", 21}, {"LY", 25}, {"MC", 27}, {"MD", 24}, {"ME", 22}, {"MK", 19}, {"MN", 20}, {"MR", 27},
    {"MT", 31}, {"MU", 30}, {"NI", 28}, {"NL", 18}, {"NO", 15}, {"OM", 23}, {"PK", 24}, {"PL", 28},
    {"PS", 29}, {"PT", 25}, {"QA", 29}, {"RO", 24}, {"RS", 22}, {"RU", 33}, {"SA", 24}, {"SC", 31},
    {"SD", 18}, {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"SO", 23}, {"ST", 25}, {"SV", 28},
    {"TL", 23}, {"TN", 24}, {"TR", 26}, {"UA", 29}, {"VA", 22}, {"VG", 24}, {"XK", 20}, {"YE", 30},
};

int RegisteredIbanLength(std::string_view country) {
  for (const IbanLength& entry : kIbanLengths) {
    if (country == entry.country) return entry.length;
  }
  return 0;
}

// Parses exactly `width` digits at `pos`.
bool ReadNumber(std::string_view s, size_t pos, size_t width, int& out) {
  if (pos + width > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + width; ++i) {
    if (!IsDigit(s[i])) return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

}  // namespace

std::string_view Trim(std::string_view value) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!value.empty() && space(value.front())) value.remove_prefix(1);
  while (!value.empty() && space(value.back())) value.remove_suffix(1);
  return value;
}

bool IsEmail(std::string_view value) {
  if (value.size() < 6 || value.size() > 254) return false;
  size_t at = value.rfind('@');
  if (at == std::string_view::npos || at == 0 || at > 64) return false;
  bool after_dot = true;  // a leading dot is as wrong as two dots in a row
  for (char c : value.substr(0, at)) {
    if (c == '.') {
      if (after_dot) return false;
      after_dot = true;
    } else if (IsAtext(c)) {
      after_dot = false;
    } else {
      return false;
    }
  }
  return !after_dot && IsDomain(value.substr(at + 1));
}

bool ContainsEmail(std::string_view text) {
  for (size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
    size_t begin = at;
    while (begin > 0 && (IsAtext(text[begin - 1]) || text[begin - 1] == '.')) --begin;
    size_t end = at + 1;
    while (end < text.size() && (IsDomainChar(text[end]) || text[end] == '.')) ++end;
    while (end > at + 1 && text[end - 1] == '.') --end;  // the sentence's full stop
    while (begin < at && text[begin] == '.') ++begin;
    if (IsEmail(text.substr(begin, end - begin))) return true;
  }
  return false;
}

bool IsIpAddress(std::string_view value) {
  char buf[64];
  if (value.size() < 2 || value.size() >= sizeof(buf)) return false;
  bool v4 = value.size() >= 7 && value.size() <= 15 &&
            std::all_of(value.begin(), value.end(), [](char c) { return IsDigit(c) || c == '.'; });
  bool v6 = value.find(':') != std::string_view::npos &&
            std::all_of(value.begin(), value.end(),
                        [](char c) { return IsHex(c) || c == ':' || c == '.'; });
  if (!v4 && !v6) return false;
  std::memcpy(buf, value.data(), value.size());
  buf[value.size()] = '\0';
  unsigned char address[16];
  return inet_pton(v4 ? AF_INET : AF_INET6, buf, address) == 1;
}

bool IsMacAddress(std::string_view value) {
  if (value.size() == 14) {  // aabb.ccdd.eeff
    for (size_t i = 0; i < 14; ++i) {
      if (i % 5 == 4 ? value[i] != '.' : !IsHex(value[i])) return false;
    }
    return true;
  }
  if (value.size() != 17) return false;
  char separator = value[2];
  if (separator != ':' && separator != '-') return false;
  for (size_t i = 0; i < 17; ++i) {
    if (i % 3 == 2 ? value[i] != separator : !IsHex(value[i])) return false;
  }
  return true;
}

bool IsIban(std::string_view value) {
  char buf[34];
  size_t n = 0;
  for (char c : value) {
    if (c == ' ') continue;
    if (n == sizeof(buf) || !(IsDigit(c) || IsAlpha(c))) return false;
    buf[n++] = c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
  }
  if (n < 15 || !IsAlpha(buf[0]) || !IsAlpha(buf[1]) || !IsDigit(buf[2]) || !IsDigit(buf[3])) {
    return false;
  }
  if (RegisteredIbanLength({buf, 2}) != static_cast<int>(n)) return false;
  int r = gen::Mod97({buf + 4, n - 4});
  return gen::Mod97({buf, 4}, r) == 1;
}

bool IsPaymentCard(std::string_view value) {
  char buf[19];
  size_t n = CollectDigits(value, " -", buf, sizeof(buf));
  if (n < 13 || value.front() == ' ' || value.front() == '-') return false;
  std::string_view digits(buf, n);
  return KnownCardRange(digits) && LuhnValid(digits);
}

bool IsUsSsn(std::string_view value) {
  int area = 0;
  int group = 0;
  int serial = 0;
  if (value.size() != 11 || value[3] != '-' || value[6] != '-') return false;
  if (!ReadNumber(value, 0, 3, area) || !ReadNumber(value, 4, 2, group) ||
      !ReadNumber(value, 7, 4, serial)) {
    return false;
  }
  return area >= 1 && area <= 899 && area != 666 && group != 0 && serial != 0;
}

std::optional<int> YearOfDate(std::string_view value) {
  int year = 0;
  int a = 0;  // day or month
  int b = 0;  // month or day
  // ISO: YYYY-MM-DD, then nothing or a time.
  if (value.size() >= 10 && value[4] == '-' && value[7] == '-' && ReadNumber(value, 0, 4, year) &&
      ReadNumber(value, 5, 2, a) && ReadNumber(value, 8, 2, b)) {
    bool tail_ok = value.size() == 10 || value[10] == 'T' || value[10] == ' ';
    if (tail_ok && a >= 1 && a <= 12 && b >= 1 && b <= 31) return year;
    return std::nullopt;
  }
  // D.M.YYYY, D/M/YYYY, M/D/YYYY, D-M-YYYY (one or two digits for day and month).
  size_t first = value.find_first_of("./-");
  if (first == std::string_view::npos || first == 0 || first > 2) return std::nullopt;
  char separator = value[first];
  size_t second = value.find(separator, first + 1);
  if (second == std::string_view::npos || second - first - 1 == 0 || second - first - 1 > 2 ||
      value.size() != second + 5) {
    return std::nullopt;
  }
  if (!ReadNumber(value, 0, first, a) || !ReadNumber(value, first + 1, second - first - 1, b) ||
      !ReadNumber(value, second + 1, 4, year)) {
    return std::nullopt;
  }
  bool valid = a >= 1 && b >= 1 && a <= 31 && b <= 31 && (a <= 12 || b <= 12);
  return valid ? std::optional<int>(year) : std::nullopt;
}

}  // namespace tdm::mask::pii
