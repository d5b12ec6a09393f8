#include "gen/distribution.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "core/suggest.h"
#include "gen/fixed_math.h"
#include "gen/word_lists.h"

namespace tdm::gen {

__extension__ using Int128 = __int128;

enum class DistributionKind : uint8_t { kUniform, kNormal, kLognormal, kZipf };

struct Distribution::Parameters {
  DistributionKind kind = DistributionKind::kUniform;
  int64_t lo = 0;
  int64_t hi = 0;
  const int64_t* quantiles = nullptr;  // the 4097 entries of data/normal_quantiles.txt
  // normal: mean and standard deviation in units, Q16.
  Int128 mean = 0;
  Int128 stddev = 0;
  // lognormal: median in units, sigma in Q32.32.
  BinaryScaled median;
  int64_t sigma = 0;
  // normal, lognormal: the draws whose value lies in [lo, hi] are [first, first + span_minus_one].
  uint64_t first = 0;
  uint64_t span_minus_one = 0;
  // zipf: cumulative[k - 1] = sum of the weights of ranks 1..k; guide[b] = the first rank index
  // a draw in bucket b (its top guide_bits bits) can land on.
  uint64_t ranks = 0;
  std::unique_ptr<uint64_t[]> cumulative;  // not zero-filled first: 80 MB at 10M ranks
  std::vector<uint32_t> guide;
  int guide_bits = 0;
};

namespace {

using Parameters = Distribution::Parameters;

constexpr size_t kQuantileCount = 4097;
constexpr int64_t kMillion = 1'000'000;
constexpr double kMaxSigma = 1000;  // e^(1000 * 4.17) saturates anyway; keeps sigma * z in Q32.32
constexpr double kMaxZipfExponent = 100;
constexpr double kMaxUnits = 0x1p62;  // |mean|, stddev and median in units

struct KindName {
  std::string_view name;
  DistributionKind kind;
};
constexpr KindName kKinds[] = {{"uniform", DistributionKind::kUniform},
                               {"normal", DistributionKind::kNormal},
                               {"lognormal", DistributionKind::kLognormal},
                               {"zipf", DistributionKind::kZipf}};

// Which distribution each parameter key belongs to.
struct KeyOwner {
  std::string_view key;
  DistributionKind kind;
};
constexpr KeyOwner kKeyOwners[] = {{"mean", DistributionKind::kNormal},
                                   {"stddev", DistributionKind::kNormal},
                                   {"median", DistributionKind::kLognormal},
                                   {"sigma", DistributionKind::kLognormal},
                                   {"s", DistributionKind::kZipf}};

std::string_view KindNameOf(DistributionKind kind) {
  for (const KindName& k : kKinds) {
    if (k.kind == kind) return k.name;
  }
  return "?";
}

const int64_t* QuantileTable() {
  static const std::vector<int64_t> table = [] {
    const std::vector<std::string_view>& lines = WordList("normal_quantiles.txt");
    std::vector<int64_t> values;
    for (std::string_view line : lines) {
      int64_t v = 0;
      auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), v);
      bool increasing = values.empty() || v > values.back();
      if (ec != std::errc() || end != line.data() + line.size() || !increasing) {
        std::fprintf(stderr, "tdm: data/normal_quantiles.txt: bad entry '%.*s'\n",
                     static_cast<int>(line.size()), line.data());
        std::abort();
      }
      values.push_back(v);
    }
    if (values.size() != kQuantileCount) {
      std::fprintf(stderr, "tdm: data/normal_quantiles.txt has %zu entries, not %zu\n",
                   values.size(), kQuantileCount);
      std::abort();
    }
    return values;
  }();
  return table.data();
}

int64_t Quantile(const int64_t* q, uint64_t u) {
  uint64_t i = u >> 52;  // 4096 segments
  auto f = static_cast<int64_t>((u >> 20) & 0xffffffff);
  // Millionths times 2^32: |q| < 2^23, so this fits in an int64. Division truncates toward
  // zero, which keeps the result non-decreasing in u.
  return (q[i] * kFixedOne + (q[i + 1] - q[i]) * f) / kMillion;
}

int64_t SaturateToInt64(Int128 v) {
  if (v > INT64_MAX) return INT64_MAX;
  if (v < INT64_MIN) return INT64_MIN;
  return static_cast<int64_t>(v);
}

