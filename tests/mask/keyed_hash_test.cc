// KeyedHash against the RFC 4231 HMAC-SHA256 test vectors and against OpenSSL's one-shot HMAC()
// over keys and values of every length around the SHA-256 block boundaries, then the domain
// separation that gives one key independent streams per purpose.
#include "mask/keyed_hash.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace tdm::mask {
namespace {

std::string FromHex(std::string_view hex) {
  auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  std::string bytes;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes.push_back(static_cast<char>(nibble(hex[i]) << 4 | nibble(hex[i + 1])));
  }
  return bytes;
}

std::string Hex(const Digest& digest) {
  std::string out;
  AppendHex(digest, digest.size(), out);
  return out;
}

// HMAC-SHA256 computed by OpenSSL itself, as lowercase hex.
std::string OpenSslHmac(std::string_view key, std::string_view value) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(value.data()), value.size(), out, &length);
  Digest digest{};
  EXPECT_EQ(length, digest.size());
  for (size_t i = 0; i < digest.size(); ++i) digest[i] = out[i];
  return Hex(digest);
}

struct Rfc4231Case {
  int number;
  std::string key;
  std::string data;
  std::string_view hmac_sha256;
};

std::vector<Rfc4231Case> Rfc4231Cases() {
  std::string key4;
  for (int i = 1; i <= 25; ++i) key4.push_back(static_cast<char>(i));
  return {
      {1, std::string(20, '\x0b'), "Hi There",
       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
      {2, "Jefe", "what do ya want for nothing?",
       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
      {3, std::string(20, '\xaa'), std::string(50, '\xdd'),
       "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
      {4, key4, std::string(50, '\xcd'),
       "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
      // Cases 6 and 7: a 131-byte key, longer than SHA-256's 64-byte block, is hashed first.
      {6, std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First",
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
      {7, std::string(131, '\xaa'),
       "This is a test using a larger than block-size key and a larger than block-size data. The "
       "key needs to be hashed before being used by the HMAC algorithm.",
       "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
  };
}

TEST(KeyedHashTest, MatchesRfc4231TestVectors) {
  for (const Rfc4231Case& c : Rfc4231Cases()) {
    SCOPED_TRACE("RFC 4231 test case " + std::to_string(c.number));
    EXPECT_EQ(Hex(KeyedHash(c.key).Mac(c.data)), c.hmac_sha256);
    EXPECT_EQ(OpenSslHmac(c.key, c.data), c.hmac_sha256);
  }
}

TEST(KeyedHashTest, MatchesOpenSslHmacForEveryKeyAndValueLengthAroundTheBlockSize) {
  std::mt19937_64 rng(20240501);
  auto random_bytes = [&](size_t n) {
    std::string s(n, '\0');
    for (char& c : s) c = static_cast<char>(rng() & 0xff);
    return s;
  };
  // Keys: empty, shorter than, equal to and longer than the 64-byte block. Values: around the
  // 55/56-byte padding boundary and across several blocks.
  for (size_t key_length : {0, 1, 20, 32, 63, 64, 65, 131, 200}) {
    const std::string key = random_bytes(key_length);
    const KeyedHash hash(key);
    for (size_t value_length = 0; value_length <= 200; ++value_length) {
      const std::string value = random_bytes(value_length);
      ASSERT_EQ(Hex(hash.Mac(value)), OpenSslHmac(key, value))
          << "key length " << key_length << ", value length " << value_length;
    }
  }
}

TEST(KeyedHashTest, ReusingOneInstanceGivesTheSameDigestAsAFreshOne) {
  const KeyedHash hash("masking-key");
  const Digest first = hash.Mac("alice@example.com");
  for (int i = 0; i < 100; ++i) hash.Mac("value " + std::to_string(i));
  EXPECT_EQ(hash.Mac("alice@example.com"), first);
  EXPECT_EQ(KeyedHash("masking-key").Mac("alice@example.com"), first);
}

TEST(KeyedHashTest, DomainMacIsHmacOfDomainZeroByteAndValue) {
  const std::string key = "masking-key";
  const KeyedHash hash(key);
  EXPECT_EQ(Hex(hash.Mac("unique", "alice")),
            OpenSslHmac(key, std::string("unique") + '\0' + "alice"));
  EXPECT_EQ(Hex(hash.Mac("", "")), OpenSslHmac(key, std::string(1, '\0')));
}

TEST(KeyedHashTest, DomainMacDiffersFromThePlainMac) {
  const KeyedHash hash("masking-key");
  std::set<Digest> digests;
  for (int i = 0; i < 1000; ++i) {
    const std::string value = "value-" + std::to_string(i);
    const Digest plain = hash.Mac(value);
    EXPECT_NE(hash.Mac("anonymize", value), plain);
    EXPECT_NE(hash.Mac("", value), plain);
    // The zero byte separates domain and value: moving a character across it changes the digest.
    EXPECT_NE(hash.Mac("anonymize", value), hash.Mac("anonymiz", "e" + value));
    digests.insert(plain);
    digests.insert(hash.Mac("anonymize", value));
  }
  EXPECT_EQ(digests.size(), 2000u);
}

TEST(KeyedHashTest, DifferentKeysGiveDifferentDigests) {
  const KeyedHash a("key-a");
  const KeyedHash b("key-b");
  for (int i = 0; i < 1000; ++i) {
    const std::string value = std::to_string(i);
    EXPECT_NE(a.Mac(value), b.Mac(value));
  }
}

TEST(KeyedHashTest, Mac64IsTheFirstEightBytesBigEndian) {
  const KeyedHash hash("masking-key");
  const Digest digest = hash.Mac("alice");
  uint64_t expected = 0;
  for (int i = 0; i < 8; ++i) expected = expected << 8 | digest[static_cast<size_t>(i)];
  EXPECT_EQ(hash.Mac64("alice"), expected);
  EXPECT_EQ(First64(digest), expected);
  EXPECT_EQ(hash.Mac64("domain", "alice"), First64(hash.Mac("domain", "alice")));
}

TEST(KeyedHashTest, AppendHexWritesLowercaseHexOfThePrefix) {
  const Digest digest = KeyedHash(std::string(20, '\x0b')).Mac("Hi There");
  std::string out = "prefix:";
  AppendHex(digest, 4, out);
  EXPECT_EQ(out, "prefix:b0344c61");
  out.clear();
  AppendHex(digest, 100, out);  // clamped to the digest's 32 bytes
  EXPECT_EQ(out, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(FromHex(out).size(), 32u);
}

}  // namespace
}  // namespace tdm::mask
