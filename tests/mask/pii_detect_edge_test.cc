// ClassifyTable where it must hold back or decide on little: keys, years, amounts, booleans, enums
// and product text stay green; yellow kinds; dates of birth from values; names alone; misleading
// names; free text.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mask/pii_detect.h"
#include "mask/pii_test_tables.h"

namespace tdm::mask {
namespace {

using testing::Classify;

TEST(PiiDetect, NeverRedForKeysYearsAmountsBooleansEnumsAndProductText) {
  std::vector<std::string> ids, years, amounts, quantities, statuses, flags, uuids, types, colours;
  for (int i = 0; i < 60; ++i) {
    ids.push_back(std::to_string(1000 + i));
    years.push_back(std::to_string(1990 + i % 35));
    amounts.push_back(std::to_string(5 + i * 3.25));
    quantities.push_back(std::to_string(1 + i % 9));
    statuses.push_back(i % 3 == 0 ? "shipped" : i % 3 == 1 ? "pending" : "cancelled");
    flags.push_back(std::to_string(i % 2));
    uuids.push_back("00000000-0000-4000-8000-" + std::string(10, '0') + std::to_string(10 + i));
    types.push_back(i % 2 == 0 ? "mobile" : "home");
    // Colours that are also first names: a short list repeated, not people.
    static const char* const kColours[] = {"Rose", "Olive",  "Ruby",  "Amber",
                                           "Jade", "Violet", "Hazel", "Ivy"};
    colours.push_back(kColours[i % 8]);
  }
  auto t = Classify("orders",
                    {{"id", ColumnType::kInteger, ids, true},
                     {"customer_id", ColumnType::kInteger, ids},
                     {"account_uuid", ColumnType::kUuid, uuids},
                     {"legacy_id", ColumnType::kInteger, ids},
                     {"order_year", ColumnType::kInteger, years},
                     {"total", ColumnType::kFloat, amounts},
                     {"price", ColumnType::kFloat, amounts},
                     {"amount", ColumnType::kInteger, quantities},
                     {"quantity", ColumnType::kInteger, quantities},
                     {"status", ColumnType::kString, statuses},
                     {"is_gift", ColumnType::kBoolean, flags},
                     {"phone_type", ColumnType::kString, types},
                     {"product_name", ColumnType::kString, statuses},
                     {"shipping_rate", ColumnType::kFloat, amounts},
                     {"colour", ColumnType::kString, colours}},
                    {{"customer_id", "customers", "id"}, {"account_uuid", "accounts", "id"}});
  for (const ColumnFinding& f : t->findings) {
    EXPECT_EQ(f.level, Sensitivity::kGreen) << f.column << ": " << f.reason;
  }
  EXPECT_EQ(t->Of("customer_id").reason, "key column (foreign key to customers.id)");
  EXPECT_NE(t->Of("order_year").reason.find("year column"), std::string::npos);
  EXPECT_EQ(t->Of("is_gift").reason, "boolean column");
}

TEST(PiiDetect, YellowKindsAndSecrets) {
  auto t = Classify(
      "users",
      {{"username", ColumnType::kString, {"anna.mueller", "jsmith", "sophie_d", "lukas77"}},
       {"session_token", ColumnType::kString, {"f3a9c2", "77be01", "0c4d2e", "9a8b7c"}},
       {"password_hash", ColumnType::kString, {"$2b$12$abc", "$2b$12$def", "$2b$12$ghi", "x"}},
       {"lat", ColumnType::kFloat, {"52.52", "48.85", "40.41", "41.90"}},
       {"lon", ColumnType::kFloat, {"13.40", "2.35", "-3.70", "12.49"}},
       {"mac", ColumnType::kString, {"00:1a:2b:3c:4d:5e", "00:1a:2b:3c:4d:5f", "", ""}},
       {"device_id", ColumnType::kUuid, {"123e4567-e89b-12d3-a456-426614174000", "", "", ""}},
       {"diagnosis", ColumnType::kString, {"J45.909", "E11.9", "I10", "F41.1"}},
       {"passport_number", ColumnType::kString, {"C01X00T47", "X1234567", "", ""}},
       {"birth_year", ColumnType::kInteger, {"1985", "1972", "1990", "2001"}},
       {"last_login", ColumnType::kDateTime, {"2024-05-01T10:00:00Z", "", "", ""}}});
  struct Expect {
    std::string_view column, kind;
    Sensitivity level;
    std::string_view strategy;
  };
  for (const Expect& e : {Expect{"username", "username", Sensitivity::kRed, "anonymize"},
                          Expect{"session_token", "secret", Sensitivity::kYellow, "redact"},
                          Expect{"password_hash", "secret", Sensitivity::kYellow, "redact"},
                          Expect{"lat", "geolocation", Sensitivity::kYellow, "noise"},
                          Expect{"lon", "geolocation", Sensitivity::kYellow, "noise"},
                          Expect{"mac", "mac_address", Sensitivity::kYellow, "hash"},
                          Expect{"device_id", "device_id", Sensitivity::kYellow, "hash"},
                          Expect{"diagnosis", "medical", Sensitivity::kRed, "redact"},
                          Expect{"passport_number", "passport", Sensitivity::kRed, "fpe"},
                          Expect{"birth_year", "birth_date", Sensitivity::kYellow, "noise"},
                          Expect{"last_login", "", Sensitivity::kGreen, ""}}) {
    const ColumnFinding& f = t->Of(e.column);
    EXPECT_EQ(f.kind, e.kind) << e.column << ": " << f.reason;
    EXPECT_EQ(f.level, e.level) << e.column << ": " << f.reason;
    EXPECT_EQ(f.strategy, e.strategy) << e.column;
  }
  EXPECT_EQ(t->Of("username").provider, "username");
}

TEST(PiiDetect, DatesOfBirthFromValuesInAPeopleTable) {
  // Birth dates of adults young and old; sign-up and hiring dates cluster within a few years.
  std::vector<std::string> born, signed_up, hired;
  for (int i = 0; i < 30; ++i) {
    std::string month_day = "-0" + std::to_string(1 + i % 9) + "-15";
    born.push_back(std::to_string(1950 + 2 * i) + month_day);
    signed_up.push_back(std::to_string(2015 + i % 10) + month_day);
    hired.push_back(std::to_string(2000 + i % 8) + month_day);
  }
  auto t = Classify("members", {{"born_on", ColumnType::kDate, born},
                                {"signed_up", ColumnType::kDate, signed_up},
                                {"hired_on", ColumnType::kDate, hired}});
  EXPECT_EQ(t->Of("born_on").kind, "birth_date") << t->Of("born_on").reason;
  EXPECT_EQ(t->Of("born_on").level, Sensitivity::kRed);
  EXPECT_EQ(t->Of("signed_up").level, Sensitivity::kGreen) << t->Of("signed_up").reason;
  EXPECT_EQ(t->Of("hired_on").level, Sensitivity::kGreen) << t->Of("hired_on").reason;
}

TEST(PiiDetect, NameAloneDecidesWithLowerConfidence) {
  Batch empty;
  TableSchema schema;
  schema.name = "customers";
  schema.columns = {{"email", ColumnType::kString},
                    {"name", ColumnType::kString},
                    {"mobile", ColumnType::kString},
                    {"total", ColumnType::kFloat}};
  std::vector<ColumnFinding> findings = ClassifyTable(schema, empty);
  ASSERT_EQ(findings.size(), 4u);
  EXPECT_EQ(findings[0].kind, "email");
  EXPECT_EQ(findings[0].level, Sensitivity::kRed);
  EXPECT_EQ(findings[0].sampled, 0);
  EXPECT_LT(findings[0].confidence, 0.8);
  EXPECT_EQ(findings[1].kind, "full_name");  // "name" in a table of people
  EXPECT_EQ(findings[2].kind, "phone");
  EXPECT_LT(findings[2].confidence, findings[0].confidence);  // "mobile" has other meanings
  EXPECT_EQ(findings[3].level, Sensitivity::kGreen);
}

TEST(PiiDetect, ValuesOutvoteAMisleadingName) {
  auto t = Classify("contacts", {{"mail",
                                  ColumnType::kString,
                                  {"+49 30 12345678", "+1 415-555-2671", "+33 6 12 34 56 78",
                                   "+44 20 7946 0958", "+39 06 1234 5678"}}});
  EXPECT_EQ(t->Of("mail").kind, "phone") << t->Of("mail").reason;
  EXPECT_NE(t->Of("mail").reason.find("suggests email addresses, but 5/5"), std::string::npos)
      << t->Of("mail").reason;
}

TEST(PiiDetect, FreeTextWithAddressesIsYellow) {
  auto t = Classify("tickets", {{"body",
                                 ColumnType::kString,
                                 {"Please call me back", "My address is anna.m@example.org, thanks",
                                  "Order arrived damaged", "Refund please"}}});
  EXPECT_EQ(t->Of("body").kind, "free_text");
  EXPECT_EQ(t->Of("body").level, Sensitivity::kYellow);
}

}  // namespace
}  // namespace tdm::mask