// Units of the draw u before truncation; non-decreasing in u.
int64_t UnitsOf(const Parameters& p, uint64_t u) {
  int64_t z = Quantile(p.quantiles, u);
  if (p.kind == DistributionKind::kNormal) {
    Int128 v = p.mean + ((p.stddev * z) >> kFixedFractionBits);  // Q16
    return SaturateToInt64((v + (Int128{1} << 15)) >> 16);
  }
  auto t = static_cast<int64_t>((static_cast<Int128>(p.sigma) * z) >> kFixedFractionBits);
  uint64_t units = ScaleToInteger(Multiply(p.median, Exp(t)), 0);
  return units > INT64_MAX ? INT64_MAX : static_cast<int64_t>(units);
}

uint64_t ZipfIndex(const Parameters& p, uint64_t r) {
  const uint64_t* cumulative = p.cumulative.get();
  auto x = static_cast<uint64_t>((static_cast<Uint128>(r) * cumulative[p.ranks - 1]) >> 64);
  uint64_t bucket = r >> (64 - p.guide_bits);
  const uint64_t* begin = cumulative + p.guide[bucket];
  const uint64_t* end = cumulative + p.guide[bucket + 1] + 1;
  return static_cast<uint64_t>(std::upper_bound(begin, end, x) - cumulative);
}

class OptionReader {
 public:
  explicit OptionReader(const FieldSpec& field) : field_(field) {}

  // "<provider> <key> '<value>' <problem>", naming the option (and its value when set).
  Status Error(std::string_view key, const std::string& problem) const {
    std::string name = field_.provider + " " + std::string(key);
    auto it = field_.options.find(std::string(key));
    if (it != field_.options.end()) name += " '" + it->second + "'";
    return {StatusCode::kSpecError, name + " " + problem, field_.where};
  }

  // The option as a finite number, nullopt when absent.
  Result<std::optional<double>> Number(std::string_view key) const {
    auto it = field_.options.find(std::string(key));
    if (it == field_.options.end()) return std::optional<double>();
    const std::string& text = it->second;
    double v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || v - v != 0) {
      return Error(key, "is not a number");
    }
    return std::optional<double>(v);
  }

  // A number greater than 0, nullopt when absent.
  Result<std::optional<double>> Positive(std::string_view key) const {
    TDM_ASSIGN_OR_RETURN(std::optional<double> v, Number(key));
    if (v && !(*v > 0)) return Error(key, "must be greater than 0");
    return v;
  }

 private:
  const FieldSpec& field_;
};

// Units as Q16 for an option value times units_per_value; |units| must stay below 2^62.
Result<Int128> UnitsQ16(const OptionReader& reader, std::string_view key, double value,
                        double units_per_value) {
  double units = value * units_per_value;  // one correctly rounded product
  if (!(units < kMaxUnits && units > -kMaxUnits)) return reader.Error(key, "is too large");
  return static_cast<Int128>(units * 65536.0);  // exact scaling, then truncation
}

constexpr char kNoValuesInRange[] =
    "puts no values between min and max (it reaches about 4.2 standard deviations of its normal "
    "variate): move its centre (mean or median) into the range or widen it (stddev or sigma)";

// The first draw whose units are >= lo; UnitsOf(UINT64_MAX) >= lo.
uint64_t FirstDrawAtLeast(const Parameters& p, int64_t lo) {
  uint64_t a = 0;
  uint64_t b = UINT64_MAX;
  while (a < b) {
    uint64_t mid = a + (b - a) / 2;
    if (UnitsOf(p, mid) >= lo) {
      b = mid;
    } else {
      a = mid + 1;
    }
  }
  return a;
}

// The last draw whose units are <= hi; UnitsOf(0) <= hi.
uint64_t LastDrawAtMost(const Parameters& p, int64_t hi) {
  uint64_t a = 0;
  uint64_t b = UINT64_MAX;
  while (a < b) {
    uint64_t mid = b - (b - a) / 2;
    if (UnitsOf(p, mid) <= hi) {
      a = mid;
    } else {
      b = mid - 1;
    }
  }
  return a;
}

// The draws mapping into [lo, hi], by bisection over the monotone UnitsOf.
Status Truncate(const OptionReader& reader, Parameters& p) {
  if (UnitsOf(p, UINT64_MAX) < p.lo || UnitsOf(p, 0) > p.hi) {
    return reader.Error("distribution", kNoValuesInRange);
  }
  uint64_t first = FirstDrawAtLeast(p, p.lo);
  uint64_t last = LastDrawAtMost(p, p.hi);
  if (last < first) return reader.Error("distribution", kNoValuesInRange);
  p.first = first;
  p.span_minus_one = last - first;
  return Status();
}

