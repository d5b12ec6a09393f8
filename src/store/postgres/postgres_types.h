// How tdm's logical column types are stored in PostgreSQL, and the pieces of SQL and of COPY's
// binary format the backend builds by hand: quoted identifiers and literals, big-endian integers,
// the 2000-01-01 epoch, UUIDs as 16 bytes.
//
//   tdm type    PostgreSQL column      COPY binary field
//   string      text                   UTF-8 bytes
//   integer     bigint                 int64, big-endian
//   float       double precision       IEEE-754 bits, big-endian
//   boolean     boolean                one byte, 0 or 1
//   date        date                   int32 days since 2000-01-01
//   datetime    timestamptz            int64 microseconds since 2000-01-01T00:00:00Z
//   objectid    char(24)               the 24 characters
//   uuid        uuid                   16 bytes
//
// Reading maps any PostgreSQL type back to the closest logical type, so tables tdm did not write
// can be described and read too: int2/int4/int8 (and serials) -> integer; numeric, real and double
// precision -> float; timestamp and timestamptz -> datetime; char(24) -> objectid; varchar, text
// and everything else -> string (read as its text form).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/table_schema.h"

namespace tdm::store::pg {

// PostgreSQL identifiers are at most NAMEDATALEN - 1 bytes; longer ones would be truncated.
constexpr size_t kMaxIdentifierBytes = 63;

// Days and microseconds between 1970-01-01 (tdm's epoch) and 2000-01-01 (PostgreSQL's).
constexpr int64_t kEpochOffsetDays = 10'957;
constexpr int64_t kEpochOffsetMicros = kEpochOffsetDays * 86'400LL * 1'000'000LL;

// The column type CREATE TABLE declares for a logical type.
std::string_view PgTypeName(ColumnType type);

// The logical type of a column whose (base) type is `type_name` (pg_type.typname) with modifier
// `typmod` (pg_attribute.atttypmod, -1 when none).
ColumnType ColumnTypeFromPg(std::string_view type_name, int typmod);

// The type a reader casts a column of logical type `type` to before reading it in binary, so the
// decoder sees one representation per logical type whatever the stored type is.
std::string_view PgReadCast(ColumnType type);

// "name" with embedded quotes doubled. Callers check length with CheckIdentifier.
std::string QuoteIdentifier(std::string_view name);

// A string constant that means `value` whatever standard_conforming_strings says.
std::string QuoteLiteral(std::string_view value);

// kInvalidArgument-worthy problem with `name` as an identifier (empty, NUL, over 63 bytes), or "".
std::string IdentifierProblem(std::string_view name);

// A LIKE pattern matching every string that starts with `prefix` (backslash escapes).
std::string LikePrefixPattern(std::string_view prefix);

// Parses a UUID's 32 hex digits (dashes ignored, either case) into 16 bytes.
bool ParseUuid(std::string_view text, uint8_t out[16]);
// The canonical lowercase 36-character form.
void AppendUuid(const uint8_t bytes[16], std::string& out);

// Network byte order, as COPY's binary format wants it.
inline void PutBigEndian16(char* p, uint16_t v) {
  p[0] = static_cast<char>(v >> 8);
  p[1] = static_cast<char>(v);
}
inline void PutBigEndian32(char* p, uint32_t v) {
  for (int i = 3; i >= 0; --i, v >>= 8) p[i] = static_cast<char>(v);
}
inline void PutBigEndian64(char* p, uint64_t v) {
  for (int i = 7; i >= 0; --i, v >>= 8) p[i] = static_cast<char>(v);
}
inline uint16_t GetBigEndian16(const char* p) {
  return static_cast<uint16_t>((static_cast<uint8_t>(p[0]) << 8) | static_cast<uint8_t>(p[1]));
}
inline uint32_t GetBigEndian32(const char* p) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<uint8_t>(p[i]);
  return v;
}
inline uint64_t GetBigEndian64(const char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<uint8_t>(p[i]);
  return v;
}

}  // namespace tdm::store::pg
