// The masking strategies, property-style over thousands of generated values: each is a pure
// function of (key, options, value), keeps the type and shape its contract promises, keeps nulls
// null, and refuses the columns it cannot mask without breaking them (unique, primary keys,
// types it does not handle). Hash digests are checked against OpenSSL's HMAC() computed here.
#include "mask/strategy.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/time_format.h"

namespace tdm::mask {
namespace {

constexpr size_t kValues = 10'000;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsAlnum(char c) { return IsDigit(c) || IsLower(c) || IsUpper(c); }
bool IsLowerHex(std::string_view s) {
  for (char c : s) {
    if (!IsDigit(c) && !(c >= 'a' && c <= 'f')) return false;
  }
  return true;
}

std::string OpenSslHmacHex(std::string_view key, std::string_view value) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(value.data()), value.size(), out, &length);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[out[i] >> 4]);
    hex.push_back(kHex[out[i] & 15]);
  }
  return hex;
}

ColumnSchema Schema(ColumnType type, bool unique = false, bool primary_key = false) {
  return {"col", type, false, unique, primary_key};
}

MaskRule Rule(std::string strategy, std::string key = "test-key-1") {
  MaskRule rule;
  rule.strategy = std::move(strategy);
  rule.key = std::move(key);
  return rule;
}

Column Strings(const std::vector<std::string>& values) {
  Column column(ColumnType::kString);
  for (const std::string& v : values) column.AppendString(v);
  return column;
}

Column Ints(ColumnType type, const std::vector<int64_t>& values) {
  Column column(type);
  for (int64_t v : values) column.AppendInt(v);
  return column;
}

Column Doubles(const std::vector<double>& values) {
  Column column(ColumnType::kFloat);
  for (double v : values) column.AppendDouble(v);
  return column;
}

std::vector<std::string> Texts(const Column& column) {
  std::vector<std::string> out;
  for (size_t i = 0; i < column.size(); ++i) out.emplace_back(column.GetString(i));
  return out;
}

// Masks every row of `in` with a fresh masker for (rule, schema).
Column Mask(const MaskRule& rule, const ColumnSchema& schema, const Column& in) {
  Column out(schema.type);
  auto masker = MakeColumnMasker(rule, schema);
  EXPECT_TRUE(masker.ok()) << masker.status().ToString();
  if (!masker.ok()) return out;
  Status masked = (*masker)->Mask(in, in.size(), out);
  EXPECT_TRUE(masked.ok()) << masked.ToString();
  EXPECT_EQ(out.size(), in.size());
  return out;
}

Status MakeError(const MaskRule& rule, const ColumnSchema& schema) {
  auto masker = MakeColumnMasker(rule, schema);
  return masker.ok() ? Status::Ok() : masker.status();
}

// Distinct e-mail-like strings with letters, digits and separators.
std::vector<std::string> Emails(size_t n, uint64_t seed = 1) {
  std::mt19937_64 rng(seed);
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) {
    out.push_back("user" + std::to_string(i) + "." + std::to_string(rng() % 1000) + "@Example.com");
  }
  return out;
}

// Distinct card-number-like strings, "dddd-dddd-dddd-dddd".
std::vector<std::string> Cards(size_t n) {
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) {
    char text[32];
    uint64_t v = 4'111'000'000'000'000ULL + i * 7919;
    std::snprintf(text, sizeof text, "%04d-%04d-%04d-%04d",
                  static_cast<int>(v / 1000000000000 % 10000),
                  static_cast<int>(v / 100000000 % 10000), static_cast<int>(v / 10000 % 10000),
                  static_cast<int>(v % 10000));
    out.emplace_back(text);
  }
  return out;
}

std::vector<int64_t> RandomInts(size_t n, int64_t lo, int64_t hi, uint64_t seed = 2) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int64_t> dist(lo, hi);
  std::vector<int64_t> out;
  for (size_t i = 0; i < n; ++i) out.push_back(dist(rng));
  return out;
}

// One case per keyed strategy: a column and values it masks.
struct KeyedCase {
  MaskRule rule;
  ColumnSchema schema;
  Column values;
};

