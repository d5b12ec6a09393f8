#include "gen/providers/clock_ulid.h"

#include "gen/permutation.h"
#include "gen/providers/provider_util.h"
#include "gen/rng.h"

namespace tdm::gen {
namespace {

constexpr char kCrockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr uint64_t kLowMask = (uint64_t{1} << 40) - 1;

// The `chars` base32 digits of `value`, most significant first (5 bits each).
void AppendBase32(uint64_t value, int chars, std::string& out) {
  for (int i = chars - 1; i >= 0; --i) out.push_back(kCrockford[(value >> (5 * i)) & 0x1F]);
}

Result<std::unique_ptr<ColumnGenerator>> MakeUlid(const ProviderArgs& args) {
  // Layout of the 80 "random" bits, as the ULID spec's monotonic mode has them: the high 40 bits
  // are a per-column random start plus the row (below 2^39 each, so the sum never carries out),
  // which makes values unique and increasing with the row; the low 40 bits are a keyed
  // permutation of the row, so neighbouring ids still differ in every character.
  auto millis =
      static_cast<uint64_t>(args.context.reference_time / 1000) & ((uint64_t{1} << 48) - 1);
  uint64_t key = args.key();
  uint64_t start = RowRng(key, ~uint64_t{0}).Next() & (kUlidDomain - 1);
  KeyedPermutation perm(uint64_t{1} << 40, CombineKeys(key, 0x756c6964));  // "ulid"
  return MakeGenerator([millis, start, perm](int64_t row, Column& out) {
    auto r = static_cast<uint64_t>(row) & (kUlidDomain - 1);
    std::string& a = out.arena();
    AppendBase32(millis, 10, a);
    AppendBase32(start + r, 8, a);
    AppendBase32(perm.Apply(r) & kLowMask, 8, a);
    out.CommitString();
  });
}

}  // namespace

Provider UlidProvider() {
  return {"ulid",
          "identifiers",
          "ULID: 26 Crockford base32 characters stamped with the reference time; unique per table "
          "and sorting in row order",
          "",
          {ColumnType::kString},
          [](const FieldSpec&) -> std::optional<uint64_t> { return kUlidDomain; },
          MakeUlid};
}

}  // namespace tdm::gen
