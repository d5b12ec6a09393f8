// Address providers: streets, cities, regions, postcodes, coordinates and countries, written the
// way the field's locale writes them (see gen/locale_rules.h).
//
// The place of a row (city, region, postcode, coordinates) comes from the table's address stream
// (see address_places.h), and the street of a row from a second per-table stream (see
// address_street.h), so every address column of a row agrees with the others and with
// full_address, in any order and any shard. Places and street names are lists compiled for tdm
// under data/<locale>/; countries are ISO 3166-1 alpha-2 codes with names in
// data/address_countries.txt.
#include <iterator>
#include <string>
#include <vector>

#include "gen/locale_rules.h"
#include "gen/provider_registry.h"
#include "gen/providers/address_places.h"
#include "gen/providers/address_street.h"
#include "gen/providers/provider_util.h"
#include "gen/rng.h"
#include "gen/word_lists.h"

namespace tdm::gen {
namespace {

using MakeResult = Result<std::unique_ptr<ColumnGenerator>>;

uint64_t CountryKey(const ProviderArgs& args) { return args.KeyFor("\001country"); }

// A text column of the row's street: `Append` writes the part (number, name, whole address).
template <void (*Append)(const StreetLists&, const Street&, std::string&)>
MakeResult MakeStreetText(const ProviderArgs& args) {
  StreetLists lists(args.field.locale);
  uint64_t key = StreetKey(args);
  return MakeGenerator([lists, key](int64_t row, Column& out) {
    Append(lists, PickStreet(lists, key, row), out.arena());
    out.CommitString();
  });
}

MakeResult MakeBuildingNumber(const ProviderArgs& args) {
  if (args.field.type != ColumnType::kInteger) return MakeStreetText<AppendBuildingNumber>(args);
  StreetLists lists(args.field.locale);
  uint64_t key = StreetKey(args);
  return MakeGenerator([lists, key](int64_t row, Column& out) {
    out.AppendInt(PickStreet(lists, key, row).number);
  });
}

MakeResult MakeSecondaryAddress(const ProviderArgs& args) {
  const LocaleRules* rules = &RulesFor(args.field.locale);
  uint64_t key = SecondaryKey(args);
  return MakeGenerator([rules, key](int64_t row, Column& out) {
    AppendSecondary(*rules, key, row, out.arena());
    out.CommitString();
  });
}

// ---- Places ---------------------------------------------------------------------------------

enum class PlacePart { kCity, kState, kStateCode, kPostcode, kZipPlus4 };

MakeResult MakePlacePart(const ProviderArgs& args, PlacePart part) {
  const LocaleRules* rules = &RulesFor(args.field.locale);
  if (part == PlacePart::kZipPlus4 && rules->address != AddressStyle::kUs) {
    return Status(StatusCode::kSpecError,
                  "zip_plus4 is a US format; for locale '" + args.field.locale + "' use postcode",
                  args.field.where);
  }
  const std::vector<Place>* places = &Places(args.field.locale);
  uint64_t key = AddressKey(args);
  uint64_t own_key = args.key();
  return MakeGenerator([rules, places, key, own_key, part](int64_t row, Column& out) {
    RowPlace p = PlaceForRow(*places, key, row);
    std::string& a = out.arena();
    switch (part) {
      case PlacePart::kCity:
        a.append(p.place->city);
        break;
      case PlacePart::kState:
        a.append(p.place->state);
        break;
      case PlacePart::kStateCode:
        a.append(p.place->state_code);
        break;
      case PlacePart::kPostcode:
        AppendPostcode(*rules, p, a);
        break;
      case PlacePart::kZipPlus4: {
        AppendPostcode(*rules, p, a);
        a.push_back('-');
        auto plus4 =
            static_cast<uint32_t>(RowRng(own_key, static_cast<uint64_t>(row)).Between(1, 9999));
        char digits[4];
        for (int i = 3; i >= 0; --i, plus4 /= 10) digits[i] = static_cast<char>('0' + plus4 % 10);
        a.append(digits, 4);
        break;
      }
    }
    out.CommitString();
  });
}

int64_t Pow10(int d) {
  int64_t p = 1;
  for (int i = 0; i < d; ++i) p *= 10;
  return p;
}

// Millionths of a degree rounded to `decimals` places, half away from zero.
double RoundDegrees(int32_t e6, int decimals) {
  if (decimals >= 6) return static_cast<double>(e6) / 1e6;
  int64_t div = Pow10(6 - decimals);
  int64_t v = e6;
  int64_t units = v >= 0 ? (v + div / 2) / div : -((-v + div / 2) / div);
  return static_cast<double>(units) / static_cast<double>(Pow10(decimals));
}

MakeResult MakeCoordinate(const ProviderArgs& args, bool latitude) {
  int decimals = args.field.decimals;
  if (decimals < 2) {
    // Coarser rounding would move a point farther from its city than the 0.05 degrees promised.
    return Status(StatusCode::kSpecError,
                  std::string(latitude ? "latitude" : "longitude") +
                      " needs 'decimals' of 2 or more, not " + std::to_string(decimals),
                  args.field.where);
  }
  const std::vector<Place>* places = &Places(args.field.locale);
  uint64_t key = AddressKey(args);
  return MakeGenerator([places, key, latitude, decimals](int64_t row, Column& out) {
    RowPlace p = PlaceForRow(*places, key, row);
    out.AppendDouble(RoundDegrees(latitude ? p.latitude_e6 : p.longitude_e6, decimals));
  });
}

// The row's address on one line, in the order and punctuation of the locale's postal addresses.
void AppendFullAddress(const StreetLists& lists, const Street& street, const RowPlace& p,
                       std::string_view unit, std::string& a) {
  const LocaleRules& rules = *lists.rules;
  auto street_and_unit = [&](std::string_view between) {
    AppendStreetAddress(lists, street, a);
    if (!unit.empty()) a.append(between).append(unit);
  };
  switch (rules.address) {
    case AddressStyle::kUs:
      street_and_unit(" ");
      a.append(", ").append(p.place->city).append(", ").append(p.place->state_code);
      a.push_back(' ');
      AppendPostcode(rules, p, a);
      return;
    case AddressStyle::kUk:
      if (!unit.empty()) a.append(unit).append(", ");
      AppendStreetAddress(lists, street, a);
      a.append(", ").append(p.place->city).append(", ");
      AppendPostcode(rules, p, a);
      return;
    case AddressStyle::kEurope:
      street_and_unit(", ");
      a.append(", ");
      AppendPostcode(rules, p, a);
      a.append(" ").append(p.place->city);
      return;
    case AddressStyle::kItaly:
      street_and_unit(", ");
      a.append(", ");
      AppendPostcode(rules, p, a);
      a.append(" ").append(p.place->city).append(" ").append(p.place->state_code);
      return;
    case AddressStyle::kBrazil:
      street_and_unit(", ");
      a.append(", ").append(p.place->city).append(" - ").append(p.place->state_code);
      a.append(", ");
      AppendPostcode(rules, p, a);
      return;
    case AddressStyle::kJapan:
      a.append("〒");
      AppendPostcode(rules, p, a);
      a.append(" ").append(p.place->state).append(p.place->city);
      street_and_unit(" ");
      return;
  }
}

MakeResult MakeFullAddress(const ProviderArgs& args) {
  StreetLists lists(args.field.locale);
  const std::vector<Place>* places = &Places(args.field.locale);
  uint64_t street_key = StreetKey(args);
  uint64_t place_key = AddressKey(args);
  // The unit appears when the table has a secondary_address, and not in the rows where that
  // column is NULL, so the two columns agree.
  const FieldSpec* secondary = args.SiblingWithProvider("secondary_address");
  uint64_t secondary_key = SecondaryKey(args);
  uint64_t secondary_null_key = secondary != nullptr ? args.KeyFor(secondary->name) : 0;
  uint64_t secondary_null_ppm = secondary != nullptr ? NullPpm(*secondary) : 0;
  bool has_secondary = secondary != nullptr;
  return MakeGenerator([=](int64_t row, Column& out) {
    std::string unit;  // a few bytes: the small-string buffer holds it, no allocation
    if (has_secondary && !RowIsNull(secondary_null_key, secondary_null_ppm, row)) {
      AppendSecondary(*lists.rules, secondary_key, row, unit);
    }
    AppendFullAddress(lists, PickStreet(lists, street_key, row),
                      PlaceForRow(*places, place_key, row), unit, out.arena());
    out.CommitString();
  });
}

// ---- Countries ------------------------------------------------------------------------------

struct Country {
  std::string_view code;
  std::string_view name;
};

const std::vector<Country>& Countries() {
  static const std::vector<Country> kCountries = [] {
    std::vector<Country> out;
    for (std::string_view line : WordList("address_countries.txt")) {
      size_t tab = line.find('\t');
      out.push_back(
          {line.substr(0, tab), tab == std::string_view::npos ? line : line.substr(tab + 1)});
    }
    return out;
  }();
  return kCountries;
}

MakeResult MakeCountry(const ProviderArgs& args, bool code) {
  std::string random = args.field.Option("random", "false");
  if (random != "true" && random != "false") {
    return Status(StatusCode::kSpecError,
                  "option 'random' must be true or false, not '" + random + "'", args.field.where);
  }
  const std::vector<Country>& countries = Countries();
  if (random == "false") {
    // Every place of a locale is in its country, so a table's addresses name it.
    const LocaleRules& rules = RulesFor(args.field.locale);
    std::string_view value = code ? rules.country_code : rules.country_name;
    return MakeGenerator([value](int64_t /*row*/, Column& out) { out.AppendString(value); });
  }
  // One per-table stream, so a row's random country and country_code name the same country.
  uint64_t key = CountryKey(args);
  return MakeGenerator([&countries, key, code](int64_t row, Column& out) {
    const Country& c = countries[RowRng(key, static_cast<uint64_t>(row)).Below(countries.size())];
    out.AppendString(code ? c.code : c.name);
  });
}

Provider AddressProvider(std::string name, std::string description,
                         std::function<MakeResult(const ProviderArgs&)> make,
                         std::vector<ColumnType> types = {ColumnType::kString},
                         std::string parameters = "", std::vector<std::string> options = {}) {
  return {std::move(name),       "address",        std::move(description),
          std::move(parameters), std::move(types), nullptr,
          std::move(make),       nullptr,          std::move(options)};
}

}  // namespace

void RegisterAddressProviders(ProviderRegistry& registry) {
  registry.Add(AddressProvider(
      "street_address",
      "building number and street as the locale writes them, e.g. \"1427 Maple Avenue\", "
      "\"Hauptstraße 12\", \"本町1-2-3\"",
      MakeStreetText<AppendStreetAddress>));
  registry.Add(AddressProvider(
      "building_number",
      "the row's building number, e.g. 1427 (\"1-2-3\" in Japan); matches street_address",
      MakeBuildingNumber, {ColumnType::kString, ColumnType::kInteger}));
  registry.Add(AddressProvider("street_name",
                               "street name, e.g. \"Maple Avenue\", \"rue de la Paix\"; matches "
                               "street_address",
                               MakeStreetText<AppendStreetName>));
  registry.Add(AddressProvider("secondary_address",
                               "unit, e.g. \"Apt. 4B\", \"Flat 3\", \"Wohnung 5\", \"304号室\"",
                               MakeSecondaryAddress));
  registry.Add(AddressProvider(
      "city",
      "city of the locale's country; the row's city, state, postcode, coordinates and phone "
      "area describe one place",
      [](const ProviderArgs& a) { return MakePlacePart(a, PlacePart::kCity); }));
  registry.Add(AddressProvider(
      "state",
      "region of the row's city: US state, UK nation, Bundesland, région, provincia, "
      "estado or prefecture",
      [](const ProviderArgs& a) { return MakePlacePart(a, PlacePart::kState); }));
  registry.Add(AddressProvider(
      "state_code",
      "ISO 3166-2 code of the row's region after the dash, e.g. \"NC\", \"BY\", \"13\"",
      [](const ProviderArgs& a) { return MakePlacePart(a, PlacePart::kStateCode); }));
  registry.Add(AddressProvider(
      "postcode",
      "postcode of the row's city in the country's format, e.g. \"27601\", \"LS6 2AB\", "
      "\"01310-100\", \"100-0001\"",
      [](const ProviderArgs& a) { return MakePlacePart(a, PlacePart::kPostcode); }));
  Provider zip_plus4 =
      AddressProvider("zip_plus4", "ZIP+4 code of the row's city, e.g. \"27601-4312\" (en_US only)",
                      [](const ProviderArgs& a) { return MakePlacePart(a, PlacePart::kZipPlus4); });
  zip_plus4.locales = {"en_US"};
  registry.Add(std::move(zip_plus4));
  registry.Add(AddressProvider(
      "latitude", "degrees, within 0.05 of the row's city",
      [](const ProviderArgs& a) { return MakeCoordinate(a, true); }, {ColumnType::kFloat},
      "decimals"));
  registry.Add(AddressProvider(
      "longitude", "degrees, within 0.05 of the row's city",
      [](const ProviderArgs& a) { return MakeCoordinate(a, false); }, {ColumnType::kFloat},
      "decimals"));
  registry.Add(AddressProvider(
      "full_address",
      "one-line postal address in the locale's order, e.g. \"1427 Maple Avenue, Raleigh, NC "
      "27601\", \"Hauptstraße 12, 10115 Berlin\"; includes the row's secondary_address when "
      "the table has one and it is not NULL",
      MakeFullAddress));
  registry.Add(
      AddressProvider("country",
                      "the locale's country (\"United States\", \"Germany\"), where its addresses "
                      "are; random: true picks any country (ISO 3166-1 names)",
                      [](const ProviderArgs& a) { return MakeCountry(a, false); },
                      {ColumnType::kString}, "random", {"random"}));
  registry.Add(
      AddressProvider("country_code",
                      "ISO 3166-1 alpha-2 code of the locale's country, \"US\"; random: true "
                      "picks any, matching a random country of the row",
                      [](const ProviderArgs& a) { return MakeCountry(a, true); },
                      {ColumnType::kString}, "random", {"random"}));
}

}  // namespace tdm::gen
