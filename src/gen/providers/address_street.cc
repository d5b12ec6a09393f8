#include "gen/providers/address_street.h"

#include <iterator>

#include "gen/providers/provider_util.h"
#include "gen/rng.h"
#include "gen/word_lists.h"

namespace tdm::gen {
namespace {

const std::vector<std::string_view>& NoSuffixes() {
  static const std::vector<std::string_view> kNone;
  return kNone;
}

// Writes `value` zero-padded to `width` (<= 20) digits into `digits`.
void FormatPadded(uint64_t value, int width, char* digits) {
  for (int i = width - 1; i >= 0; --i, value /= 10) digits[i] = static_cast<char>('0' + value % 10);
}

}  // namespace

StreetLists::StreetLists(std::string_view locale)
    : rules(&RulesFor(locale)),
      names(&LocaleList(locale, "address_street_names")),
      suffixes(rules->street == StreetStyle::kUs ? &LocaleList(locale, "address_street_suffixes")
                                                 : &NoSuffixes()) {}

uint64_t StreetKey(const ProviderArgs& args) { return args.KeyFor("\001street"); }
uint64_t SecondaryKey(const ProviderArgs& args) { return args.KeyFor("\001secondary"); }

Street PickStreet(const StreetLists& lists, uint64_t key, int64_t row) {
  RowRng rng(key, static_cast<uint64_t>(row));
  Street s;
  if (lists.rules->street == StreetStyle::kUs) {
    // Mostly three- and four-digit numbers, as on US streets; never zero or a leading zero.
    static constexpr int64_t kLow[] = {1, 10, 100, 100, 1000, 1000, 10000};
    static constexpr int64_t kHigh[] = {9, 99, 999, 999, 9999, 9999, 99999};
    uint64_t digits = rng.Below(std::size(kLow));
    s.number = rng.Between(kLow[digits], kHigh[digits]);
    s.name = (*lists.names)[rng.Below(lists.names->size())];
    s.suffix = (*lists.suffixes)[rng.Below(lists.suffixes->size())];
    return s;
  }
  s.name = (*lists.names)[rng.Below(lists.names->size())];
  if (lists.rules->street == StreetStyle::kJapanese) {
    s.number = rng.Between(1, 9);  // chome
    s.block = rng.Between(1, 30);  // ban
    s.lot = rng.Between(1, 20);    // go
    return s;
  }
  // European and Brazilian streets are numbered from 1 along the street: mostly small numbers.
  static constexpr int64_t kLow[] = {1, 1, 1, 10, 100};
  static constexpr int64_t kHigh[] = {9, 20, 60, 99, 250};
  uint64_t band = rng.Below(std::size(kLow));
  s.number = rng.Between(kLow[band], kHigh[band]);
  return s;
}

void AppendStreetName(const StreetLists& lists, const Street& s, std::string& a) {
  a.append(s.name);
  if (lists.rules->street == StreetStyle::kUs) a.append(" ").append(s.suffix);
}

void AppendBuildingNumber(const StreetLists& lists, const Street& s, std::string& a) {
  AppendInt(s.number, a);
  if (lists.rules->street == StreetStyle::kJapanese) {
    a.push_back('-');
    AppendInt(s.block, a);
    a.push_back('-');
    AppendInt(s.lot, a);
  }
}

void AppendStreetAddress(const StreetLists& lists, const Street& s, std::string& a) {
  switch (lists.rules->street) {
    case StreetStyle::kUs:
    case StreetStyle::kNumberFirst:
      AppendBuildingNumber(lists, s, a);
      a.push_back(' ');
      AppendStreetName(lists, s, a);
      break;
    case StreetStyle::kNumberLast:
      AppendStreetName(lists, s, a);
      a.push_back(' ');
      AppendBuildingNumber(lists, s, a);
      break;
    case StreetStyle::kNumberAfterComma:
      AppendStreetName(lists, s, a);
      a.append(", ");
      AppendBuildingNumber(lists, s, a);
      break;
    case StreetStyle::kJapanese:
      AppendStreetName(lists, s, a);
      AppendBuildingNumber(lists, s, a);
      break;
  }
}

void AppendSecondary(const LocaleRules& rules, uint64_t key, int64_t row, std::string& a) {
  RowRng rng(key, static_cast<uint64_t>(row));
  if (rules.street == StreetStyle::kUs) {
    // "Apt. 4B", "Apt. 312" or "Suite 210" (the draws predate the locale table; kept as is).
    switch (rng.Below(3)) {
      case 0:
        a.append("Apt. ");
        AppendInt(rng.Between(1, 40), a);
        a.push_back(static_cast<char>('A' + rng.Below(8)));
        return;
      case 1:
        a.append("Apt. ");
        AppendInt(rng.Between(101, 999), a);
        return;
      default:
        a.append("Suite ");
        AppendInt(rng.Between(1, 99) * 10, a);
        return;
    }
  }
  std::string_view format = rules.unit_formats[rng.Below(rules.unit_formats.size())];
  for (char c : format) {
    switch (c) {
      case '#':
        AppendInt(rng.Between(1, 40), a);
        break;
      case '%':  // a room number: floor 1..12, room 01..08
        AppendInt(rng.Between(1, 12) * 100 + rng.Between(1, 8), a);
        break;
      case '@':
        a.push_back(static_cast<char>('A' + rng.Below(8)));
        break;
      default:
        a.push_back(c);
    }
  }
}

void AppendPostcode(const LocaleRules& rules, const RowPlace& p, std::string& a) {
  if (rules.postcode_digits == 0) {
    // A UK postcode: the outward code (area letters and district), a space, and the inward
    // code: a sector digit and two unit letters from the 20 letters the Royal Mail uses there.
    static constexpr std::string_view kUnitLetters = "ABDEFGHJLNPQRSTUWXYZ";
    a.append(p.place->zip_prefix);
    AppendInt(p.zip, a);
    a.push_back(' ');
    uint32_t inward = p.inward;
    a.push_back(static_cast<char>('0' + inward % 10));
    inward /= 10;
    a.push_back(kUnitLetters[inward % kUnitLetters.size()]);
    inward /= kUnitLetters.size();
    a.push_back(kUnitLetters[inward % kUnitLetters.size()]);
    return;
  }
  char digits[20];
  FormatPadded(p.zip, rules.postcode_digits, digits);
  size_t next = 0;
  for (char c : rules.postcode_mask) a.push_back(c == '#' ? digits[next++] : c);
}

}  // namespace tdm::gen
