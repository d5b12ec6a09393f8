#include "gen/fixed_math.h"

#include <array>
#include <bit>

#include "gen/rng.h"

namespace tdm::gen {
namespace {

__extension__ using Int128 = __int128;

// ln(2) in Q0.64 and log2(e) in Q2.62, both rounded to nearest (computed once with 60-digit
// decimal arithmetic).
constexpr uint64_t kLn2 = 0xb17217f7d1cf79acULL;
constexpr int64_t kLog2E = 0x5c551d94ae0bf85eLL;

constexpr uint64_t kOneQ63 = uint64_t{1} << 63;

constexpr uint64_t MulQ64(uint64_t a, uint64_t b) {
  return static_cast<uint64_t>((static_cast<Uint128>(a) * b) >> 64);
}

// a * b in Q63 (signed), rounded down.
constexpr int64_t MulQ63(int64_t a, int64_t b) {
  return static_cast<int64_t>((static_cast<Int128>(a) * b) >> 63);
}

// Table of 2^(i/256) in Q2.62 for i = 0..255, by the Taylor series of e^(i ln2 / 256) in Q64
// (error below 2^-58), evaluated by the compiler.
constexpr std::array<uint64_t, 256> MakeExp2Table() {
  std::array<uint64_t, 256> table{};
  for (uint64_t i = 0; i < 256; ++i) {
    auto x = static_cast<uint64_t>(static_cast<Uint128>(kLn2) * i / 256);
    Uint128 term = Uint128{1} << 64;
    Uint128 sum = term;
    for (uint64_t k = 1; term != 0; ++k) {
      term = ((term * x) >> 64) / k;
      sum += term;
    }
    table[i] = static_cast<uint64_t>((sum + 2) >> 2);
  }
  return table;
}
constexpr std::array<uint64_t, 256> kExp2Table = MakeExp2Table();

// For the 256 buckets [1 + i/256, 1 + (i+1)/256) of a mantissa m: the reciprocal of the bucket's
// midpoint in Q0.64, and minus log2 of that reciprocal (as rounded) in Q0.64. m * reciprocal is
// within 2^-9 of 1, where a short series is exact to 2^-63; the table then adds the log back.
struct LogBucket {
  uint64_t reciprocal;
  uint64_t log2_inverse;
};

constexpr std::array<LogBucket, 256> MakeLogTable() {
  std::array<LogBucket, 256> table{};
  for (uint64_t i = 0; i < 256; ++i) {
    uint64_t denominator = 512 + 2 * i + 1;
    auto reciprocal = static_cast<uint64_t>(((Uint128{1} << 73) + denominator / 2) / denominator);
    // ln(1 / y) = 2 atanh((1 - y) / (1 + y)) for y = reciprocal / 2^64.
    Uint128 one = Uint128{1} << 64;
    auto z = static_cast<uint64_t>(((one - reciprocal) << 64) / (one + reciprocal));
    uint64_t z2 = MulQ64(z, z);
    Uint128 sum = z;
    uint64_t power = z;
    for (uint64_t k = 1; power != 0; ++k) {
      power = MulQ64(power, z2);
      sum += power / (2 * k + 1);
    }
    Uint128 ln = 2 * sum;  // Q64, below ln 2
    auto log2 = static_cast<uint64_t>((ln * static_cast<uint64_t>(kLog2E)) >> 62);
    table[i] = {reciprocal, log2};
  }
  return table;
}
constexpr std::array<LogBucket, 256> kLogTable = MakeLogTable();

// 2^f for f in [0, 1) given in Q0.64: the mantissa in Q2.62, in [2^62, 2^63].
uint64_t Exp2Fraction(uint64_t f) {
  uint64_t top = f >> 56;
  uint64_t rest = f & ((uint64_t{1} << 56) - 1);  // below 2^-8
  uint64_t y = MulQ64(rest, kLn2);                // rest * ln 2, below 0.0028
  // e^y - 1 = y + y^2 (1/2 + y (1/6 + y (1/24 + y / 120))); the next term is below 2^-61.
  constexpr uint64_t kMax = ~uint64_t{0};
  uint64_t a = kMax / 24 + MulQ64(y, kMax / 120);
  a = kMax / 6 + MulQ64(y, a);
  a = (uint64_t{1} << 63) + MulQ64(y, a);
  uint64_t e_y_minus_1 = y + MulQ64(y, MulQ64(y, a));
  uint64_t base = kExp2Table[top];
  return base + MulQ64(base, e_y_minus_1);
}

BinaryScaled Normalised(uint64_t mantissa, int64_t exponent) {
  if (mantissa >= kOneQ63) return {mantissa >> 1, exponent + 1};
  return {mantissa, exponent};
}

}  // namespace

int64_t Log2(uint64_t n) {
  if (n == 0) return INT64_MIN;
  int exponent = 63 - std::countl_zero(n);
  uint64_t m = n << (63 - exponent);  // Q1.63 in [1, 2)
  const LogBucket& bucket = kLogTable[(m >> 55) & 0xff];
  uint64_t r = MulQ64(m, bucket.reciprocal);  // Q1.63, within 2^-9 of 1
  auto d = static_cast<int64_t>(r - kOneQ63);
  // log2(1 + d) = log2(e) (d - d^2/2 + d^3/3 - d^4/4) in Q62; the next term is below 2^-47, far
  // under the result's 2^-33 rounding.
  constexpr int64_t kC4 = -kLog2E / 4;
  constexpr int64_t kC3 = kLog2E / 3;
  constexpr int64_t kC2 = -kLog2E / 2;
  int64_t p = kC3 + MulQ63(d, kC4);
  p = kC2 + MulQ63(d, p);
  p = kLog2E + MulQ63(d, p);
  int64_t log2_r = MulQ63(d, p) * 2;                                           // Q63
  int64_t fraction = log2_r + static_cast<int64_t>(bucket.log2_inverse >> 1);  // Q63
  return (static_cast<int64_t>(exponent) << kFixedFractionBits) +
         ((fraction + (int64_t{1} << 30)) >> 31);
}

BinaryScaled Exp2(int64_t x) {
  int64_t whole = x >> kFixedFractionBits;  // floor
  uint64_t fraction = static_cast<uint64_t>(x) << (64 - kFixedFractionBits);
  return Normalised(Exp2Fraction(fraction), whole);
}

BinaryScaled Exp(int64_t x) {
  // x log2(e) in Q94: |x| < 2^63 and log2(e) < 2^63 in Q62, so the product fits.
  Int128 y = static_cast<Int128>(x) * kLog2E;
  auto whole = static_cast<int64_t>(y >> 94);
  auto fraction = static_cast<uint64_t>(y >> 30);  // the low 64 bits: the fraction in Q64
  return Normalised(Exp2Fraction(fraction), whole);
}

BinaryScaled InversePow(uint64_t k, int64_t s) {
  Int128 product = static_cast<Int128>(s) * Log2(k);  // Q64
  return Exp2(-static_cast<int64_t>(product >> kFixedFractionBits));
}

BinaryScaled Multiply(BinaryScaled a, BinaryScaled b) {
  auto product = static_cast<uint64_t>((static_cast<Uint128>(a.mantissa) * b.mantissa) >> 62);
  return Normalised(product, a.exponent + b.exponent);
}

BinaryScaled ToBinaryScaled(double positive) {
  auto bits = std::bit_cast<uint64_t>(positive);
  auto biased = static_cast<int64_t>((bits >> 52) & 0x7ff);
  uint64_t fraction = bits & ((uint64_t{1} << 52) - 1);
  if (biased == 0) {  // subnormal: normalise the fraction by hand
    int shift = std::countl_zero(fraction) - 1;
    return {fraction << shift, -1074 + 62 - shift};
  }
  return {(fraction | (uint64_t{1} << 52)) << 10, biased - 1023};
}

uint64_t ScaleToInteger(BinaryScaled value, int64_t shift) {
  int64_t total = value.exponent - 62 + shift;
  if (total >= 0) {
    if (total > 1) return ~uint64_t{0};
    return value.mantissa << total;
  }
  if (total < -64) return 0;
  int64_t right = -total;
  return static_cast<uint64_t>(
      (static_cast<Uint128>(value.mantissa) + (Uint128{1} << (right - 1))) >> right);
}

}  // namespace tdm::gen
