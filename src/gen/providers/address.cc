// Address providers: US street addresses, cities, states, ZIP codes, coordinates and countries.
//
// The place of a row (city, state, ZIP, coordinates) comes from the table's address stream (see
// address_places.h), and the street of a row from a second per-table stream, so every address
// column of a row agrees with the others and with full_address, in any order and any shard.
// Street names and suffixes are lists compiled for tdm under data/en_US/; countries are ISO 3166-1
// alpha-2 codes with names in data/address_countries.txt.
#include <iterator>
#include <string>
#include <vector>

#include "gen/provider_registry.h"
#include "gen/providers/address_places.h"
#include "gen/providers/provider_util.h"
#include "gen/rng.h"
#include "gen/word_lists.h"

namespace tdm::gen {
namespace {

using MakeResult = Result<std::unique_ptr<ColumnGenerator>>;

// ---- Streets --------------------------------------------------------------------------------

struct StreetLists {
  const std::vector<std::string_view>* names = &WordList("en_US/address_street_names.txt");
  const std::vector<std::string_view>* suffixes = &WordList("en_US/address_street_suffixes.txt");
};

struct Street {
  int64_t number;
  std::string_view name;
  std::string_view suffix;
};

uint64_t StreetKey(const ProviderArgs& args) { return args.KeyFor("\001street"); }
uint64_t SecondaryKey(const ProviderArgs& args) { return args.KeyFor("\001secondary"); }
uint64_t CountryKey(const ProviderArgs& args) { return args.KeyFor("\001country"); }

Street PickStreet(const StreetLists& lists, uint64_t key, int64_t row) {
  RowRng rng(key, static_cast<uint64_t>(row));
  // Mostly three- and four-digit numbers, as on real streets; never zero or a leading zero.
  static constexpr int64_t kLow[] = {1, 10, 100, 100, 1000, 1000, 10000};
  static constexpr int64_t kHigh[] = {9, 99, 999, 999, 9999, 9999, 99999};
  uint64_t digits = rng.Below(std::size(kLow));
  int64_t number = rng.Between(kLow[digits], kHigh[digits]);
  std::string_view name = (*lists.names)[rng.Below(lists.names->size())];
  std::string_view suffix = (*lists.suffixes)[rng.Below(lists.suffixes->size())];
  return {number, name, suffix};
}

void AppendStreetName(const Street& s, std::string& a) {
  a.append(s.name).push_back(' ');
  a.append(s.suffix);
}

void AppendStreetAddress(const Street& s, std::string& a) {
  AppendInt(s.number, a);
  a.push_back(' ');
  AppendStreetName(s, a);
}

// "Apt. 4B", "Apt. 312" or "Suite 210".
void AppendSecondary(uint64_t key, int64_t row, std::string& a) {
  RowRng rng(key, static_cast<uint64_t>(row));
  switch (rng.Below(3)) {
    case 0:
      a.append("Apt. ");
      AppendInt(rng.Between(1, 40), a);
      a.push_back(static_cast<char>('A' + rng.Below(8)));
      break;
    case 1:
      a.append("Apt. ");
      AppendInt(rng.Between(101, 999), a);
      break;
    default:
      a.append("Suite ");
      AppendInt(rng.Between(1, 99) * 10, a);
      break;
  }
}

void AppendZip(uint32_t zip, std::string& a) {
  char digits[5];
  for (int i = 4; i >= 0; --i, zip /= 10) digits[i] = static_cast<char>('0' + zip % 10);
  a.append(digits, 5);
}

MakeResult MakeBuildingNumber(const ProviderArgs& args) {
  StreetLists lists;
  uint64_t key = StreetKey(args);
  if (args.field.type == ColumnType::kInteger) {
    return MakeGenerator([lists, key](int64_t row, Column& out) {
      out.AppendInt(PickStreet(lists, key, row).number);
    });
  }
  return MakeGenerator([lists, key](int64_t row, Column& out) {
    AppendInt(PickStreet(lists, key, row).number, out.arena());
    out.CommitString();
  });
}

MakeResult MakeStreetName(const ProviderArgs& args) {
  StreetLists lists;
  uint64_t key = StreetKey(args);
  return MakeGenerator([lists, key](int64_t row, Column& out) {
    AppendStreetName(PickStreet(lists, key, row), out.arena());
    out.CommitString();
  });
}

MakeResult MakeStreetAddress(const ProviderArgs& args) {
  StreetLists lists;
  uint64_t key = StreetKey(args);
  return MakeGenerator([lists, key](int64_t row, Column& out) {
    AppendStreetAddress(PickStreet(lists, key, row), out.arena());
    out.CommitString();
  });
}

MakeResult MakeSecondaryAddress(const ProviderArgs& args) {
  uint64_t key = SecondaryKey(args);
  return MakeGenerator([key](int64_t row, Column& out) {
    AppendSecondary(key, row, out.arena());
    out.CommitString();
  });
}

// ---- Places ---------------------------------------------------------------------------------

enum class PlacePart { kCity, kState, kStateCode, kPostcode, kZipPlus4 };

MakeResult MakePlacePart(const ProviderArgs& args, PlacePart part) {
  uint64_t key = AddressKey(args);
  uint64_t own_key = args.key();
  return MakeGenerator([key, own_key, part](int64_t row, Column& out) {
    RowPlace p = PlaceForRow(key, row);
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
        AppendZip(p.zip, a);
        break;
      case PlacePart::kZipPlus4: {
        AppendZip(p.zip, a);
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
  uint64_t key = AddressKey(args);
  return MakeGenerator([key, latitude, decimals](int64_t row, Column& out) {
    RowPlace p = PlaceForRow(key, row);
    out.AppendDouble(RoundDegrees(latitude ? p.latitude_e6 : p.longitude_e6, decimals));
  });
}

MakeResult MakeFullAddress(const ProviderArgs& args) {
  StreetLists lists;
  uint64_t street_key = StreetKey(args);
  uint64_t place_key = AddressKey(args);
  // The secondary unit appears when the table has one, so the two columns agree.
  bool secondary = args.SiblingWithProvider("secondary_address") != nullptr;
  uint64_t secondary_key = SecondaryKey(args);
  return MakeGenerator([=](int64_t row, Column& out) {
    std::string& a = out.arena();
    AppendStreetAddress(PickStreet(lists, street_key, row), a);
    if (secondary) {
      a.push_back(' ');
      AppendSecondary(secondary_key, row, a);
    }
    RowPlace p = PlaceForRow(place_key, row);
    a.append(", ").append(p.place->city).append(", ").append(p.place->state_code);
    a.push_back(' ');
    AppendZip(p.zip, a);
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
    // Every place is in the United States, so a table's addresses name it.
    std::string_view value = code ? "US" : "United States";
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
  registry.Add(AddressProvider("street_address",
                               "building number and street, e.g. \"1427 Maple Avenue\"",
                               MakeStreetAddress));
  registry.Add(AddressProvider("building_number",
                               "the row's building number, e.g. 1427; matches street_address",
                               MakeBuildingNumber, {ColumnType::kString, ColumnType::kInteger}));
  registry.Add(AddressProvider("street_name",
                               "street name and suffix, e.g. \"Maple Avenue\"; matches "
                               "street_address",
                               MakeStreetName));
  registry.Add(AddressProvider("secondary_address", "unit, e.g. \"Apt. 4B\" or \"Suite 210\"",
                               MakeSecondaryAddress));
  registry.Add(AddressProvider(
      "city", "US city; the row's city, state, postcode and coordinates describe one place",
      [](const ProviderArgs& a) { return MakePlacePart(a, PlacePart::kCity); }));
  registry.Add(
      AddressProvider("state", "US state name (or District of Columbia) of the row's city",
                      [](const ProviderArgs& a) { return MakePlacePart(a, PlacePart::kState); }));
  registry.Add(AddressProvider(
      "state_code", "USPS two-letter code of the row's state, e.g. \"NC\"",
      [](const ProviderArgs& a) { return MakePlacePart(a, PlacePart::kStateCode); }));
  registry.Add(AddressProvider(
      "postcode", "5-digit ZIP code of the row's city, e.g. \"27601\"",
      [](const ProviderArgs& a) { return MakePlacePart(a, PlacePart::kPostcode); }));
  registry.Add(AddressProvider(
      "zip_plus4", "ZIP+4 code of the row's city, e.g. \"27601-4312\"",
      [](const ProviderArgs& a) { return MakePlacePart(a, PlacePart::kZipPlus4); }));
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
      "one-line US postal address, e.g. \"1427 Maple Avenue, Raleigh, NC 27601\"; includes the "
      "row's secondary_address when the table has one",
      MakeFullAddress));
  registry.Add(
      AddressProvider("country",
                      "\"United States\", the country of the addresses; random: true picks "
                      "any country (ISO 3166-1 names)",
                      [](const ProviderArgs& a) { return MakeCountry(a, false); },
                      {ColumnType::kString}, "random", {"random"}));
  registry.Add(
      AddressProvider("country_code",
                      "ISO 3166-1 alpha-2 code, \"US\"; random: true picks any, matching a "
                      "random country of the row",
                      [](const ProviderArgs& a) { return MakeCountry(a, true); },
                      {ColumnType::kString}, "random", {"random"}));
}

}  // namespace tdm::gen
