#include "audit/audit_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace tdm::audit::internal {
namespace {

namespace fs = std::filesystem;

Status Errno(const std::string& what, const std::string& path) {
  return {StatusCode::kIoError, what + " " + path + ": " + std::strerror(errno)};
}

Status WriteAll(int fd, const std::string& data, const std::string& path) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Errno("cannot write to", path);
    done += static_cast<size_t>(n);
  }
  return Status::Ok();
}

void SyncDirectory(const std::string& path) {
  std::string dir = fs::path(path).parent_path().string();
  int fd = open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    fsync(fd);
    close(fd);
  }
}

// The last line of the open log (without '\n') and whether the file ends with '\n'. Reads
// backwards in growing chunks so an append costs the same on a year-old log as on a new one.
Status ReadTail(int fd, const std::string& path, std::string& last, bool& ends_with_newline) {
  struct stat st {};
  if (fstat(fd, &st) != 0) return Errno("cannot stat", path);
  auto size = static_cast<size_t>(st.st_size);
  last.clear();
  ends_with_newline = true;
  if (size == 0) return Status::Ok();
  for (size_t chunk = 4096;; chunk *= 4) {
    size_t take = std::min(chunk, size);
    std::string buffer(take, '\0');
    ssize_t n = pread(fd, buffer.data(), take, static_cast<off_t>(size - take));
    if (n != static_cast<ssize_t>(take)) return Errno("cannot read", path);
    ends_with_newline = buffer.back() == '\n';
    size_t end = ends_with_newline ? take - 1 : take;
    size_t start = buffer.rfind('\n', end == 0 ? 0 : end - 1);
    if (end == 0) start = std::string::npos;
    if (start != std::string::npos || take == size) {
      size_t from = start == std::string::npos ? 0 : start + 1;
      last = buffer.substr(from, end - from);
      return Status::Ok();
    }
  }
}

// The seq and prev of the first chained line of the log (a full read: only after a lost head).
Status FirstChained(const std::string& path, int64_t& seq, std::string& prev) {
  TDM_ASSIGN_OR_RETURN(std::string content, ReadWholeFile(path));
  for (const RawLine& raw : SplitLines(content)) {
    Envelope line = ParseLine(raw.text);
    if (line.kind == Envelope::Kind::kChained) {
      seq = line.seq;
      prev = line.prev;
      return Status::Ok();
    }
  }
  return Status::Ok();
}

std::string Aad(int64_t seq, const std::string& prev) {
  return "seq=" + std::to_string(seq) + " prev=" + prev;
}

// The line for `event` at `seq` after `prev`: sealed and HMAC'd with keys, plain without.
Result<std::string> EnvelopeLine(const nlohmann::ordered_json& event, int64_t seq,
                                 const std::string& prev, const std::optional<AuditKeys>& keys) {
  nlohmann::ordered_json envelope = {{"seq", seq}, {"prev", prev}};
  if (keys) {
    TDM_ASSIGN_OR_RETURN(Sealed sealed, Seal(*keys, event.dump(), Aad(seq, prev)));
    envelope["enc"] = {
        {"alg", "AES-256-GCM"}, {"nonce", sealed.nonce}, {"ct", sealed.ct}, {"tag", sealed.tag}};
    envelope["hmac"] = HmacHex(*keys, envelope.dump());
  } else {
    envelope["event"] = event;
  }
  return envelope.dump();
}

}  // namespace

std::string HeadPath(const std::string& state_dir) {
  return (fs::path(state_dir) / "audit.head").string();
}

Result<WriterLock> WriterLock::Acquire(const std::string& state_dir) {
  std::error_code ec;
  fs::create_directories(state_dir, ec);
  std::string path = (fs::path(state_dir) / "audit.lock").string();
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Errno("cannot open the audit lock", path);
  while (flock(fd, LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    Status failed = Errno("cannot lock", path);
    close(fd);
    return failed;
  }
  return WriterLock(fd);
}

WriterLock::~WriterLock() {
  if (fd_ >= 0) close(fd_);  // closing releases the flock
}

Result<std::string> ReadWholeFile(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::string();
    return Errno("cannot open", path);
  }
  std::string content;
  char buffer[1 << 16];
  while (true) {
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      Status failed = Errno("cannot read", path);
      close(fd);
      return failed;
    }
    if (n == 0) break;
    content.append(buffer, static_cast<size_t>(n));
  }
  close(fd);
  return content;
}

