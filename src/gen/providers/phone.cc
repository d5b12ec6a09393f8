// Phone numbers of the field's locale, in E.164 ("+493012345678") or the country's national
// format ("030 12345678"), landline or mobile.
//
// A landline is the country code, a geographic area code from the locale's places and a
// subscriber number that starts with 2-9; a mobile is the country code, a mobile prefix from
// data/<locale>/phone_mobile_prefixes.txt and digits that start with 2-9. Every combination is
// valid per libphonenumber's metadata (tests check each locale with IsValidNumber). In a table
// with an address field, a landline's area is the row's city's. North American numbers keep their
// own plan (NXX exchanges) and bytes.
#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gen/locale_rules.h"
#include "gen/permutation.h"
#include "gen/provider_registry.h"
#include "gen/providers/address_places.h"
#include "gen/providers/provider_util.h"
#include "gen/rng.h"
#include "gen/word_lists.h"

namespace tdm::gen {
namespace {

using MakeResult = Result<std::unique_ptr<ColumnGenerator>>;

uint64_t Pow10(int d) {
  uint64_t p = 1;
  for (int i = 0; i < d; ++i) p *= 10;
  return p;
}

// A run of numbers: `prefix` then `digits` more, the first of them one of `first_digits`.
struct PhoneBlock {
  std::string_view prefix;
  int digits = 0;
  bool mobile = false;
  std::string_view first_digits = "23456789";
  uint64_t size() const { return first_digits.size() * Pow10(digits - 1); }
};

// The digits a landline subscriber number of the place may start with.
std::string_view FirstDigits(const LocaleRules& rules, const Place& place) {
  if (!place.area_first_digits.empty()) return place.area_first_digits;
  return std::string_view("23456789").substr(0, static_cast<size_t>(rules.landline_first_max - 1));
}

PhoneBlock LandlineBlock(const LocaleRules& rules, const Place& place) {
  return {place.area_code, rules.landline_digits - static_cast<int>(place.area_code.size()), false,
          FirstDigits(rules, place)};
}

// The numbers of one locale: one landline block per area code of its places, then one block per
// mobile prefix; the NANP keeps its area x exchange x line plan.
struct PhonePlan {
  const LocaleRules* rules = nullptr;
  // NANP
  const std::vector<std::string_view>* areas = nullptr;
  std::vector<uint16_t> exchanges;
  // Elsewhere
  std::vector<PhoneBlock> blocks;
  size_t landlines = 0;              // blocks[0, landlines) are landlines
  std::vector<uint64_t> cumulative;  // cumulative[i] = numbers in blocks[0, i]

  explicit PhonePlan(std::string_view locale) : rules(&RulesFor(locale)) {
    if (rules->phone == PhoneStyle::kNanp) {
      areas = &LocaleList(locale, "us_area_codes");
      for (uint16_t e = 200; e <= 999; ++e) {
        if (e % 100 != 11) exchanges.push_back(e);
      }
      return;
    }
    // One block per distinct area (places that share an area code share its numbers).
    std::vector<const Place*> by_area_code;
    for (const Place& p : Places(locale)) by_area_code.push_back(&p);
    auto area_less = [](const Place* a, const Place* b) {
      return std::pair(a->area_code, a->area_first_digits) <
             std::pair(b->area_code, b->area_first_digits);
    };
    auto same_area = [](const Place* a, const Place* b) {
      return a->area_code == b->area_code && a->area_first_digits == b->area_first_digits;
    };
    std::sort(by_area_code.begin(), by_area_code.end(), area_less);
    by_area_code.erase(std::unique(by_area_code.begin(), by_area_code.end(), same_area),
                       by_area_code.end());
    for (const Place* p : by_area_code) blocks.push_back(LandlineBlock(*rules, *p));
    landlines = blocks.size();
    for (std::string_view m : LocaleList(locale, "phone_mobile_prefixes")) {
      blocks.push_back({m, rules->mobile_digits - static_cast<int>(m.size()), true});
    }
    uint64_t total = 0;
    for (const PhoneBlock& b : blocks) cumulative.push_back(total += b.size());
  }

