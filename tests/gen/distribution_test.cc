// Non-uniform distributions of the numeric providers (gen/distribution.h): shape against the
// target over 200,000 values, bounds by truncation (no mass piled on min or max), random access,
// pinned values, and the spec errors of bad options.
#include "gen/distribution.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "gen/test_tables.h"

namespace tdm::gen {
namespace {

using testing::Field;
using testing::Generate;
using testing::Generated;
using testing::Plan;
using testing::TestContext;

constexpr int64_t kDraws = 200000;

FieldSpec WithOptions(FieldSpec f, std::map<std::string, std::string> options) {
  f.options = std::move(options);
  return f;
}

FieldSpec IntegerField(int64_t lo, int64_t hi, std::map<std::string, std::string> options) {
  FieldSpec f = Field("x", "integer");
  f.int_min = lo;
  f.int_max = hi;
  return WithOptions(std::move(f), std::move(options));
}

FieldSpec FloatField(double lo, double hi, int decimals,
                     std::map<std::string, std::string> options) {
  FieldSpec f = Field("x", "float");
  f.float_min = lo;
  f.float_max = hi;
  f.decimals = decimals;
  return WithOptions(std::move(f), std::move(options));
}

// The values of one field over `rows` rows, as doubles.
std::vector<double> Values(const FieldSpec& f, int64_t rows = kDraws, uint64_t seed = 42) {
  Generated g = Generate(Plan("t", rows, {f}), TestContext(seed));
  std::vector<double> out;
  if (!g.ok()) return out;
  const Column& c = g.column(f.name);
  for (size_t i = 0; i < c.size(); ++i) {
    out.push_back(c.physical() == PhysicalType::kInt64 ? static_cast<double>(c.GetInt(i))
                                                       : c.GetDouble(i));
  }
  return out;
}

struct Moments {
  double mean = 0;
  double stddev = 0;
};

Moments MomentsOf(const std::vector<double>& v) {
  Moments m;
  for (double x : v) m.mean += x;
  m.mean /= static_cast<double>(v.size());
  for (double x : v) m.stddev += (x - m.mean) * (x - m.mean);
  m.stddev = std::sqrt(m.stddev / static_cast<double>(v.size()));
  return m;
}

double Median(std::vector<double> v) {
  std::nth_element(v.begin(), v.begin() + static_cast<long>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

void ExpectInside(const std::vector<double>& v, double lo, double hi) {
  ASSERT_FALSE(v.empty());
  for (double x : v) {
    ASSERT_GE(x, lo);
    ASSERT_LE(x, hi);
  }
}

// The spec error of a one-field table, or OK.
Status MakeError(const FieldSpec& f) {
  return TableGenerator::Create(Plan("t", 10, {f}), TestContext(),
                                [](std::string_view) { return nullptr; })
      .status();
}

TEST(DistributionNormal, MeanStddevAndOneSigmaMassMatch) {
  std::vector<double> v = Values(
      IntegerField(0, 10000, {{"distribution", "normal"}, {"mean", "5000"}, {"stddev", "500"}}));
  ExpectInside(v, 0, 10000);
  Moments m = MomentsOf(v);
  EXPECT_NEAR(m.mean, 5000, 50);
  EXPECT_NEAR(m.stddev, 500, 5);
  double within = static_cast<double>(std::count_if(
                      v.begin(), v.end(), [](double x) { return std::fabs(x - 5000) <= 500; })) /
                  static_cast<double>(v.size());
  EXPECT_NEAR(within, 0.6827, 0.005);
  std::printf("normal(5000, 500): mean %.2f stddev %.3f within 1 sd %.4f\n", m.mean, m.stddev,
              within);
}

TEST(DistributionNormal, FloatsKeepTheirDecimalsAndTheDefaultsCentreTheRange) {
  // Defaults: mean = midpoint, stddev = a sixth of the range.
  std::vector<double> v = Values(FloatField(-30, 90, 1, {{"distribution", "normal"}}));
  ExpectInside(v, -30, 90);
  for (double x : v) ASSERT_EQ(std::round(x * 10) / 10, x);
  Moments m = MomentsOf(v);
  EXPECT_NEAR(m.mean, 30, 0.2);
  EXPECT_NEAR(m.stddev, 19.73, 0.2);  // truncation at 3 sd takes 1.3% off the stddev
}

TEST(DistributionNormal, TruncatesWithoutPilingMassOnTheBounds) {
  // Mean 70, sd 12 on 0..100: 0.6% of the untruncated mass lies above 100.
  std::vector<double> v =
      Values(IntegerField(0, 100, {{"distribution", "normal"}, {"mean", "70"}, {"stddev", "12"}}));
  ExpectInside(v, 0, 100);
  std::map<double, int> count;
  for (double x : v) ++count[x];
  // Density near 100 (2.5 sd) is about 1.5% per value of the peak's; a clamp would put ~0.6% of
  // all draws (1200) on 100 alone.
  EXPECT_LT(count[100], count[98] * 1.3 + 20);
  EXPECT_GT(count[100], 0);
  // Mean entirely below the range: the tail above min, decreasing, none piled on min.
  std::vector<double> tail =
      Values(IntegerField(40, 60, {{"distribution", "normal"}, {"mean", "30"}, {"stddev", "10"}}));
  ExpectInside(tail, 40, 60);
  std::map<double, int> c2;
  for (double x : tail) ++c2[x];
  EXPECT_GT(c2[40], c2[41]);
  EXPECT_LT(c2[40], c2[41] * 1.3);
  EXPECT_GT(c2[60], 0);
}

TEST(DistributionLognormal, MedianAndLogMomentsMatch) {
  std::vector<double> v = Values(
      FloatField(0, 5000, 2, {{"distribution", "lognormal"}, {"median", "40"}, {"sigma", "1.1"}}));
  ExpectInside(v, 0, 5000);
  double median = Median(v);
  EXPECT_NEAR(median, 40, 0.4);
  std::vector<double> logs(v.size());
  std::transform(v.begin(), v.end(), logs.begin(), [](double x) { return std::log(x); });
  Moments m = MomentsOf(logs);
  EXPECT_NEAR(m.mean, std::log(40.0), 0.01);
  EXPECT_NEAR(m.stddev, 1.1, 0.011);
  std::printf("lognormal(40, 1.1): median %.2f mean log %.5f (ln 40 = %.5f) sd log %.4f\n", median,
              m.mean, std::log(40.0), m.stddev);
}

TEST(DistributionLognormal, IntegersAreTruncatedToTheirRange) {
  std::vector<double> v = Values(
      IntegerField(10, 200, {{"distribution", "lognormal"}, {"median", "30"}, {"sigma", "0.8"}}));
  ExpectInside(v, 10, 200);
  std::map<double, int> count;
  for (double x : v) ++count[x];
  EXPECT_LT(count[10], count[11] * 1.3);  // no pile on min (8.5% of the mass is below 10)
  EXPECT_LT(count[200], count[199] * 1.3 + 20);
  EXPECT_NEAR(Median(v), 32, 1);  // truncation moves it up: the conditional median is 32.07
}

// sum_{k=1..n} k^-s, the normaliser of a zipf distribution over n ranks.
double Harmonic(int64_t n, double s) {
  double h = 0;
  for (int64_t k = n; k >= 1; --k) h += std::pow(static_cast<double>(k), -s);
  return h;
}

TEST(DistributionZipf, RankFrequenciesMatchTheHarmonicSum) {
  for (double s : {1.2, 1.0}) {
    SCOPED_TRACE(s);
    char text[16];
    std::snprintf(text, sizeof(text), "%g", s);
    std::vector<double> v = Values(IntegerField(1, 10000, {{"distribution", "zipf"}, {"s", text}}));
    ExpectInside(v, 1, 10000);
    double h = Harmonic(10000, s);
    for (int rank : {1, 2}) {
      double want = std::pow(rank, -s) / h;
      double got =
          static_cast<double>(std::count(v.begin(), v.end(), rank)) / static_cast<double>(v.size());
      EXPECT_NEAR(got / want, 1, 0.02) << "rank " << rank;
      std::printf("zipf s=%g rank %d: %.5f, theory %.5f\n", s, rank, got, want);
    }
  }
}

TEST(DistributionZipf, RanksStartAtMinAndStepByTheFloatsUnit) {
  // s defaults to 1; rank k of a float with 2 decimals is min + (k - 1) / 100.
  std::vector<double> v = Values(FloatField(5, 6, 2, {{"distribution", "zipf"}}));
  ExpectInside(v, 5, 6);
  double h = Harmonic(101, 1);
  double ones = static_cast<double>(std::count(v.begin(), v.end(), 5.0));
  double twos = static_cast<double>(std::count(v.begin(), v.end(), 5.01));
  EXPECT_NEAR(ones / static_cast<double>(v.size()) * h, 1, 0.02);
  EXPECT_NEAR(twos / static_cast<double>(v.size()) * h * 2, 1, 0.02);
}

TEST(DistributionZipf, TenMillionRanksBuildQuickly) {
  FieldSpec f = IntegerField(1, 10'000'000, {{"distribution", "zipf"}, {"s", "1.1"}});
  auto start = std::chrono::steady_clock::now();
  Result<std::optional<Distribution>> d = MakeDistribution(f, UnitRange{1, 10'000'000, 1});
  double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  std::printf("zipf table of 10M ranks: %.1f ms\n", ms);
  EXPECT_LT(ms, 2000);  // ~100 ms in an optimised build; generous for sanitizers
  int64_t top = 0;
  for (uint64_t row = 0; row < 100000; ++row) {
    RowRng rng(99, row);
    int64_t x = (*d)->Sample(rng);
    ASSERT_GE(x, 1);
    ASSERT_LE(x, 10'000'000);
    top = std::max(top, x);
  }
  EXPECT_GT(top, 1'000'000);  // the tail is reachable
}

TEST(DistributionBounds, EveryDrawStaysInsideForManySeedsAndShapes) {
  const std::vector<std::map<std::string, std::string>> shapes = {
      {{"distribution", "normal"}},
      {{"distribution", "normal"}, {"mean", "-50"}, {"stddev", "1000"}},
      {{"distribution", "normal"}, {"mean", "100"}, {"stddev", "0.5"}},
      {{"distribution", "lognormal"}, {"median", "1"}, {"sigma", "3"}},
      {{"distribution", "lognormal"}, {"median", "99.5"}, {"sigma", "0.01"}},
      {{"distribution", "zipf"}, {"s", "2.5"}},
      {{"distribution", "zipf"}, {"s", "0.01"}},
  };
  for (uint64_t seed : {1, 2, 3}) {
    for (const auto& shape : shapes) {
      SCOPED_TRACE(shape.at("distribution") + " seed " + std::to_string(seed));
      ExpectInside(Values(IntegerField(0, 100, shape), 20000, seed), 0, 100);
      ExpectInside(Values(FloatField(0.5, 100, 3, shape), 20000, seed), 0.5, 100);
    }
  }
  // A single-value range and the extremes of int64.
  ExpectInside(Values(IntegerField(7, 7, {{"distribution", "normal"}}), 1000), 7, 7);
  auto wide = Values(IntegerField(INT64_MIN, INT64_MAX, {{"distribution", "normal"}}), 1000);
  EXPECT_EQ(wide.size(), 1000U);
}

TEST(DistributionDeterminism, SameKeyAndRowGiveTheSameValueInAnyOrder) {
  for (const char* kind : {"normal", "lognormal", "zipf"}) {
    SCOPED_TRACE(kind);
    std::map<std::string, std::string> options = {{"distribution", kind}};
    if (std::string(kind) == "lognormal") options.insert({{"median", "100"}, {"sigma", "0.5"}});
    FieldSpec f = IntegerField(0, 1000, options);
    auto table = testing::MakeTable(Plan("t", 5000, {f}));
    ASSERT_NE(table, nullptr);
    Batch all;
    table->Fill(0, 5000, all);
    for (int64_t row : {0, 1, 17, 4095, 4999}) {
      Batch one;
      table->Fill(row, 1, one);
      EXPECT_EQ(one.columns[0].GetInt(0), all.columns[0].GetInt(static_cast<size_t>(row)));
    }
    auto again = testing::MakeTable(Plan("t", 5000, {f}));
    Batch second;
    again->Fill(0, 5000, second);
    EXPECT_EQ(second.columns[0].ints(), all.columns[0].ints());
  }
}

TEST(DistributionDeterminism, QuantileTableIsSymmetricAndMonotone) {
  EXPECT_EQ(NormalQuantile(uint64_t{1} << 63), 0);
  int64_t previous = INT64_MIN;
  for (uint64_t i = 0; i < 4096; ++i) {
    for (uint64_t f : {uint64_t{0}, uint64_t{1} << 40, (uint64_t{1} << 52) - 1}) {
      int64_t z = NormalQuantile(i << 52 | f);
      EXPECT_GE(z, previous);
      previous = z;
    }
    if (i > 0) {
      EXPECT_EQ(NormalQuantile(i << 52), -NormalQuantile((4096 - i) << 52)) << i;
    }
  }
  // Ends: the quantiles of 1/65536 and 1 - 1/65536.
  EXPECT_NEAR(static_cast<double>(NormalQuantile(0)) / 0x1p32, -4.169569, 1e-6);
  EXPECT_NEAR(static_cast<double>(NormalQuantile(UINT64_MAX)) / 0x1p32, 4.169569, 1e-3);
}

// The first 8 values of each distribution for a fixed key, printed with full precision: any
// change to the math, the table or the draw fails here (and needs a new generator version).
// They were checked against an independent model in Python floating point (the same RowRng
// draws, the same table, exact truncation bisection, exp and k^-s from the math module).
TEST(DistributionGolden, FirstValuesArePinned) {
  auto first8 = [](const FieldSpec& f) {
    std::vector<double> v = Values(f, 8, 7);
    std::string text;
    for (double x : v) {
      char buf[32];
      std::snprintf(buf, sizeof(buf), "%.17g ", x);
      text += buf;
    }
    return text;
  };
  EXPECT_EQ(
      first8(IntegerField(0, 100, {{"distribution", "normal"}, {"mean", "70"}, {"stddev", "12"}})),
      "73 71 72 78 58 75 82 70 ");
  EXPECT_EQ(first8(FloatField(0, 5000, 2,
                              {{"distribution", "lognormal"}, {"median", "40"}, {"sigma", "1.1"}})),
            "53.920000000000002 43.18 47.619999999999997 83.730000000000004 12.94 "
            "61.649999999999999 122.86 41.189999999999998 ");
  EXPECT_EQ(first8(IntegerField(1, 10000, {{"distribution", "zipf"}, {"s", "1.2"}})),
            "23 12 16 98 1 35 372 10 ");
  EXPECT_EQ(first8(FloatField(-1, 1, 6, {{"distribution", "normal"}, {"stddev", "0.25"}})),
            "0.067859000000000003 0.01738 0.039633000000000002 0.167879 -0.25636100000000001 "
            "0.098302 0.25499100000000002 0.0066740000000000002 ");
}

TEST(DistributionOptions, BadValuesAreSpecErrorsNamingTheOption) {
  struct Case {
    FieldSpec field;
    std::vector<std::string> says;
  };
  FieldSpec unique_zipf = IntegerField(1, 100, {{"distribution", "zipf"}});
  unique_zipf.unique = true;
  FieldSpec unique_normal = FloatField(0, 1, 2, {{"distribution", "normal"}});
  unique_normal.unique = true;
  const std::vector<Case> cases = {
      {IntegerField(0, 9, {{"distribution", "normall"}}),
       {"distribution 'normall'", "did you mean 'normal'", "uniform, normal, lognormal, zipf"}},
      {IntegerField(0, 9, {{"distribution", "normal"}, {"mean", "abc"}}), {"mean 'abc'", "number"}},
      {IntegerField(0, 9, {{"distribution", "normal"}, {"mean", "inf"}}), {"mean 'inf'", "number"}},
      {IntegerField(0, 9, {{"distribution", "normal"}, {"stddev", "0"}}),
       {"stddev '0'", "greater than 0"}},
      {IntegerField(0, 9, {{"distribution", "normal"}, {"stddev", "-2"}}), {"stddev '-2'"}},
      {IntegerField(0, 9, {{"distribution", "normal"}, {"stddev", "5 "}}), {"stddev '5 '"}},
      {IntegerField(0, 9, {{"distribution", "lognormal"}, {"sigma", "1"}}), {"median", "required"}},
      {IntegerField(0, 9, {{"distribution", "lognormal"}, {"median", "3"}}), {"sigma", "required"}},
      {IntegerField(0, 9, {{"distribution", "lognormal"}, {"median", "-3"}, {"sigma", "1"}}),
       {"median '-3'"}},
      {IntegerField(0, 9, {{"distribution", "lognormal"}, {"median", "3"}, {"sigma", "2000"}}),
       {"sigma '2000'", "at most 1000"}},
      {IntegerField(0, 9, {{"distribution", "zipf"}, {"s", "0"}}), {"s '0'"}},
      {IntegerField(0, 9, {{"distribution", "zipf"}, {"s", "500"}}), {"s '500'", "at most 100"}},
      {IntegerField(0, 9, {{"distribution", "zipf"}, {"s", "x"}}), {"s 'x'", "number"}},
      {IntegerField(0, 9, {{"distribution", "zipf"}, {"mean", "3"}}),
       {"mean '3'", "normal, not zipf"}},
      {IntegerField(0, 9, {{"sigma", "3"}}), {"sigma '3'", "lognormal, not uniform"}},
      {unique_zipf, {"distribution 'zipf'", "unique"}},
      {unique_normal, {"distribution 'normal'", "unique"}},
      {IntegerField(0, 20'000'000, {{"distribution", "zipf"}}),
       {"distribution 'zipf'", "10,000,000"}},
      {IntegerField(0, 100, {{"distribution", "normal"}, {"mean", "1000"}, {"stddev", "1"}}),
       {"distribution 'normal'", "no values between min and max"}},
  };
  for (const Case& c : cases) {
    Status status = MakeError(c.field);
    SCOPED_TRACE(status.ToString());
    ASSERT_EQ(status.code(), StatusCode::kSpecError);
    for (const std::string& s : c.says) {
      EXPECT_NE(status.message().find(s), std::string::npos) << "missing: " << s;
    }
  }
}

TEST(DistributionOptions, UniformIsTheDefaultAndUnchanged) {
  FieldSpec plain = IntegerField(0, 1000, {});
  FieldSpec named = IntegerField(0, 1000, {{"distribution", "uniform"}});
  EXPECT_EQ(Values(plain, 2000), Values(named, 2000));
  FieldSpec unique = FloatField(0, 10, 2, {{"distribution", "uniform"}});
  unique.unique = true;
  EXPECT_TRUE(MakeError(unique).ok());
}

}  // namespace
}  // namespace tdm::gen