Status ReplaceFile(const std::string& path, const std::string& content) {
  std::string tmp = path + ".tmp." + std::to_string(getpid());
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Errno("cannot create", tmp);
  Status status = WriteAll(fd, content, tmp);
  if (status.ok() && fsync(fd) != 0) status = Errno("cannot flush", tmp);
  close(fd);
  if (status.ok() && rename(tmp.c_str(), path.c_str()) != 0) status = Errno("cannot replace", path);
  if (!status.ok()) {
    unlink(tmp.c_str());
    return status;
  }
  SyncDirectory(path);
  return Status::Ok();
}

Result<std::optional<Head>> ReadHead(const std::string& state_dir,
                                     const std::optional<AuditKeys>& keys,
                                     bool allow_unauthenticated) {
  std::string path = HeadPath(state_dir);
  if (!fs::exists(path)) return std::optional<Head>();
  TDM_ASSIGN_OR_RETURN(std::string text, ReadWholeFile(path));
  auto j = nlohmann::ordered_json::parse(text, nullptr, false);
  Status bad(StatusCode::kFailedPrecondition,
             path + " is damaged (not the head record tdm writes); run 'data-cli audit verify'");
  if (!j.is_object() || !j.contains("seq") || !j["seq"].is_number_integer() ||
      !j.contains("hash") || !j["hash"].is_string() || !j.contains("start_seq") ||
      !j.contains("start_prev")) {
    return bad;
  }
  Head head;
  if (keys && !(allow_unauthenticated && !j.contains("hmac"))) {
    auto mac = j.contains("hmac") && j["hmac"].is_string() ? j["hmac"].get<std::string>() : "";
    j.erase("hmac");
    head.authenticated = true;
    if (!SameHex(mac, HmacHex(*keys, j.dump()))) {
      return Status(StatusCode::kFailedPrecondition,
                    path +
                        " fails its HMAC: it was altered, or TDM_AUDIT_KEY is not the key the "
                        "log was written with");
    }
  }
  head.has_hmac = head.authenticated || j.contains("hmac");
  head.seq = j["seq"].get<int64_t>();
  head.hash = j["hash"].get<std::string>();
  head.start_seq = j["start_seq"].get<int64_t>();
  head.start_prev = j["start_prev"].get<std::string>();
  if (j.contains("rebuilt_after") && j["rebuilt_after"].is_number_integer()) {
    head.rebuilt_after = j["rebuilt_after"].get<int64_t>();
  }
  return std::optional<Head>(head);
}

Status WriteHead(const std::string& state_dir, const Head& head,
                 const std::optional<AuditKeys>& keys) {
  nlohmann::ordered_json j = {{"seq", head.seq},
                              {"hash", head.hash},
                              {"start_seq", head.start_seq},
                              {"start_prev", head.start_prev}};
  if (head.rebuilt_after) j["rebuilt_after"] = *head.rebuilt_after;
  if (keys) j["hmac"] = HmacHex(*keys, j.dump());
  return ReplaceFile(HeadPath(state_dir), j.dump() + "\n");
}

std::vector<RawLine> SplitLines(const std::string& content) {
  std::vector<RawLine> lines;
  size_t start = 0;
  while (start < content.size()) {
    size_t end = content.find('\n', start);
    if (end == std::string::npos) {
      lines.push_back({content.substr(start), false});
      break;
    }
    lines.push_back({content.substr(start, end - start), true});
    start = end + 1;
  }
  return lines;
}

Envelope ParseLine(const std::string& text) {
  Envelope line;
  line.json = nlohmann::ordered_json::parse(text, nullptr, false);
  if (!line.json.is_object()) {
    line.kind = Envelope::Kind::kGarbled;
    return line;
  }
  if (!line.json.contains("seq")) {
    line.kind = Envelope::Kind::kLegacy;
    return line;
  }
  const auto& seq = line.json["seq"];
  const auto prev = line.json.find("prev");
  if (!seq.is_number_integer() || prev == line.json.end() || !prev->is_string()) {
    line.kind = Envelope::Kind::kGarbled;
    return line;
  }
  line.kind = Envelope::Kind::kChained;
  line.seq = seq.get<int64_t>();
  line.prev = prev->get<std::string>();
  return line;
}

bool HmacMatches(const Envelope& line, const AuditKeys& keys) {
  auto mac = line.json.find("hmac");
  if (mac == line.json.end() || !mac->is_string()) return false;
  nlohmann::ordered_json body = line.json;
  body.erase("hmac");
  return SameHex(mac->get<std::string>(), HmacHex(keys, body.dump()));
}

