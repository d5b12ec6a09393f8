// Ff3Cipher: FF3-1 format-preserving encryption (NIST SP 800-38G Revision 1) over AES.
//
// The `fpe` masking strategy encrypts identifiers with it: the digits of an SSN, a card number or
// an integer key, or the letters and digits of an alphanumeric id. Values enter as a string of
// numerals (each below the radix, as the caller maps its alphabet) and leave as a string of the
// same length over the same radix. Under one key and tweak the map is a bijection, so masked keys
// stay unique and joinable across tables, and Decrypt recovers the original value.
//
// The standard's limits apply: a string needs at least min_length() numerals (a domain of a million
// values or more) and at most max_length() (each half below 2^96).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tdm/status.h"

struct evp_cipher_ctx_st;  // OpenSSL's EVP_CIPHER_CTX

namespace tdm::mask {

// The 56-bit FF3-1 tweak. It need not be secret; distinct tweaks give independent permutations.
using Ff3Tweak = std::array<uint8_t, 7>;

// Holds one AES key schedule. Not thread-safe, even through const methods (the OpenSSL context is
// shared by every call): use one Ff3Cipher per thread.
class Ff3Cipher {
 public:
  // key: 16, 24 or 32 raw bytes (AES-128/192/256); radix: 2..62. kInvalidArgument otherwise.
  static Result<Ff3Cipher> Create(std::string_view key, unsigned radix);

  Ff3Cipher(Ff3Cipher&& other) noexcept;
  Ff3Cipher& operator=(Ff3Cipher&& other) noexcept;
  ~Ff3Cipher();

  unsigned radix() const { return radix_; }
  // Smallest n with radix^n >= 1,000,000, the standard's minimum domain size.
  size_t min_length() const { return min_length_; }
  // 2 * floor(log_radix(2^96)).
  size_t max_length() const { return max_length_; }

  // Encrypt or decrypt the n numerals at `numerals` in place. kInvalidArgument when n is outside
  // [min_length(), max_length()] or a numeral is >= radix (the message names neither value); the
  // numerals are left unchanged on any error. kInternal if OpenSSL fails.
  Status Encrypt(const Ff3Tweak& tweak, uint8_t* numerals, size_t n) const;
  Status Decrypt(const Ff3Tweak& tweak, uint8_t* numerals, size_t n) const;

 private:
  Ff3Cipher(evp_cipher_ctx_st* ctx, unsigned radix);

  Status Check(const uint8_t* numerals, size_t n) const;

  evp_cipher_ctx_st* ctx_ = nullptr;  // owned; null only after a move
  unsigned radix_ = 0;
  size_t min_length_ = 0;
  size_t max_length_ = 0;
};

}  // namespace tdm::mask
