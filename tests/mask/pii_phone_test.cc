#include "mask/pii_phone.h"

#include <gtest/gtest.h>

#include <string_view>

namespace tdm::mask::pii {
namespace {

TEST(PiiPhone, InternationalFormsOfAnyCountry) {
  PhoneMatcher phones;
  for (std::string_view v : {"+49 30 12345678", "0049 30 12345678", "+1 415-555-2671",
                             "+44 20 7946 0958", "+33 6 12 34 56 78", "+81 90-1234-5678",
                             "+55 11 91234-5678", "+34 612 345 678", "+39 06 1234 5678"}) {
    EXPECT_TRUE(phones.Matches(v, false)) << v;
  }
}

TEST(PiiPhone, FormattedNationalForms) {
  PhoneMatcher phones;
  for (std::string_view v : {"(415) 555-2671", "030 12345678", "020 7946 0958", "06 12 34 56 78",
                             "(11) 91234-5678", "090-1234-5678"}) {
    EXPECT_TRUE(phones.Matches(v, false)) << v;
  }
}

TEST(PiiPhone, BareDigitsOnlyWhenTheNameSaysPhone) {
  PhoneMatcher phones;
  EXPECT_FALSE(phones.Matches("4155552671", false));
  EXPECT_TRUE(phones.Matches("4155552671", true));
}

TEST(PiiPhone, DatesNumbersAndTextAreNotPhones) {
  PhoneMatcher phones;
  for (std::string_view v : {"2024-01-15", "15.01.2024", "1234.5678", "+12", "12345", "call me",
                             "+49 30 1234567x", "SKU-123-4567"}) {
    EXPECT_FALSE(phones.Matches(v, true)) << v;
  }
}

}  // namespace
}  // namespace tdm::mask::pii
