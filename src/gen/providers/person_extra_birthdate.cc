// birthdate: a date whose age at the reference date lies in [min_age, max_age], and which agrees
// with the table's `age` column when there is one.
//
// The age column (numeric.cc) is a uniform integer drawn from its own column key, or a keyed
// permutation of the row when unique. This file recomputes that value read-only and then draws a
// day inside the 365- or 366-day window of birthdates that have exactly that age.
#include <algorithm>
#include <charconv>

#include "core/time_format.h"
#include "gen/permutation.h"
#include "gen/providers/person_extra.h"
#include "gen/providers/provider_util.h"
#include "gen/rng.h"

namespace tdm::gen {
namespace {

constexpr int64_t kDefaultMinAge = 18;
constexpr int64_t kDefaultMaxAge = 80;
constexpr int64_t kOldestAge = 150;
// numeric.cc's defaults for the `age` provider; must stay in step with kAgeDefault there.
constexpr int64_t kAgeProviderMin = 18;
constexpr int64_t kAgeProviderMax = 80;

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeap(year) ? 29 : kDays[month - 1];
}

// The reference date's month and day in another year; Feb 29 becomes Feb 28 in common years.
int64_t SameDayIn(int64_t year, const CivilDate& ref) {
  return DaysFromCivil({year, ref.month, std::min(ref.day, DaysInMonth(year, ref.month))});
}

// The birthdates whose whole years of age at the reference date lie in [young, old].
struct DayRange {
  int64_t lo;
  int64_t hi;
};

DayRange BirthdatesForAges(const CivilDate& ref, int64_t young, int64_t old) {
  // Age `a` on the reference date: born after the same day `a + 1` years earlier and no later
  // than the same day `a` years earlier.
  return {SameDayIn(ref.year - old - 1, ref) + 1, SameDayIn(ref.year - young, ref)};
}

CivilDate ReferenceDate(const GenerationContext& ctx) {
  int64_t days = ctx.reference_time / kMicrosPerDay;
  if (ctx.reference_time % kMicrosPerDay < 0) --days;
  return CivilFromDays(days);
}

std::optional<int64_t> ParseAge(const std::string& text) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < 0 || v > kOldestAge) {
    return std::nullopt;
  }
  return v;
}

Status SpecError(const FieldSpec& f, const std::string& message) {
  return Status(StatusCode::kSpecError, message, f.where);
}

// The row's value of a sibling `age` column, exactly as numeric.cc's UniformInt draws it.
struct AgeColumn {
  uint64_t key;
  int64_t lo;
  int64_t hi;
  std::optional<KeyedPermutation> perm;

  int64_t At(int64_t row) const {
    if (perm) return lo + static_cast<int64_t>(perm->Apply(static_cast<uint64_t>(row)));
    return RowRng(key, static_cast<uint64_t>(row)).Between(lo, hi);
  }
};

Result<std::unique_ptr<ColumnGenerator>> MakeBirthdate(const ProviderArgs& args) {
  const FieldSpec& f = args.field;
  std::string min_text = f.Option("min_age", std::to_string(kDefaultMinAge));
  std::string max_text = f.Option("max_age", std::to_string(kDefaultMaxAge));
  std::optional<int64_t> min_age = ParseAge(min_text);
  std::optional<int64_t> max_age = ParseAge(max_text);
  if (!min_age) return SpecError(f, "options.min_age '" + min_text + "' is not a whole 0..150");
  if (!max_age) return SpecError(f, "options.max_age '" + max_text + "' is not a whole 0..150");
  if (*min_age > *max_age) {
    return SpecError(f, "options.min_age " + min_text + " is above options.max_age " + max_text);
  }
  CivilDate ref = ReferenceDate(args.context);
  uint64_t key = args.key();
  const FieldSpec* age = args.SiblingWithProvider("age");
  if (age == nullptr) {
    DayRange r = BirthdatesForAges(ref, *min_age, *max_age);
    if (f.int_min) r.lo = std::max(r.lo, *f.int_min);
    if (f.int_max) r.hi = std::min(r.hi, *f.int_max);
    if (r.lo > r.hi) {
      return SpecError(f, "min/max leave no birthdate with an age in " + min_text + ".." +
                              max_text + " at the reference date");
    }
    return MakeGenerator([key, r](int64_t row, Column& out) {
      out.AppendInt(RowRng(key, static_cast<uint64_t>(row)).Between(r.lo, r.hi));
    });
  }

  AgeColumn ages{args.KeyFor(age->name), age->int_min.value_or(kAgeProviderMin),
                 age->int_max.value_or(kAgeProviderMax), std::nullopt};
  bool explicit_ages = f.options.count("min_age") != 0 || f.options.count("max_age") != 0;
  if (ages.lo < 0 || ages.hi > kOldestAge ||
      (explicit_ages && (ages.lo < *min_age || ages.hi > *max_age))) {
    return SpecError(f, "follows age field '" + age->name + "', whose range " +
                            std::to_string(ages.lo) + ".." + std::to_string(ages.hi) +
                            " is not inside min_age..max_age " + min_text + ".." + max_text);
  }
  DayRange all = BirthdatesForAges(ref, ages.lo, ages.hi);
  if ((f.int_min && *f.int_min > all.lo) || (f.int_max && *f.int_max < all.hi)) {
    return SpecError(f, "min/max would cut off birthdates of the ages in field '" + age->name +
                            "'; widen them or narrow the age range");
  }
  if (age->unique) {
    ages.perm.emplace(static_cast<uint64_t>(ages.hi - ages.lo) + 1, ages.key);
  }
  return MakeGenerator([key, ages, ref](int64_t row, Column& out) {
    int64_t a = ages.At(row);
    DayRange r = BirthdatesForAges(ref, a, a);
    out.AppendInt(RowRng(key, static_cast<uint64_t>(row)).Between(r.lo, r.hi));
  });
}

}  // namespace

void RegisterBirthdateProvider(ProviderRegistry& registry) {
  registry.Add({"birthdate",
                "person",
                "date of birth aged min_age..max_age (default 18..80) at the reference date; "
                "agrees with the row's age field when the table has one",
                "min, max, options: min_age, max_age",
                {ColumnType::kDate},
                nullptr,
                MakeBirthdate,
                [](const GenerationContext& ctx) {
                  DayRange r =
                      BirthdatesForAges(ReferenceDate(ctx), kDefaultMinAge, kDefaultMaxAge);
                  return ValueRange{static_cast<double>(r.lo), static_cast<double>(r.hi)};
                },
                {"min_age", "max_age"}});
}

}  // namespace tdm::gen
