// The on-disk format of the audit log, shared by append, read, verify and prune. Internal to
// src/audit: callers use audit_log.h.
//
// <state dir>/audit.jsonl holds one envelope a line:
//   {"seq":N,"prev":"<sha256 hex of the previous line's bytes>","event":{...}}
// or, with a key, {"seq":N,"prev":"...","enc":{"alg":"AES-256-GCM","nonce":..,"ct":..,"tag":..},
// "hmac":"<HMAC-SHA256 of the envelope without hmac>"}. Lines without "seq" before the first
// envelope are legacy events from older versions. <state dir>/audit.head anchors the chain: the
// last seq, the hash of the last line and where the retained chain starts (after pruning).
// <state dir>/audit.lock serialises writers across processes.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_crypto.h"
#include "tdm/status.h"

namespace tdm::audit::internal {

inline const std::string kZeroHash(64, '0');

std::string HeadPath(const std::string& state_dir);

// An exclusive flock on <state dir>/audit.lock for the lifetime of the object.
class WriterLock {
 public:
  static Result<WriterLock> Acquire(const std::string& state_dir);
  WriterLock(WriterLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;
  WriterLock& operator=(WriterLock&&) = delete;
  ~WriterLock();

 private:
  explicit WriterLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

struct Head {
  int64_t seq = 0;                     // seq of the last line
  std::string hash;                    // sha256 of the last line
  int64_t start_seq = 1;               // seq of the first retained line
  std::string start_prev = kZeroHash;  // its prev
  bool authenticated = false;          // it carried a valid HMAC
  bool has_hmac = false;               // it carries an HMAC (checked or not)
  // Set when an append found the head missing under a log that had chained lines: the tail
  // after that seq could not be vouched for then, and verify keeps saying so.
  std::optional<int64_t> rebuilt_after;
};

// The head file: nullopt when missing; an error when unreadable or (with keys) not authentic. A
// head without any HMAC is accepted when `allow_unauthenticated` (a log written before a key was
// configured), never one with a wrong HMAC.
Result<std::optional<Head>> ReadHead(const std::string& state_dir,
                                     const std::optional<AuditKeys>& keys,
                                     bool allow_unauthenticated = false);
// Replaces the head atomically (temporary file, fsync, rename, fsync of the directory).
Status WriteHead(const std::string& state_dir, const Head& head,
                 const std::optional<AuditKeys>& keys);

// The file's content; empty when it does not exist.
Result<std::string> ReadWholeFile(const std::string& path);

struct RawLine {
  std::string text;      // without the '\n'
  bool complete = true;  // false for a final piece with no '\n' (a torn write or truncation)
};
std::vector<RawLine> SplitLines(const std::string& content);

struct Envelope {
  enum class Kind { kChained, kLegacy, kGarbled } kind = Kind::kGarbled;
  int64_t seq = 0;
  std::string prev;
  nlohmann::ordered_json json;  // the parsed line
};
Envelope ParseLine(const std::string& text);

// The event of a chained line, decrypted when encrypted (needs keys) or the legacy object.
Result<nlohmann::ordered_json> DecodeEvent(const Envelope& line,
                                           const std::optional<AuditKeys>& keys);

// True when the envelope's hmac matches (false when it has none).
bool HmacMatches(const Envelope& line, const AuditKeys& keys);

// Appends one envelope per event, in order, continuing the chain, with one write and one fsync
// of the log and one of the head; the caller holds the WriterLock. Nothing is written when an
// event cannot be sealed; an empty batch writes nothing.
Status AppendLocked(const std::string& state_dir, const std::vector<nlohmann::ordered_json>& events,
                    const std::optional<AuditKeys>& keys);

// Writes `content` to `path` through a temporary file, fsync and rename.
Status ReplaceFile(const std::string& path, const std::string& content);

}  // namespace tdm::audit::internal
