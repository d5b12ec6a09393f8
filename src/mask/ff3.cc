// FF3-1 as SP 800-38G Rev. 1 specifies it, with one shortcut: the halves A and B are kept as
// integers (NUM_radix(REV(A)), NUM_radix(REV(B))) through all eight rounds instead of being turned
// back into numeral strings after each one. REV and STR^m are bijections on fixed lengths, so the
// result is the same, and each call converts numerals only once in and once out.
#include "mask/ff3.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <bit>
#include <cstring>
#include <string>
#include <utility>

namespace tdm::mask {
namespace {

// __extension__ keeps -Wpedantic quiet about GCC's non-ISO 128-bit type.
__extension__ using U128 = unsigned __int128;

constexpr unsigned kRounds = 8;
constexpr unsigned kMaxRadix = 62;
constexpr U128 kMinDomain = 1'000'000;
constexpr U128 kHalfLimit = U128{1} << 96;  // FF3-1 bounds each half's domain by 2^96

// radix^m. Callers keep m <= max_length / 2, so the result is at most 2^96.
U128 Power(unsigned radix, size_t m) {
  U128 p = 1;
  for (size_t i = 0; i < m; ++i) p *= radix;
  return p;
}

// NUM_radix(REV(X)): FF3 reads each half least significant numeral first.
U128 ValueOf(const uint8_t* x, size_t m, unsigned radix) {
  U128 value = 0;
  for (size_t j = m; j-- > 0;) value = value * radix + x[j];
  return value;
}

// REV(STR^m_radix(value)), written over x[0..m).
void WriteNumerals(U128 value, unsigned radix, uint8_t* x, size_t m) {
  size_t j = 0;
  // Divide in 128 bits only while we must: a 128-bit division is a library call.
  for (; j < m && (value >> 64) != 0; ++j) {
    x[j] = static_cast<uint8_t>(value % radix);
    value /= radix;
  }
  auto low = static_cast<uint64_t>(value);
  for (; j < m; ++j) {
    x[j] = static_cast<uint8_t>(low % radix);
    low /= radix;
  }
}

// AES blocks are filled and read as two little-endian 64-bit words (see RoundValue).
uint64_t LittleEndian(uint64_t word) {
  return std::endian::native == std::endian::little ? word : __builtin_bswap64(word);
}

// FF3-1's split of the 56-bit tweak: T_L = T[0..27] || 0^4, T_R = T[32..55] || T[28..31] || 0^4.
// Each half is kept as the integer its bytes form big-endian, ready to be XORed with the round.
struct TweakHalves {
  uint32_t left;
  uint32_t right;
};

TweakHalves SplitTweak(const Ff3Tweak& t) {
  auto word = [](uint32_t b0, uint32_t b1, uint32_t b2, uint32_t b3) {
    return b0 << 24 | b1 << 16 | b2 << 8 | b3;
  };
  return {word(t[0], t[1], t[2], t[3] & 0xF0U), word(t[4], t[5], t[6], (t[3] & 0x0FU) << 4)};
}

// The round function's integer y = NUM(REVB(CIPH_REVB(K)(REVB(P)))), P = W xor [round]^4 ||
// [half]^12. Reversing the bytes of a big-endian string gives the same number little-endian, so
// the AES block is P's two fields stored little-endian, and y is the output read little-endian.
// False if OpenSSL fails.
bool RoundValue(evp_cipher_ctx_st* ctx, uint32_t w, unsigned round, U128 half, U128& y) {
  const uint64_t block[2] = {
      LittleEndian(static_cast<uint64_t>(half)),
      LittleEndian(static_cast<uint64_t>(half >> 64) | uint64_t{w ^ round} << 32)};  // half < 2^96
  uint8_t out[32];  // EVP asks for a block of slack even when, as here, it writes one block
  int written = 0;
  const auto* in = reinterpret_cast<const uint8_t*>(block);
  if (EVP_EncryptUpdate(ctx, out, &written, in, sizeof block) != 1 || written != 16) return false;
  uint64_t words[2];
  std::memcpy(words, out, sizeof words);
  y = U128{LittleEndian(words[1])} << 64 | LittleEndian(words[0]);
  return true;
}

Status OpenSslFailure() {
  return {StatusCode::kInternal, "FF3-1: AES encryption failed in OpenSSL"};
}

}  // namespace

Result<Ff3Cipher> Ff3Cipher::Create(std::string_view key, unsigned radix) {
  const EVP_CIPHER* aes = nullptr;
  switch (key.size()) {
    case 16:
      aes = EVP_aes_128_ecb();
      break;
    case 24:
      aes = EVP_aes_192_ecb();
      break;
    case 32:
      aes = EVP_aes_256_ecb();
      break;
    default:
      return Status(StatusCode::kInvalidArgument,
                    "FF3-1 key must be 16, 24 or 32 bytes, got " + std::to_string(key.size()));
  }
  if (radix < 2 || radix > kMaxRadix) {
    return Status(StatusCode::kInvalidArgument,
                  "FF3-1 radix must be 2..62, got " + std::to_string(radix));
  }
  // The standard encrypts with REVB(K), the key's bytes in reverse order.
  uint8_t reversed[32];
  for (size_t i = 0; i < key.size(); ++i)
    reversed[i] = static_cast<uint8_t>(key[key.size() - 1 - i]);
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  const bool ready = ctx != nullptr &&
                     EVP_EncryptInit_ex(ctx, aes, nullptr, reversed, nullptr) == 1 &&
                     EVP_CIPHER_CTX_set_padding(ctx, 0) == 1;
  OPENSSL_cleanse(reversed, sizeof reversed);
  if (!ready) {
    EVP_CIPHER_CTX_free(ctx);
    return Status(StatusCode::kInternal, "FF3-1: OpenSSL could not set up AES-ECB");
  }
  return Ff3Cipher(ctx, radix);
}

Ff3Cipher::Ff3Cipher(evp_cipher_ctx_st* ctx, unsigned radix) : ctx_(ctx), radix_(radix) {
  for (U128 p = 1; p < kMinDomain; p *= radix) ++min_length_;
  size_t half = 0;
  for (U128 p = radix; p <= kHalfLimit; p *= radix) ++half;
  max_length_ = 2 * half;
}

Ff3Cipher::Ff3Cipher(Ff3Cipher&& other) noexcept
    : ctx_(std::exchange(other.ctx_, nullptr)),
      radix_(other.radix_),
      min_length_(other.min_length_),
      max_length_(other.max_length_) {}

Ff3Cipher& Ff3Cipher::operator=(Ff3Cipher&& other) noexcept {
  if (this != &other) {
    EVP_CIPHER_CTX_free(ctx_);
    ctx_ = std::exchange(other.ctx_, nullptr);
    radix_ = other.radix_;
    min_length_ = other.min_length_;
    max_length_ = other.max_length_;
  }
  return *this;
}

Ff3Cipher::~Ff3Cipher() { EVP_CIPHER_CTX_free(ctx_); }

Status Ff3Cipher::Check(const uint8_t* numerals, size_t n) const {
  if (n < min_length_ || n > max_length_) {
    return {StatusCode::kInvalidArgument,
            "FF3-1 input has " + std::to_string(n) + " numerals; radix " + std::to_string(radix_) +
                " takes " + std::to_string(min_length_) + " to " + std::to_string(max_length_)};
  }
  for (size_t i = 0; i < n; ++i) {
    if (numerals[i] >= radix_) {
      return {StatusCode::kInvalidArgument,
              "FF3-1 input has a numeral outside radix " + std::to_string(radix_)};
    }
  }
  return Status::Ok();
}

// Feistel rounds alternate between a half of u numerals (even rounds, tweak T_R) and v numerals
// (odd rounds, T_L); u = ceil(n/2).
Status Ff3Cipher::Encrypt(const Ff3Tweak& tweak, uint8_t* numerals, size_t n) const {
  TDM_RETURN_IF_ERROR(Check(numerals, n));
  const size_t u = (n + 1) / 2;
  const size_t v = n - u;
  const TweakHalves t = SplitTweak(tweak);
  const U128 mod_v = Power(radix_, v);
  const U128 mod_u = u == v ? mod_v : mod_v * radix_;
  U128 a = ValueOf(numerals, u, radix_);
  U128 b = ValueOf(numerals + u, v, radix_);
  for (unsigned i = 0; i < kRounds; ++i) {
    const bool even = i % 2 == 0;
    const U128 mod = even ? mod_u : mod_v;
    U128 y;
    if (!RoundValue(ctx_, even ? t.right : t.left, i, b, y)) return OpenSslFailure();
    U128 c = a + y % mod;  // a < mod <= 2^96: no overflow
    if (c >= mod) c -= mod;
    a = b;
    b = c;
  }
  WriteNumerals(a, radix_, numerals, u);
  WriteNumerals(b, radix_, numerals + u, v);
  return Status::Ok();
}

Status Ff3Cipher::Decrypt(const Ff3Tweak& tweak, uint8_t* numerals, size_t n) const {
  TDM_RETURN_IF_ERROR(Check(numerals, n));
  const size_t u = (n + 1) / 2;
  const size_t v = n - u;
  const TweakHalves t = SplitTweak(tweak);
  const U128 mod_v = Power(radix_, v);
  const U128 mod_u = u == v ? mod_v : mod_v * radix_;
  U128 a = ValueOf(numerals, u, radix_);
  U128 b = ValueOf(numerals + u, v, radix_);
  for (unsigned i = kRounds; i-- > 0;) {
    const bool even = i % 2 == 0;
    const U128 mod = even ? mod_u : mod_v;
    U128 y;
    if (!RoundValue(ctx_, even ? t.right : t.left, i, a, y)) return OpenSslFailure();
    const U128 r = y % mod;
    const U128 c = b >= r ? b - r : b + (mod - r);
    b = a;
    a = c;
  }
  WriteNumerals(a, radix_, numerals, u);
  WriteNumerals(b, radix_, numerals + u, v);
  return Status::Ok();
}

}  // namespace tdm::mask
