#include "mask/pii_name_hints.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mask/pii_column_scan.h"
#include "mask/pii_hint_words.h"
#include "mask/pii_kinds.h"

namespace tdm::mask::pii {
namespace {

std::string KindOf(std::string_view name) { return std::string(FindNameHint(name).kind); }

TEST(PiiNameHints, SplitsSnakeCamelAndAccents) {
  EXPECT_EQ(SplitName("customerEmail"), (std::vector<std::string>{"customer", "email"}));
  EXPECT_EQ(SplitName("IPAddress2"), (std::vector<std::string>{"ip", "address", "2"}));
  EXPECT_EQ(SplitName("E_Mail"), (std::vector<std::string>{"e", "mail"}));
  EXPECT_EQ(SplitName("Pr\xc3\xa9nom"), (std::vector<std::string>{"prenom"}));
  EXPECT_EQ(SplitName("date-of-birth"), (std::vector<std::string>{"date", "of", "birth"}));
}

TEST(PiiNameHints, EnglishNames) {
  EXPECT_EQ(KindOf("email"), "email");
  EXPECT_EQ(KindOf("E_Mail"), "email");
  EXPECT_EQ(KindOf("customerEmailAddress"), "email");
  EXPECT_EQ(KindOf("phone_number"), "phone");
  EXPECT_EQ(KindOf("dateOfBirth"), "birth_date");
  EXPECT_EQ(KindOf("zip_code"), "postcode");
  EXPECT_EQ(KindOf("ip_address"), "ip_address");
  EXPECT_EQ(KindOf("login_ip"), "ip_address");
  EXPECT_EQ(KindOf("street_name"), "address");
  EXPECT_EQ(KindOf("user_name"), "username");
  EXPECT_EQ(KindOf("password_hash"), "secret");
  EXPECT_EQ(KindOf("customer_name"), "full_name");
  EXPECT_EQ(KindOf("patient_name"), "full_name");
  EXPECT_EQ(KindOf("cc_number"), "credit_card");
  EXPECT_EQ(KindOf("medical_record_number"), "medical");
}

TEST(PiiNameHints, OtherLanguages) {
  struct Case {
    std::string_view name, kind, language;
  };
  for (const Case& c : {Case{"correo_electronico", "email", "es"},
                        Case{"courriel", "email", "fr"},
                        Case{"telefono", "phone", "es/it"},
                        Case{"Handy", "phone", "de"},
                        Case{"Vorname", "first_name", "de"},
                        Case{"Nachname", "last_name", "de"},
                        Case{"pr\xc3\xa9nom", "first_name", "fr"},
                        Case{"apellido", "last_name", "es"},
                        Case{"cognome", "last_name", "it"},
                        Case{"sobrenome", "last_name", "pt"},
                        Case{"codice_fiscale", "national_id", "it"},
                        Case{"cpf", "national_id", "pt"},
                        Case{"Steueridentifikationsnummer", "national_id", "de"},
                        Case{"Stra\xc3\x9f"
                             "e",
                             "address", "de"},
                        Case{"endere\xc3\xa7o", "address", "pt"},
                        Case{"code_postal", "postcode", "fr"},
                        Case{"PLZ", "postcode", "de"},
                        Case{"citt\xc3\xa0", "city", "it"},
                        Case{"fecha_nacimiento", "birth_date", "es"},
                        Case{"data_nascimento", "birth_date", "pt"},
                        Case{"F\xc3\xbchrerschein", "driver_license", "de"},
                        Case{"denwa_bango", "phone", "ja"},
                        Case{"my_number", "national_id", "ja"}}) {
    NameHint hint = FindNameHint(c.name);
    EXPECT_EQ(hint.kind, c.kind) << c.name;
    EXPECT_EQ(hint.language, c.language) << c.name;
    EXPECT_FALSE(hint.meaning.empty()) << c.name;
  }
}

TEST(PiiNameHints, WholeWordsOnly) {
  for (std::string_view name :
       {"shipping_rate", "canal", "product_name", "company_name", "zipper_size", "hotel",
        "description", "telemetry", "maildrop_count", "birthday_cake_flavour_id", "shipped_via",
        "market_cap", "mobile_app_version", "capacity"}) {
    NameHint hint = FindNameHint(name);
    EXPECT_TRUE(hint.kind.empty() || hint.generic_name) << name << " -> " << hint.kind;
  }
}

TEST(PiiNameHints, QualifiersCancelTheHint) {
  for (std::string_view name :
       {"email_verified", "phone_type", "num_phones", "has_email", "patient_id", "card_expiry",
        "address_status", "birth_country", "ip_region", "login_count", "token_type"}) {
    EXPECT_EQ(KindOf(name), "") << name;
  }
}

TEST(PiiNameHints, NameAloneIsGeneric) {
  EXPECT_TRUE(FindNameHint("name").generic_name);
  EXPECT_TRUE(FindNameHint("nombre").generic_name);
  EXPECT_EQ(FindNameHint("nombre").kind, "first_name");
  EXPECT_EQ(FindNameHint("nom").kind, "last_name");
  EXPECT_FALSE(FindNameHint("nombre_cliente").generic_name);
  EXPECT_EQ(FindNameHint("nombre_cliente").kind, "full_name");
}

TEST(PiiNameHints, PeopleTables) {
  for (std::string_view t : {"customers", "users", "Employees", "patient", "Kunden", "clientes",
                             "crm_contacts", "people"}) {
    EXPECT_TRUE(IsPeopleTable(t)) << t;
  }
  for (std::string_view t : {"products", "orders", "inventory", "audit_log", "invoices"}) {
    EXPECT_FALSE(IsPeopleTable(t)) << t;
  }
}

TEST(PiiNameHints, EveryHintAndRecogniserNamesAKnownKind) {
  for (const HintWord& hint : HintWords()) {
    EXPECT_NE(FindKind(hint.kind), nullptr) << hint.word << " -> " << hint.kind;
    EXPECT_EQ(hint.language.empty(), hint.meaning.empty()) << hint.word;
  }
  for (size_t k = 0; k < kValueKindCount; ++k) {
    EXPECT_NE(FindKind(ValueKindName(static_cast<ValueKind>(k))), nullptr) << k;
  }
}

}  // namespace
}  // namespace tdm::mask::pii
