// The value evidence of one column for the PII detector: what its sampled values look like.
//
// ScanColumn runs every recogniser over up to kMaxValuesPerColumn non-null values of a column
// (spread evenly over the sample) and counts what each one took; pii_detect.cc weighs the counts
// against the column's name. A string value is counted for the first recogniser that takes it, in
// order of strictness (email, MAC, IP, IBAN, card, SSN, national id, phone), and otherwise as a
// person name; date columns count implied ages, integer columns years. Nothing is copied: values
// are read in place and only counted.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>

#include "core/batch.h"

namespace tdm::mask::pii {

// Distinct string values are counted up to this many.
inline constexpr int64_t kDistinctCap = 64;

// What a recogniser can say a string value is; the names are PiiKind names.
enum class ValueKind {
  kEmail,
  kMacAddress,
  kIpAddress,
  kIban,
  kCreditCard,
  kSsn,
  kNationalId,
  kPhone,
  kFullName,
  kFirstName,  // a single word: it may count as a first name and a surname at once
  kLastName,
};
inline constexpr size_t kValueKindCount = 11;

// "email", "mac_address", ..., "last_name".
std::string_view ValueKindName(ValueKind kind);

struct ScanOptions {
  bool named_phone = false;    // the name says phone: national numbers count however written
  bool dates_in_text = false;  // the name says birth: read dates written in strings
  int64_t today = 0;           // days since 1970-01-01, for ages
};

struct ValueEvidence {
  int64_t sampled = 0;  // non-null (for strings: non-blank) values looked at
  std::array<int64_t, kValueKindCount> matched{};
  int64_t embedded_email = 0;  // values that are not an address but contain one (free text)
  int64_t distinct = 0;        // distinct string values, up to kDistinctCap (0 for others)
  int64_t dated = 0;           // values read as dates
  int64_t ages_0_120 = 0;      // of those, implying an age of 0..120 years
  int64_t ages_18_100 = 0;     // ... of 18..100 years
  int64_t ages_18_34 = 0;      // ... of 18..34 years (young adults)
  int64_t ages_50_100 = 0;     // ... of 50..100 years (older adults)
  int64_t years = 0;           // integers in 1900..2100

  int64_t Matched(ValueKind kind) const { return matched[static_cast<size_t>(kind)]; }
  // A handful of distinct values among many: an enum or category, not people's data.
  bool FewDistinct() const { return sampled >= 20 && distinct > 0 && distinct <= 5; }
  // Values as varied as people's: 30% of them distinct, or kDistinctCap. A list of colours or
  // cities that happen to be first names repeats a few values.
  bool ManyDistinct() const { return distinct >= std::min(kDistinctCap, (sampled * 3 + 9) / 10); }
  // Dates whose ages look like a population's birth dates: mostly adults, young and old alike
  // (sign-up or hiring dates of a few years cluster instead).
  bool AdultBirthDates() const {
    return dated >= 5 && ages_18_100 * 10 >= dated * 8 && ages_18_34 * 10 >= dated &&
           ages_50_100 * 10 >= dated;
  }
};

// Scans the first `rows` values of `column`, whose declared type is `type`.
ValueEvidence ScanColumn(const Column& column, ColumnType type, size_t rows,
                         const ScanOptions& options);

}  // namespace tdm::mask::pii