// The smallest prime factor of k up to 13, or 0.
uint64_t SmallFactor(uint64_t k) {
  // Spelt out so that each modulo is by a constant (a multiply, not a division).
  if (k % 2 == 0) return 2;
  if (k % 3 == 0) return 3;
  if (k % 5 == 0) return 5;
  if (k % 7 == 0) return 7;
  if (k % 11 == 0) return 11;
  if (k % 13 == 0) return 13;
  return 0;
}

// Weights round(2^F k^-s) with 2^F n < 2^63, so the sum fits. k^-s is completely
// multiplicative: a k with a prime factor up to 13 takes the (rounded) product of two weights
// already computed, which leaves about 19% of the ranks for fixed-point exp and log.
void BuildZipfTable(uint64_t n, int64_t s, Parameters& p) {
  int bits = 63 - static_cast<int>(std::bit_width(n));
  p.ranks = n;
  p.cumulative = std::make_unique_for_overwrite<uint64_t[]>(n);
  uint64_t* cumulative = p.cumulative.get();
  auto weight = [&](uint64_t k) {
    return k == 1 ? cumulative[0] : cumulative[k - 1] - cumulative[k - 2];
  };
  uint64_t sum = 0;
  for (uint64_t k = 1; k <= n; ++k) {
    uint64_t factor = SmallFactor(k);
    uint64_t w = 0;
    if (factor != 0 && factor != k) {
      Uint128 product = static_cast<Uint128>(weight(factor)) * weight(k / factor);
      w = static_cast<uint64_t>((product + (Uint128{1} << (bits - 1))) >> bits);
    } else {
      w = ScaleToInteger(InversePow(k, s), bits);
    }
    sum += w;
    cumulative[k - 1] = sum;
  }
  p.guide_bits = std::min(16, static_cast<int>(std::bit_width(n)));
  size_t buckets = size_t{1} << p.guide_bits;
  p.guide.resize(buckets + 1);
  // The buckets' lowest draws increase with b, so each search gallops on from the last answer.
  // Every entry before `index` is <= lowest; cumulative[n - 1] = sum ends each gallop.
  uint64_t index = 0;
  for (size_t b = 0; b < buckets; ++b) {
    auto lowest = static_cast<uint64_t>((static_cast<Uint128>(b) * sum) >> p.guide_bits);
    uint64_t probe = index;
    for (uint64_t step = 1; cumulative[probe] <= lowest; step *= 2) {
      index = probe + 1;
      probe = std::min(n - 1, probe + step);
    }
    index = static_cast<uint64_t>(std::upper_bound(cumulative + index, cumulative + probe, lowest) -
                                  cumulative);
    p.guide[b] = static_cast<uint32_t>(index);
  }
  p.guide[buckets] = static_cast<uint32_t>(n - 1);
}

Result<DistributionKind> ReadKind(const OptionReader& reader, const FieldSpec& field) {
  std::string name = field.Option("distribution", "uniform");
  std::vector<std::string> names;
  for (const KindName& k : kKinds) {
    if (k.name == name) return k.kind;
    names.emplace_back(k.name);
  }
  return reader.Error("distribution", "is not supported" + DidYouMean(name, names) +
                                          "; use one of uniform, normal, lognormal, zipf");
}

Status ReadNormal(const OptionReader& reader, const UnitRange& range, Parameters& p) {
  TDM_ASSIGN_OR_RETURN(std::optional<double> mean, reader.Number("mean"));
  TDM_ASSIGN_OR_RETURN(std::optional<double> stddev, reader.Positive("stddev"));
  if (mean) {
    TDM_ASSIGN_OR_RETURN(p.mean, UnitsQ16(reader, "mean", *mean, range.units_per_value));
  } else {
    p.mean = (static_cast<Int128>(range.lo) + range.hi) << 15;
  }
  if (stddev) {
    TDM_ASSIGN_OR_RETURN(p.stddev, UnitsQ16(reader, "stddev", *stddev, range.units_per_value));
    p.stddev = std::max(p.stddev, Int128{1});  // below 2^-16 of a unit: every value is the mean
  } else {
    p.stddev = ((static_cast<Int128>(range.hi) - range.lo) << 16) / 6;
    if (p.stddev == 0) p.stddev = Int128{1} << 16;  // min == max: any spread gives min
  }
  return Truncate(reader, p);
}

