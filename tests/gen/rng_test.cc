// Properties of the counter-based RNG (gen/rng.h) and the keyed permutation (gen/permutation.h):
// determinism, bounds of every draw, and that the permutation is a bijection.
#include "gen/rng.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <set>
#include <vector>

#include "gen/permutation.h"

namespace tdm::gen {
namespace {

constexpr uint64_t kKeys[] = {0, 1, 42, 0x9e3779b97f4a7c15ULL, UINT64_MAX};

TEST(RowRng, SameKeyAndRowGiveTheSameStream) {
  for (uint64_t key : kKeys) {
    for (uint64_t row : {uint64_t{0}, uint64_t{1}, uint64_t{1234567}, UINT64_MAX}) {
      RowRng a(key, row);
      RowRng b(key, row);
      for (int i = 0; i < 16; ++i) EXPECT_EQ(a.Next(), b.Next());
    }
  }
}

TEST(RowRng, NeighbouringRowsAndKeysGiveDifferentStreams) {
  std::set<uint64_t> firsts;
  for (uint64_t key = 0; key < 64; ++key) {
    for (uint64_t row = 0; row < 256; ++row) firsts.insert(RowRng(key, row).Next());
  }
  EXPECT_EQ(firsts.size(), 64u * 256u);
}

TEST(RowRng, ColumnKeysDependOnSeedTableAndColumn) {
  std::set<uint64_t> keys = {ColumnKey(1, "users", "email"),  ColumnKey(2, "users", "email"),
                             ColumnKey(1, "user", "semail"),  ColumnKey(1, "users", "phone"),
                             ColumnKey(1, "movies", "email"), ColumnKey(1, "", "usersemail")};
  EXPECT_EQ(keys.size(), 6u);
  EXPECT_EQ(ColumnKey(7, "t", "c"), ColumnKey(7, "t", "c"));
}

TEST(RowRng, BelowStaysBelowN) {
  const uint64_t sizes[] = {1,
                            2,
                            3,
                            7,
                            10,
                            1000,
                            (uint64_t{1} << 32) + 1,
                            (uint64_t{1} << 63) + 1,
                            UINT64_MAX - 1,
                            UINT64_MAX};
  for (uint64_t n : sizes) {
    for (uint64_t row = 0; row < 20000; ++row) {
      RowRng rng(n, row);
      uint64_t v = rng.Below(n);
      ASSERT_LT(v, n) << "n=" << n << " row=" << row;
    }
  }
}

TEST(RowRng, BelowReachesEveryValueOfASmallRange) {
  std::vector<int> seen(7, 0);
  for (uint64_t row = 0; row < 7000; ++row) ++seen[RowRng(3, row).Below(7)];
  for (int count : seen) {
    EXPECT_GT(count, 800);
    EXPECT_LT(count, 1200);
  }
}

TEST(RowRng, BetweenIsInclusiveAtBothEnds) {
  struct Range {
    int64_t lo, hi;
  };
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  const Range ranges[] = {{-3, 3}, {0, 1}, {5, 5}, {kMax - 2, kMax}, {kMin, kMin + 2}, {-1, 0}};
  for (const Range& r : ranges) {
    std::set<int64_t> seen;
    for (uint64_t row = 0; row < 20000; ++row) {
      RowRng rng(11, row);
      int64_t v = rng.Between(r.lo, r.hi);
      ASSERT_GE(v, r.lo);
      ASSERT_LE(v, r.hi);
      seen.insert(v);
    }
    EXPECT_EQ(seen.size(), static_cast<size_t>(r.hi - r.lo + 1)) << r.lo << ".." << r.hi;
  }
}

TEST(RowRng, BetweenCoversTheFullInt64Range) {
  int negatives = 0;
  for (uint64_t row = 0; row < 10000; ++row) {
    RowRng rng(5, row);
    if (rng.Between(std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max()) < 0) {
      ++negatives;
    }
  }
  EXPECT_GT(negatives, 4000);
  EXPECT_LT(negatives, 6000);
}

TEST(RowRng, UnitIsInHalfOpenUnitInterval) {
  double sum = 0;
  for (uint64_t row = 0; row < 100000; ++row) {
    double u = RowRng(9, row).Unit();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  EXPECT_NEAR(sum / 100000, 0.5, 0.01);
}

TEST(RowRng, ChanceHonoursItsEdgesAndRate) {
  int hits = 0;
  for (uint64_t row = 0; row < 100000; ++row) {
    RowRng rng(13, row);
    ASSERT_FALSE(rng.Chance(0, 10));
    ASSERT_TRUE(rng.Chance(10, 10));
    if (rng.Chance(3, 10)) ++hits;
  }
  EXPECT_NEAR(hits / 100000.0, 0.3, 0.01);
}

// Checks that perm maps [0, n) onto [0, n) one to one.
void ExpectBijection(const KeyedPermutation& perm, uint64_t n, std::vector<char>& seen) {
  seen.assign(n, 0);
  for (uint64_t x = 0; x < n; ++x) {
    uint64_t y = perm.Apply(x);
    ASSERT_LT(y, n) << "n=" << n << " x=" << x;
    ASSERT_EQ(seen[y], 0) << "n=" << n << ": " << y << " reached twice";
    seen[y] = 1;
  }
}

TEST(KeyedPermutation, IsABijectionOnEverySmallDomain) {
  std::vector<char> seen;
  for (uint64_t n = 1; n <= 5000; ++n) {
    KeyedPermutation perm(n, 0x5eed + n);
    EXPECT_EQ(perm.domain_size(), n);
    ExpectBijection(perm, n, seen);
    if (HasFatalFailure()) return;
  }
}

TEST(KeyedPermutation, IsABijectionForManyKeys) {
  std::vector<char> seen;
  for (uint64_t key : kKeys) {
    for (uint64_t n : {1u, 2u, 3u, 4u, 5u, 15u, 16u, 17u, 255u, 256u, 257u, 4095u, 4096u, 4097u}) {
      ExpectBijection(KeyedPermutation(n, key), n, seen);
      if (HasFatalFailure()) return;
    }
  }
}

TEST(KeyedPermutation, DifferentKeysGiveDifferentPermutations) {
  KeyedPermutation a(1000, 1);
  KeyedPermutation b(1000, 2);
  int same = 0;
  for (uint64_t x = 0; x < 1000; ++x) same += a.Apply(x) == b.Apply(x);
  EXPECT_LT(same, 20);
}

TEST(KeyedPermutation, ScramblesTheOrder) {
  KeyedPermutation perm(100000, 77);
  int fixed = 0, ascending = 0;
  for (uint64_t x = 0; x < 100000; ++x) {
    fixed += perm.Apply(x) == x;
    if (x > 0) ascending += perm.Apply(x) > perm.Apply(x - 1);
  }
  EXPECT_LT(fixed, 20);
  EXPECT_NEAR(ascending / 100000.0, 0.5, 0.02);
}

TEST(KeyedPermutation, StaysInsideLargeDomains) {
  const uint64_t sizes[] = {(uint64_t{1} << 40) + 3, uint64_t{1} << 62, (uint64_t{1} << 63) + 1,
                            UINT64_MAX};
  for (uint64_t n : sizes) {
    KeyedPermutation perm(n, n ^ 0xabc);
    std::set<uint64_t> images;
    for (uint64_t i = 0; i < 2000; ++i) {
      uint64_t x = i * 0x9e3779b97f4a7c15ULL % n;
      uint64_t y = perm.Apply(x);
      ASSERT_LT(y, n);
      EXPECT_EQ(y, perm.Apply(x));
      images.insert(y);
    }
    EXPECT_EQ(images.size(), 2000u);  // distinct inputs, distinct images
  }
}

TEST(KeyedPermutation, ZeroSizedDomainActsAsOne) {
  KeyedPermutation perm(0, 3);
  EXPECT_EQ(perm.domain_size(), 1u);
  EXPECT_EQ(perm.Apply(0), 0u);
}

}  // namespace
}  // namespace tdm::gen
