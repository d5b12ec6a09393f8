// The places of a locale and the place of each generated row, shared by the address providers
// (and phone).
//
// A place is one line of data/<locale>/address_places.txt: a city with its region (state,
// Bundesland, provincia, prefecture...), the range of its postcodes, its approximate coordinates
// and its telephone area code. Every address field of a table picks
// the row's place from one per-table stream (AddressKey), never from its own column key, so the
// city, state, postcode, coordinates and phone area of a row describe the same place whichever
// address columns a table has and whatever they are named.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "gen/provider_registry.h"

namespace tdm::gen {

struct Place {
  std::string_view city;
  std::string_view state;       // the region's name, e.g. "North Carolina", "Bayern"
  std::string_view state_code;  // its ISO 3166-2 code after the dash, e.g. "NC", "BY", "13"
  std::string_view area_code;   // dialled after the country code, without a trunk prefix
  // The digits a landline subscriber number of the area may start with ("378" for London's
  // 020); empty when any digit from 2 up is in use (see LocaleRules::landline_first_max).
  std::string_view area_first_digits;
  // The city's postcodes: digits in [zip_first, zip_last]; in the UK, the outward codes
  // zip_prefix + [zip_first, zip_last] (e.g. "LS" 1..29). A city whose codes are not one range
  // lists them instead (Toulouse: 31000, 31100, ... 31500), and zip_first/zip_last are unused.
  std::string_view zip_prefix;
  uint32_t zip_first = 0;
  uint32_t zip_last = 0;
  std::vector<uint32_t> zip_list;
  int32_t latitude_e2 = 0;  // hundredths of a degree
  int32_t longitude_e2 = 0;
};

// Every place of the locale's data file, parsed once. A malformed line aborts with its line
// number: the file is compiled into the binary, so a bad line is a build defect, not a user error.
const std::vector<Place>& Places(std::string_view locale = "en_US");

// The key of the table's address stream, shared by every address field of the table.
uint64_t AddressKey(const ProviderArgs& args);

// What one row's address draws from the stream; the same for every address column of the row.
struct RowPlace {
  const Place* place = nullptr;
  uint32_t zip = 0;          // one of the place's ZIP codes
  int32_t latitude_e6 = 0;   // millionths of a degree, within 0.04 of the place
  int32_t longitude_e6 = 0;  // millionths of a degree, within 0.04 of the place
  uint32_t inward = 0;       // UK places only: which inward code (sector and unit) of the district
};

// The place of `row` in the stream of `address_key`. Pure and allocation-free.
RowPlace PlaceForRow(const std::vector<Place>& places, uint64_t address_key, int64_t row);
inline RowPlace PlaceForRow(uint64_t address_key, int64_t row) {
  return PlaceForRow(Places(), address_key, row);
}

// The area code of the row's place, so that a phone number of the row matches its address.
// The view lives for the whole program. In a per-row loop, compute AddressKey once and use the
// second form.
std::string_view AreaCodeForRow(const ProviderArgs& args, int64_t row);
std::string_view AreaCodeForRow(const std::vector<Place>& places, uint64_t address_key,
                                int64_t row);

}  // namespace tdm::gen
