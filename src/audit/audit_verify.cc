// VerifyLog: walks the chain once, oldest first, and stops at the first problem, so the seq it
// names is the earliest line that can no longer be trusted.
#include <filesystem>
#include <set>

#include "audit/audit_file.h"
#include "audit/audit_log.h"

namespace tdm::audit {
namespace {

using internal::Envelope;

struct Walk {
  VerifyReport& report;
  void Fail(int64_t seq, const std::string& problem, const std::string& detail) {
    if (!report.ok) return;
    report.ok = false;
    report.first_bad_seq = seq;
    report.problem = problem;
    report.detail = detail;
  }
};

std::string Seq(int64_t seq) { return "seq " + std::to_string(seq); }

}  // namespace

Result<VerifyReport> VerifyLog(const std::string& state_dir) {
  TDM_ASSIGN_OR_RETURN(auto keys, ConfiguredKeys());
  VerifyReport report;
  report.authenticated = keys.has_value();
  Walk walk{report};
  TDM_ASSIGN_OR_RETURN(std::string content, internal::ReadWholeFile(AuditLogPath(state_dir)));
  auto head_read = internal::ReadHead(state_dir, keys, /*allow_unauthenticated=*/true);
  std::optional<internal::Head> head = head_read.ok() ? *head_read : std::nullopt;
  std::vector<internal::RawLine> raw = internal::SplitLines(content);
  std::vector<Envelope> lines;
  std::set<int64_t> seqs;
  for (const auto& r : raw) {
    lines.push_back(internal::ParseLine(r.text));
    if (lines.back().kind == Envelope::Kind::kChained) seqs.insert(lines.back().seq);
  }

  std::optional<int64_t> prev_seq;
  const std::string* prev_text = nullptr;
  bool prev_legacy = false;
  bool hmac_seen = false;
  for (size_t i = 0; i < raw.size() && report.ok; ++i) {
    const Envelope& line = lines[i];
    int64_t expected = prev_seq ? *prev_seq + 1 : head ? head->start_seq : 1;
    if (line.kind == Envelope::Kind::kGarbled) {
      walk.Fail(expected, raw[i].complete ? "edited" : "truncated",
                raw[i].complete ? "line " + std::to_string(i + 1) + " (" + Seq(expected) +
                                      ") is not a valid audit envelope"
                                : "the log ends in a partial line at " + Seq(expected) +
                                      " (the file was truncated or a write was interrupted)");
      break;
    }
    if (line.kind == Envelope::Kind::kLegacy) {
      if (prev_seq) {
        walk.Fail(expected, "inserted",
                  "line " + std::to_string(i + 1) + " has no seq but follows " + Seq(*prev_seq));
        break;
      }
      ++report.legacy_lines;
      prev_text = &raw[i].text;
      prev_legacy = true;
      continue;
    }
    if (!prev_seq) report.first_seq = line.seq;
    if (line.seq != expected) {
      if (line.seq > expected && seqs.count(expected) > 0) {
        walk.Fail(expected, "reordered",
                  Seq(expected) + " appears after " + Seq(line.seq) + " (lines were moved)");
      } else if (line.seq > expected) {
        walk.Fail(expected, "deleted",
                  Seq(expected) + (line.seq - 1 > expected ? " to " + Seq(line.seq - 1) : "") +
                      " missing: the next line is " + Seq(line.seq));
      } else {
        walk.Fail(expected, "reordered",
                  "line " + std::to_string(i + 1) + " is " + Seq(line.seq) + " where " +
                      Seq(expected) + " belongs");
      }
      break;
    }
    bool has_hmac = line.json.contains("hmac");
    if (keys) {
      if (has_hmac) {
        if (!internal::HmacMatches(line, *keys)) {
          walk.Fail(line.seq, "bad_hmac",
                    Seq(line.seq) +
                        " fails its HMAC: it was altered, or TDM_AUDIT_KEY is not "
                        "the key the log was written with");
          break;
        }
        hmac_seen = true;
      } else if (hmac_seen) {
        walk.Fail(line.seq, "bad_hmac", Seq(line.seq) + " has no HMAC although earlier lines do");
        break;
      } else {
        ++report.unauthenticated_lines;
      }
    }
    std::string want = prev_text != nullptr ? Sha256Hex(*prev_text)
                       : head               ? head->start_prev
                                            : internal::kZeroHash;
    bool anchor_ok = prev_seq || !head || line.prev == head->start_prev;
    if (line.prev != want || !anchor_ok) {
      if (prev_seq) {
        walk.Fail(*prev_seq, "edited",
                  Seq(*prev_seq) + " was changed: its hash no longer matches the prev of " +
                      Seq(line.seq));
      } else {
        walk.Fail(line.seq, "edited",
                  prev_legacy ? "the legacy lines before " + Seq(line.seq) + " were changed"
                              : Seq(line.seq) + " does not continue from the head's start anchor");
      }
      break;
    }
    if (line.json.contains("enc")) report.encrypted = true;
    if (keys || !line.json.contains("enc")) {
      auto event = internal::DecodeEvent(line, keys);
      if (!event.ok()) {
        walk.Fail(line.seq, line.json.contains("enc") ? "undecryptable" : "edited",
                  event.status().message());
        break;
      }
    }
    ++report.events;
    report.last_seq = line.seq;
    prev_seq = line.seq;
    prev_text = &raw[i].text;
    prev_legacy = false;
  }
  if (!report.ok) return report;

  int64_t next = prev_seq ? *prev_seq + 1 : 1;
  if (!head_read.ok()) {
    walk.Fail(next, "bad_head", head_read.status().message());
  } else if (head && keys && (hmac_seen || report.encrypted) && !head->authenticated) {
    walk.Fail(next, "bad_head",
              internal::HeadPath(state_dir) + " has no HMAC although the log's lines do");
  } else if (!head) {
    if (prev_seq) {
      walk.Fail(next, "missing_head",
                internal::HeadPath(state_dir) + " is missing: events after " + Seq(*prev_seq) +
                    " may have been removed");
    }
  } else if (head->rebuilt_after) {
    walk.Fail(*head->rebuilt_after + 1, "missing_head",
              "the head was missing when " + Seq(*head->rebuilt_after + 1) +
                  " was appended: events after " + Seq(*head->rebuilt_after) +
                  " may have been removed before then");
  } else if (!prev_seq) {
    if (head->seq >= head->start_seq) {
      walk.Fail(head->start_seq, "deleted",
                "the head records " + Seq(head->start_seq) + " to " + Seq(head->seq) +
                    ", but the log holds none of them");
    }
  } else if (*prev_seq < head->seq) {
    walk.Fail(*prev_seq + 1, "deleted",
              Seq(*prev_seq + 1) + " to " + Seq(head->seq) +
                  " are missing from the end of the log (the head records " + Seq(head->seq) + ")");
  } else if (*prev_seq > head->seq) {
    walk.Fail(head->seq + 1, "inserted",
              "the head records " + Seq(head->seq) + " but the log goes on to " + Seq(*prev_seq) +
                  " (an interrupted append, or lines added by hand)");
  } else if (!SameHex(Sha256Hex(*prev_text), head->hash)) {
    walk.Fail(*prev_seq, "edited",
              Seq(*prev_seq) + " was changed: its hash no longer matches the head");
  }
  return report;
}

}  // namespace tdm::audit