  bool nanp() const { return rules->phone == PhoneStyle::kNanp; }
  uint64_t size() const {
    return nanp() ? areas->size() * exchanges.size() * 10000 : cumulative.back();
  }
};

// A number as its national significant digits, with what formatting needs to know.
struct Number {
  std::array<char, 16> nsn{};
  size_t length = 0;
  size_t area = 0;  // digits of the area code or mobile prefix at the front
  bool mobile = false;

  std::string_view digits() const { return {nsn.data(), length}; }
  void Append(std::string_view s) {
    for (char c : s) nsn[length++] = c;
  }
};

// Appends `digits` digits, the first one of `first`, drawn from `index` < first.size() *
// 10^(digits-1).
void AppendSubscriber(uint64_t index, int digits, std::string_view first, Number& n) {
  uint64_t rest = Pow10(digits - 1);
  n.nsn[n.length++] = first[index / rest];
  index %= rest;
  for (int i = digits - 2; i >= 0; --i) {
    n.nsn[n.length + static_cast<size_t>(i)] = static_cast<char>('0' + index % 10);
    index /= 10;
  }
  n.length += static_cast<size_t>(digits - 1);
}

Number InBlock(const PhoneBlock& b, uint64_t index) {
  Number n;
  n.Append(b.prefix);
  n.area = b.prefix.size();
  n.mobile = b.mobile;
  AppendSubscriber(index, b.digits, b.first_digits, n);
  return n;
}

// Appends digits [from, from + count) of the number, clamped to its end.
void Digits(const Number& n, size_t from, size_t count, std::string& a) {
  if (from >= n.length) return;
  a.append(n.nsn.data() + from, std::min(count, n.length - from));
}

// Appends the rest of the number from `from` in groups of `sizes`, separated by `sep`.
void Groups(const Number& n, size_t from, std::initializer_list<size_t> sizes, char sep,
            std::string& a) {
  for (size_t size : sizes) {
    if (from >= n.length) return;
    a.push_back(sep);
    Digits(n, from, size, a);
    from += size;
  }
}

// The national format the country's own directories use.
void AppendNational(PhoneStyle style, const Number& n, std::string& a) {
  switch (style) {
    case PhoneStyle::kNanp:  // (415) 555-0123
      a.push_back('(');
      Digits(n, 0, 3, a);
      a.append(") ");
      Digits(n, 3, 3, a);
      a.push_back('-');
      Digits(n, 6, 4, a);
      return;
    case PhoneStyle::kUk:  // 020 7946 0123, 0121 234 5678, 01632 960123, 07400 123456
      a.push_back('0');
      if (n.mobile || n.area >= 4) {
        Digits(n, 0, 4, a);
        Groups(n, 4, {6}, ' ', a);
      } else if (n.area == 2) {
        Digits(n, 0, 2, a);
        Groups(n, 2, {4, 4}, ' ', a);
      } else {
        Digits(n, 0, 3, a);
        Groups(n, 3, {3, 4}, ' ', a);
      }
      return;
    case PhoneStyle::kGermany:  // 030 12345678, 0151 23456789
      a.push_back('0');
      Digits(n, 0, n.area, a);
      Groups(n, n.area, {16}, ' ', a);
      return;
    case PhoneStyle::kFrance:  // 01 42 34 56 78
      a.push_back('0');
      Digits(n, 0, 1, a);
      Groups(n, 1, {2, 2, 2, 2}, ' ', a);
      return;
    case PhoneStyle::kSpain:  // 912 34 56 78
      Digits(n, 0, 3, a);
      Groups(n, 3, {2, 2, 2}, ' ', a);
      return;
    case PhoneStyle::kItaly:  // 06 1234 5678, 011 234 5678, 347 123 4567
      if (n.mobile) {
        Digits(n, 0, 3, a);
        Groups(n, 3, {3, 4}, ' ', a);
      } else {
        Digits(n, 0, n.area, a);
        size_t rest = n.length - n.area;
        if (rest >= 8) {
          Groups(n, n.area, {4, 4}, ' ', a);
        } else {
          Groups(n, n.area, {rest - 4, 4}, ' ', a);
        }
      }
      return;
    case PhoneStyle::kBrazil:  // (11) 3333-4444, (11) 91234-5678
      a.push_back('(');
      Digits(n, 0, 2, a);
      a.append(") ");
      Digits(n, 2, n.length - 6, a);
      a.push_back('-');
      Digits(n, n.length - 4, 4, a);
      return;
    case PhoneStyle::kJapan: {  // 03-1234-5678, 052-123-4567, 090-1234-5678
      size_t area = n.mobile ? 2 : n.area;
      a.push_back('0');
      Digits(n, 0, area, a);
      a.push_back('-');
      Digits(n, area, n.length - area - 4, a);
      a.push_back('-');
      Digits(n, n.length - 4, 4, a);
      return;
    }
  }
}

enum class Kind { kAny, kLandline, kMobile };

// True when the table has a field whose value names the row's place (city, state, postcode,
// street, coordinates): a landline of such a row takes its area code from that place.
bool HasAddressSibling(const ProviderArgs& args) {
  for (const FieldSpec& f : args.siblings) {
    const Provider* p = Registry().Find(f.provider);
    if (p != nullptr && p->category == "address" && f.provider != "country" &&
        f.provider != "country_code" && !f.foreign_key) {
      return true;
    }
  }
  return false;
}

Status OptionError(const ProviderArgs& args, const std::string& key, const std::string& value,
                   const char* allowed) {
  return Status(StatusCode::kSpecError,
                "option '" + key + "' must be " + allowed + ", not '" + value + "'",
                args.field.where);
}

// Exchanges libphonenumber's metadata treats as unassigned inside an otherwise open area code:
// in 505 (New Mexico) the 64x exchanges (bar a few lines of 644). 505 is left out of
// us_area_codes.txt for that reason, and a row whose address is in a 505 city draws again.
bool NanpUnassigned(std::string_view area, uint16_t exchange) {
  return area == "505" && exchange / 10 == 64;
}

uint16_t ExchangeOf(const PhonePlan& plan, uint64_t index) {
  return plan.exchanges[(index / 10000) % plan.exchanges.size()];
}

// The NANP number of `row`: area x exchange x line, from a uniform draw or a permutation.
Number NanpNumber(const PhonePlan& plan, uint64_t index, std::optional<std::string_view> area) {
  uint64_t line = index % 10000;
  index /= 10000;
  uint16_t exchange = plan.exchanges[index % plan.exchanges.size()];
  Number n;
  n.Append(area ? *area : (*plan.areas)[index / plan.exchanges.size()]);
  n.area = 3;
  std::array<char, 7> rest = {
      static_cast<char>('0' + exchange / 100),  static_cast<char>('0' + exchange / 10 % 10),
      static_cast<char>('0' + exchange % 10),   static_cast<char>('0' + line / 1000),
      static_cast<char>('0' + line / 100 % 10), static_cast<char>('0' + line / 10 % 10),
      static_cast<char>('0' + line % 10)};
  n.Append(std::string_view(rest.data(), rest.size()));
  return n;
}

MakeResult MakePhone(const ProviderArgs& args) {
  std::string format = args.field.Option("format", "e164");
  if (format != "e164" && format != "national") {
    return OptionError(args, "format", format, "e164 or national");
  }
  std::string kind_name = args.field.Option("kind", "any");
  Kind kind = kind_name == "landline" ? Kind::kLandline
              : kind_name == "mobile" ? Kind::kMobile
                                      : Kind::kAny;
  if (kind == Kind::kAny && kind_name != "any") {
    return OptionError(args, "kind", kind_name, "any, landline or mobile");
  }
  auto plan = std::make_shared<const PhonePlan>(args.field.locale);
  bool national = format == "national";
  PhoneStyle style = plan->rules->phone;
  std::string_view calling_code = plan->rules->calling_code;
  uint64_t key = args.key();
  // A unique phone keeps a permutation over the whole plan (uniqueness first, so it neither
  // follows the address nor honours kind); otherwise a landline's area follows the row's address
  // when the table has one.
  std::optional<KeyedPermutation> perm;
  if (args.field.unique) perm.emplace(plan->size(), key);
  std::optional<uint64_t> address_key;
  if (!args.field.unique && kind != Kind::kMobile && HasAddressSibling(args)) {
    address_key = AddressKey(args);
  }
  const std::vector<Place>* places = &Places(args.field.locale);
  bool has_mobiles = plan->blocks.size() > plan->landlines;
  if (!plan->nanp() && kind == Kind::kMobile && !has_mobiles) {
    return Status(StatusCode::kSpecError,
                  "locale '" + args.field.locale + "' has no mobile number prefixes",
                  args.field.where);
  }
  return MakeGenerator([plan, key, perm, address_key, places, kind, has_mobiles, national, style,
                        calling_code](int64_t row, Column& out) {
    Number n;
    RowRng rng(key, static_cast<uint64_t>(row));
    if (plan->nanp()) {
      uint64_t index = perm ? perm->Apply(static_cast<uint64_t>(row)) : rng.Below(plan->size());
      std::optional<std::string_view> area;
      if (address_key) {
        area = AreaCodeForRow(*places, *address_key, row);
        while (NanpUnassigned(*area, ExchangeOf(*plan, index))) index = rng.Below(plan->size());
      }
      n = NanpNumber(*plan, index, area);
    } else if (perm) {
      uint64_t index = perm->Apply(static_cast<uint64_t>(row));
      size_t b = static_cast<size_t>(
          std::upper_bound(plan->cumulative.begin(), plan->cumulative.end(), index) -
          plan->cumulative.begin());
      uint64_t before = b == 0 ? 0 : plan->cumulative[b - 1];
      n = InBlock(plan->blocks[b], index - before);
    } else if (address_key) {
      PhoneBlock block =
          LandlineBlock(*plan->rules, *PlaceForRow(*places, *address_key, row).place);
      n = InBlock(block, rng.Below(block.size()));
    } else {
      bool mobile =
          kind == Kind::kMobile || (kind == Kind::kAny && has_mobiles && rng.Chance(1, 2));
      size_t first = mobile ? plan->landlines : 0;
      size_t count = mobile ? plan->blocks.size() - plan->landlines : plan->landlines;
      const PhoneBlock& block = plan->blocks[first + rng.Below(count)];
      n = InBlock(block, rng.Below(block.size()));
    }
    std::string& a = out.arena();
    if (national) {
      AppendNational(style, n, a);
    } else {
      a.push_back('+');
      a.append(calling_code).append(n.digits());
    }
    out.CommitString();
  });
}

}  // namespace

void RegisterPhoneProviders(ProviderRegistry& registry) {
  registry.Add(
      {"phone",
       "phone",
       "the locale's phone number, E.164 (+14155550123, +493012345678) or national "
       "(format: national: (415) 555-0123, 030 12345678); kind: landline or mobile; in a table "
       "with an address field a landline's area code is the row's city's (unless unique)",
       "unique, options format (e164|national) and kind (any|landline|mobile)",
       {ColumnType::kString},
       [](const FieldSpec& f) -> std::optional<uint64_t> { return PhonePlan(f.locale).size(); },
       MakePhone,
       nullptr,
       {"format", "kind"}});
}

}  // namespace tdm::gen
