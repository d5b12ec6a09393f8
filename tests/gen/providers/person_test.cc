// full_name, first_name, last_name, email and phone: names from the locale lists, emails derived
// from the same row's name at documentation domains, and valid North American numbers.

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <set>
#include <string>
#include <vector>

#include "gen/providers/address_places.h"
#include "gen/providers/provider_checks.h"
#include "gen/test_tables.h"
#include "gen/word_lists.h"

namespace tdm::gen {
namespace {

using testing::Field;
using testing::Generate;
using testing::Generated;
using testing::InList;
using testing::Lower;
using testing::Plan;
using testing::SplitWords;

constexpr int64_t kRows = 20000;

TEST(PersonProviders, NamesComeFromTheLocaleListsAndAgreeWithFullName) {
  Generated g = Generate(
      Plan("people", kRows,
           {Field("first", "first_name"), Field("name", "full_name"), Field("last", "last_name")}));
  ASSERT_TRUE(g.ok());
  const auto& female = LocaleList("en_US", "first_names_female");
  const auto& male = LocaleList("en_US", "first_names_male");
  const auto& last = LocaleList("en_US", "last_names");
  std::set<std::string> firsts;
  for (size_t i = 0; i < g.batch.num_rows; ++i) {
    std::string_view name = g.column("name").GetString(i);
    std::vector<std::string> parts = SplitWords(name);
    ASSERT_EQ(parts.size(), 2u) << name;
    ASSERT_TRUE(InList(female, parts[0]) || InList(male, parts[0])) << name;
    ASSERT_TRUE(InList(last, parts[1])) << name;
    ASSERT_EQ(g.column("first").GetString(i), parts[0]);
    ASSERT_EQ(g.column("last").GetString(i), parts[1]);
    firsts.insert(parts[0]);
  }
  EXPECT_GT(firsts.size(), 500u);  // both lists are used
}

TEST(PersonProviders, NamePartsAndEmailShareANameWithoutFullName) {
  Generated g = Generate(Plan(
      "p", 2000, {Field("f", "first_name"), Field("l", "last_name"), Field("email", "email")}));
  ASSERT_TRUE(g.ok());
  for (size_t i = 0; i < g.batch.num_rows; ++i) {
    std::string local(g.column("email").GetString(i));
    local = local.substr(0, local.find('@'));
    ASSERT_NE(local.find(Lower(g.column("l").GetString(i))), std::string::npos)
        << local << " vs " << g.column("l").GetString(i);
  }
}

// Checks that each email is one of the four documented forms of the row's name, with an optional
// number, at one of the documentation domains.
void ExpectEmailsDerivedFromNames(const Generated& g, const char* email_column, bool unique) {
  RE2 shape("([a-z._]+?)([0-9]*)@(example\\.(?:com|net|org))");
  std::set<std::string> domains;
  for (size_t i = 0; i < g.batch.num_rows; ++i) {
    std::string_view email = g.column(email_column).GetString(i);
    std::vector<std::string> name = SplitWords(g.column("name").GetString(i));
    ASSERT_EQ(name.size(), 2u);
    std::string local, digits, domain;
    ASSERT_TRUE(RE2::FullMatch(email, shape, &local, &digits, &domain)) << email;
    std::string first = Lower(name[0]), last = Lower(name[1]);
    ASSERT_TRUE(local.find(first) != std::string::npos || local.find(last) != std::string::npos)
        << email << " does not contain " << first << " or " << last;
    std::set<std::string> forms = {first + "." + last, first + last, first.substr(0, 1) + last,
                                   first + "_" + last};
    ASSERT_TRUE(forms.count(local)) << email;
    if (unique) {
      ASSERT_EQ(digits, std::to_string(i + 1)) << email;
    } else if (!digits.empty()) {
      int n = std::stoi(digits);
      ASSERT_TRUE(n >= 1 && n <= 99) << email;
    }
    domains.insert(domain);
  }
  EXPECT_EQ(domains, (std::set<std::string>{"example.com", "example.net", "example.org"}));
}

TEST(PersonProviders, EmailIsDerivedFromTheSameRowsFullName) {
  FieldSpec unique = Field("login", "email");
  unique.unique = true;
  Generated g =
      Generate(Plan("users", kRows, {Field("email", "email"), Field("name", "full_name"), unique}));
  ASSERT_TRUE(g.ok());
  ExpectEmailsDerivedFromNames(g, "email", false);
  ExpectEmailsDerivedFromNames(g, "login", true);
}

TEST(PersonProviders, PhoneIsANorthAmericanE164Number) {
  FieldSpec unique = Field("u", "phone");
  unique.unique = true;
  Generated g = Generate(Plan("t", kRows, {Field("phone", "phone"), unique}));
  ASSERT_TRUE(g.ok());
  RE2 shape("\\+1([2-9]\\d{2})([2-9]\\d{2})\\d{4}");
  const auto& areas = LocaleList("en_US", "us_area_codes");
  for (const char* name : {"phone", "u"}) {
    const Column& c = g.column(name);
    for (size_t i = 0; i < c.size(); ++i) {
      std::string area, exchange;
      ASSERT_TRUE(RE2::FullMatch(c.GetString(i), shape, &area, &exchange)) << c.GetString(i);
      ASSERT_TRUE(InList(areas, area)) << c.GetString(i);
      ASSERT_NE(exchange.substr(1), "11") << c.GetString(i) << ": N11 exchange";
    }
  }
}

TEST(PersonProviders, APhoneTakesItsAreaCodeFromTheRowsCity) {
  Generated g = Generate(Plan("t", 20000,
                              {Field("city", "city"), Field("state", "state_code"),
                               Field("phone", "phone"), Field("direct", "phone")}));
  ASSERT_TRUE(g.ok());
  std::set<std::string> areas;
  for (size_t i = 0; i < g.column("phone").size(); ++i) {
    std::string city(g.column("city").GetString(i));
    std::string state(g.column("state").GetString(i));
    std::set<std::string_view> expected;
    for (const Place& p : Places()) {
      if (p.city == city && p.state_code == state) expected.insert(p.area_code);
    }
    ASSERT_FALSE(expected.empty()) << city << ", " << state;
    for (const char* column : {"phone", "direct"}) {
      std::string phone(g.column(column).GetString(i));
      ASSERT_TRUE(expected.contains(phone.substr(2, 3))) << phone << " in " << city;
    }
    areas.insert(std::string(g.column("phone").GetString(i).substr(2, 3)));
  }
  EXPECT_GT(areas.size(), 100U);
}

}  // namespace
}  // namespace tdm::gen