std::vector<KeyedCase> KeyedCases() {
  MaskRule anonymize = Rule("anonymize");
  anonymize.provider = "full_name";
  return {
      {Rule("hash"), Schema(ColumnType::kString), Strings(Emails(kValues))},
      {Rule("hash"), Schema(ColumnType::kInteger),
       Ints(ColumnType::kInteger, RandomInts(kValues, -1'000'000, 1'000'000))},
      {anonymize, Schema(ColumnType::kString), Strings(Emails(kValues))},
      {Rule("noise"), Schema(ColumnType::kInteger),
       Ints(ColumnType::kInteger, RandomInts(kValues, 1'000'000, 9'000'000))},
      {Rule("noise"), Schema(ColumnType::kDate),
       Ints(ColumnType::kDate, RandomInts(kValues, -20'000, 20'000))},
      {Rule("fpe"), Schema(ColumnType::kString), Strings(Cards(kValues))},
      {Rule("fpe"), Schema(ColumnType::kInteger),
       Ints(ColumnType::kInteger, RandomInts(kValues, 1'000'000, 9'000'000'000))},
  };
}

bool SameRow(const Column& a, const Column& b, size_t r) {
  if (a.IsNull(r) || b.IsNull(r)) return a.IsNull(r) == b.IsNull(r);
  switch (a.physical()) {
    case PhysicalType::kInt64:
      return a.GetInt(r) == b.GetInt(r);
    case PhysicalType::kDouble:
      return a.GetDouble(r) == b.GetDouble(r);
    case PhysicalType::kString:
      return a.GetString(r) == b.GetString(r);
  }
  return false;
}

TEST(StrategyTest, KeyedStrategiesAreDeterministicAcrossMaskerInstances) {
  for (const KeyedCase& c : KeyedCases()) {
    SCOPED_TRACE(c.rule.strategy + " on " + std::string(ColumnTypeName(c.schema.type)));
    const Column first = Mask(c.rule, c.schema, c.values);
    const Column second = Mask(c.rule, c.schema, c.values);
    size_t same = 0;
    for (size_t r = 0; r < c.values.size(); ++r) same += SameRow(first, second, r) ? 1 : 0;
    EXPECT_EQ(same, c.values.size());
  }
}

TEST(StrategyTest, KeyedStrategiesGiveDifferentOutputsUnderDifferentKeys) {
  for (const KeyedCase& c : KeyedCases()) {
    SCOPED_TRACE(c.rule.strategy + " on " + std::string(ColumnTypeName(c.schema.type)));
    MaskRule other = c.rule;
    other.key = "test-key-2";
    const Column a = Mask(c.rule, c.schema, c.values);
    const Column b = Mask(other, c.schema, c.values);
    size_t same = 0;
    for (size_t r = 0; r < c.values.size(); ++r) same += SameRow(a, b, r) ? 1 : 0;
    // Noise on dates has 60 possible shifts, so a few rows agree by chance; the others almost none.
    EXPECT_LT(same, c.values.size() / 20);
  }
}

TEST(StrategyTest, HashIsLowercaseHexOfHmacSha256UnderTheKey) {
  const std::vector<std::string> values = Emails(kValues);
  const std::vector<std::string> hashed =
      Texts(Mask(Rule("hash"), Schema(ColumnType::kString), Strings(values)));
  for (size_t i = 0; i < values.size(); ++i) {
    ASSERT_EQ(hashed[i].size(), 64u);
    ASSERT_TRUE(IsLowerHex(hashed[i])) << hashed[i];
    ASSERT_EQ(hashed[i], OpenSslHmacHex("test-key-1", values[i])) << "row " << i;
  }
}

TEST(StrategyTest, HashLengthTruncatesTheHexDigest) {
  const std::vector<std::string> values = Emails(1000);
  for (int length : {1, 7, 16, 33, 64}) {
    SCOPED_TRACE("length " + std::to_string(length));
    MaskRule rule = Rule("hash");
    rule.length = length;
    const std::vector<std::string> hashed =
        Texts(Mask(rule, Schema(ColumnType::kString), Strings(values)));
    for (size_t i = 0; i < values.size(); ++i) {
      ASSERT_EQ(hashed[i], OpenSslHmacHex("test-key-1", values[i]).substr(0, length));
    }
  }
  MaskRule too_long = Rule("hash");
  too_long.length = 65;
  EXPECT_EQ(MakeError(too_long, Schema(ColumnType::kString)).code(), StatusCode::kSpecError);
  MaskRule short_unique = Rule("hash");
  short_unique.length = 12;
  EXPECT_EQ(MakeError(short_unique, Schema(ColumnType::kString, true)).code(),
            StatusCode::kSpecError);
  short_unique.length = 16;
  EXPECT_TRUE(MakeError(short_unique, Schema(ColumnType::kString, true)).ok());
}

TEST(StrategyTest, HashOnUuidObjectIdAndIntegerColumnsKeepsTheColumnType) {
  std::vector<std::string> uuids;
  std::vector<std::string> object_ids;
  for (size_t i = 0; i < kValues; ++i) {
    char text[40];
    std::snprintf(text, sizeof text, "%08zx-0000-4000-8000-%012zx", i, i * 31);
    uuids.emplace_back(text);
    std::snprintf(text, sizeof text, "%024zx", i);
    object_ids.emplace_back(text);
  }
  const std::vector<std::string> uuid_out =
      Texts(Mask(Rule("hash"), Schema(ColumnType::kUuid, true), Strings(uuids)));
  const std::vector<std::string> oid_out =
      Texts(Mask(Rule("hash"), Schema(ColumnType::kObjectId, true), Strings(object_ids)));
  for (size_t i = 0; i < kValues; ++i) {
    const std::string& u = uuid_out[i];
    ASSERT_EQ(u.size(), 36u) << u;
    for (size_t p : {8, 13, 18, 23}) ASSERT_EQ(u[p], '-') << u;
    std::string hex =
        u.substr(0, 8) + u.substr(9, 4) + u.substr(14, 4) + u.substr(19, 4) + u.substr(24, 12);
    ASSERT_TRUE(IsLowerHex(hex)) << u;
    EXPECT_EQ(u[14], '4') << u;                                                    // version 4
    EXPECT_NE(std::string_view("89ab").find(u[19]), std::string_view::npos) << u;  // variant
    ASSERT_EQ(oid_out[i].size(), 24u);
    ASSERT_EQ(oid_out[i], OpenSslHmacHex("test-key-1", object_ids[i]).substr(0, 24));
  }
  EXPECT_EQ(std::set<std::string>(uuid_out.begin(), uuid_out.end()).size(), kValues);
  EXPECT_EQ(std::set<std::string>(oid_out.begin(), oid_out.end()).size(), kValues);

  const std::vector<int64_t> ints = RandomInts(kValues, INT64_MIN, INT64_MAX);
  const Column int_out =
      Mask(Rule("hash"), Schema(ColumnType::kInteger, true), Ints(ColumnType::kInteger, ints));
  std::set<int64_t> distinct;
  for (size_t i = 0; i < kValues; ++i) {
    ASSERT_GE(int_out.GetInt(i), 0);
    // The top 63 bits of the digest of the decimal text.
    const std::string hex = OpenSslHmacHex("test-key-1", std::to_string(ints[i]));
    EXPECT_EQ(static_cast<uint64_t>(int_out.GetInt(i)),
              std::stoull(hex.substr(0, 16), nullptr, 16) >> 1);
    distinct.insert(int_out.GetInt(i));
  }
  EXPECT_EQ(distinct.size(), std::set<int64_t>(ints.begin(), ints.end()).size());
}

TEST(StrategyTest, HashRefusesFloatsDatesAndBooleans) {
  for (ColumnType type :
       {ColumnType::kFloat, ColumnType::kDate, ColumnType::kDateTime, ColumnType::kBoolean}) {
    EXPECT_EQ(MakeError(Rule("hash"), Schema(type)).code(), StatusCode::kSpecError)
        << ColumnTypeName(type);
  }
}

TEST(StrategyTest, HashWithShowLastKeepsTheLayoutAndTheLastFour) {
  MaskRule rule = Rule("hash");
  rule.show_last = 4;
  std::vector<std::string> values = Cards(kValues / 2);
  for (const std::string& e : Emails(kValues / 2)) values.push_back(e);
  const std::vector<std::string> out =
      Texts(Mask(rule, Schema(ColumnType::kString), Strings(values)));
  size_t changed = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    const std::string& in = values[i];
    ASSERT_EQ(out[i].size(), in.size()) << in;
    size_t alnum_from_end = 0;
    for (size_t p = in.size(); p-- > 0;) {
      const char a = in[p];
      const char b = out[i][p];
      if (!IsAlnum(a) || alnum_from_end++ < 4) {
        ASSERT_EQ(b, a) << in << " -> " << out[i];
        continue;
      }
      ASSERT_EQ(IsDigit(b), IsDigit(a)) << in << " -> " << out[i];
      ASSERT_EQ(IsLower(b), IsLower(a)) << in << " -> " << out[i];
      ASSERT_EQ(IsUpper(b), IsUpper(a)) << in << " -> " << out[i];
    }
    changed += out[i] != in ? 1 : 0;
  }
  EXPECT_EQ(changed, values.size());
  EXPECT_EQ(
      Texts(Mask(rule, Schema(ColumnType::kString), Strings({"4111-1111-1111-1234"})))[0].substr(
          14),
      "-1234");
}

TEST(StrategyTest, RedactGivesTheReplacementOrATypedDefault) {
  const MaskRule plain = Rule("redact", "");
  EXPECT_EQ(Texts(Mask(plain, Schema(ColumnType::kString), Strings({"a", "b"}))),
            (std::vector<std::string>{"REDACTED", "REDACTED"}));
  EXPECT_EQ(Texts(Mask(plain, Schema(ColumnType::kUuid), Strings({"x"})))[0],
            "00000000-0000-0000-0000-000000000000");
  EXPECT_EQ(Texts(Mask(plain, Schema(ColumnType::kObjectId), Strings({"x"})))[0],
            std::string(24, '0'));
  for (ColumnType type :
       {ColumnType::kInteger, ColumnType::kBoolean, ColumnType::kDate, ColumnType::kDateTime}) {
    EXPECT_EQ(Mask(plain, Schema(type), Ints(type, {123456})).GetInt(0), 0) << ColumnTypeName(type);
  }
  EXPECT_EQ(Mask(plain, Schema(ColumnType::kFloat), Doubles({2.5})).GetDouble(0), 0.0);

  MaskRule rule = Rule("redact", "");
  rule.replacement = "+1-555-0000";
  EXPECT_EQ(Texts(Mask(rule, Schema(ColumnType::kString), Strings({"+44 20 7946 0958"})))[0],
            "+1-555-0000");
  rule.replacement = "-42";
  EXPECT_EQ(Mask(rule, Schema(ColumnType::kInteger), Ints(ColumnType::kInteger, {7})).GetInt(0),
            -42);
  rule.replacement = "1.25";
  EXPECT_EQ(Mask(rule, Schema(ColumnType::kFloat), Doubles({9.0})).GetDouble(0), 1.25);
  rule.replacement = "2000-02-29";
  EXPECT_EQ(Mask(rule, Schema(ColumnType::kDate), Ints(ColumnType::kDate, {1})).GetInt(0),
            *ParseDate("2000-02-29"));
  rule.replacement = "2000-02-29T12:00:00Z";
  EXPECT_EQ(Mask(rule, Schema(ColumnType::kDateTime), Ints(ColumnType::kDateTime, {1})).GetInt(0),
            *ParseDateTime("2000-02-29T12:00:00Z"));

  rule.replacement = "forty-two";
  for (ColumnType type :
       {ColumnType::kInteger, ColumnType::kFloat, ColumnType::kDate, ColumnType::kDateTime}) {
    EXPECT_EQ(MakeError(rule, Schema(type)).code(), StatusCode::kSpecError) << ColumnTypeName(type);
  }
}

TEST(StrategyTest, RedactRefusesUniqueColumns) {
  EXPECT_EQ(MakeError(Rule("redact"), Schema(ColumnType::kString, true)).code(),
            StatusCode::kSpecError);
  EXPECT_EQ(MakeError(Rule("redact"), Schema(ColumnType::kInteger, false, true)).code(),
            StatusCode::kSpecError);
}

TEST(StrategyTest, PartialMasksAllButTheLastFourLettersAndDigitsKeepingSeparators) {
  const MaskRule rule = Rule("partial", "");
  EXPECT_EQ(Texts(Mask(rule, Schema(ColumnType::kString),
                       Strings({"4111-1111-1111-1234", "john.doe@example.com", "abc", ""}))),
            (std::vector<std::string>{"xxxx-xxxx-xxxx-1234", "xxxx.xxx@xxxxxxe.com", "abc", ""}));
  std::vector<std::string> values = Cards(kValues / 2);
  for (const std::string& e : Emails(kValues / 2)) values.push_back(e);
  for (int shown : {0, 2, 4}) {
    MaskRule r = rule;
    r.show_last = shown;
    const int kept = shown > 0 ? shown : 4;
    const std::vector<std::string> out =
        Texts(Mask(r, Schema(ColumnType::kString), Strings(values)));
    for (size_t i = 0; i < values.size(); ++i) {
      ASSERT_EQ(out[i].size(), values[i].size());
      int alnum_from_end = 0;
      for (size_t p = values[i].size(); p-- > 0;) {
        const char a = values[i][p];
        const char expected = !IsAlnum(a) || alnum_from_end++ < kept ? a : 'x';
        ASSERT_EQ(out[i][p], expected) << values[i] << " -> " << out[i];
      }
    }
  }
}

TEST(StrategyTest, PartialRefusesUniqueColumnsAndNonText) {
  EXPECT_EQ(MakeError(Rule("partial"), Schema(ColumnType::kString, true)).code(),
            StatusCode::kSpecError);
  EXPECT_EQ(MakeError(Rule("partial"), Schema(ColumnType::kString, false, true)).code(),
            StatusCode::kSpecError);
  EXPECT_EQ(MakeError(Rule("partial"), Schema(ColumnType::kInteger)).code(),
            StatusCode::kSpecError);
}

TEST(StrategyTest, NullGivesNullsAndRefusesPrimaryKeys) {
  const MaskRule rule = Rule("null", "");
  EXPECT_TRUE(FindStrategy("null")->makes_nullable);
  for (ColumnType type : {ColumnType::kString, ColumnType::kUuid}) {
    const Column out = Mask(rule, Schema(type, true), Strings({"a", "b", "c"}));
    for (size_t r = 0; r < 3; ++r) EXPECT_TRUE(out.IsNull(r));
  }
  const Column ints = Mask(rule, Schema(ColumnType::kDate), Ints(ColumnType::kDate, {1, 2}));
  EXPECT_TRUE(ints.IsNull(0) && ints.IsNull(1));
  const Column doubles = Mask(rule, Schema(ColumnType::kFloat), Doubles({1.5}));
  EXPECT_TRUE(doubles.IsNull(0));
  const Status pk = MakeError(rule, Schema(ColumnType::kInteger, false, true));
  EXPECT_EQ(pk.code(), StatusCode::kSpecError);
  EXPECT_NE(pk.message().find("primary key"), std::string::npos) << pk.message();
}

// Decimal places of the shortest text that reads back as `v`.
int Decimals(double v) {
  char buf[400];
  auto end = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed).ptr;
  const std::string_view text(buf, static_cast<size_t>(end - buf));
  const size_t dot = text.find('.');
  return dot == std::string_view::npos ? 0 : static_cast<int>(text.size() - dot - 1);
}

TEST(StrategyTest, NoiseMovesIntegersWithinTheSpreadKeepingTheSign) {
  for (double spread : {0.1, 0.5, 0.9}) {
    SCOPED_TRACE("spread " + std::to_string(spread));
    MaskRule rule = Rule("noise");
    rule.spread = spread;
    std::vector<int64_t> values = RandomInts(kValues, -1'000'000'000, 1'000'000'000);
    values.insert(values.end(), {1, -1, 9, -9, 10, -10, 11, INT64_MAX, INT64_MIN + 1});
    const Column out = Mask(rule, Schema(ColumnType::kInteger), Ints(ColumnType::kInteger, values));
    size_t moved = 0;
    for (size_t i = 0; i < values.size(); ++i) {
      const int64_t v = values[i];
      const int64_t m = out.GetInt(i);
      ASSERT_EQ(m > 0, v > 0) << v << " -> " << m;
      ASSERT_EQ(m < 0, v < 0) << v << " -> " << m;
      const long double bound = spread * std::fabs(static_cast<long double>(v));
      ASSERT_LE(std::fabs(static_cast<long double>(m) - v), bound) << v << " -> " << m;
      moved += m != v ? 1 : 0;
    }
    EXPECT_GT(moved, kValues - 10);
  }
}

TEST(StrategyTest, NoiseMovesFloatsWithinTheSpreadKeepingSignAndDecimals) {
  std::mt19937_64 rng(3);
  std::vector<double> values;
  for (size_t i = 0; i < kValues; ++i) {
    const int decimals = static_cast<int>(i % 4);
    const double scale = std::pow(10.0, decimals);
    const double v = std::round(static_cast<double>(rng() % 100'000'000) / 100.0 * scale) / scale;
    values.push_back(i % 2 == 0 ? v : -v);
  }
  const Column out = Mask(Rule("noise"), Schema(ColumnType::kFloat), Doubles(values));
  for (size_t i = 0; i < values.size(); ++i) {
    const double v = values[i];
    const double m = out.GetDouble(i);
    ASSERT_EQ(m > 0, v > 0) << v << " -> " << m;
    ASSERT_EQ(m < 0, v < 0) << v << " -> " << m;
    ASSERT_LE(std::fabs(m - v), 0.1 * std::fabs(v) * (1 + 1e-12)) << v << " -> " << m;
    ASSERT_LE(Decimals(m), Decimals(v)) << v << " -> " << m;
  }
}

// Rounding back to the original's decimals must not carry a value past the spread: 1.7 may
// become 1.53..1.87, and so 1.5..1.8 with one decimal, never 1.9.
TEST(StrategyTest, NoiseKeepsSmallFloatsWithinTheSpreadAfterRounding) {
  std::vector<double> values;
  for (int k = 1; k <= 5000; ++k) {
    values.push_back(k / 10.0);
    values.push_back(-k / 100.0);
  }
  const Column out = Mask(Rule("noise"), Schema(ColumnType::kFloat), Doubles(values));
  size_t outside = 0;
  std::string example;
  for (size_t i = 0; i < values.size(); ++i) {
    const double v = values[i];
    const double m = out.GetDouble(i);
    ASSERT_EQ(m > 0, v > 0) << v << " -> " << m;
    ASSERT_LE(Decimals(m), Decimals(v)) << v << " -> " << m;
    if (std::fabs(m - v) > 0.1 * std::fabs(v) * (1 + 1e-12)) {
      if (outside++ == 0) example = std::to_string(v) + " -> " + std::to_string(m);
    }
  }
  EXPECT_EQ(outside, 0u) << "values moved by more than 10%, e.g. " << example;
}

TEST(StrategyTest, NoiseKeepsHugeFloatsFinite) {
  std::vector<double> values;
  for (int k = 0; k < 1000; ++k) {
    const double v = 1.0e308 + k * 0.79e305;  // up to 1.79e308, just under DBL_MAX
    values.push_back(k % 2 == 0 ? v : -v);
    values.push_back(k % 2 == 0 ? 1.0e35 * (k + 1) : -1.0e200 * (k + 1));
  }
  const Column out = Mask(Rule("noise"), Schema(ColumnType::kFloat), Doubles(values));
  size_t infinite = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    const double v = values[i];
    const double m = out.GetDouble(i);
    if (!std::isfinite(m)) {
      ++infinite;
      continue;
    }
    ASSERT_EQ(m > 0, v > 0) << v << " -> " << m;
    ASSERT_LE(std::fabs(m - v), 0.1 * std::fabs(v) * (1 + 1e-12)) << v << " -> " << m;
  }
  EXPECT_EQ(infinite, 0u) << "finite values masked to infinity";
}

