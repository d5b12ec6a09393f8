// Value recognisers of the PII detector: does one string look like an email address, a payment
// card, an IBAN, ...
//
// Each check is a pure function of one value that allocates nothing, and each is strict enough
// that a column of ordinary data rarely passes by chance: check digits where the format has them
// (Luhn, ISO 7064 mod 97, the national schemes), registry tables where it has none (IBAN lengths
// per country, card IIN ranges, SSN area rules). pii_detect.cc runs them over a column's sample
// and counts matches; phones and person names have their own files (pii_phone.h,
// pii_person_names.h).
#pragma once

#include <optional>
#include <string_view>

namespace tdm::mask::pii {

// `value` without leading and trailing ASCII whitespace.
std::string_view Trim(std::string_view value);

// An RFC 5322 dot-atom address: local part of atext characters and single dots (at most 64
// bytes), '@', a domain of two or more labels (letters, digits, inner hyphens) whose last label
// is alphabetic. UTF-8 letters are allowed on both sides (internationalised addresses).
bool IsEmail(std::string_view value);

// Whether free text contains an email address among its words ("write to anna@example.org").
bool ContainsEmail(std::string_view text);

// A dotted-quad IPv4 or an IPv6 address, as inet_pton reads them.
bool IsIpAddress(std::string_view value);

// Six hex pairs separated by ':' or '-' (one separator throughout), or Cisco's "aabb.ccdd.eeff".
bool IsMacAddress(std::string_view value);

// An IBAN (spaces allowed, any case) of a registered country's length whose check digits pass
// ISO 7064 mod 97-10.
bool IsIban(std::string_view value);

// A payment card number: 13-19 digits, spaces or dashes between them allowed, Luhn-valid, and in
// the IIN ranges of Visa, Mastercard, American Express, Discover, Diners, JCB, UnionPay, Maestro
// or Mir at a length that network issues.
bool IsPaymentCard(std::string_view value);

// A US Social Security number "AAA-GG-SSSS" the SSA could issue: area 001-899 but 666, group not
// 00, serial not 0000. Nine bare digits are not taken (too many other numbers look like that).
bool IsUsSsn(std::string_view value);

// A national identity or tax number whose check digits pass: Brazil's CPF ("123.456.789-09" or
// 11 digits), Spain's DNI/NIE ("12345678Z", "X1234567L"), Italy's codice fiscale, France's NIR
// (15 digits with its key), Germany's Steuer-ID (11 digits), Japan's My Number (12 digits).
bool IsNationalId(std::string_view value);

// The year of a date written as "1985-03-12" (optionally with a time), "12.03.1985",
// "12/03/1985" or "03-12-1985"; nullopt for anything else.
std::optional<int> YearOfDate(std::string_view value);

}  // namespace tdm::mask::pii
