// phone in every locale, checked by Google's libphonenumber (the library applications validate
// numbers with): 100,000 numbers per locale and kind, every one valid for the locale's region,
// of the requested type, and the national format parses back to the same number.

#include <gtest/gtest.h>
#include <phonenumbers/phonenumberutil.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "gen/locale_rules.h"
#include "gen/providers/address_places.h"
#include "gen/test_tables.h"

namespace tdm::gen {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;
using testing::Field;
using testing::Generate;
using testing::Generated;
using testing::Plan;

constexpr int64_t kRows = 100'000;

FieldSpec Phone(const std::string& name, const std::string& locale,
                std::map<std::string, std::string> options = {}) {
  FieldSpec f = Field(name, "phone");
  f.locale = locale;
  f.options = std::move(options);
  return f;
}

class PhoneValidity : public ::testing::TestWithParam<std::string> {
 protected:
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  const LocaleRules& rules = RulesFor(GetParam());

  // Parses `text` (E.164, or national in the locale's region) and checks it is a valid number
  // of the locale's country; returns its E.164 form.
  std::string Check(const std::string& text, bool national,
                    PhoneNumberUtil::PhoneNumberType* type) {
    PhoneNumber number;
    std::string region(rules.country_code);
    EXPECT_EQ(util.Parse(text, national ? region : "ZZ", &number),
              PhoneNumberUtil::NO_PARSING_ERROR)
        << text;
    EXPECT_TRUE(util.IsValidNumber(number)) << GetParam() << ": " << text;
    std::string actual_region;
    util.GetRegionCodeForNumber(number, &actual_region);
    EXPECT_EQ(actual_region, region) << text;
    if (type != nullptr) *type = util.GetNumberType(number);
    std::string e164;
    util.Format(number, PhoneNumberUtil::E164, &e164);
    return e164;
  }
};

TEST_P(PhoneValidity, EveryNumberIsValidAndTheNationalFormatIsTheSameNumber) {
  const std::string locale = GetParam();
  Generated e164 = Generate(Plan("people", kRows, {Phone("phone", locale)}));
  Generated national =
      Generate(Plan("people", kRows, {Phone("phone", locale, {{"format", "national"}})}));
  ASSERT_TRUE(e164.ok() && national.ok());
  int mobiles = 0;
  for (size_t i = 0; i < static_cast<size_t>(kRows); ++i) {
    std::string text(e164.column("phone").GetString(i));
    ASSERT_EQ(text.rfind("+" + std::string(rules.calling_code), 0), 0u) << text;
    PhoneNumberUtil::PhoneNumberType type{};
    std::string canonical = Check(text, false, &type);
    ASSERT_EQ(canonical, text);
    mobiles += type == PhoneNumberUtil::MOBILE;
    // The same draw written nationally is the same number.
    std::string written(national.column("phone").GetString(i));
    ASSERT_EQ(Check(written, true, nullptr), text) << written;
    if (::testing::Test::HasFailure()) return;
  }
  if (rules.phone != PhoneStyle::kNanp) {
    EXPECT_GT(mobiles, kRows / 3) << "kind: any mixes mobiles and landlines";
    EXPECT_LT(mobiles, kRows * 2 / 3);
  }
}

TEST_P(PhoneValidity, MobilesAreMobileAndLandlinesAreInTheRowsCity) {
  const std::string locale = GetParam();
  FieldSpec city = Field("city", "city");
  city.locale = locale;
  Generated g = Generate(Plan("people", kRows,
                              {city, Phone("home", locale, {{"kind", "landline"}}),
                               Phone("cell", locale, {{"kind", "mobile"}})}));
  ASSERT_TRUE(g.ok());
  std::map<std::string, std::set<std::string>> areas;  // city -> its area codes
  for (const Place& p : Places(locale)) areas[std::string(p.city)].insert(std::string(p.area_code));
  std::string prefix = "+" + std::string(rules.calling_code);
  for (size_t i = 0; i < static_cast<size_t>(kRows); ++i) {
    std::string home(g.column("home").GetString(i));
    PhoneNumberUtil::PhoneNumberType type{};
    Check(home, false, &type);
    ASSERT_TRUE(type == PhoneNumberUtil::FIXED_LINE ||
                type == PhoneNumberUtil::FIXED_LINE_OR_MOBILE)
        << home << " is type " << type;
    std::string city_name(g.column("city").GetString(i));
    bool in_city = false;
    for (const std::string& area : areas[city_name]) in_city |= home.rfind(prefix + area, 0) == 0;
    ASSERT_TRUE(in_city) << home << " is not a number of " << city_name;

    std::string cell(g.column("cell").GetString(i));
    Check(cell, false, &type);
    ASSERT_TRUE(type == PhoneNumberUtil::MOBILE || type == PhoneNumberUtil::FIXED_LINE_OR_MOBILE)
        << cell << " is type " << type;
    if (::testing::Test::HasFailure()) return;
  }
}

TEST_P(PhoneValidity, UniqueNumbersAreDistinctAndValid) {
  const std::string locale = GetParam();
  FieldSpec unique = Phone("phone", locale);
  unique.unique = true;
  Generated g = Generate(Plan("people", kRows, {unique}));
  ASSERT_TRUE(g.ok());
  std::set<std::string> seen;
  for (size_t i = 0; i < static_cast<size_t>(kRows); ++i) {
    std::string text(g.column("phone").GetString(i));
    Check(text, false, nullptr);
    ASSERT_TRUE(seen.insert(text).second) << "duplicate " << text;
    if (::testing::Test::HasFailure()) return;
  }
}

std::vector<std::string> Locales() {
  std::vector<std::string> out;
  for (const LocaleRules& r : AllLocaleRules()) out.emplace_back(r.locale);
  return out;
}

INSTANTIATE_TEST_SUITE_P(Locales, PhoneValidity, ::testing::ValuesIn(Locales()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace tdm::gen
