// Accuracy of the fixed-point elementary functions (gen/fixed_math.h) against the C library, over
// the ranges the distributions use, and pinned bits so that a change to the math fails here. The
// tests may use libm; the product may not.
#include "gen/fixed_math.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>

#include "gen/rng.h"

namespace tdm::gen {
namespace {

double ToDouble(BinaryScaled v) {
  return std::ldexp(static_cast<double>(v.mantissa), static_cast<int>(v.exponent - 62));
}

double FromFixed(int64_t x) { return static_cast<double>(x) / static_cast<double>(kFixedOne); }

// Fixed-point inputs: a grid over [lo, hi] plus random points, in Q32.32.
template <typename Check>
void ForInputs(double lo, double hi, Check check) {
  auto a = static_cast<int64_t>(lo * static_cast<double>(kFixedOne));
  auto b = static_cast<int64_t>(hi * static_cast<double>(kFixedOne));
  int64_t step = (b - a) / 20000;
  for (int64_t x = a; x <= b; x += step) check(x);
  RowRng rng(7, 0);
  for (int i = 0; i < 100000; ++i) check(rng.Between(a, b));
}

TEST(FixedMath, ResultsAreNormalised) {
  for (int64_t x : {int64_t{0}, kFixedOne - 1, -kFixedOne, int64_t{123456789}, -kFixedOne / 3}) {
    for (BinaryScaled v : {Exp2(x), Exp(x)}) {
      EXPECT_GE(v.mantissa, uint64_t{1} << 62);
      EXPECT_LT(v.mantissa, uint64_t{1} << 63);
    }
  }
}

TEST(FixedMath, Exp2IsExactOnIntegers) {
  for (int64_t k = -70; k <= 70; ++k) {
    BinaryScaled v = Exp2(k * kFixedOne);
    EXPECT_EQ(v.mantissa, uint64_t{1} << 62);
    EXPECT_EQ(v.exponent, k);
  }
}

TEST(FixedMath, ExpMatchesLibmToARelative1e12) {
  // lognormal: sigma * z reaches |sigma| * 4.17; the test covers sigma up to about 10.
  double worst = 0;
  ForInputs(-45, 45, [&](int64_t x) {
    double want = std::exp(FromFixed(x));
    double error = std::fabs(ToDouble(Exp(x)) / want - 1);
    worst = std::max(worst, error);
  });
  EXPECT_LT(worst, 1e-12);
  std::printf("Exp: worst relative error %.3g over [-45, 45]\n", worst);
}

TEST(FixedMath, Exp2MatchesLibmToARelative1e12) {
  double worst = 0;
  ForInputs(-100, 100, [&](int64_t x) {
    double want = std::exp2(FromFixed(x));
    worst = std::max(worst, std::fabs(ToDouble(Exp2(x)) / want - 1));
  });
  EXPECT_LT(worst, 1e-12);
  std::printf("Exp2: worst relative error %.3g over [-100, 100]\n", worst);
}

TEST(FixedMath, Log2MatchesLibmWithinHalfAFixedPointStep) {
  // The result is Q32.32 rounded to nearest, so the error is at most 2^-33 plus the method's.
  double worst_abs = 0;
  double worst_rel = 0;
  auto check = [&](uint64_t n) {
    double want = std::log2(static_cast<double>(n));
    double error = std::fabs(FromFixed(Log2(n)) - want);
    worst_abs = std::max(worst_abs, error);
    if (n > 1) worst_rel = std::max(worst_rel, error / want);
  };
  for (uint64_t n = 1; n <= 200000; ++n) check(n);
  RowRng rng(11, 0);
  for (int i = 0; i < 200000; ++i) check(1 + rng.Below(10'000'000));
  for (int i = 0; i < 10000; ++i) check(rng.Next() >> rng.Below(63) | 1);
  for (int shift = 0; shift < 64; ++shift) {
    EXPECT_EQ(Log2(uint64_t{1} << shift), shift * kFixedOne);
  }
  EXPECT_LT(worst_abs, 0x1p-33 + 1e-15);
  EXPECT_LT(worst_rel, 1e-9);
  std::printf("Log2: worst absolute error %.3g, relative %.3g\n", worst_abs, worst_rel);
}

TEST(FixedMath, InversePowMatchesLibmToARelative1e7) {
  // zipf weights: k^-s for k up to 10M ranks and exponents around 1.
  double worst = 0;
  RowRng rng(3, 0);
  for (double s : {0.3, 1.0, 1.2, 2.0, 3.5}) {
    auto fixed_s = static_cast<int64_t>(s * static_cast<double>(kFixedOne));
    double exact_s = FromFixed(fixed_s);
    for (int i = 0; i < 20000; ++i) {
      uint64_t k = 1 + rng.Below(10'000'000);
      double want = std::pow(static_cast<double>(k), -exact_s);
      worst = std::max(worst, std::fabs(ToDouble(InversePow(k, fixed_s)) / want - 1));
    }
  }
  EXPECT_LT(worst, 1e-7);
  std::printf("InversePow: worst relative error %.3g\n", worst);
}

TEST(FixedMath, ExpIsStrictlyIncreasingAcrossTableBuckets) {
  // Every boundary of the 256-entry table, in both directions of one Q32.32 step.
  for (int64_t i = -512; i <= 512; ++i) {
    int64_t x = i * (kFixedOne / 256);
    for (int64_t a : {x - 1, x}) {
      BinaryScaled lo = Exp2(a);
      BinaryScaled hi = Exp2(a + 1);
      bool less =
          lo.exponent < hi.exponent || (lo.exponent == hi.exponent && lo.mantissa < hi.mantissa);
      EXPECT_TRUE(less) << a;
    }
  }
}

TEST(FixedMath, MultiplyAndScaleToInteger) {
  BinaryScaled three = ToBinaryScaled(3.0);
  BinaryScaled half = ToBinaryScaled(0.5);
  EXPECT_EQ(ScaleToInteger(Multiply(three, half), 0), 2U);  // 1.5 rounds half up
  EXPECT_EQ(ScaleToInteger(Multiply(three, half), 1), 3U);
  EXPECT_EQ(ScaleToInteger(ToBinaryScaled(40.0), 0), 40U);
  EXPECT_EQ(ScaleToInteger(ToBinaryScaled(0x1p70), 0), UINT64_MAX);
  EXPECT_EQ(ScaleToInteger(ToBinaryScaled(0x1p-70), 0), 0U);
  EXPECT_EQ(ToDouble(ToBinaryScaled(5e-324)), 5e-324);
  EXPECT_EQ(ToDouble(ToBinaryScaled(1234.5678)), 1234.5678);
}

// The bits themselves: any change to the tables or polynomials fails here.
TEST(FixedMath, GoldenBits) {
  EXPECT_EQ(Log2(3), 6807362106);  // 1.58496250072 * 2^32, rounded
  EXPECT_EQ(Log2(10'000'000), 99873007690);
  BinaryScaled e = Exp(kFixedOne);
  EXPECT_EQ(e.mantissa, 6267931151224907082U);  // e * 2^61 = 6267931151224907085.34
  EXPECT_EQ(e.exponent, 1);
  BinaryScaled w = InversePow(7, static_cast<int64_t>(1.2 * static_cast<double>(kFixedOne)));
  // 7^-1.2 * 2^66 = 7142694344105074919.2; the 5.8e-11 gap is Log2(7) rounded to 2^-33.
  EXPECT_EQ(w.mantissa, 7142694343691216445U);
  EXPECT_EQ(w.exponent, -4);
}

}  // namespace
}  // namespace tdm::gen
