// Check-digit schemes shared by the finance, government and commerce providers.
//
// Each function works on ASCII digits (and, for mod 97, letters) already written into a buffer, so
// a provider draws the payload, appends the check character and commits, with no allocation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "gen/rng.h"

namespace tdm::gen {

// The Luhn digit to append to `payload` (cards): from the right, every other digit is doubled,
// starting with the digit next to the check digit.
inline char LuhnCheckDigit(std::string_view payload) {
  int sum = 0;
  bool twice = true;
  for (size_t i = payload.size(); i-- > 0;) {
    int d = payload[i] - '0';
    if (twice) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    twice = !twice;
  }
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

// The EAN/GTIN digit to append to `payload`: weights 3, 1, 3, ... from the right.
inline char GtinCheckDigit(std::string_view payload) {
  int sum = 0;
  bool three = true;
  for (size_t i = payload.size(); i-- > 0;) {
    sum += (payload[i] - '0') * (three ? 3 : 1);
    three = !three;
  }
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

// `text` mod 97, reading letters as 10..35 (ISO 7064 MOD 97-10 as IBANs use it).
inline int Mod97(std::string_view text, int start = 0) {
  int r = start;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      r = (r * 10 + (c - '0')) % 97;
    } else {
      r = (r * 100 + (c - 'A' + 10)) % 97;
    }
  }
  return r;
}

// ISO 7064 MOD 11,10 check digit of `payload` (German tax id).
inline char Mod11_10CheckDigit(std::string_view payload) {
  int product = 10;
  for (char c : payload) {
    int sum = (c - '0' + product) % 10;
    if (sum == 0) sum = 10;
    product = sum * 2 % 11;
  }
  int check = 11 - product;
  return static_cast<char>('0' + (check == 10 ? 0 : check));
}

// The Italian check letter (codice fiscale, and the CIN of an Italian IBAN): characters at odd
// positions (1-based) are scored by a fixed table, those at even positions by their value (digit
// 0-9, letter A=0 .. Z=25), and the sum mod 26 is a letter.
inline char ItalianCheckLetter(std::string_view text) {
  static constexpr int kOdd[26] = {1,  0,  5, 7, 9, 13, 15, 17, 19, 21, 2,  4,  18,
                                   20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23};
  int sum = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    int v = c >= '0' && c <= '9' ? c - '0' : c - 'A';
    sum += i % 2 == 0 ? kOdd[v] : v;
  }
  return static_cast<char>('A' + sum % 26);
}

// Appends `count` random decimal digits.
inline void AppendRandomDigits(RowRng& rng, int count, std::string& out) {
  for (int i = 0; i < count; ++i) out.push_back(static_cast<char>('0' + rng.Below(10)));
}

// Appends `count` random capital letters.
inline void AppendRandomLetters(RowRng& rng, int count, std::string& out) {
  for (int i = 0; i < count; ++i) out.push_back(static_cast<char>('A' + rng.Below(26)));
}

// Appends `value` as exactly `width` digits, zero padded.
inline void AppendPadded(uint64_t value, int width, std::string& out) {
  char buf[20];
  for (int i = width - 1; i >= 0; --i) {
    buf[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.append(buf, static_cast<size_t>(width));
}

}  // namespace tdm::gen
