#include "gen/providers/address_places.h"

#include <charconv>
#include <cstdio>
#include <cstdlib>

#include "gen/rng.h"
#include "gen/word_lists.h"

namespace tdm::gen {
namespace {

constexpr std::string_view kPlacesFile = "en_US/address_places.txt";
constexpr int kFieldsPerLine = 8;
// The largest offset of a row's coordinates from its city, in millionths of a degree.
constexpr int32_t kJitterE6 = 40'000;

[[noreturn]] void BadLine(size_t index, std::string_view line) {
  std::fprintf(stderr, "tdm: %.*s: malformed place #%zu: \"%.*s\"\n",
               static_cast<int>(kPlacesFile.size()), kPlacesFile.data(), index + 1,
               static_cast<int>(line.size()), line.data());
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

Place ParsePlace(size_t index, std::string_view line) {
  std::string_view parts[kFieldsPerLine];
  int n = 0;
  for (size_t start = 0; start <= line.size(); ++n) {
    size_t tab = line.find('\t', start);
    if (tab == std::string_view::npos) tab = line.size();
    if (n == kFieldsPerLine) BadLine(index, line);
    parts[n] = line.substr(start, tab - start);
    start = tab + 1;
  }
  int64_t zip_first = 0, zip_last = 0, area = 0;
  Place p{parts[0], parts[1], parts[2], parts[7]};
  bool ok = n == kFieldsPerLine && !p.city.empty() && !p.state.empty() &&
            p.state_code.size() == 2 && parts[3].size() == 5 && parts[4].size() == 5 &&
            ParseInt(parts[3], zip_first) && ParseInt(parts[4], zip_last) &&
            zip_first <= zip_last && ParseHundredths(parts[5], p.latitude_e2) &&
            ParseHundredths(parts[6], p.longitude_e2) && p.area_code.size() == 3 &&
            ParseInt(p.area_code, area);
  if (!ok) BadLine(index, line);
  p.zip_first = static_cast<uint32_t>(zip_first);
  p.zip_last = static_cast<uint32_t>(zip_last);
  return p;
}

}  // namespace

const std::vector<Place>& Places() {
  static const std::vector<Place> kPlaces = [] {
    const std::vector<std::string_view>& lines = WordList(kPlacesFile);
    std::vector<Place> places;
    places.reserve(lines.size());
    for (size_t i = 0; i < lines.size(); ++i) places.push_back(ParsePlace(i, lines[i]));
    return places;
  }();
  return kPlaces;
}

uint64_t AddressKey(const ProviderArgs& args) { return args.KeyFor("\001address"); }

RowPlace PlaceForRow(uint64_t address_key, int64_t row) {
  const std::vector<Place>& places = Places();
  RowRng rng(address_key, static_cast<uint64_t>(row));
  RowPlace r;
  r.place = &places[rng.Below(places.size())];
  r.zip = static_cast<uint32_t>(rng.Between(r.place->zip_first, r.place->zip_last));
  r.latitude_e6 =
      r.place->latitude_e2 * 10'000 + static_cast<int32_t>(rng.Between(-kJitterE6, kJitterE6));
  r.longitude_e6 =
      r.place->longitude_e2 * 10'000 + static_cast<int32_t>(rng.Between(-kJitterE6, kJitterE6));
  return r;
}

std::string_view AreaCodeForRow(uint64_t address_key, int64_t row) {
  return PlaceForRow(address_key, row).place->area_code;
}

std::string_view AreaCodeForRow(const ProviderArgs& args, int64_t row) {
  return AreaCodeForRow(AddressKey(args), row);
}

}  // namespace tdm::gen
