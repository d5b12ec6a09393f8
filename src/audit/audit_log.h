// The audit log: a hash-chained, append-only record of every operation on test data, kept in
// <state dir>/audit.jsonl and anchored by <state dir>/audit.head.
//
// Every operation (provision, cleanup, show, export, mask, ...) appends one event in the seed's
// shape: timestamp, event, operation, environment, dataset_id, user_id, status, actions,
// validation, compliance_check. Events carry names and counts, never a value of a PII field.
//
// Each line is an envelope {"seq", "prev", "event"} whose prev is the SHA-256 of the previous
// line's bytes, so an edited, deleted or reordered line breaks the chain; the head file records
// the last seq and line hash, so a removed tail or a truncated file is detected as well. With a
// key (TDM_AUDIT_KEY, any string, or TDM_AUDIT_KEY_FILE naming a file that holds it) each event is
// encrypted with AES-256-GCM ("enc" replaces "event") and every line and the head carry an
// HMAC-SHA256, so the chain cannot be recomputed by someone without the key. Without a key the
// chain detects accidents and naive edits, not a forger who rewrites every later hash.
//
// Appends are serialised across processes by an exclusive flock on <state dir>/audit.lock and
// are fsync'd (log, then head) before the call returns. Lines without "seq" at the start of the
// file were written by older versions of tdm: they are read as events (seq 0) and reported by
// VerifyLog as unchained legacy lines, not as damage.
#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "tdm/status.h"

namespace tdm::audit {

// The path of the log in `state_dir`.
std::string AuditLogPath(const std::string& state_dir);

// Who is acting: $TDM_USER, else the operating system's user name.
std::string CurrentUser();

// Appends `event` as one chained line and updates the head (the directory is created when
// missing). Encrypted and HMAC'd when a key is configured.
Status AppendEvent(const std::string& state_dir, const nlohmann::ordered_json& event);

// Appends `events` in order as consecutive chained lines under one lock, with one fsync of the
// log and one of the head for the whole batch (group commit): AppendEvent's guarantees, at the
// cost of one append. An error before the write (no lock, wrong key, a damaged head) leaves the
// log as it was; a failed write may leave a torn tail, reported by VerifyLog as with AppendEvent.
// An empty batch does nothing.
Status AppendEvents(const std::string& state_dir,
                    const std::vector<nlohmann::ordered_json>& events);

// Every event, oldest first: the inner event objects, decrypted, each with an added "seq" (0 for
// legacy lines). An error when the log is encrypted and no key (or the wrong key) is configured,
// or when a complete line is not JSON; a torn final line (an interrupted write) is skipped.
// Integrity is VerifyLog's job: this does not check the chain.
Result<std::vector<nlohmann::ordered_json>> ReadEvents(const std::string& state_dir);

// What verification found. `problem` is one of: edited, deleted, reordered, truncated, inserted,
// bad_hmac, undecryptable, missing_head, bad_head (empty when ok).
struct VerifyReport {
  bool ok = true;
  int64_t events = 0;        // chained events checked
  int64_t legacy_lines = 0;  // unchained lines of older versions before seq 1
  int64_t first_seq = 0;     // first retained seq (after pruning it is above 1)
  int64_t last_seq = 0;
  bool authenticated = false;         // HMACs were checked (a key is configured)
  bool encrypted = false;             // at least one event is encrypted
  int64_t unauthenticated_lines = 0;  // lines without HMAC from before a key was configured
  std::optional<int64_t> first_bad_seq;
  std::string problem;
  std::string detail;  // for a person: what is wrong and where
};

// Checks the whole chain, the HMACs and decryption (with a key) and the head. Errors only when
// the log cannot be read at all; damage is reported in the VerifyReport.
Result<VerifyReport> VerifyLog(const std::string& state_dir);

// Retention of the log itself: removes the events whose timestamp is before `cutoff` (the
// longest such prefix, legacy lines included), moves the head's start anchor to the first
// retained line, and appends an "audit_pruning" event saying how many were removed. The log
// stays verifiable. Returns the number of events removed.
Result<int64_t> PruneEventsBefore(const std::string& state_dir,
                                  std::chrono::system_clock::time_point cutoff);

}  // namespace tdm::audit
