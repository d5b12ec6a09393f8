// The cryptography of the audit log: the line hash of the chain, the HMAC that authenticates a
// line and the head, and AES-256-GCM encryption of events at rest. Internal to src/audit.
//
// One configured secret (TDM_AUDIT_KEY, or the contents of the file TDM_AUDIT_KEY_FILE) yields two
// independent keys by HKDF-SHA256 with distinct info strings, so the MAC key and the encryption
// key never coincide and a user may pick any string as the secret.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "tdm/status.h"

namespace tdm::audit {

struct AuditKeys {
  std::array<unsigned char, 32> mac{};
  std::array<unsigned char, 32> enc{};
};

// The keys of the configured secret; nullopt when none is configured. An unreadable or empty
// key file is an error rather than silently writing an unprotected log.
Result<std::optional<AuditKeys>> ConfiguredKeys();

// Derives both keys from a secret (exposed for tests).
Result<AuditKeys> DeriveKeys(std::string_view secret);

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

// Lower-case hex HMAC-SHA256 of `data` under keys.mac.
std::string HmacHex(const AuditKeys& keys, std::string_view data);

// Constant-time comparison of two hex strings.
bool SameHex(std::string_view a, std::string_view b);

struct Sealed {
  std::string nonce;  // base64
  std::string ct;     // base64
  std::string tag;    // base64
};

// AES-256-GCM under keys.enc with a fresh random 96-bit nonce; `aad` is authenticated, not
// encrypted (the line's seq and prev, so a ciphertext cannot be moved to another position).
Result<Sealed> Seal(const AuditKeys& keys, std::string_view plaintext, std::string_view aad);

// Decrypts and authenticates; an error when the key is wrong or anything was altered.
Result<std::string> Open(const AuditKeys& keys, const Sealed& sealed, std::string_view aad);

}  // namespace tdm::audit
