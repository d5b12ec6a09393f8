// Identifier providers: ObjectId, uuid and sequence. All three are unique by construction: the
// value is a bijection of the row index, so no two rows of a table can collide.
#include <limits>

#include "gen/permutation.h"
#include "gen/provider_registry.h"
#include "gen/providers/provider_util.h"
#include "gen/rng.h"

namespace tdm::gen {
namespace {

constexpr uint64_t kUnbounded = std::numeric_limits<uint64_t>::max();

Result<std::unique_ptr<ColumnGenerator>> MakeObjectId(const ProviderArgs& args) {
  // MongoDB's layout: a 4-byte timestamp (the pinned reference time), a 5-byte value fixed per
  // table and column (a driver's per-process random), and a 3-byte counter (the row). A counter
  // overflow carries into the timestamp, so ids are unique and increase with the row like the
  // ids of one writer, which also keeps primary-key index builds cheap.
  auto seconds = static_cast<uint64_t>(args.context.reference_time / 1'000'000);
  uint64_t process = args.key() & 0xFFFFFFFFFFULL;
  return MakeGenerator([seconds, process](int64_t row, Column& out) {
    auto r = static_cast<uint64_t>(row);
    std::string& a = out.arena();
    AppendHex((seconds + (r >> 24)) & 0xFFFFFFFFULL, 8, a);
    AppendHex(process, 10, a);
    AppendHex(r & 0xFFFFFF, 6, a);
    out.CommitString();
  });
}

Result<std::unique_ptr<ColumnGenerator>> MakeUuid(const ProviderArgs& args) {
  // Version-4 layout: random high half with the version nibble, and a low half whose 62 free bits
  // are a keyed permutation of the row index (unique), behind the RFC 4122 variant bits.
  uint64_t key = args.key();
  KeyedPermutation perm(uint64_t{1} << 62, key);
  return MakeGenerator([key, perm](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    uint64_t hi = (rng.Next() & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;
    uint64_t lo = perm.Apply(static_cast<uint64_t>(row)) | 0x8000000000000000ULL;
    std::string& a = out.arena();
    AppendHex(hi >> 32, 8, a);
    a.push_back('-');
    AppendHex((hi >> 16) & 0xFFFF, 4, a);
    a.push_back('-');
    AppendHex(hi & 0xFFFF, 4, a);
    a.push_back('-');
    AppendHex(lo >> 48, 4, a);
    a.push_back('-');
    AppendHex(lo & 0xFFFFFFFFFFFFULL, 12, a);
    out.CommitString();
  });
}

Result<std::unique_ptr<ColumnGenerator>> MakeSequence(const ProviderArgs& args) {
  int64_t start = args.field.sequence_start;
  int64_t step = args.field.sequence_step;
  if (args.field.type == ColumnType::kString) {
    return MakeGenerator([start, step](int64_t row, Column& out) {
      AppendInt(start + row * step, out.arena());
      out.CommitString();
    });
  }
  return MakeGenerator(
      [start, step](int64_t row, Column& out) { out.AppendInt(start + row * step); });
}

}  // namespace

void RegisterIdentifierProviders(ProviderRegistry& registry) {
  registry.Add({"object_id",
                "identifiers",
                "MongoDB ObjectId: pinned timestamp, per-table value and row counter; unique "
                "and increasing with the row",
                "",
                {ColumnType::kObjectId, ColumnType::kString},
                [](const FieldSpec&) -> std::optional<uint64_t> { return kUnbounded; },
                MakeObjectId});
  registry.Add({"uuid",
                "identifiers",
                "RFC 4122 version-4 UUID, unique per table",
                "",
                {ColumnType::kUuid, ColumnType::kString},
                [](const FieldSpec&) -> std::optional<uint64_t> { return uint64_t{1} << 62; },
                MakeUuid});
  registry.Add({"sequence",
                "identifiers",
                "start + row * step (1, 2, 3, ... by default)",
                "start, step",
                {ColumnType::kInteger, ColumnType::kString},
                [](const FieldSpec& f) -> std::optional<uint64_t> {
                  return f.sequence_step == 0 ? 1 : kUnbounded;
                },
                MakeSequence});
}

}  // namespace tdm::gen
