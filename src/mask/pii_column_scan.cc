#include "mask/pii_column_scan.h"

#include <algorithm>
#include <optional>
#include <unordered_set>

#include "core/time_format.h"
#include "mask/pii_detect.h"
#include "mask/pii_person_names.h"
#include "mask/pii_phone.h"
#include "mask/pii_value_checks.h"

namespace tdm::mask::pii {

namespace {

// The first recogniser that takes `v`, or nullopt. Cheap shape tests come first inside each check,
// so a value that is plainly none of them costs a few comparisons per check.
std::optional<ValueKind> Recognise(std::string_view v, bool named_phone, PhoneMatcher& phones) {
  if (IsMacAddress(v)) return ValueKind::kMacAddress;
  if (IsIpAddress(v)) return ValueKind::kIpAddress;
  if (IsIban(v)) return ValueKind::kIban;
  if (IsPaymentCard(v)) return ValueKind::kCreditCard;
  if (IsUsSsn(v)) return ValueKind::kSsn;
  if (IsNationalId(v)) return ValueKind::kNationalId;
  if (phones.Matches(v, named_phone)) return ValueKind::kPhone;
  return std::nullopt;
}

void CountAge(double age, ValueEvidence& ev) {
  ++ev.dated;
  ev.ages_0_120 += age >= 0 && age <= 120;
  ev.ages_18_100 += age >= 18 && age <= 100;
  ev.ages_18_34 += age >= 18 && age < 35;
  ev.ages_50_100 += age >= 50 && age <= 100;
}

void ScanStrings(const Column& column, size_t rows, size_t step, const ScanOptions& options,
                 ValueEvidence& ev) {
  PhoneMatcher phones;
  std::unordered_set<std::string_view> distinct;
  int64_t this_year = CivilFromDays(options.today).year;
  auto count = [&ev](ValueKind kind) { ++ev.matched[static_cast<size_t>(kind)]; };
  for (size_t i = 0; i < rows; i += step) {
    if (column.IsNull(i)) continue;
    std::string_view v = Trim(column.GetString(i));
    if (v.empty()) continue;
    ++ev.sampled;
    if (static_cast<int64_t>(distinct.size()) < kDistinctCap) distinct.insert(v);
    if (options.dates_in_text) {
      if (std::optional<int> year = YearOfDate(v)) {
        CountAge(static_cast<double>(this_year - *year), ev);
        continue;
      }
    }
    if (v.find('@') != std::string_view::npos) {
      if (IsEmail(v)) {
        count(ValueKind::kEmail);
      } else if (ContainsEmail(v)) {
        ++ev.embedded_email;
      }
      continue;
    }
    if (std::optional<ValueKind> kind = Recognise(v, options.named_phone, phones)) {
      count(*kind);
      continue;
    }
    NameMatch name = MatchPersonName(v);
    if (name.full) count(ValueKind::kFullName);
    if (name.first) count(ValueKind::kFirstName);
    if (name.last) count(ValueKind::kLastName);
  }
  ev.distinct = static_cast<int64_t>(distinct.size());
}

}  // namespace

std::string_view ValueKindName(ValueKind kind) {
  static constexpr std::string_view kNames[kValueKindCount] = {
      "email",       "mac_address", "ip_address", "iban",       "credit_card", "ssn",
      "national_id", "phone",       "full_name",  "first_name", "last_name"};
  return kNames[static_cast<size_t>(kind)];
}

ValueEvidence ScanColumn(const Column& column, ColumnType type, size_t rows,
                         const ScanOptions& options) {
  ValueEvidence ev;
  rows = std::min(rows, column.size());
  auto cap = static_cast<size_t>(kMaxValuesPerColumn);
  size_t step = std::max<size_t>(1, (rows + cap - 1) / cap);
  if (column.physical() == PhysicalType::kString) {
    ScanStrings(column, rows, step, options, ev);
    return ev;
  }
  for (size_t i = 0; i < rows; i += step) {
    if (column.IsNull(i)) continue;
    ++ev.sampled;
    if (column.physical() != PhysicalType::kInt64) continue;
    int64_t v = column.GetInt(i);
    if (type == ColumnType::kDate || type == ColumnType::kDateTime) {
      int64_t days = type == ColumnType::kDate ? v : v / kMicrosPerDay - (v % kMicrosPerDay < 0);
      CountAge(static_cast<double>(options.today - days) / 365.2425, ev);
    } else if (type == ColumnType::kInteger) {
      ev.years += v >= 1900 && v <= 2100;
    }
  }
  return ev;
}

}  // namespace tdm::mask::pii
