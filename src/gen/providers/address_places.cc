#include "gen/providers/address_places.h"

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>

#include "gen/rng.h"
#include "gen/word_lists.h"

namespace tdm::gen {
namespace {

constexpr int kFieldsPerLine = 8;
// The largest offset of a row's coordinates from its city, in millionths of a degree.
constexpr int32_t kJitterE6 = 40'000;

[[noreturn]] void BadLine(std::string_view file, size_t index, std::string_view line) {
  std::fprintf(stderr, "tdm: %.*s: malformed place #%zu: \"%.*s\"\n", static_cast<int>(file.size()),
               file.data(), index + 1, static_cast<int>(line.size()), line.data());
  std::abort();
}

bool ParseInt(std::string_view s, int64_t& out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size() && !s.empty();
}

// "-86.81" as hundredths of a degree, exactly (no floating point on the way).
bool ParseHundredths(std::string_view s, int32_t& out) {
  bool negative = !s.empty() && s.front() == '-';
  if (negative) s.remove_prefix(1);
  size_t dot = s.find('.');
  if (dot == std::string_view::npos || s.size() - dot != 3) return false;
  int64_t whole = 0, fraction = 0;
  if (!ParseInt(s.substr(0, dot), whole) || !ParseInt(s.substr(dot + 1), fraction)) return false;
  int64_t v = whole * 100 + fraction;
  out = static_cast<int32_t>(negative ? -v : v);
  return true;
}

// A postcode bound: optional capital letters (the UK's postcode area) and digits.
bool ParsePostcode(std::string_view s, std::string_view& prefix, int64_t& number) {
  size_t letters = 0;
  while (letters < s.size() && s[letters] >= 'A' && s[letters] <= 'Z') ++letters;
  prefix = s.substr(0, letters);
  return letters < s.size() && ParseInt(s.substr(letters), number);
}

Place ParsePlace(std::string_view file, size_t index, std::string_view line) {
  std::string_view parts[kFieldsPerLine];
  int n = 0;
  for (size_t start = 0; start <= line.size(); ++n) {
    size_t tab = line.find('\t', start);
    if (tab == std::string_view::npos) tab = line.size();
    if (n == kFieldsPerLine) BadLine(file, index, line);
    parts[n] = line.substr(start, tab - start);
    start = tab + 1;
  }
  int64_t zip_first = 0, zip_last = 0, area = 0;
  std::string_view last_prefix;
  // The area field is "20" or, where only some subscriber ranges are in use, "20/378".
  std::string_view area_field = parts[7];
  size_t slash = area_field.find('/');
  Place p;
  p.city = parts[0];
  p.state = parts[1];
  p.state_code = parts[2];
  p.area_code = area_field.substr(0, slash);
  if (slash != std::string_view::npos) {
    p.area_first_digits = area_field.substr(slash + 1);
    int64_t digits = 0;
    if (p.area_first_digits.empty() || !ParseInt(p.area_first_digits, digits)) {
      BadLine(file, index, line);
    }
  }
  bool postcodes = false;
  if (n == kFieldsPerLine && parts[3].find(',') != std::string_view::npos) {
    // A list of codes ("31000,31100,31200") with "-" in the second postcode column.
    postcodes = parts[4] == "-";
    for (std::string_view rest = parts[3]; postcodes && !rest.empty();) {
      size_t comma = rest.find(',');
      std::string_view code = rest.substr(0, comma);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      int64_t value = 0;
      std::string_view prefix;
      postcodes = ParsePostcode(code, prefix, value) && prefix.empty();
      p.zip_list.push_back(static_cast<uint32_t>(value));
    }
  } else if (n == kFieldsPerLine) {
    postcodes = ParsePostcode(parts[3], p.zip_prefix, zip_first) &&
                ParsePostcode(parts[4], last_prefix, zip_last) && last_prefix == p.zip_prefix &&
                zip_first <= zip_last;
  }
  bool ok = postcodes && !p.city.empty() && !p.state.empty() && !p.state_code.empty() &&
            p.state_code.size() <= 3 && ParseHundredths(parts[5], p.latitude_e2) &&
            ParseHundredths(parts[6], p.longitude_e2) && !p.area_code.empty() &&
            p.area_code.size() <= 5 && ParseInt(p.area_code, area);
  if (!ok) BadLine(file, index, line);
  p.zip_first = static_cast<uint32_t>(zip_first);
  p.zip_last = static_cast<uint32_t>(zip_last);
  return p;
}

std::vector<Place> LoadPlaces(std::string_view locale) {
  std::string file = std::string(locale) + "/address_places.txt";
  const std::vector<std::string_view>& lines = WordList(file);
  std::vector<Place> places;
  places.reserve(lines.size());
  for (size_t i = 0; i < lines.size(); ++i) places.push_back(ParsePlace(file, i, lines[i]));
  return places;
}

}  // namespace

const std::vector<Place>& Places(std::string_view locale) {
  static const std::vector<Place>& kUnitedStates = *new std::vector<Place>(LoadPlaces("en_US"));
  if (locale == "en_US") return kUnitedStates;  // the common case takes no lock
  static std::mutex mu;
  static std::map<std::string, std::vector<Place>, std::less<>> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache.find(locale);
  if (it == cache.end()) it = cache.emplace(std::string(locale), LoadPlaces(locale)).first;
  return it->second;
}

uint64_t AddressKey(const ProviderArgs& args) { return args.KeyFor("\001address"); }

RowPlace PlaceForRow(const std::vector<Place>& places, uint64_t address_key, int64_t row) {
  RowRng rng(address_key, static_cast<uint64_t>(row));
  RowPlace r;
  r.place = &places[rng.Below(places.size())];
  const std::vector<uint32_t>& list = r.place->zip_list;
  r.zip = list.empty() ? static_cast<uint32_t>(rng.Between(r.place->zip_first, r.place->zip_last))
                       : list[rng.Below(list.size())];
  r.latitude_e6 =
      r.place->latitude_e2 * 10'000 + static_cast<int32_t>(rng.Between(-kJitterE6, kJitterE6));
  r.longitude_e6 =
      r.place->longitude_e2 * 10'000 + static_cast<int32_t>(rng.Between(-kJitterE6, kJitterE6));
  if (!r.place->zip_prefix.empty()) r.inward = static_cast<uint32_t>(rng.Below(10 * 20 * 20));
  return r;
}

std::string_view AreaCodeForRow(const std::vector<Place>& places, uint64_t address_key,
                                int64_t row) {
  return PlaceForRow(places, address_key, row).place->area_code;
}

std::string_view AreaCodeForRow(const ProviderArgs& args, int64_t row) {
  return AreaCodeForRow(Places(args.field.locale), AddressKey(args), row);
}

}  // namespace tdm::gen
