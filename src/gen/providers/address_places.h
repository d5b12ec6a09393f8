// US places and the place of each generated row, shared by the address providers (and phone).
//
// A place is one line of data/en_US/address_places.txt: a city with its state, the range of its
// ZIP codes, its approximate coordinates and an area code. Every address field of a table picks
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
  std::string_view state;       // full name, e.g. "North Carolina"
  std::string_view state_code;  // USPS two-letter code, e.g. "NC"
  std::string_view area_code;   // three digits
  uint32_t zip_first = 0;       // the city's ZIP codes lie in [zip_first, zip_last]
  uint32_t zip_last = 0;
  int32_t latitude_e2 = 0;  // hundredths of a degree
  int32_t longitude_e2 = 0;
};

// Every place of the data file, parsed once. A malformed line aborts with its line number: the
// file is compiled into the binary, so a bad line is a build defect, not a user error.
const std::vector<Place>& Places();

// The key of the table's address stream, shared by every address field of the table.
uint64_t AddressKey(const ProviderArgs& args);

// What one row's address draws from the stream; the same for every address column of the row.
struct RowPlace {
  const Place* place = nullptr;
  uint32_t zip = 0;          // one of the place's ZIP codes
  int32_t latitude_e6 = 0;   // millionths of a degree, within 0.04 of the place
  int32_t longitude_e6 = 0;  // millionths of a degree, within 0.04 of the place
};

// The place of `row` in the stream of `address_key`. Pure and allocation-free.
RowPlace PlaceForRow(uint64_t address_key, int64_t row);

// The area code of the row's place, so that a phone number of the row matches its address.
// The view lives for the whole program. In a per-row loop, compute AddressKey once and use the
// second form.
std::string_view AreaCodeForRow(const ProviderArgs& args, int64_t row);
std::string_view AreaCodeForRow(uint64_t address_key, int64_t row);

}  // namespace tdm::gen
