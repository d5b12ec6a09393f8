// KeyedHash: HMAC-SHA256 under one masking key, fast enough to run once per cell.
//
// The key's inner and outer SHA-256 states are computed once; each value then costs the hash of
// its own bytes plus one block (two compressions for a value under 56 bytes). Equal keys and
// equal inputs give equal digests in every table, database, thread and run: that is what keeps
// masked foreign keys joined and the same email masked alike everywhere.
#pragma once

#include <openssl/sha.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace tdm::mask {

using Digest = std::array<uint8_t, 32>;

class KeyedHash {
 public:
  explicit KeyedHash(std::string_view key);

  // HMAC-SHA256(key, value).
  Digest Mac(std::string_view value) const;
  // HMAC-SHA256(key, domain || 0x00 || value): one key, independent streams per purpose.
  Digest Mac(std::string_view domain, std::string_view value) const;
  // The first eight bytes of Mac(value), big-endian: a keyed 64-bit draw.
  uint64_t Mac64(std::string_view value) const;
  uint64_t Mac64(std::string_view domain, std::string_view value) const;

 private:
  Digest Finish(SHA256_CTX& inner) const;

  SHA256_CTX inner_{};
  SHA256_CTX outer_{};
};

// Appends the lowercase hex form of the first `bytes` bytes of `digest`.
void AppendHex(const Digest& digest, size_t bytes, std::string& out);

uint64_t First64(const Digest& digest);

}  // namespace tdm::mask