Result<nlohmann::ordered_json> DecodeEvent(const Envelope& line,
                                           const std::optional<AuditKeys>& keys) {
  if (line.kind == Envelope::Kind::kLegacy) return line.json;
  Status bad(StatusCode::kFailedPrecondition, "audit event seq " + std::to_string(line.seq) +
                                                  " is damaged; run 'data-cli audit verify'");
  if (line.kind != Envelope::Kind::kChained) return bad;
  if (auto event = line.json.find("event"); event != line.json.end()) {
    if (!event->is_object()) return bad;
    return *event;
  }
  auto enc = line.json.find("enc");
  if (enc == line.json.end() || !enc->is_object()) return bad;
  if (!keys) {
    return Status(StatusCode::kFailedPrecondition,
                  "the audit log is encrypted: set TDM_AUDIT_KEY (or TDM_AUDIT_KEY_FILE) to the "
                  "key it was written with");
  }
  Sealed sealed{enc->value("nonce", ""), enc->value("ct", ""), enc->value("tag", "")};
  auto plain = Open(*keys, sealed, Aad(line.seq, line.prev));
  if (!plain.ok()) {
    return Status(plain.status().code(),
                  "audit event seq " + std::to_string(line.seq) + ": " + plain.status().message());
  }
  auto event = nlohmann::ordered_json::parse(*plain, nullptr, false);
  if (!event.is_object()) return bad;
  return event;
}

Status AppendLocked(const std::string& state_dir, const std::vector<nlohmann::ordered_json>& events,
                    const std::optional<AuditKeys>& keys) {
  if (events.empty()) return Status::Ok();
  std::string path = (fs::path(state_dir) / "audit.jsonl").string();
  int fd = open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Errno("cannot open the audit log", path);
  std::string last;
  bool ends_with_newline = true;
  Status status = ReadTail(fd, path, last, ends_with_newline);
  // A head without an HMAC is taken when the log so far has none either: a key was configured
  // just now. Anything else that does not authenticate means a wrong key (or tampering): writing
  // on would reset the anchor or mix keys, so the append is refused and the caller warns.
  Envelope previous = ParseLine(last);
  bool never_keyed = !last.empty() && previous.json.is_object() && !previous.json.contains("hmac");
  auto read_head =
      status.ok() ? ReadHead(state_dir, keys, never_keyed) : Result<std::optional<Head>>(status);
  if (read_head.ok() && *read_head && (*read_head)->has_hmac && !keys) {
    read_head = Status(StatusCode::kFailedPrecondition,
                       "the audit log " + path +
                           " is authenticated with a key: set TDM_AUDIT_KEY (or "
                           "TDM_AUDIT_KEY_FILE) to append to it");
  }
  if (read_head.ok() && keys && previous.kind == Envelope::Kind::kChained &&
      previous.json.contains("hmac") && !HmacMatches(previous, *keys)) {
    read_head = Status(StatusCode::kFailedPrecondition,
                       "the last line of " + path +
                           " fails its HMAC: TDM_AUDIT_KEY is not the key the log was written "
                           "with, or the log was altered (run 'data-cli audit verify')");
  }
  if (!read_head.ok()) {
    close(fd);
    return read_head.status();
  }
  std::optional<Head> head = *read_head;
  int64_t seq = head ? head->seq + 1 : 1;
  std::string prev = head ? head->hash : kZeroHash;
  if (!last.empty()) {
    if (previous.kind == Envelope::Kind::kChained) seq = previous.seq + 1;
    prev = Sha256Hex(last);
  }
  const int64_t first_seq = seq;
  const std::string first_prev = prev;
  // A torn final line (an interrupted write) stays a line of its own, for verify to report,
  // rather than being glued to the first new one.
  std::string data = ends_with_newline ? "" : "\n";
  for (const nlohmann::ordered_json& event : events) {
    auto line = EnvelopeLine(event, seq, prev, keys);
    if (!line.ok()) {
      close(fd);
      return line.status();
    }
    data += *line;
    data += '\n';
    prev = Sha256Hex(*line);
    ++seq;
  }
  // The whole batch goes out in one write and one fsync: that is what makes a batch cheaper
  // than as many single appends.
  status = WriteAll(fd, data, path);
  if (status.ok() && fsync(fd) != 0) status = Errno("cannot flush", path);
  close(fd);
  TDM_RETURN_IF_ERROR(status);
  Head next;
  if (head) {
    next = *head;
  } else {
    next.start_seq = first_seq;
    next.start_prev = first_prev;
  }
  next.seq = seq - 1;
  next.hash = prev;
  if (!head && previous.kind == Envelope::Kind::kChained) {
    // The head is gone under an existing chain: anchor at the chain's first line, and remember.
    TDM_RETURN_IF_ERROR(FirstChained(path, next.start_seq, next.start_prev));
    next.rebuilt_after = previous.seq;
  }
  return WriteHead(state_dir, next, keys);
}

}  // namespace tdm::audit::internal
