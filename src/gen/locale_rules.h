// What a locale decides beyond its word lists: the country, how its addresses, postcodes and phone
// numbers are written, and which national id it issues.
//
// The lists (names, places, streets, mobile prefixes) live in data/<locale>/ as plain files; the
// conventions that are code rather than data (the order of a street and its number, a postcode's
// mask, the grouping of a national phone number) live here, one row per locale.
#pragma once

#include <string_view>
#include <vector>

namespace tdm::gen {

// How a street address is written.
enum class StreetStyle {
  kUs,                // "1427 Maple Avenue": number, name, suffix from a separate list
  kNumberFirst,       // "12 High Street", "12 rue de la Paix"
  kNumberLast,        // "Hauptstraße 12", "Via Roma 12"
  kNumberAfterComma,  // "Calle Mayor, 12", "Rua Augusta, 123"
  kJapanese,          // "本町1-2-3": town, then chome-ban-go
};

// How a full one-line address is assembled from its parts.
enum class AddressStyle {
  kUs,      // "1427 Maple Avenue, Raleigh, NC 27601"
  kUk,      // "12 High Street, Leeds, LS6 2AB"
  kEurope,  // "Hauptstraße 12, 10115 Berlin"
  kItaly,   // "Via Roma 12, 00184 Roma RM"
  kBrazil,  // "Rua Augusta, 123, São Paulo - SP, 01310-100"
  kJapan,   // "〒100-0001 東京都千代田区本町1-2-3"
};

// National phone number formats, one per numbering plan.
enum class PhoneStyle { kNanp, kUk, kGermany, kFrance, kSpain, kItaly, kBrazil, kJapan };

struct LocaleRules {
  std::string_view locale;        // "de_DE"
  std::string_view country_code;  // ISO 3166-1 alpha-2, "DE"
  std::string_view country_name;  // English short name, "Germany"
  std::string_view calling_code;  // "49"
  int landline_digits;  // national significant number length of a landline (area + subscriber)
  int mobile_digits;    // ... and of a mobile number
  // A landline subscriber number starts with 2..landline_first_max (Brazil: 2-5; 6-9 are mobile
  // or unassigned there); mobile digits after the prefix start with 2-9.
  int landline_first_max;
  // The postcode as digits zero-padded to `postcode_digits` and then written through the mask
  // ('#' = next digit), e.g. "###-####"; 0 digits means the UK's alphanumeric postcodes.
  int postcode_digits;
  std::string_view postcode_mask;
  StreetStyle street;
  AddressStyle address;
  PhoneStyle phone;
  std::string_view national_id;                // the provider of the country's personal id number
  bool family_name_first;                      // full_name writes the surname first (ja_JP)
  std::vector<std::string_view> unit_formats;  // secondary_address; '#' = a number, '@' = A..H
};

// The rules of `locale`, or en_US's for a locale this release does not know (the spec layer
// rejects those before generation).
const LocaleRules& RulesFor(std::string_view locale);

// Every locale with rules, en_US first.
const std::vector<LocaleRules>& AllLocaleRules();

}  // namespace tdm::gen