TEST(StrategyTest, NoiseMovesDatesByOneToMaxDaysNeverZero) {
  for (int max_days : {1, 5, 30}) {
    SCOPED_TRACE("max_days " + std::to_string(max_days));
    MaskRule rule = Rule("noise");
    rule.max_days = max_days;
    const std::vector<int64_t> days = RandomInts(kValues, -30'000, 30'000);
    const Column out = Mask(rule, Schema(ColumnType::kDate), Ints(ColumnType::kDate, days));
    std::set<int64_t> shifts;
    for (size_t i = 0; i < days.size(); ++i) {
      const int64_t shift = out.GetInt(i) - days[i];
      ASSERT_NE(shift, 0) << FormatDate(days[i]);
      ASSERT_LE(std::abs(shift), max_days) << FormatDate(days[i]);
      shifts.insert(shift);
    }
    EXPECT_EQ(shifts.size(), static_cast<size_t>(2 * max_days));  // every shift either way
  }
}

TEST(StrategyTest, NoiseMovesDatetimesByWholeSecondsWithinMaxDaysNeverZero) {
  MaskRule rule = Rule("noise");
  rule.max_days = 3;
  std::vector<int64_t> micros = RandomInts(kValues, -2'000'000'000'000'000, 4'000'000'000'000'000);
  const Column out = Mask(rule, Schema(ColumnType::kDateTime), Ints(ColumnType::kDateTime, micros));
  for (size_t i = 0; i < micros.size(); ++i) {
    const int64_t shift = out.GetInt(i) - micros[i];
    ASSERT_NE(shift, 0) << FormatDateTime(micros[i]);
    ASSERT_LE(std::abs(shift), 3 * kMicrosPerDay) << FormatDateTime(micros[i]);
    ASSERT_EQ(shift % kMicrosPerSecond, 0) << FormatDateTime(micros[i]);
  }
}

