// Finance providers: payment cards, bank identifiers (IBAN in finance_iban.cc, BIC), currencies
// and amounts. Card numbers use each brand's assigned IIN ranges and lengths with a Luhn digit;
// none is a real account, but every one passes the checks a payment form runs.
#include <algorithm>
#include <array>

#include "core/time_format.h"
#include "gen/providers/finance_check_digits.h"
#include "gen/providers/finance_iban.h"
#include "gen/providers/provider_util.h"
#include "gen/rng.h"
#include "gen/word_lists.h"

namespace tdm::gen {
namespace {

// An IIN range: card numbers starting with any of lo..hi, written with `digits` digits.
struct IinRange {
  int lo;
  int hi;
  int digits;
};

struct CardBrand {
  std::string_view name;
  int length;
  std::array<IinRange, 3> ranges;  // unused slots have digits == 0
};

constexpr std::array<CardBrand, 6> kCardBrands = {{
    {"visa", 16, {{{4, 4, 1}}}},
    {"mastercard", 16, {{{51, 55, 2}, {2221, 2720, 4}}}},
    {"amex", 15, {{{34, 34, 2}, {37, 37, 2}}}},
    {"discover", 16, {{{6011, 6011, 4}, {644, 649, 3}, {65, 65, 2}}}},
    {"jcb", 16, {{{3528, 3589, 4}}}},
    {"diners", 14, {{{300, 305, 3}, {36, 36, 2}}}},
}};

std::string CardBrandList() {
  std::string list;
  for (const CardBrand& b : kCardBrands) list += (list.empty() ? "" : ", ") + std::string(b.name);
  return list;
}

Status OptionError(const ProviderArgs& args, const std::string& option, const std::string& value,
                   const std::string& accepted) {
  return {StatusCode::kSpecError,
          args.field.provider + " " + option + " '" + value + "' is not supported; use one of " +
              accepted,
          args.field.where};
}

void AppendCardNumber(const CardBrand& brand, RowRng& rng, std::string& a) {
  size_t used = 0;
  while (used < brand.ranges.size() && brand.ranges[used].digits != 0) ++used;
  const IinRange& r = brand.ranges[rng.Below(used)];
  size_t start = a.size();
  AppendPadded(static_cast<uint64_t>(rng.Between(r.lo, r.hi)), r.digits, a);
  AppendRandomDigits(rng, brand.length - 1 - r.digits, a);
  a.push_back(LuhnCheckDigit(std::string_view(a).substr(start)));
}

Result<std::unique_ptr<ColumnGenerator>> MakeCardNumber(const ProviderArgs& args) {
  std::string option = args.field.Option("brand");
  const CardBrand* brand = nullptr;  // nullptr: any brand, drawn per row
  if (!option.empty()) {
    const auto* it = std::find_if(kCardBrands.begin(), kCardBrands.end(),
                                  [&](const CardBrand& b) { return b.name == option; });
    if (it == kCardBrands.end()) return OptionError(args, "brand", option, CardBrandList());
    brand = &*it;
  }
  uint64_t key = args.key();
  return MakeGenerator([key, brand](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    const CardBrand& b = brand != nullptr ? *brand : kCardBrands[rng.Below(kCardBrands.size())];
    AppendCardNumber(b, rng, out.arena());
    out.CommitString();
  });
}

// "MM/YY", 1 to 60 months after the reference month.
Result<std::unique_ptr<ColumnGenerator>> MakeCardExpiry(const ProviderArgs& args) {
  int64_t ref = args.context.reference_time;
  int64_t days = ref / kMicrosPerDay - (ref % kMicrosPerDay < 0 ? 1 : 0);
  CivilDate now = CivilFromDays(days);
  int64_t base = now.year * 12 + (now.month - 1);
  uint64_t key = args.key();
  return MakeGenerator([key, base](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    int64_t m = base + 1 + static_cast<int64_t>(rng.Below(60));
    std::string& a = out.arena();
    AppendPadded(static_cast<uint64_t>(m % 12 + 1), 2, a);
    a.push_back('/');
    AppendPadded(static_cast<uint64_t>(m / 12 % 100), 2, a);
    out.CommitString();
  });
}

Result<std::unique_ptr<ColumnGenerator>> MakeCvv(const ProviderArgs& args) {
  std::string option = args.field.Option("length", "3");
  if (option != "3" && option != "4") return OptionError(args, "length", option, "3, 4");
  int length = option[0] - '0';
  uint64_t key = args.key();
  return MakeGenerator([key, length](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    AppendRandomDigits(rng, length, out.arena());
    out.CommitString();
  });
}

// Bank (4 letters), country, location (2; the second never '0', which marks test BICs) and,
// for 11 characters, a branch: "XXX" (head office) or a code not starting with 'X'.
Result<std::unique_ptr<ColumnGenerator>> MakeBic(const ProviderArgs& args) {
  std::string country = args.field.Option("country");
  std::string_view fixed_country;
  if (!country.empty()) {
    const auto* it = std::find(kIbanCountries.begin(), kIbanCountries.end(), country);
    if (it == kIbanCountries.end()) {
      return OptionError(args, "country", country, IbanCountryList());
    }
    fixed_country = *it;
  }
  std::string length = args.field.Option("length");
  if (!length.empty() && length != "8" && length != "11") {
    return OptionError(args, "length", length, "8, 11");
  }
  int fixed_length = length.empty() ? 0 : std::stoi(length);
  uint64_t key = args.key();
  return MakeGenerator([key, fixed_country, fixed_length](int64_t row, Column& out) {
    static constexpr std::string_view kLocation = "ABCDEFGHIJKLMNPQRSTUVWXYZ23456789";
    static constexpr std::string_view kAlnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    RowRng rng(key, static_cast<uint64_t>(row));
    std::string& a = out.arena();
    AppendRandomLetters(rng, 4, a);
    a.append(fixed_country.empty() ? kIbanCountries[rng.Below(kIbanCountries.size())]
                                   : fixed_country);
    a.push_back(static_cast<char>('A' + rng.Below(26)));
    a.push_back(kLocation[rng.Below(kLocation.size())]);
    bool branch = fixed_length == 0 ? rng.Chance(1, 2) : fixed_length == 11;
    if (branch) {
      if (rng.Chance(1, 2)) {
        a.append("XXX");
      } else {
        a.push_back(static_cast<char>('A' + rng.Below(23)));  // A..W
        a.push_back(kAlnum[rng.Below(kAlnum.size())]);
        a.push_back(kAlnum[rng.Below(kAlnum.size())]);
      }
    }
    out.CommitString();
  });
}

Result<std::unique_ptr<ColumnGenerator>> MakeCurrencyCode(const ProviderArgs& args) {
  const auto& codes = WordList("en_US/finance_currencies.txt");
  uint64_t key = args.key();
  return MakeGenerator([key, &codes](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    out.AppendString(codes[rng.Below(codes.size())]);
  });
}

constexpr double kAmountDefaultMin = 1.0;
constexpr double kAmountDefaultMax = 1000.0;

// The field as the float provider should see it: the amount's default bounds where none is set.
FieldSpec AmountAsFloat(const FieldSpec& f) {
  FieldSpec copy = f;
  if (!copy.float_min) copy.float_min = kAmountDefaultMin;
  if (!copy.float_max) copy.float_max = kAmountDefaultMax;
  return copy;
}

// `amount` is the float provider with money defaults: same draws, bounds, decimals and
// uniqueness, so the two never drift apart.
Provider AmountProvider(const Provider& float_provider) {
  auto domain = float_provider.unique_domain;
  auto make = float_provider.make;
  return {"amount",
          "finance",
          "money amount in [min, max] with `decimals` places (default 1..1000, 2); options "
          "distribution (e.g. lognormal, median, sigma) as for float",
          float_provider.parameters,
          {ColumnType::kFloat},
          [domain](const FieldSpec& f) { return domain(AmountAsFloat(f)); },
          [make](const ProviderArgs& a) -> Result<std::unique_ptr<ColumnGenerator>> {
            FieldSpec f = AmountAsFloat(a.field);
            return make(ProviderArgs{f, a.context, a.table, a.siblings});
          },
          [](const GenerationContext&) {
            return ValueRange{kAmountDefaultMin, kAmountDefaultMax};
          },
          float_provider.options};
}

std::optional<uint64_t> NotUnique(const FieldSpec& /*field*/) { return std::nullopt; }

}  // namespace

void RegisterFinanceProviders(ProviderRegistry& registry) {
  registry.Add({"card_number",
                "finance",
                "payment card number with the brand's IIN prefix and length and a Luhn digit",
                "options: brand (" + CardBrandList() + "; default: any)",
                {ColumnType::kString},
                NotUnique,
                MakeCardNumber,
                nullptr,
                {"brand"}});
  registry.Add({"card_expiry",
                "finance",
                "card expiry \"MM/YY\", 1 to 60 months after the reference time",
                "",
                {ColumnType::kString},
                NotUnique,
                MakeCardExpiry});
  registry.Add({"cvv",
                "finance",
                "card security code of 3 (or 4, as Amex prints) digits",
                "options: length (3, 4; default 3)",
                {ColumnType::kString},
                NotUnique,
                MakeCvv,
                nullptr,
                {"length"}});
  registry.Add(IbanProvider());
  registry.Add({"bic",
                "finance",
                "SWIFT/BIC code of 8 or 11 characters",
                "options: country (" + IbanCountryList() + "; default: any), length (8, 11)",
                {ColumnType::kString},
                NotUnique,
                MakeBic,
                nullptr,
                {"country", "length"}});
  registry.Add({"currency_code",
                "finance",
                "ISO 4217 currency code in active use",
                "",
                {ColumnType::kString},
                NotUnique,
                MakeCurrencyCode});
  if (const Provider* float_provider = registry.Find("float")) {
    registry.Add(AmountProvider(*float_provider));
  }
}

}  // namespace tdm::gen
