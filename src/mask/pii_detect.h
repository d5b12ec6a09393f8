// The PII detector: which columns of a table hold personal data, and how to mask them.
//
// `data-cli detect-pii` reads a sample of each table and hands it here with the table's schema.
// Every column gets a finding: red (personal data: names, contact details, government, payment
// and bank numbers, dates of birth, passports, driving licences, medical records, usernames),
// yellow (sensitive, or identifying only in combination: IP and MAC addresses, device ids,
// geolocation, postcodes, cities, years of birth, BICs, session tokens, API keys and passwords,
// free text holding an email address) or green. The levels follow the "PII Classification &
// Handling" hierarchy of the strategy document, which puts cards and health records red where the
// shorter list under "Compliance & Security-First" calls them sensitive business data.
//
// Two kinds of evidence combine into a confidence: the column's name, split into its
// snake_case/camelCase words and read in English, German, French, Spanish, Italian, Portuguese and
// Japanese romaji ("correo_electronico", "Vorname", "codice_fiscale"); and its values, run through
// strict recognisers (email syntax, libphonenumber, Luhn and card prefixes, IBAN mod 97, SSN
// ranges, national check digits, inet_pton, tdm's own locale name lists, ages of birth dates).
// A recogniser matching at least 80% of the values decides alone; a name alone decides with lower
// confidence. Street addresses, postcodes, cities, usernames, passports, licences, secrets and
// medical data have no recogniser: their names must say so. Keys, booleans, floats (but
// coordinates), year columns and enums are never red.
//
// Findings carry names and counts only: no sampled value ever reaches a reason or any other field,
// since the values are the personal data the detector is looking for.
//
// Suggested strategies per kind (decisions, not fixed by the strategy document):
//   email -> anonymize (provider email): a fake address keeps the column a valid, unique email,
//            which tests that send or validate mail need; `hash` is the stricter alternative.
//   phone -> redact; ssn, national_id -> fpe; credit_card -> partial (last four kept);
//   iban, bank_account, passport, driver_license -> fpe; full_name, first_name, last_name,
//   address (street_address), postcode, city, username, bic -> anonymize; birth_date,
//   geolocation -> noise; ip_address, mac_address, device_id -> hash; secret, medical,
//   free_text -> redact.
//   username is red: it names one person directly, is often built from the real name
//   (anna.mueller) and is reused across services, so it identifies like an email does.
//
// Thread safety: ClassifyTable may run concurrently; the name lists and libphonenumber's metadata
// are loaded once on first use.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/batch.h"
#include "core/table_schema.h"

namespace tdm::mask {

// Ordered: a higher level is more sensitive.
enum class Sensitivity { kGreen, kYellow, kRed };

// "green", "yellow", "red".
std::string_view SensitivityName(Sensitivity level);

struct ColumnFinding {
  std::string table;
  std::string column;
  Sensitivity level = Sensitivity::kGreen;
  // What the column holds: "email", "phone", "ssn", "national_id", "credit_card", "iban",
  // "bank_account", "bic", "full_name", "first_name", "last_name", "address", "postcode", "city",
  // "birth_date", "ip_address", "mac_address", "device_id", "geolocation", "passport",
  // "driver_license", "medical", "secret", "username", "free_text"; "" when green.
  std::string kind;
  // Why, for people: "name 'correo_electronico' (es: email); 200/200 sampled values are email
  // addresses". Names and counts only.
  std::string reason;
  // 0..1, two decimals: how sure the finding is of `kind` (for green: that the column holds no
  // personal data). A name alone gives 0.6 (0.45 for a word with other meanings, "mobile"); values
  // that agree raise it towards 0.99, values that contradict lower it.
  double confidence = 0;
  // Suggested masking strategy: hash, anonymize, redact, partial, fpe, noise or null; "" for green.
  std::string strategy;
  // For anonymize: the tdm provider that fakes the kind ("email", "full_name", "street_address").
  std::string provider;
  int64_t sampled = 0;  // non-null values looked at
  int64_t matched = 0;  // of those, how many a value recogniser took for `kind`
};

// Up to this many non-null values are looked at per column, spread evenly over the sample: a share
// measured on 1,000 values is within 3% of the whole column's (95% of the time), and a phone number
// costs libphonenumber 20-40 microseconds to check.
inline constexpr int64_t kMaxValuesPerColumn = 1000;

// Classifies every column of `table` (its name, logical type, primary and foreign keys) using the
// rows of `sample`, a Batch of that table: sample.columns[i] holds table.columns[i]. The sample
// may be empty (num_rows 0, or no columns at all): then names and types decide alone. Returns one
// finding per column, in the table's column order.
std::vector<ColumnFinding> ClassifyTable(const TableSchema& table, const Batch& sample);

}  // namespace tdm::mask
