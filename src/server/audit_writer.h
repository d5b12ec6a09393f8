// Group-committed audit appends for the server: request handlers hand events to one background
// thread, which appends whatever has queued up with one audit::AppendEvents call (one lock, one
// fsync of the log and one of the head per batch) instead of one fsync per request.
//
// Post() is for events whose loss in a crash is tolerable for a moment (reads: the reply does
// not depend on them) and returns at once; Write() is for changes, which must be on disk before
// the client hears of them, and returns once its batch is durable. Both keep one order: the
// events of one thread reach the log in the order it handed them over, and a Write() makes
// everything handed over before it durable too.
//
// A batch that cannot be written (disk full, a wrong TDM_AUDIT_KEY, a damaged head) is dropped,
// not retried: an error that persists would otherwise hold the whole queue. The first failure is
// printed once to stderr (the message names files and seqs, never event contents), every failed
// batch counts in failures(), and Write() returns the batch's error to its caller.
//
// Thread safety: Post, Write, Flush and failures may be called from any thread. The destructor
// appends everything still queued, then stops; nothing may be posted once it has started.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "tdm/status.h"

namespace tdm::server {

class AuditWriter {
 public:
  // Most events appended with one call; bounds the memory and the latency of one batch.
  static constexpr size_t kMaxBatch = 1024;

  explicit AuditWriter(std::string state_dir);
  ~AuditWriter();
  AuditWriter(const AuditWriter&) = delete;
  AuditWriter& operator=(const AuditWriter&) = delete;

  // Queues `event`; returns at once.
  void Post(nlohmann::ordered_json event);
  // Queues `event` and waits until it is durable, as is everything queued before it (unless
  // that went in an earlier batch that failed); the error of its batch when it could not be
  // written.
  Status Write(nlohmann::ordered_json event);
  // Waits until everything queued so far has been appended (or has failed).
  void Flush();
  // Batches that could not be written.
  int64_t failures() const { return failures_.load(std::memory_order_relaxed); }

 private:
  // Where a Write() waits for the outcome of its batch; lives on the waiting caller's stack.
  struct Outcome {
    bool done = false;
    Status status;
  };
  struct Queued {
    nlohmann::ordered_json event;
    Outcome* outcome = nullptr;  // set by Write(), null for Post()
  };

  void Enqueue(nlohmann::ordered_json event, Outcome* outcome);
  void Run();

  const std::string state_dir_;
  std::mutex mutex_;
  std::condition_variable queued_;     // the writer waits for events
  std::condition_variable committed_;  // Write and Flush wait for batches
  std::deque<Queued> queue_;
  int64_t enqueued_ = 0;           // tickets handed out: the n-th event queued has ticket n
  int64_t committed_through_ = 0;  // every ticket up to this one is appended or failed
  bool stopping_ = false;
  std::atomic<int64_t> failures_{0};
  std::thread thread_;  // last: starts once everything above is initialised
};

}  // namespace tdm::server