TEST(StrategyTest, NoiseRefusesTextUniqueColumnsAndBadOptions) {
  for (ColumnType type :
       {ColumnType::kString, ColumnType::kUuid, ColumnType::kObjectId, ColumnType::kBoolean}) {
    EXPECT_EQ(MakeError(Rule("noise"), Schema(type)).code(), StatusCode::kSpecError)
        << ColumnTypeName(type);
  }
  EXPECT_EQ(MakeError(Rule("noise"), Schema(ColumnType::kInteger, true)).code(),
            StatusCode::kSpecError);
  EXPECT_EQ(MakeError(Rule("noise"), Schema(ColumnType::kDate, false, true)).code(),
            StatusCode::kSpecError);
  for (double spread : {0.0, 1.0, -0.1, 2.0}) {
    MaskRule rule = Rule("noise");
    rule.spread = spread;
    EXPECT_EQ(MakeError(rule, Schema(ColumnType::kFloat)).code(), StatusCode::kSpecError);
  }
  MaskRule rule = Rule("noise");
  rule.max_days = 0;
  EXPECT_EQ(MakeError(rule, Schema(ColumnType::kDate)).code(), StatusCode::kSpecError);
}

MaskRule Anonymize(std::string provider) {
  MaskRule rule = Rule("anonymize");
  rule.provider = std::move(provider);
  return rule;
}

