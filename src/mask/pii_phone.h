// Phone numbers for the PII detector, recognised with libphonenumber.
//
// libphonenumber knows which numbers each country assigns, but almost any run of 7 to 12 digits is
// a valid number in some country, so validity alone proves little. A value counts as a phone when
// it is written as one: in international form ("+49 30 1234567", "0049 ...") and valid, or in the
// national form of US, GB, DE, FR, ES, IT, BR or JP, valid there and grouped the way that country
// writes its numbers ("(415) 555-2671", "030 12345678", "06 12 34 56 78"). When the column's name
// says phone, any valid national number counts, grouped or bare.
//
// Parsing costs 20-40 microseconds a value and country, so a matcher remembers the country of its
// last national match and tries it first, and gives up on a column whose first 32 phone-shaped
// values are under 10% phones: its count is then a lower bound, far below any deciding share.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace i18n::phonenumbers {
class PhoneNumberUtil;
}

namespace tdm::mask::pii {

// Checks the values of one column; not thread-safe (one per column scan), cheap to construct.
class PhoneMatcher {
 public:
  PhoneMatcher();

  // Whether `value` (already trimmed) is a phone number as described above; `named_phone` says the
  // column's name calls it a phone, so national numbers count however they are grouped.
  bool Matches(std::string_view value, bool named_phone);

 private:
  bool International(std::string_view value);
  bool National(std::string_view value, bool named_phone);

  const i18n::phonenumbers::PhoneNumberUtil* util_;
  size_t preferred_ = 0;  // index into the national regions
  int tried_ = 0;         // phone-shaped values parsed
  int found_ = 0;         // of those, phones
  std::string buf_;
  std::string formatted_;
};

}  // namespace tdm::mask::pii
