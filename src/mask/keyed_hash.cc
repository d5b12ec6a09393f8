// SHA256_Init/Update/Final are deprecated in OpenSSL 3 in favour of EVP, but EVP has no way to
// copy a keyed state without a heap allocation per value, which costs more than the hash itself.
#define OPENSSL_SUPPRESS_DEPRECATED 1

#include "mask/keyed_hash.h"

#include <algorithm>
#include <cstring>

namespace tdm::mask {

KeyedHash::KeyedHash(std::string_view key) {
  constexpr size_t kBlock = 64;
  uint8_t block[kBlock] = {};
  if (key.size() > kBlock) {
    SHA256(reinterpret_cast<const uint8_t*>(key.data()), key.size(), block);
  } else {
    std::memcpy(block, key.data(), key.size());
  }
  uint8_t pad[kBlock];
  for (size_t i = 0; i < kBlock; ++i) pad[i] = block[i] ^ 0x36;
  SHA256_Init(&inner_);
  SHA256_Update(&inner_, pad, kBlock);
  for (size_t i = 0; i < kBlock; ++i) pad[i] = block[i] ^ 0x5c;
  SHA256_Init(&outer_);
  SHA256_Update(&outer_, pad, kBlock);
}

Digest KeyedHash::Finish(SHA256_CTX& inner) const {
  Digest inner_digest;
  SHA256_Final(inner_digest.data(), &inner);
  SHA256_CTX outer = outer_;
  SHA256_Update(&outer, inner_digest.data(), inner_digest.size());
  Digest out;
  SHA256_Final(out.data(), &outer);
  return out;
}

Digest KeyedHash::Mac(std::string_view value) const {
  SHA256_CTX inner = inner_;
  SHA256_Update(&inner, value.data(), value.size());
  return Finish(inner);
}

Digest KeyedHash::Mac(std::string_view domain, std::string_view value) const {
  SHA256_CTX inner = inner_;
  SHA256_Update(&inner, domain.data(), domain.size());
  const uint8_t zero = 0;
  SHA256_Update(&inner, &zero, 1);
  SHA256_Update(&inner, value.data(), value.size());
  return Finish(inner);
}

uint64_t First64(const Digest& digest) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8; ++i) v = (v << 8) | digest[i];
  return v;
}

uint64_t KeyedHash::Mac64(std::string_view value) const { return First64(Mac(value)); }

uint64_t KeyedHash::Mac64(std::string_view domain, std::string_view value) const {
  return First64(Mac(domain, value));
}

void AppendHex(const Digest& digest, size_t bytes, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  bytes = std::min(bytes, digest.size());
  size_t at = out.size();
  out.resize(at + 2 * bytes);
  char* p = out.data() + at;
  for (size_t i = 0; i < bytes; ++i) {
    p[2 * i] = kHex[digest[i] >> 4];
    p[2 * i + 1] = kHex[digest[i] & 15];
  }
}

}  // namespace tdm::mask