TEST(StrategyTest, AnonymizeGivesRealisticValuesFromTheProvider) {
  const std::vector<std::string> values = Emails(kValues);
  const std::vector<std::string> names =
      Texts(Mask(Anonymize("full_name"), Schema(ColumnType::kString), Strings(values)));
  const std::vector<std::string> emails =
      Texts(Mask(Anonymize("email"), Schema(ColumnType::kString), Strings(values)));
  for (size_t i = 0; i < kValues; ++i) {
    ASSERT_NE(names[i].find(' '), std::string::npos) << names[i];
    ASSERT_NE(names[i], values[i]);
    const size_t at = emails[i].find('@');
    ASSERT_NE(at, std::string::npos) << emails[i];
    ASSERT_GT(at, 0u) << emails[i];
    ASSERT_NE(emails[i].find('.', at), std::string::npos) << emails[i];
  }
  // Realistic, so names repeat now and then, but they are not one name.
  EXPECT_GT(std::set<std::string>(names.begin(), names.end()).size(), kValues / 2);
}

TEST(StrategyTest, AnonymizeGivesEqualOutputsForEqualInputsWhereverTheyAppear) {
  // 100 originals, each appearing 100 times at scattered rows, masked in two batches.
  std::vector<std::string> values;
  for (size_t i = 0; i < kValues; ++i) values.push_back("person-" + std::to_string(i * 37 % 100));
  auto masker = MakeColumnMasker(Anonymize("full_name"), Schema(ColumnType::kString));
  ASSERT_TRUE(masker.ok()) << masker.status().ToString();
  Column out(ColumnType::kString);
  const std::vector<std::string> head(values.begin(), values.begin() + 3333);
  const std::vector<std::string> rest(values.begin() + 3333, values.end());
  ASSERT_TRUE((*masker)->Mask(Strings(head), head.size(), out).ok());
  ASSERT_TRUE((*masker)->Mask(Strings(rest), rest.size(), out).ok());
  std::map<std::string, std::string> fake_of;
  for (size_t i = 0; i < kValues; ++i) {
    auto [it, inserted] = fake_of.emplace(values[i], std::string(out.GetString(i)));
    ASSERT_EQ(it->second, out.GetString(i)) << "row " << i;
  }
  EXPECT_EQ(fake_of.size(), 100u);
}

