#include "mask/pii_value_checks.h"

#include <gtest/gtest.h>

#include <string_view>

namespace tdm::mask::pii {
namespace {

TEST(PiiValueChecks, EmailAcceptsDotAtomAddresses) {
  for (std::string_view v : {"anna.mueller@example.org", "j.o'neil+news@mail.example.co.uk",
                             "x_y-z@sub.domain.de", "jos\xc3\xa9@correo.es", "a@b.io"}) {
    EXPECT_TRUE(IsEmail(v)) << v;
  }
}

TEST(PiiValueChecks, EmailRejectsNearMisses) {
  for (std::string_view v :
       {"anna@", "@example.org", "anna..b@example.org", ".anna@example.org", "anna.@example.org",
        "anna@example", "anna@-example.org", "anna@example.c0m", "anna example@example.org",
        "anna@exa_mple.org", "anna@example..org", "plain text", "a@b.c"}) {
    EXPECT_FALSE(IsEmail(v)) << v;
  }
}

TEST(PiiValueChecks, ContainsEmailFindsAddressesInsideText) {
  EXPECT_TRUE(ContainsEmail("Please write to anna.mueller@example.org."));
  EXPECT_TRUE(ContainsEmail("(contact: j.smith@example.com) after 5pm"));
  EXPECT_FALSE(ContainsEmail("Meet @ 5pm, bring the report"));
  EXPECT_FALSE(ContainsEmail("follow us @example on social media"));
}

TEST(PiiValueChecks, IpAddressesOfBothFamilies) {
  for (std::string_view v : {"192.168.1.10", "8.8.8.8", "2001:db8::1", "::1",
                             "fe80::1ff:fe23:4567:890a", "::ffff:192.0.2.1"}) {
    EXPECT_TRUE(IsIpAddress(v)) << v;
  }
  for (std::string_view v : {"256.1.1.1", "1.2.3", "1.2.3.4.5", "12:30:00", "2001:db8:::1", "10.5",
                             "v1.2.3.4", "00:1a:2b:3c:4d:5e"}) {
    EXPECT_FALSE(IsIpAddress(v)) << v;
  }
}

TEST(PiiValueChecks, MacAddressesNeedOneSeparatorThroughout) {
  for (std::string_view v : {"00:1a:2b:3c:4d:5e", "00-1A-2B-3C-4D-5E", "001a.2b3c.4d5e"}) {
    EXPECT_TRUE(IsMacAddress(v)) << v;
  }
  for (std::string_view v : {"00:1a-2b:3c:4d:5e", "00:1a:2b:3c:4d", "0g:1a:2b:3c:4d:5e",
                             "001a2b3c4d5e", "12:30:45:00:00:0"}) {
    EXPECT_FALSE(IsMacAddress(v)) << v;
  }
}

TEST(PiiValueChecks, IbanChecksLengthAndMod97) {
  for (std::string_view v :
       {"DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432", "FR1420041010050500013M02606",
        "ES9121000418450200051332", "IT60X0542811101000000123456", "NL91ABNA0417164300",
        "BR1800360305000010009795493C1", "de89370400440532013000"}) {
    EXPECT_TRUE(IsIban(v)) << v;
  }
  for (std::string_view v : {"DE89370400440532013001", "DE8937040044053201300",
                             "XX89370400440532013000", "DE89-3704-0044-0532-0130-00", "DE"}) {
    EXPECT_FALSE(IsIban(v)) << v;
  }
}

TEST(PiiValueChecks, PaymentCardsNeedLuhnAndAKnownIssuer) {
  for (std::string_view v :
       {"4111 1111 1111 1111", "5500-0000-0000-0004", "378282246310005", "6011111111111117",
        "3530111333300000", "30569309025904", "2221000000000009", "5555555555554444"}) {
    EXPECT_TRUE(IsPaymentCard(v)) << v;
  }
  for (std::string_view v : {"4111 1111 1111 1112", "1234567812345670", "411111111111",
                             "4111.1111.1111.1111", "55000000000000040000", "378282246310005x"}) {
    EXPECT_FALSE(IsPaymentCard(v)) << v;
  }
}

TEST(PiiValueChecks, UsSsnFollowsIssuanceRules) {
  for (std::string_view v : {"123-45-6789", "078-05-1120", "899-99-9999", "001-01-0001"}) {
    EXPECT_TRUE(IsUsSsn(v)) << v;
  }
  for (std::string_view v : {"666-12-3456", "000-12-3456", "900-12-3456", "123-00-4567",
                             "123-45-0000", "123456789", "123-456-789", "12a-45-6789"}) {
    EXPECT_FALSE(IsUsSsn(v)) << v;
  }
}

TEST(PiiValueChecks, NationalIdsPassTheirCheckDigits) {
  for (std::string_view v :
       {"529.982.247-25", "52998224725", "12345678Z", "12345678-Z", "X1234567L", "RSSMRA85T10A562S",
        "rssmra85t10a562s", "1 85 05 78 006 084 91", "86095742719", "123456789018"}) {
    EXPECT_TRUE(IsNationalId(v)) << v;
  }
  for (std::string_view v :
       {"529.982.247-26", "111.111.111-11", "12345678A", "X1234567A", "RSSMRA85T10A562T",
        "1 85 05 78 006 084 92", "86095742718", "123456789012", "hello world"}) {
    EXPECT_FALSE(IsNationalId(v)) << v;
  }
}

TEST(PiiValueChecks, YearOfDateReadsCommonDateForms) {
  EXPECT_EQ(YearOfDate("1985-03-12"), 1985);
  EXPECT_EQ(YearOfDate("1985-03-12T10:00:00Z"), 1985);
  EXPECT_EQ(YearOfDate("12.03.1985"), 1985);
  EXPECT_EQ(YearOfDate("03/12/1985"), 1985);
  EXPECT_EQ(YearOfDate("3/9/1985"), 1985);
  EXPECT_EQ(YearOfDate("1985-13-01"), std::nullopt);
  EXPECT_EQ(YearOfDate("13.13.1985"), std::nullopt);
  EXPECT_EQ(YearOfDate("12/03/85"), std::nullopt);
  EXPECT_EQ(YearOfDate("2024-01-15x"), std::nullopt);
  EXPECT_EQ(YearOfDate("+1 555 0100"), std::nullopt);
}

TEST(PiiValueChecks, TrimDropsSurroundingWhitespace) {
  EXPECT_EQ(Trim("  anna@example.org\t\n"), "anna@example.org");
  EXPECT_EQ(Trim("   "), "");
}

}  // namespace
}  // namespace tdm::mask::pii
