// The street, unit and postcode of a row, written the way the row's locale writes them.
//
// A row's street comes from a per-table stream (StreetKey), its unit from another (SecondaryKey),
// so street_address, building_number, street_name, secondary_address and full_address of a row
// agree whichever of them a table has.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gen/locale_rules.h"
#include "gen/provider_registry.h"
#include "gen/providers/address_places.h"

namespace tdm::gen {

struct StreetLists {
  const LocaleRules* rules;
  const std::vector<std::string_view>* names;
  const std::vector<std::string_view>* suffixes;  // en_US only ("Avenue"); empty elsewhere

  explicit StreetLists(std::string_view locale);
};

struct Street {
  int64_t number = 0;  // the building number; in Japan the chome
  std::string_view name;
  std::string_view suffix;
  int64_t block = 0;  // Japan only: ban and go
  int64_t lot = 0;
};

uint64_t StreetKey(const ProviderArgs& args);
uint64_t SecondaryKey(const ProviderArgs& args);

Street PickStreet(const StreetLists& lists, uint64_t key, int64_t row);

// "Maple Avenue", "Hauptstraße".
void AppendStreetName(const StreetLists& lists, const Street& s, std::string& a);
// "1427 Maple Avenue", "Hauptstraße 12", "Calle Mayor, 12", "本町1-2-3".
void AppendStreetAddress(const StreetLists& lists, const Street& s, std::string& a);
// "1427", "12", "1-2-3".
void AppendBuildingNumber(const StreetLists& lists, const Street& s, std::string& a);
// "Apt. 4B", "Wohnung 5", "3º B", "304号室".
void AppendSecondary(const LocaleRules& rules, uint64_t key, int64_t row, std::string& a);
// "27601", "01310-100", "100-0001", "LS6 2AB".
void AppendPostcode(const LocaleRules& rules, const RowPlace& p, std::string& a);

}  // namespace tdm::gen
