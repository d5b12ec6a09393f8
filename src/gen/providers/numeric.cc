// Numeric providers: integers, decimals, booleans and enumerations. Draws are integer-based (see
// rng.h); a decimal with d places is an integer count of 10^-d units, divided once, so its shortest
// decimal form is exact and identical everywhere. integer, age, year and float also take a
// non-uniform distribution from their options (gen/distribution.h); uniform stays the default.
#include <charconv>
#include <cmath>

#include "gen/distribution.h"
#include "gen/permutation.h"
#include "gen/provider_registry.h"
#include "gen/providers/provider_util.h"
#include "gen/rng.h"

namespace tdm::gen {
namespace {

double Pow10(int d) {
  double p = 1;
  for (int i = 0; i < d; ++i) p *= 10;
  return p;
}

struct IntBounds {
  int64_t lo;
  int64_t hi;
};

IntBounds IntegerBounds(const FieldSpec& f, int64_t default_lo, int64_t default_hi) {
  return {f.int_min.value_or(default_lo), f.int_max.value_or(default_hi)};
}

std::unique_ptr<ColumnGenerator> UniformInt(const ProviderArgs& args, IntBounds b) {
  uint64_t key = args.key();
  if (args.field.unique) {
    KeyedPermutation perm(static_cast<uint64_t>(b.hi - b.lo) + 1, key);
    return MakeGenerator([perm, lo = b.lo](int64_t row, Column& out) {
      out.AppendInt(lo + static_cast<int64_t>(perm.Apply(static_cast<uint64_t>(row))));
    });
  }
  return MakeGenerator([key, b](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    out.AppendInt(rng.Between(b.lo, b.hi));
  });
}

Result<std::unique_ptr<ColumnGenerator>> MakeInteger(const ProviderArgs& args, IntBounds b) {
  TDM_ASSIGN_OR_RETURN(std::optional<Distribution> distribution,
                       MakeDistribution(args.field, UnitRange{b.lo, b.hi, 1}));
  if (!distribution) return UniformInt(args, b);
  return MakeGenerator([key = args.key(), d = *distribution](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    out.AppendInt(d.Sample(rng));
  });
}

std::optional<uint64_t> IntDomain(IntBounds b) {
  if (b.hi < b.lo) return 0;
  return static_cast<uint64_t>(b.hi - b.lo) + 1;
}

constexpr IntBounds kIntegerDefault{0, 1000};
constexpr IntBounds kAgeDefault{18, 80};
constexpr IntBounds kYearDefault{1950, 2025};

struct DecimalUnits {
  int64_t lo;
  int64_t hi;
  double scale;
};

constexpr double kFloatDefaultMin = 0.0;
constexpr double kFloatDefaultMax = 1000.0;

DecimalUnits DecimalRange(const FieldSpec& f) {
  double scale = Pow10(f.decimals);
  double lo = f.float_min.value_or(kFloatDefaultMin);
  double hi = f.float_max.value_or(kFloatDefaultMax);
  return {static_cast<int64_t>(std::ceil(lo * scale - 1e-9)),
          static_cast<int64_t>(std::floor(hi * scale + 1e-9)), scale};
}

Result<std::unique_ptr<ColumnGenerator>> MakeFloat(const ProviderArgs& args) {
  DecimalUnits u = DecimalRange(args.field);
  uint64_t key = args.key();
  TDM_ASSIGN_OR_RETURN(std::optional<Distribution> distribution,
                       MakeDistribution(args.field, UnitRange{u.lo, u.hi, u.scale}));
  if (distribution) {
    return MakeGenerator([key, u, d = *distribution](int64_t row, Column& out) {
      RowRng rng(key, static_cast<uint64_t>(row));
      out.AppendDouble(static_cast<double>(d.Sample(rng)) / u.scale);
    });
  }
  if (args.field.unique) {
    KeyedPermutation perm(static_cast<uint64_t>(u.hi - u.lo) + 1, key);
    return MakeGenerator([perm, u](int64_t row, Column& out) {
      int64_t units = u.lo + static_cast<int64_t>(perm.Apply(static_cast<uint64_t>(row)));
      out.AppendDouble(static_cast<double>(units) / u.scale);
    });
  }
  return MakeGenerator([key, u](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    out.AppendDouble(static_cast<double>(rng.Between(u.lo, u.hi)) / u.scale);
  });
}

Result<std::unique_ptr<ColumnGenerator>> MakeBoolean(const ProviderArgs& args) {
  uint64_t key = args.key();
  auto ppm = static_cast<uint64_t>(std::llround(args.field.true_rate * 1e6));
  return MakeGenerator([key, ppm](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    out.AppendInt(rng.Chance(ppm, 1'000'000) ? 1 : 0);
  });
}

Result<std::unique_ptr<ColumnGenerator>> MakeEnum(const ProviderArgs& args) {
  const FieldSpec& f = args.field;
  if (f.values.empty()) {
    return Status(StatusCode::kSpecError, "field '" + f.name + "': enum needs a 'values' list",
                  f.where);
  }
  uint64_t key = args.key();
  std::vector<std::string> values = f.values;
  bool integer = f.type == ColumnType::kInteger;
  std::vector<int64_t> ints;
  if (integer) {
    for (const std::string& v : values) {
      int64_t n = 0;
      auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
      if (ec != std::errc() || end != v.data() + v.size() || v.empty()) {
        return Status(StatusCode::kSpecError,
                      "field '" + f.name + "': enum value '" + v + "' is not a whole number",
                      f.where);
      }
      ints.push_back(n);
    }
  }
  if (f.unique) {
    KeyedPermutation perm(values.size(), key);
    return MakeGenerator([perm, values, integer, ints](int64_t row, Column& out) {
      size_t pick = perm.Apply(static_cast<uint64_t>(row));
      if (integer) {
        out.AppendInt(ints[pick]);
      } else {
        out.AppendString(values[pick]);
      }
    });
  }
  // Weights become integer cumulative thresholds (parts per billion), so the choice is exact.
  std::vector<uint64_t> cumulative;
  if (!f.weights.empty()) {
    double total = 0;
    for (double w : f.weights) total += w;
    if (!(total > 0)) {
      return Status(StatusCode::kSpecError,
                    "field '" + f.name + "': enum weights must not all be zero", f.where);
    }
    uint64_t running = 0;
    for (double w : f.weights) {
      running += static_cast<uint64_t>(std::llround(w / total * 1e9));
      cumulative.push_back(running);
    }
  }
  return MakeGenerator([key, values, cumulative, integer, ints](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    size_t pick = 0;
    if (cumulative.empty()) {
      pick = rng.Below(values.size());
    } else {
      uint64_t x = rng.Below(cumulative.back());
      while (x >= cumulative[pick]) ++pick;
    }
    if (integer) {
      out.AppendInt(ints[pick]);
    } else {
      out.AppendString(values[pick]);
    }
  });
}

Provider IntegerProvider(std::string name, std::string description, IntBounds defaults) {
  return {
      std::move(name),
      "numeric",
      std::move(description),
      "min, max (or a constraint such as \"> 0 AND < 150\"), unique; " + DistributionParameters(),
      {ColumnType::kInteger},
      [defaults](const FieldSpec& f) {
        return IntDomain(IntegerBounds(f, defaults.lo, defaults.hi));
      },
      [defaults](const ProviderArgs& a) -> Result<std::unique_ptr<ColumnGenerator>> {
        return MakeInteger(a, IntegerBounds(a.field, defaults.lo, defaults.hi));
      },
      [defaults](const GenerationContext&) {
        return ValueRange{static_cast<double>(defaults.lo), static_cast<double>(defaults.hi)};
      },
      DistributionOptionKeys()};
}

}  // namespace

void RegisterNumericProviders(ProviderRegistry& registry) {
  registry.Add(IntegerProvider(
      "integer", "integer in [min, max] (default 0..1000), uniform unless a distribution is set",
      kIntegerDefault));
  registry.Add(
      IntegerProvider("age", "age in years, 18..80 unless bounded otherwise", kAgeDefault));
  registry.Add(
      IntegerProvider("year", "calendar year, 1950..2025 unless bounded otherwise", kYearDefault));
  registry.Add({"float",
                "numeric",
                "decimal in [min, max] with `decimals` places (default 0..1000, 2)",
                "min, max, decimals, unique; " + DistributionParameters(),
                {ColumnType::kFloat},
                [](const FieldSpec& f) -> std::optional<uint64_t> {
                  DecimalUnits u = DecimalRange(f);
                  return u.hi < u.lo ? 0 : static_cast<uint64_t>(u.hi - u.lo) + 1;
                },
                MakeFloat,
                [](const GenerationContext&) {
                  return ValueRange{kFloatDefaultMin, kFloatDefaultMax};
                },
                DistributionOptionKeys()});
  registry.Add({"boolean",
                "numeric",
                "true with probability `true_rate` (default 0.5)",
                "true_rate",
                {ColumnType::kBoolean},
                [](const FieldSpec&) -> std::optional<uint64_t> { return 2; },
                MakeBoolean});
  registry.Add({"enum",
                "numeric",
                "one of `values`, uniformly or by `weights`",
                "values, weights, unique",
                {ColumnType::kString, ColumnType::kInteger},
                [](const FieldSpec& f) -> std::optional<uint64_t> { return f.values.size(); },
                MakeEnum});
}

}  // namespace tdm::gen
