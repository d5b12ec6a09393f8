#include "mask/pii_phone.h"

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include "mask/pii_value_checks.h"

namespace tdm::mask::pii {

namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

// The countries whose national forms are tried, most common in test data first.
constexpr const char* kNationalRegions[] = {"US", "GB", "DE", "FR", "ES", "IT", "BR", "JP"};
constexpr size_t kRegionCount = std::size(kNationalRegions);

// The shape of a value that might be a phone number.
struct PhoneShape {
  bool candidate = false;
  bool international = false;  // "+..." or "00..."
  bool grouped = false;        // digits in groups (separators or brackets)
};

// A column whose first kTrial phone-shaped values are under 10% phones is not tried further.
constexpr int kTrial = 32;

PhoneShape ShapeOf(std::string_view v) {
  PhoneShape shape;
  if (v.empty()) return shape;
  size_t digits = 0;
  size_t separators = 0;
  size_t dots = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c == '+' && i == 0) {
      shape.international = true;
    } else if (c == ' ' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')') {
      ++separators;
      dots += c == '.';
    } else {
      return shape;
    }
  }
  if (v.starts_with("00")) {
    shape.international = true;
    digits -= 2;
  }
  // A decimal number or a date is not a phone, however its digits parse.
  bool decimal = dots == 1 && separators == 1;
  if (digits < 7 || digits > 15 || decimal || YearOfDate(v)) return shape;
  shape.candidate = true;
  shape.grouped = separators > 0;
  return shape;
}

// Whether `a` and `b` have the same runs of digits ("415-555-2671" and "(415) 555-2671" do).
bool SameDigitGroups(std::string_view a, std::string_view b) {
  size_t i = 0;
  size_t j = 0;
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  while (true) {
    while (i < a.size() && !digit(a[i])) ++i;
    while (j < b.size() && !digit(b[j])) ++j;
    if (i == a.size() || j == b.size()) return i == a.size() && j == b.size();
    while (i < a.size() && j < b.size() && digit(a[i]) && digit(b[j])) {
      if (a[i++] != b[j++]) return false;
    }
    if ((i < a.size() && digit(a[i])) || (j < b.size() && digit(b[j]))) return false;
  }
}

}  // namespace

PhoneMatcher::PhoneMatcher() : util_(PhoneNumberUtil::GetInstance()) {}

bool PhoneMatcher::Matches(std::string_view value, bool named_phone) {
  if (tried_ >= kTrial && found_ * 10 < tried_) return false;
  PhoneShape shape = ShapeOf(value);
  if (!shape.candidate || !(shape.international || shape.grouped || named_phone)) return false;
  ++tried_;
  bool phone = shape.international ? International(value) : National(value, named_phone);
  found_ += phone;
  return phone;
}

bool PhoneMatcher::International(std::string_view value) {
  buf_.assign("+");
  buf_.append(value.substr(value.front() == '+' ? 1 : 2));
  PhoneNumber parsed;
  return util_->Parse(buf_, "ZZ", &parsed) == PhoneNumberUtil::NO_PARSING_ERROR &&
         util_->IsValidNumber(parsed);
}

bool PhoneMatcher::National(std::string_view value, bool named_phone) {
  buf_.assign(value);
  for (size_t k = 0; k < kRegionCount; ++k) {
    size_t r = (preferred_ + k) % kRegionCount;
    PhoneNumber parsed;
    if (util_->Parse(buf_, kNationalRegions[r], &parsed) != PhoneNumberUtil::NO_PARSING_ERROR ||
        !util_->IsValidNumberForRegion(parsed, kNationalRegions[r])) {
      continue;
    }
    if (!named_phone) {
      formatted_.clear();
      util_->Format(parsed, PhoneNumberUtil::NATIONAL, &formatted_);
      if (!SameDigitGroups(value, formatted_)) continue;
    }
    preferred_ = r;
    return true;
  }
  return false;
}

}  // namespace tdm::mask::pii
