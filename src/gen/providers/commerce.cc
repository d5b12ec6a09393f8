// Commerce providers: barcodes (EAN-13, ISBN-13), stock-keeping units and shop prices.
#include <cmath>

#include "gen/permutation.h"
#include "gen/provider_registry.h"
#include "gen/providers/finance_check_digits.h"
#include "gen/providers/provider_util.h"
#include "gen/rng.h"

namespace tdm::gen {
namespace {

std::optional<uint64_t> NotUnique(const FieldSpec& /*field*/) { return std::nullopt; }

// GS1 prefixes of national organisations: 001-019 and 030-139 (US and Canada) and 300-969 (the rest
// of the world). In-store (020-029, 200-299), coupon (98x, 99x) and book (977-979) prefixes are
// avoided.
Result<std::unique_ptr<ColumnGenerator>> MakeEan13(const ProviderArgs& args) {
  uint64_t key = args.key();
  return MakeGenerator([key](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    uint64_t prefix = rng.Below(19 + 110 + 670);  // 001-019, 030-139, 300-969
    prefix = prefix < 19 ? 1 + prefix : prefix < 129 ? 30 + (prefix - 19) : 300 + (prefix - 129);
    std::string& a = out.arena();
    size_t start = a.size();
    AppendPadded(prefix, 3, a);
    AppendRandomDigits(rng, 9, a);
    a.push_back(GtinCheckDigit(std::string_view(a).substr(start)));
    out.CommitString();
  });
}

// Bookland EAN: 978 with any registration group, or 979 with the groups assigned under it
// (8: United States, 10: France, 11: Korea, 12: Italy).
Result<std::unique_ptr<ColumnGenerator>> MakeIsbn13(const ProviderArgs& args) {
  uint64_t key = args.key();
  return MakeGenerator([key](int64_t row, Column& out) {
    static constexpr std::string_view k979Groups[] = {"8", "10", "11", "12"};
    RowRng rng(key, static_cast<uint64_t>(row));
    std::string& a = out.arena();
    size_t start = a.size();
    if (rng.Chance(4, 5)) {
      a.append("978");
    } else {
      a.append("979").append(k979Groups[rng.Below(std::size(k979Groups))]);
    }
    AppendRandomDigits(rng, static_cast<int>(12 - (a.size() - start)), a);
    a.push_back(GtinCheckDigit(std::string_view(a).substr(start)));
    out.CommitString();
  });
}

// "ABC-12345": three letters and five digits, 26^3 * 10^5 codes, one per row through a keyed
// permutation, so SKUs are unique by construction.
constexpr uint64_t kSkuDigits = 100'000;
constexpr uint64_t kSkuDomain = 26 * 26 * 26 * kSkuDigits;

Result<std::unique_ptr<ColumnGenerator>> MakeSku(const ProviderArgs& args) {
  KeyedPermutation perm(kSkuDomain, args.key());
  return MakeGenerator([perm](int64_t row, Column& out) {
    uint64_t code = perm.Apply(static_cast<uint64_t>(row) % kSkuDomain);
    uint64_t letters = code / kSkuDigits;
    std::string& a = out.arena();
    a.push_back(static_cast<char>('A' + letters / 676));
    a.push_back(static_cast<char>('A' + letters / 26 % 26));
    a.push_back(static_cast<char>('A' + letters % 26));
    a.push_back('-');
    AppendPadded(code % kSkuDigits, 5, a);
    out.CommitString();
  });
}

constexpr double kPriceDefaultMin = 1.0;
constexpr double kPriceDefaultMax = 500.0;

struct CentRange {
  int64_t lo;
  int64_t hi;
};

CentRange PriceCents(const FieldSpec& f) {
  return {static_cast<int64_t>(std::ceil(f.float_min.value_or(kPriceDefaultMin) * 100 - 1e-9)),
          static_cast<int64_t>(std::floor(f.float_max.value_or(kPriceDefaultMax) * 100 + 1e-9))};
}

// Whole units with the given cents that lie in the range, as [first, last] unit counts.
bool UnitsEndingIn(CentRange r, int64_t cents, int64_t& first, int64_t& last) {
  auto floor_div = [](int64_t a, int64_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); };
  first = -floor_div(-(r.lo - cents), 100);  // ceil((lo - cents) / 100)
  last = floor_div(r.hi - cents, 100);
  return first <= last;
}

// Shop prices: 50% end in .99, 20% in .49, 15% in .00, the rest any cents; an ending that has no
// price inside the bounds falls back to any cents.
Result<std::unique_ptr<ColumnGenerator>> MakePrice(const ProviderArgs& args) {
  CentRange r = PriceCents(args.field);
  uint64_t key = args.key();
  return MakeGenerator([key, r](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    uint64_t style = rng.Below(100);
    int64_t ending = style < 50 ? 99 : style < 70 ? 49 : style < 85 ? 0 : -1;
    int64_t first = 0, last = 0;
    int64_t cents = 0;
    if (ending >= 0 && UnitsEndingIn(r, ending, first, last)) {
      cents = rng.Between(first, last) * 100 + ending;
    } else {
      cents = rng.Between(r.lo, r.hi);
    }
    out.AppendDouble(static_cast<double>(cents) / 100.0);
  });
}

}  // namespace

void RegisterCommerceProviders(ProviderRegistry& registry) {
  registry.Add({"ean13",
                "commerce",
                "EAN-13 barcode number with a GS1 country prefix and check digit",
                "",
                {ColumnType::kString},
                NotUnique,
                MakeEan13});
  registry.Add({"isbn13",
                "commerce",
                "ISBN-13 (978 or 979 prefix) with its check digit",
                "",
                {ColumnType::kString},
                NotUnique,
                MakeIsbn13});
  registry.Add({"sku",
                "commerce",
                "stock-keeping unit \"ABC-12345\", unique per table",
                "",
                {ColumnType::kString},
                [](const FieldSpec&) -> std::optional<uint64_t> { return kSkuDomain; },
                MakeSku});
  registry.Add({"price",
                "commerce",
                "shop price with 2 decimals in [min, max] (default 1..500), mostly ending in "
                ".99, .49 or .00",
                "min, max",
                {ColumnType::kFloat},
                NotUnique,
                MakePrice,
                [](const GenerationContext&) {
                  return ValueRange{kPriceDefaultMin, kPriceDefaultMax};
                }});
}

}  // namespace tdm::gen