Status ReadLognormal(const OptionReader& reader, const UnitRange& range, Parameters& p) {
  TDM_ASSIGN_OR_RETURN(std::optional<double> median, reader.Positive("median"));
  TDM_ASSIGN_OR_RETURN(std::optional<double> sigma, reader.Positive("sigma"));
  if (!median) return reader.Error("median", "is required by the lognormal distribution");
  if (!sigma) return reader.Error("sigma", "is required by the lognormal distribution");
  if (*sigma > kMaxSigma) return reader.Error("sigma", "must be at most 1000");
  double units = *median * range.units_per_value;  // one correctly rounded product
  if (!(units > 0 && units < kMaxUnits)) return reader.Error("median", "is out of range");
  p.median = ToBinaryScaled(units);
  // Exact scaling, then truncation; at least one step of 2^-32.
  p.sigma = std::max<int64_t>(1, static_cast<int64_t>(*sigma * static_cast<double>(kFixedOne)));
  return Truncate(reader, p);
}

Status ReadZipf(const OptionReader& reader, const UnitRange& range, Parameters& p) {
  TDM_ASSIGN_OR_RETURN(std::optional<double> s, reader.Positive("s"));
  if (s && *s > kMaxZipfExponent) return reader.Error("s", "must be at most 100");
  uint64_t n = static_cast<uint64_t>(range.hi) - static_cast<uint64_t>(range.lo) + 1;
  static_assert(kMaxZipfRanks == 10'000'000, "the message below spells the limit out");
  if (n == 0 || n > kMaxZipfRanks) {
    return reader.Error("distribution",
                        "allows at most 10,000,000 distinct values between min and max; narrow "
                        "the range or use fewer decimals");
  }
  auto exponent =
      std::max<int64_t>(1, static_cast<int64_t>(s.value_or(1.0) * static_cast<double>(kFixedOne)));
  BuildZipfTable(n, exponent, p);
  return Status();
}

}  // namespace

const std::vector<std::string>& DistributionOptionKeys() {
  static const std::vector<std::string> keys = {"distribution", "mean",  "stddev",
                                                "median",       "sigma", "s"};
  return keys;
}

std::string DistributionParameters() {
  return "options: distribution (uniform, normal, lognormal, zipf; default uniform), mean and "
         "stddev (normal; default the range's midpoint and a sixth of its width), median and "
         "sigma (lognormal), s (zipf exponent, default 1)";
}

Result<std::optional<Distribution>> MakeDistribution(const FieldSpec& field,
                                                     const UnitRange& range) {
  OptionReader reader(field);
  TDM_ASSIGN_OR_RETURN(DistributionKind kind, ReadKind(reader, field));
  for (const KeyOwner& owner : kKeyOwners) {
    if (owner.kind != kind && field.options.contains(std::string(owner.key))) {
      return reader.Error(
          owner.key, "applies to distribution: " + std::string(KindNameOf(owner.kind)) + ", not " +
                         std::string(KindNameOf(kind)));
    }
  }
  if (kind == DistributionKind::kUniform) return std::optional<Distribution>();
  if (field.unique) {
    return reader.Error("distribution",
                        "cannot be unique: only uniform values are drawn without repeats (drop "
                        "`unique: true` or the distribution)");
  }
  if (range.hi < range.lo) return reader.Error("distribution", "needs min <= max");
  auto p = std::make_shared<Parameters>();
  p->kind = kind;
  p->lo = range.lo;
  p->hi = range.hi;
  p->quantiles = QuantileTable();
  if (kind == DistributionKind::kNormal) TDM_RETURN_IF_ERROR(ReadNormal(reader, range, *p));
  if (kind == DistributionKind::kLognormal) TDM_RETURN_IF_ERROR(ReadLognormal(reader, range, *p));
  if (kind == DistributionKind::kZipf) TDM_RETURN_IF_ERROR(ReadZipf(reader, range, *p));
  return std::optional<Distribution>(Distribution(std::move(p)));
}

int64_t Distribution::Sample(RowRng& rng) const {
  const Parameters& p = *parameters_;
  if (p.kind == DistributionKind::kZipf) {
    return p.lo + static_cast<int64_t>(ZipfIndex(p, rng.Next()));
  }
  uint64_t u =
      p.span_minus_one == UINT64_MAX ? rng.Next() : p.first + rng.Below(p.span_minus_one + 1);
  // UnitsOf is monotone and [first, first + span] maps into [lo, hi], so this clamp never
  // changes a value; it only guards the contract.
  return std::clamp(UnitsOf(p, u), p.lo, p.hi);
}

int64_t NormalQuantile(uint64_t u) { return Quantile(QuantileTable(), u); }

}  // namespace tdm::gen
