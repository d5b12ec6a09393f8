// Internet providers: user names and safe emails that follow the row's name, address and URL
// formats, canonical IPv6 text, determinism across seeds, and option errors.

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <set>
#include <string>
#include <vector>

#include "gen/providers/internet_network.h"
#include "gen/providers/provider_checks.h"
#include "gen/table_generator.h"
#include "gen/test_tables.h"

namespace tdm::gen {
namespace {

using testing::Field;
using testing::Generate;
using testing::Generated;
using testing::Lower;
using testing::Plan;
using testing::SplitWords;

constexpr int64_t kRows = 20000;

FieldSpec WithOption(FieldSpec f, std::string key, std::string value) {
  f.options[std::move(key)] = std::move(value);
  return f;
}

// The user-name part is one of the documented forms of the name, then digits.
void ExpectDerivedFromName(std::string_view value, std::string_view first_name,
                           std::string_view last_name) {
  std::string local(value.substr(0, value.find('@')));
  std::string first = Lower(first_name), last = Lower(last_name);
  std::set<std::string> forms = {first + "." + last, first + last,       first.substr(0, 1) + last,
                                 first + "_" + last, last + "." + first, first + last.substr(0, 1)};
  std::string letters, digits;
  ASSERT_TRUE(RE2::FullMatch(local, "([a-z._]+?)([0-9]*)", &letters, &digits)) << value;
  ASSERT_TRUE(forms.count(letters)) << value << " is not made of " << first << " " << last;
}

TEST(InternetProviders, UsernameAndSafeEmailFollowTheRowsFullName) {
  Generated g = Generate(
      Plan("users", kRows,
           {Field("user", "username"), Field("name", "full_name"), Field("mail", "safe_email")}));
  ASSERT_TRUE(g.ok());
  std::set<std::string> domains;
  for (size_t i = 0; i < g.batch.num_rows; ++i) {
    std::vector<std::string> name = SplitWords(g.column("name").GetString(i));
    ASSERT_EQ(name.size(), 2u);
    ExpectDerivedFromName(g.column("user").GetString(i), name[0], name[1]);
    std::string_view mail = g.column("mail").GetString(i);
    ExpectDerivedFromName(mail, name[0], name[1]);
    domains.insert(std::string(mail.substr(mail.find('@') + 1)));
  }
  EXPECT_EQ(domains, (std::set<std::string>{"example.com", "example.net", "example.org"}));
}

TEST(InternetProviders, UsernameFollowsFirstAndLastNameWithoutFullName) {
  Generated g = Generate(Plan(
      "p", 5000, {Field("f", "first_name"), Field("l", "last_name"), Field("user", "username")}));
  ASSERT_TRUE(g.ok());
  for (size_t i = 0; i < g.batch.num_rows; ++i) {
    ExpectDerivedFromName(g.column("user").GetString(i), g.column("f").GetString(i),
                          g.column("l").GetString(i));
  }
}

TEST(InternetProviders, UniqueUsernameEndsWithTheRowNumber) {
  FieldSpec user = Field("user", "username");
  user.unique = true;
  Generated g = Generate(Plan("t", kRows, {user}));
  ASSERT_TRUE(g.ok());
  std::set<std::string> seen;
  for (size_t i = 0; i < g.batch.num_rows; ++i) {
    std::string v(g.column("user").GetString(i));
    std::string digits;
    ASSERT_TRUE(RE2::FullMatch(v, "[a-z._]+?([0-9]+)", &digits)) << v;
    ASSERT_EQ(digits, std::to_string(i + 1));
    ASSERT_TRUE(seen.insert(v).second) << v;
  }
}

TEST(InternetProviders, ValuesHaveTheirFormats) {
  Generated g =
      Generate(Plan("t", kRows,
                    {Field("ip", "ipv4"), WithOption(Field("ipp", "ipv4"), "kind", "private"),
                     Field("ip6", "ipv6"), Field("mac", "mac_address"),
                     WithOption(Field("lmac", "mac_address"), "kind", "local"),
                     WithOption(Field("url", "url"), "scheme", "http"), Field("host", "hostname"),
                     Field("domain", "domain_name"), Field("slug", "slug"),
                     Field("pw", "password_hash"), Field("ua", "user_agent")}));
  ASSERT_TRUE(g.ok());
  std::vector<std::pair<const char*, const char*>> formats = {
      {"ip", R"(((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d))"},
      {"ipp", R"((10\.|172\.(1[6-9]|2\d|3[01])\.|192\.168\.)[\d.]+)"},
      {"ip6", R"((2[0-9a-f]{3})(:[0-9a-f]{1,4}|::?)+)"},
      {"mac", R"([0-9a-f][048c](:[0-9a-f]{2}){5})"},
      {"lmac", R"([0-9a-f][26ae](:[0-9a-f]{2}){5})"},
      {"url", R"(http://[a-z0-9.-]+\.[a-z]{2,}/[a-z0-9/.?=-]*)"},
      {"host", R"([a-z]+(\d|-\d\d)?\.[a-z-]+\.[a-z]{2,})"},
      {"domain", R"([a-z]+(-?[a-z]+)?\.[a-z]{2,})"},
      {"slug", R"([a-z]+(-[a-z]+){1,4})"},
      {"pw", R"(\$pbkdf2-sha256\$29000\$[A-Za-z0-9./]{22}\$[A-Za-z0-9./]{43})"},
      {"ua", R"(Mozilla/5\.0 \([^()]+\) .*(Chrome|Firefox|Safari|Edg)/[\d.]+)"},
  };
  for (auto [column, pattern] : formats) {
    RE2 re(pattern);
    ASSERT_TRUE(re.ok()) << pattern;
    const Column& c = g.column(column);
    for (size_t i = 0; i < c.size(); ++i) {
      ASSERT_TRUE(RE2::FullMatch(c.GetString(i), re)) << column << ": " << c.GetString(i);
    }
  }
}

TEST(InternetProviders, Ipv6TextIsCompressedLikeRfc5952) {
  auto text = [](uint64_t hi, uint64_t lo) {
    std::string s;
    AppendIpv6(hi, lo, s);
    return s;
  };
  EXPECT_EQ(text(0x20010db800000000, 1), "2001:db8::1");
  EXPECT_EQ(text(0x20010db800000001, 0x0001000100010001), "2001:db8:0:1:1:1:1:1");
  EXPECT_EQ(text(0x2001000000000001, 1), "2001:0:0:1::1");
  EXPECT_EQ(text(0x20010db800000000, 0x0001000000000001), "2001:db8::1:0:0:1");
  EXPECT_EQ(text(0x2a00000000000000, 0), "2a00::");
  EXPECT_EQ(text(0, 1), "::1");
  EXPECT_EQ(text(0x2a0012340abc0000, 0xffff00000000beef), "2a00:1234:abc:0:ffff::beef");
}

TEST(InternetProviders, SameSeedSameValuesOtherSeedOtherValues) {
  DatasetPlan plan =
      Plan("t", 2000,
           {Field("name", "full_name"), Field("user", "username"), Field("mail", "safe_email"),
            Field("ip", "ipv4"), Field("ip6", "ipv6"), Field("mac", "mac_address"),
            Field("url", "url"), Field("ua", "user_agent"), Field("pw", "password_hash"),
            Field("host", "hostname"), Field("slug", "slug"), Field("domain", "domain_name")});
  Generated a = Generate(plan, testing::TestContext(1));
  Generated b = Generate(plan, testing::TestContext(1));
  Generated c = Generate(plan, testing::TestContext(2));
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(testing::RowTexts(a.batch), testing::RowTexts(b.batch));
  for (const FieldSpec& f : plan.fields) {
    EXPECT_NE(testing::Strings(a.column(f.name)), testing::Strings(c.column(f.name))) << f.name;
  }
}

TEST(InternetProviders, BadOptionValuesAreSpecErrors) {
  for (auto [provider, key] :
       {std::pair{"ipv4", "kind"}, std::pair{"mac_address", "kind"}, std::pair{"url", "scheme"}}) {
    DatasetPlan plan = Plan("t", 10, {WithOption(Field("x", provider), key, "bogus")});
    auto table =
        TableGenerator::Create(plan, testing::TestContext(),
                               [](std::string_view) -> const TableGenerator* { return nullptr; });
    ASSERT_FALSE(table.ok()) << provider;
    EXPECT_EQ(table.status().code(), StatusCode::kSpecError);
    EXPECT_NE(table.status().message().find("bogus"), std::string::npos)
        << table.status().message();
  }
}

}  // namespace
}  // namespace tdm::gen
