#include "audit/audit_crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

namespace tdm::audit {
namespace {

constexpr std::string_view kSalt = "tdm-audit-log-v1";
constexpr std::string_view kMacInfo = "tdm audit line hmac-sha256";
constexpr std::string_view kEncInfo = "tdm audit event aes-256-gcm";
constexpr int kNonceBytes = 12;
constexpr int kTagBytes = 16;

std::string Hex(const unsigned char* data, size_t size) {
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(size * 2);
  for (size_t i = 0; i < size; ++i) {
    hex += kHex[data[i] >> 4];
    hex += kHex[data[i] & 15];
  }
  return hex;
}

std::string Base64(std::string_view data) {
  std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(data.data()),
                          static_cast<int>(data.size()));
  out.resize(n > 0 ? static_cast<size_t>(n) : 0);
  return out;
}

std::optional<std::string> Unbase64(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out(text.size() / 4 * 3 + 1, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()),
                          static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  // EVP_DecodeBlock counts the padding as zero bytes.
  size_t pad = 0;
  for (size_t i = text.size(); i > 0 && text[i - 1] == '=' && pad < 2; --i) ++pad;
  out.resize(static_cast<size_t>(n) - pad);
  return out;
}

Status Hkdf(std::string_view secret, std::string_view info, std::array<unsigned char, 32>& out) {
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
      EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, nullptr), EVP_PKEY_CTX_free);
  size_t size = out.size();
  auto u = [](std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); };
  if (!ctx || EVP_PKEY_derive_init(ctx.get()) <= 0 ||
      EVP_PKEY_CTX_set_hkdf_md(ctx.get(), EVP_sha256()) <= 0 ||
      EVP_PKEY_CTX_set1_hkdf_salt(ctx.get(), u(kSalt), static_cast<int>(kSalt.size())) <= 0 ||
      EVP_PKEY_CTX_set1_hkdf_key(ctx.get(), u(secret), static_cast<int>(secret.size())) <= 0 ||
      EVP_PKEY_CTX_add1_hkdf_info(ctx.get(), u(info), static_cast<int>(info.size())) <= 0 ||
      EVP_PKEY_derive(ctx.get(), out.data(), &size) <= 0 || size != out.size()) {
    return {StatusCode::kInternal, "cannot derive the audit log keys (OpenSSL HKDF failed)"};
  }
  return Status::Ok();
}

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

}  // namespace

Result<AuditKeys> DeriveKeys(std::string_view secret) {
  AuditKeys keys;
  TDM_RETURN_IF_ERROR(Hkdf(secret, kMacInfo, keys.mac));
  TDM_RETURN_IF_ERROR(Hkdf(secret, kEncInfo, keys.enc));
  return keys;
}

Result<std::optional<AuditKeys>> ConfiguredKeys() {
  std::string secret;
  if (const char* key = std::getenv("TDM_AUDIT_KEY"); key != nullptr && *key != '\0') {
    secret = key;
  } else if (const char* file = std::getenv("TDM_AUDIT_KEY_FILE");
             file != nullptr && *file != '\0') {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in.good() && !in.eof()) {
      return Status(StatusCode::kIoError, std::string("cannot read the audit key file ") + file +
                                              " (TDM_AUDIT_KEY_FILE)");
    }
    secret = text.str();
    // A trailing newline from `echo secret > file` is not part of the secret.
    while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
    if (secret.empty()) {
      return Status(StatusCode::kInvalidArgument,
                    std::string("the audit key file ") + file +
                        " (TDM_AUDIT_KEY_FILE) is empty or unreadable; put the secret in it");
    }
  } else {
    return std::optional<AuditKeys>();
  }
  TDM_ASSIGN_OR_RETURN(AuditKeys keys, DeriveKeys(secret));
  return std::optional<AuditKeys>(keys);
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr);
  return Hex(digest, size);
}

std::string HmacHex(const AuditKeys& keys, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), keys.mac.data(), static_cast<int>(keys.mac.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &size);
  return Hex(mac, size);
}

bool SameHex(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

Result<Sealed> Seal(const AuditKeys& keys, std::string_view plaintext, std::string_view aad) {
  unsigned char nonce[kNonceBytes];
  if (RAND_bytes(nonce, kNonceBytes) != 1) {
    return Status(StatusCode::kInternal, "cannot draw a nonce for the audit log (RAND_bytes)");
  }
  CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  std::string ct(plaintext.size() + 16, '\0');
  unsigned char tag[kTagBytes];
  int n = 0;
  int total = 0;
  auto u = [](std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); };
  bool ok = ctx && EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceBytes, nullptr) &&
            EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, keys.enc.data(), nonce) &&
            EVP_EncryptUpdate(ctx.get(), nullptr, &n, u(aad), static_cast<int>(aad.size())) &&
            EVP_EncryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(ct.data()), &n,
                              u(plaintext), static_cast<int>(plaintext.size()));
  total = n;
  ok =
      ok && EVP_EncryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(ct.data()) + total, &n);
  total += n;
  ok = ok && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, tag);
  if (!ok) return Status(StatusCode::kInternal, "cannot encrypt an audit event (AES-256-GCM)");
  ct.resize(static_cast<size_t>(total));
  return Sealed{Base64({reinterpret_cast<char*>(nonce), kNonceBytes}), Base64(ct),
                Base64({reinterpret_cast<char*>(tag), kTagBytes})};
}

Result<std::string> Open(const AuditKeys& keys, const Sealed& sealed, std::string_view aad) {
  auto nonce = Unbase64(sealed.nonce);
  auto ct = Unbase64(sealed.ct);
  auto tag = Unbase64(sealed.tag);
  Status failed(StatusCode::kFailedPrecondition,
                "cannot decrypt an audit event: the key (TDM_AUDIT_KEY) is not the one it was "
                "written with, or the line was altered");
  if (!nonce || !ct || !tag || nonce->size() != kNonceBytes || tag->size() != kTagBytes) {
    return failed;
  }
  CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  std::string plain(ct->size() + 16, '\0');
  int n = 0;
  int total = 0;
  auto u = [](std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); };
  bool ok = ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceBytes, nullptr) &&
            EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, keys.enc.data(), u(*nonce)) &&
            EVP_DecryptUpdate(ctx.get(), nullptr, &n, u(aad), static_cast<int>(aad.size())) &&
            EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()), &n, u(*ct),
                              static_cast<int>(ct->size()));
  total = n;
  ok = ok && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes,
                                 const_cast<char*>(tag->data()));
  ok = ok && EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()) + total,
                                 &n) > 0;
  if (!ok) return failed;
  total += n;
  plain.resize(static_cast<size_t>(total));
  return plain;
}

}  // namespace tdm::audit