TEST(StrategyTest, AnonymizeKeepsAUniqueColumnUnique) {
  for (const char* provider : {"full_name", "email"}) {
    SCOPED_TRACE(provider);
    const std::vector<std::string> values = Emails(kValues);
    const std::vector<std::string> out =
        Texts(Mask(Anonymize(provider), Schema(ColumnType::kString, true), Strings(values)));
    EXPECT_EQ(std::set<std::string>(out.begin(), out.end()).size(), kValues);
    if (std::string_view(provider) == "email") {
      for (const std::string& e : out) ASSERT_NE(e.find('@'), std::string::npos) << e;
    }
  }
}

// A uuid primary key anonymized with the uuid provider must still hold uuids.
TEST(StrategyTest, AnonymizeKeepsAUniqueUuidColumnValidUuids) {
  std::vector<std::string> uuids;
  for (size_t i = 0; i < 1000; ++i) {
    char text[40];
    std::snprintf(text, sizeof text, "%08zx-0000-4000-8000-%012zx", i, i);
    uuids.emplace_back(text);
  }
  const std::vector<std::string> out =
      Texts(Mask(Anonymize("uuid"), Schema(ColumnType::kUuid, false, true), Strings(uuids)));
  ASSERT_EQ(out.size(), uuids.size());
  for (const std::string& u : out) {
    ASSERT_EQ(u.size(), 36u) << "not a uuid: " << u;
    for (size_t p : {8, 13, 18, 23}) ASSERT_EQ(u[p], '-') << u;
  }
  EXPECT_EQ(std::set<std::string>(out.begin(), out.end()).size(), uuids.size());
}

TEST(StrategyTest, AnonymizeRefusesUnknownOrMissingOrMismatchedProviders) {
  const Status unknown = MakeError(Anonymize("full_nam"), Schema(ColumnType::kString));
  EXPECT_EQ(unknown.code(), StatusCode::kSpecError);
  EXPECT_NE(unknown.message().find("full_nam"), std::string::npos) << unknown.message();
  EXPECT_EQ(MakeError(Anonymize(""), Schema(ColumnType::kString)).code(), StatusCode::kSpecError);
  EXPECT_EQ(MakeError(Anonymize("full_name"), Schema(ColumnType::kInteger)).code(),
            StatusCode::kSpecError);
}

