// ClassifyTable on small hand-built tables: a customers table, a products table, multilingual
// names, a column whose values alone say what it is, and the promise that no sampled value reaches
// a finding.
#include "mask/pii_detect.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mask/pii_test_tables.h"

namespace tdm::mask {
namespace {

using testing::Classify;
using testing::CustomerColumns;
using testing::MultilingualColumns;
using testing::ProductColumns;
using testing::TestColumn;
using testing::TextValues;

TEST(PiiDetect, CustomersTableColumnByColumn) {
  auto t = Classify("customers", CustomerColumns());
  struct Expect {
    std::string_view column, kind;
    Sensitivity level;
    std::string_view strategy, provider;
  };
  for (const Expect& e : {
           Expect{"id", "", Sensitivity::kGreen, "", ""},
           Expect{"first_name", "first_name", Sensitivity::kRed, "anonymize", "first_name"},
           Expect{"last_name", "last_name", Sensitivity::kRed, "anonymize", "last_name"},
           Expect{"email", "email", Sensitivity::kRed, "anonymize", "email"},
           Expect{"phone", "phone", Sensitivity::kRed, "redact", ""},
           Expect{"ssn", "ssn", Sensitivity::kRed, "fpe", ""},
           Expect{"birth_date", "birth_date", Sensitivity::kRed, "noise", ""},
           Expect{"created_year", "", Sensitivity::kGreen, "", ""},
           Expect{"street", "address", Sensitivity::kRed, "anonymize", "street_address"},
           Expect{"postcode", "postcode", Sensitivity::kYellow, "anonymize", "postcode"},
           Expect{"city", "city", Sensitivity::kYellow, "anonymize", "city"},
           Expect{"card_number", "credit_card", Sensitivity::kRed, "partial", ""},
           Expect{"iban", "iban", Sensitivity::kRed, "fpe", ""},
           Expect{"ip", "ip_address", Sensitivity::kYellow, "hash", ""},
           Expect{"notes", "", Sensitivity::kGreen, "", ""},
       }) {
    const ColumnFinding& f = t->Of(e.column);
    EXPECT_EQ(f.table, "customers");
    EXPECT_EQ(f.kind, e.kind) << e.column << ": " << f.reason;
    EXPECT_EQ(SensitivityName(f.level), SensitivityName(e.level)) << e.column << ": " << f.reason;
    EXPECT_EQ(f.strategy, e.strategy) << e.column;
    EXPECT_EQ(f.provider, e.provider) << e.column;
    EXPECT_GE(f.confidence, 0.5) << e.column << ": " << f.reason;
    EXPECT_LE(f.confidence, 1.0) << e.column;
  }
  EXPECT_NE(t->Of("id").reason.find("key column"), std::string::npos);
  // Values confirm the names: every sampled value was recognised.
  for (std::string_view column :
       {"email", "phone", "ssn", "card_number", "iban", "ip", "first_name", "last_name"}) {
    const ColumnFinding& f = t->Of(column);
    EXPECT_EQ(f.sampled, 12) << column;
    EXPECT_EQ(f.matched, 12) << column << ": " << f.reason;
    EXPECT_GE(f.confidence, 0.8) << column << ": " << f.reason;
  }
  EXPECT_EQ(t->Of("email").reason, "name 'email'; 12/12 sampled values are email addresses");
  EXPECT_EQ(t->Of("notes").sampled, 8);
}

TEST(PiiDetect, ProductsTableIsGreen) {
  auto t = Classify("products", ProductColumns());
  for (const ColumnFinding& f : t->findings) {
    EXPECT_EQ(f.level, Sensitivity::kGreen) << f.column << ": " << f.reason;
    EXPECT_EQ(f.kind, "") << f.column;
    EXPECT_EQ(f.strategy, "") << f.column;
  }
  EXPECT_NE(t->Of("name").reason.find("holds no people"), std::string::npos);
}

TEST(PiiDetect, MultilingualColumnNames) {
  auto t = Classify("clientes", MultilingualColumns());
  struct Expect {
    std::string_view column, kind, reason_part;
  };
  for (const Expect& e :
       {Expect{"correo", "email", "(es: email)"}, Expect{"telefono", "phone", "(es/it: phone)"},
        Expect{"vorname", "first_name", "(de: first name)"},
        Expect{"nachname", "last_name", "(de: surname)"},
        Expect{"codice_fiscale", "national_id", "(it: tax code)"},
        Expect{"cpf", "national_id", "(pt: taxpayer number)"}}) {
    const ColumnFinding& f = t->Of(e.column);
    EXPECT_EQ(f.level, Sensitivity::kRed) << e.column << ": " << f.reason;
    EXPECT_EQ(f.kind, e.kind) << e.column << ": " << f.reason;
    EXPECT_NE(f.reason.find(e.reason_part), std::string::npos) << f.reason;
    EXPECT_EQ(f.matched, 4) << e.column << ": " << f.reason;
  }
  EXPECT_EQ(t->Of("correo").reason,
            "name 'correo' (es: email); 4/4 sampled values are email addresses");
}

TEST(PiiDetect, OddlyNamedColumnOfEmailsIsRedByValue) {
  std::vector<std::string> emails;
  for (int i = 0; i < 40; ++i) emails.push_back("user" + std::to_string(i) + "@example.org");
  auto t = Classify("t", {{"c1", ColumnType::kString, emails}});
  const ColumnFinding& f = t->Of("c1");
  EXPECT_EQ(f.level, Sensitivity::kRed);
  EXPECT_EQ(f.kind, "email");
  EXPECT_EQ(f.sampled, 40);
  EXPECT_EQ(f.matched, 40);
  EXPECT_GE(f.confidence, 0.8);
  EXPECT_EQ(f.reason, "no name hint; 40/40 sampled values are email addresses");
}

TEST(PiiDetect, NoSampledValueReachesAReason) {
  std::vector<std::vector<TestColumn>> tables = {CustomerColumns(), ProductColumns(),
                                                 MultilingualColumns()};
  for (const std::vector<TestColumn>& columns : tables) {
    auto t = Classify("customers", columns);
    for (const ColumnFinding& f : t->findings) {
      for (const std::string& v : TextValues(columns)) {
        for (const std::string* field : {&f.reason, &f.kind, &f.strategy, &f.provider}) {
          EXPECT_EQ(field->find(v), std::string::npos) << f.column << " leaks a value: " << *field;
        }
      }
    }
  }
}

}  // namespace
}  // namespace tdm::mask
