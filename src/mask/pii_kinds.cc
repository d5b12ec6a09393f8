#include "mask/pii_kinds.h"

namespace tdm::mask::pii {

namespace {

constexpr uint32_t Bit(ColumnType type) { return 1U << static_cast<int>(type); }

constexpr uint32_t kText = Bit(ColumnType::kString);
constexpr uint32_t kNumber = Bit(ColumnType::kInteger);
constexpr uint32_t kDecimal = Bit(ColumnType::kFloat);
constexpr uint32_t kTemporal = Bit(ColumnType::kDate) | Bit(ColumnType::kDateTime);
constexpr uint32_t kUuid = Bit(ColumnType::kUuid) | Bit(ColumnType::kObjectId);

constexpr Sensitivity kRed = Sensitivity::kRed;
constexpr Sensitivity kYellow = Sensitivity::kYellow;

// Strategies are explained in pii_detect.h. Integer columns can hold numbers people write as
// digits only (phones, card and account numbers, US zip codes); a year of birth stored as an
// integer is handled apart (pii_detect.cc), so birth_date lists no integer type.
constexpr PiiKind kKinds[] = {
    {"email", kRed, "anonymize", "email", "email addresses", kText, true},
    {"phone", kRed, "redact", "", "phone numbers", kText | kNumber, true},
    {"ssn", kRed, "fpe", "", "US Social Security numbers", kText | kNumber, true},
    {"national_id", kRed, "fpe", "", "national identity or tax numbers", kText | kNumber, true},
    {"credit_card", kRed, "partial", "", "payment card numbers", kText | kNumber, true},
    {"iban", kRed, "fpe", "", "IBANs", kText, true},
    {"bank_account", kRed, "fpe", "", "bank account numbers", kText | kNumber, true},
    {"bic", kYellow, "anonymize", "bic", "BICs", kText, false},
    {"full_name", kRed, "anonymize", "full_name", "person names", kText, true},
    {"first_name", kRed, "anonymize", "first_name", "first names", kText, true},
    {"last_name", kRed, "anonymize", "last_name", "surnames", kText, true},
    {"address", kRed, "anonymize", "street_address", "street addresses", kText, true},
    {"postcode", kYellow, "anonymize", "postcode", "postcodes", kText | kNumber, false},
    {"city", kYellow, "anonymize", "city", "cities", kText, false},
    {"birth_date", kRed, "noise", "", "dates of birth", kText | kTemporal, true},
    {"ip_address", kYellow, "hash", "", "IP addresses", kText, false},
    {"mac_address", kYellow, "hash", "", "MAC addresses", kText, false},
    {"device_id", kYellow, "hash", "", "device identifiers", kText | kUuid, false},
    {"geolocation", kYellow, "noise", "", "coordinates", kText | kDecimal, false},
    {"passport", kRed, "fpe", "", "passport numbers", kText, true},
    {"driver_license", kRed, "fpe", "", "driving licence numbers", kText, true},
    {"medical", kRed, "redact", "", "medical records", kText, true},
    {"secret", kYellow, "redact", "", "secrets", kText | kUuid, false},
    {"username", kRed, "anonymize", "username", "usernames", kText, true},
    {"free_text", kYellow, "redact", "", "free text", kText, false},
};

}  // namespace

const PiiKind* FindKind(std::string_view name) {
  for (const PiiKind& kind : kKinds) {
    if (kind.name == name) return &kind;
  }
  return nullptr;
}

bool StoredAs(const PiiKind& kind, ColumnType type) { return (kind.types & Bit(type)) != 0; }

}  // namespace tdm::mask::pii