MaskRule Fpe() { return Rule("fpe"); }

TEST(StrategyTest, FpeKeepsTheShapeOfSsnsAndKeepsThemDistinct) {
  constexpr size_t kSsns = 100'000;
  std::vector<std::string> values;
  for (size_t i = 0; i < kSsns; ++i) {
    const uint64_t v = (i * 9'973 + 12'345) % 1'000'000'000;  // distinct: 9973 is prime to 10^9
    char text[16];
    std::snprintf(text, sizeof text, "%03d-%02d-%04d", static_cast<int>(v / 1'000'000),
                  static_cast<int>(v / 10'000 % 100), static_cast<int>(v % 10'000));
    values.emplace_back(text);
  }
  EXPECT_EQ(Texts(Mask(Fpe(), Schema(ColumnType::kString), Strings({"123-45-6789"})))[0].size(),
            11u);
  const std::vector<std::string> out =
      Texts(Mask(Fpe(), Schema(ColumnType::kString, true), Strings(values)));
  size_t unchanged = 0;
  for (size_t i = 0; i < kSsns; ++i) {
    const std::string& s = out[i];
    ASSERT_EQ(s.size(), 11u) << s;
    for (size_t p = 0; p < s.size(); ++p) {
      if (p == 3 || p == 6) {
        ASSERT_EQ(s[p], '-') << s;
      } else {
        ASSERT_TRUE(IsDigit(s[p])) << s;
      }
    }
    unchanged += s == values[i] ? 1 : 0;
  }
  EXPECT_LT(unchanged, 5u);
  EXPECT_EQ(std::set<std::string>(out.begin(), out.end()).size(), kSsns);
}

TEST(StrategyTest, FpeKeepsLettersLettersWithTheirCaseAndShortLetterRuns) {
  std::mt19937_64 rng(4);
  const std::string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_. ";
  std::vector<std::string> values;
  for (size_t i = 0; i < kValues; ++i) {
    std::string v = "ID" + std::to_string(i) + "-";
    const size_t length = 5 + rng() % 60;
    while (v.size() < length) v.push_back(alphabet[rng() % alphabet.size()]);
    values.push_back(v);
  }
  const std::vector<std::string> out =
      Texts(Mask(Fpe(), Schema(ColumnType::kString), Strings(values)));
  for (size_t i = 0; i < kValues; ++i) {
    const std::string& in = values[i];
    ASSERT_EQ(out[i].size(), in.size()) << in;
    size_t letters = 0;
    for (char c : in) letters += IsLower(c) || IsUpper(c) ? 1 : 0;
    for (size_t p = 0; p < in.size(); ++p) {
      const char a = in[p];
      const char b = out[i][p];
      ASSERT_EQ(IsDigit(b), IsDigit(a)) << in << " -> " << out[i];
      ASSERT_EQ(IsLower(b), IsLower(a)) << in << " -> " << out[i];
      ASSERT_EQ(IsUpper(b), IsUpper(a)) << in << " -> " << out[i];
      if (!IsAlnum(a) || (letters < 5 && !IsDigit(a))) {
        ASSERT_EQ(b, a) << in << " -> " << out[i];
      }
    }
  }
  EXPECT_EQ(std::set<std::string>(out.begin(), out.end()).size(), kValues);
  // Fewer than five letters carry format, not identity: an IBAN-like prefix stays.
  const std::vector<std::string> short_runs = Texts(
      Mask(Fpe(), Schema(ColumnType::kString), Strings({"AB-1234567", "GB29-12345678", "abcd"})));
  EXPECT_EQ(short_runs[0].substr(0, 3), "AB-");
  EXPECT_NE(short_runs[0], "AB-1234567");
  EXPECT_EQ(short_runs[1].substr(0, 2), "GB");
  EXPECT_EQ(short_runs[2], "abcd");
}

int DigitCount(int64_t v) { return static_cast<int>(std::to_string(v).size()) - (v < 0 ? 1 : 0); }

TEST(StrategyTest, FpeKeepsIntegersDigitCountAndSignAndDistinct) {
  constexpr int64_t kLast = 200'000;
  std::vector<int64_t> values;
  for (int64_t v = 1; v <= kLast; ++v) values.push_back(v);
  const Column out =
      Mask(Fpe(), Schema(ColumnType::kInteger, false, true), Ints(ColumnType::kInteger, values));
  std::set<int64_t> distinct;
  for (size_t i = 0; i < values.size(); ++i) {
    ASSERT_GT(out.GetInt(i), 0) << values[i];
    ASSERT_EQ(DigitCount(out.GetInt(i)), DigitCount(values[i])) << values[i];
    distinct.insert(out.GetInt(i));
  }
  EXPECT_EQ(distinct.size(), values.size());

  std::vector<int64_t> wide = RandomInts(kValues, INT64_MIN + 1, INT64_MAX);
  wide.insert(wide.end(), {-1, -12, -123'456, INT64_MAX, INT64_MIN + 1, 999'999'999'999'999'999});
  const Column wide_out =
      Mask(Fpe(), Schema(ColumnType::kInteger), Ints(ColumnType::kInteger, wide));
  for (size_t i = 0; i < wide.size(); ++i) {
    ASSERT_EQ(wide_out.GetInt(i) < 0, wide[i] < 0) << wide[i];
    ASSERT_EQ(DigitCount(wide_out.GetInt(i)), DigitCount(wide[i])) << wide[i];
  }
}

