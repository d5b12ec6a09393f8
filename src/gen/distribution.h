// Non-uniform distributions for the numeric providers (integer, age, year, float), chosen by a
// field's options, e.g. `options: {distribution: lognormal, median: 40, sigma: 1.1}`.
//
// A Distribution draws integer *units* (the output's resolution: 1 for integers, 10^-decimals for
// floats) inside the field's inclusive unit range [lo, hi]; the provider turns units into values
// exactly as it does for uniform draws. Each value is a pure function of exactly one 64-bit draw
// of the row's RowRng, computed with integer arithmetic only: the normal quantile function is a
// table shipped as data (data/normal_quantiles.txt) interpolated linearly, e^x and k^-s come from
// gen/fixed_math.h. So values are identical across compilers, libms and machines.
//
// Options (values are in the field's own units, e.g. dollars for a float with 2 decimals):
//   distribution  uniform (default; the provider's own path, unchanged), normal, lognormal, zipf
//   mean, stddev  normal; default mean = midpoint of [min, max], stddev = (max - min) / 6
//   median, sigma lognormal: median * e^(sigma z), z standard normal; both required, > 0,
//                 sigma <= 1000
//   s             zipf exponent in (0, 100], default 1: rank k (min + k - 1 units) has weight k^-s
//
// Bounds: normal and lognormal are truncated to [min, max], never clamped. The quantile function
// and the transform to units are monotone in the draw, so the draws whose value lands inside
// [min, max] form one interval; it is found by bisection when the field is made, and each row maps
// its draw into it. That is the distribution conditioned on [min, max]: no mass piles up on the
// bounds, and there is no rejection loop. The table's ends are the quantiles of 1/65536 and
// 1 - 1/65536, so values stay within about 4.17 standard deviations (of z) of the centre.
//
// Zipf: a table of cumulative weights round(2^F k^-s) (8 bytes a rank) is built when the field is
// made and each draw is binary-searched in it (a 2^16-bucket guide narrows the search). max - min
// + 1 is limited to kMaxZipfRanks (a larger range is a spec error): 80 MB and about 150 ms there.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gen/field_spec.h"
#include "gen/rng.h"
#include "tdm/status.h"

namespace tdm::gen {

// The most distinct values a zipf field may have (max - min + 1, in units).
inline constexpr uint64_t kMaxZipfRanks = 10'000'000;

// The option keys a numeric provider accepts for distributions (for Provider::options).
const std::vector<std::string>& DistributionOptionKeys();

// One line for a provider's `parameters`: the distribution options and their defaults.
std::string DistributionParameters();

// The inclusive range of a field's values in units, and how many units one option value is
// (1 for integers, 10^decimals for floats).
struct UnitRange {
  int64_t lo = 0;
  int64_t hi = 0;
  double units_per_value = 1;
};

// A non-uniform distribution over a field's units. Immutable after creation; copies share their
// tables, and Sample may run concurrently.
class Distribution {
 public:
  // Units of one value, in [lo, hi]; takes exactly one draw from `rng`.
  int64_t Sample(RowRng& rng) const;

  struct Parameters;  // defined in distribution.cc

 private:
  friend Result<std::optional<Distribution>> MakeDistribution(const FieldSpec& field,
                                                              const UnitRange& range);
  explicit Distribution(std::shared_ptr<const Parameters> parameters)
      : parameters_(std::move(parameters)) {}

  std::shared_ptr<const Parameters> parameters_;
};

// The distribution a field's options ask for, or nullopt for uniform (the default). A bad option
// value (not a number, out of its domain, an unknown distribution, a key of another distribution,
// a non-uniform unique field, a range the distribution puts no values in) is kSpecError at the
// field's location, naming the option.
Result<std::optional<Distribution>> MakeDistribution(const FieldSpec& field,
                                                     const UnitRange& range);

// The standard normal quantile of the uniform 64-bit draw u (as u / 2^64), in Q32.32: the table
// of data/normal_quantiles.txt interpolated linearly. Non-decreasing in u.
int64_t NormalQuantile(uint64_t u);

}  // namespace tdm::gen
