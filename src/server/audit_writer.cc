#include "server/audit_writer.h"

#include <iostream>
#include <utility>
#include <vector>

#include "audit/audit_log.h"

namespace tdm::server {

AuditWriter::AuditWriter(std::string state_dir)
    : state_dir_(std::move(state_dir)), thread_([this] { Run(); }) {}

AuditWriter::~AuditWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  queued_.notify_one();
  thread_.join();
}

void AuditWriter::Enqueue(nlohmann::ordered_json event, Outcome* outcome) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back({std::move(event), outcome});
    ++enqueued_;
  }
  queued_.notify_one();
}

void AuditWriter::Post(nlohmann::ordered_json event) { Enqueue(std::move(event), nullptr); }

Status AuditWriter::Write(nlohmann::ordered_json event) {
  Outcome outcome;
  Enqueue(std::move(event), &outcome);
  std::unique_lock lock(mutex_);
  committed_.wait(lock, [&] { return outcome.done; });
  return outcome.status;
}

void AuditWriter::Flush() {
  std::unique_lock lock(mutex_);
  int64_t ticket = enqueued_;
  committed_.wait(lock, [&] { return committed_through_ >= ticket; });
}

void AuditWriter::Run() {
  std::vector<nlohmann::ordered_json> events;
  std::vector<Outcome*> outcomes;
  std::unique_lock lock(mutex_);
  while (true) {
    queued_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and everything is written
    // Whatever queued while the previous batch was being synced goes out together: the busier
    // the server, the bigger the batches and the fewer fsyncs per event.
    events.clear();
    outcomes.clear();
    while (!queue_.empty() && events.size() < kMaxBatch) {
      events.push_back(std::move(queue_.front().event));
      if (queue_.front().outcome != nullptr) outcomes.push_back(queue_.front().outcome);
      queue_.pop_front();
    }
    lock.unlock();
    Status status = audit::AppendEvents(state_dir_, events);
    if (!status.ok() && failures_.fetch_add(1, std::memory_order_relaxed) == 0) {
      std::cerr << "warning: cannot write the audit log (" << events.size()
                << " events lost): " << status.ToString()
                << "; later failures are counted, not printed\n";
    }
    lock.lock();
    committed_through_ += static_cast<int64_t>(events.size());
    for (Outcome* outcome : outcomes) {
      outcome->status = status;
      outcome->done = true;
    }
    committed_.notify_all();
  }
}

}  // namespace tdm::server