TEST(StrategyTest, FpeIsABijectionOnShortDigitStrings) {
  for (int n = 1; n <= 5; ++n) {
    SCOPED_TRACE(std::to_string(n) + " digits");
    const int size = static_cast<int>(std::pow(10, n));
    std::vector<std::string> values;
    for (int v = 0; v < size; ++v) {
      std::string text = std::to_string(v);
      values.push_back(std::string(static_cast<size_t>(n) - text.size(), '0') + text);
    }
    const std::vector<std::string> out =
        Texts(Mask(Fpe(), Schema(ColumnType::kString), Strings(values)));
    for (const std::string& s : out) {
      ASSERT_EQ(s.size(), static_cast<size_t>(n)) << s;
      for (char c : s) ASSERT_TRUE(IsDigit(c)) << s;
    }
    EXPECT_EQ(std::set<std::string>(out.begin(), out.end()).size(), values.size());
  }
}

TEST(StrategyTest, FpeRefusesFloatsAndDates) {
  for (ColumnType type : {ColumnType::kFloat, ColumnType::kDate, ColumnType::kDateTime}) {
    EXPECT_EQ(MakeError(Fpe(), Schema(type)).code(), StatusCode::kSpecError)
        << ColumnTypeName(type);
  }
}

TEST(StrategyTest, NullsStayNullForEveryStrategy) {
  struct Case {
    MaskRule rule;
    ColumnType type;
  };
  const std::vector<Case> cases = {
      {Rule("hash"), ColumnType::kString},    {Rule("hash"), ColumnType::kInteger},
      {Rule("hash"), ColumnType::kUuid},      {Rule("redact"), ColumnType::kString},
      {Rule("redact"), ColumnType::kFloat},   {Rule("partial"), ColumnType::kString},
      {Rule("null"), ColumnType::kString},    {Rule("noise"), ColumnType::kInteger},
      {Rule("noise"), ColumnType::kFloat},    {Rule("noise"), ColumnType::kDate},
      {Rule("noise"), ColumnType::kDateTime}, {Anonymize("full_name"), ColumnType::kString},
      {Rule("fpe"), ColumnType::kString},     {Rule("fpe"), ColumnType::kInteger},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.rule.strategy + " on " + std::string(ColumnTypeName(c.type)));
    Column in(c.type);
    for (size_t r = 0; r < 1000; ++r) {
      if (r % 3 == 1) {
        in.AppendNull();
      } else if (PhysicalTypeOf(c.type) == PhysicalType::kInt64) {
        in.AppendInt(1'000'000 + static_cast<int64_t>(r));
      } else if (PhysicalTypeOf(c.type) == PhysicalType::kDouble) {
        in.AppendDouble(1000.5 + static_cast<double>(r));
      } else if (c.type == ColumnType::kUuid) {
        char text[40];
        std::snprintf(text, sizeof text, "00000000-0000-4000-8000-%012zx", r);
        in.AppendString(text);
      } else {
        in.AppendString("value-" + std::to_string(r * 7919));
      }
    }
    const Column out = Mask(c.rule, Schema(c.type, false, false), in);
    for (size_t r = 0; r < in.size(); ++r) {
      ASSERT_EQ(out.IsNull(r), r % 3 == 1 || c.rule.strategy == "null") << "row " << r;
    }
  }
}

TEST(StrategyTest, KeyedStrategiesWithoutAKeyNameTdmMaskingKey) {
  for (const char* name : {"hash", "anonymize", "noise", "fpe"}) {
    SCOPED_TRACE(name);
    EXPECT_TRUE(FindStrategy(name)->keyed);
    MaskRule rule = Rule(name, "");
    rule.provider = "full_name";
    const ColumnType type =
        std::string_view(name) == "noise" ? ColumnType::kInteger : ColumnType::kString;
    const Status status = MakeError(rule, Schema(type));
    EXPECT_EQ(status.code(), StatusCode::kSpecError);
    EXPECT_NE(status.message().find("TDM_MASKING_KEY"), std::string::npos) << status.message();
  }
  for (const char* name : {"redact", "partial", "null"}) {
    EXPECT_FALSE(FindStrategy(name)->keyed) << name;
    EXPECT_TRUE(MakeError(Rule(name, ""), Schema(ColumnType::kString)).ok()) << name;
  }
}

TEST(StrategyTest, UnknownStrategyIsAnErrorWithDidYouMean) {
  const Status status = MakeError(Rule("hsah"), Schema(ColumnType::kString));
  EXPECT_EQ(status.code(), StatusCode::kSpecError);
  EXPECT_NE(status.message().find("hsah"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("did you mean 'hash'"), std::string::npos) << status.message();
  EXPECT_EQ(FindStrategy("hsah"), nullptr);
  // aggregate is a strategy, but of whole tables.
  ASSERT_NE(FindStrategy("aggregate"), nullptr);
  EXPECT_EQ(MakeError(Rule("aggregate"), Schema(ColumnType::kInteger)).code(),
            StatusCode::kSpecError);
}

TEST(StrategyTest, RegistryListsEveryStrategyOfTheSpec) {
  std::set<std::string> names;
  for (const Strategy& s : Strategies()) names.insert(s.name);
  EXPECT_EQ(names, (std::set<std::string>{"hash", "redact", "anonymize", "partial", "null", "noise",
                                          "fpe", "aggregate"}));
}

}  // namespace
}  // namespace tdm::mask
