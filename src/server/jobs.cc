#include "server/jobs.h"

#include <sys/resource.h>
#include <unistd.h>

namespace tdm::server {

JobQueue::JobQueue(int workers, int capacity) : capacity_(capacity) {
  for (int i = 0; i < workers; ++i) threads_.emplace_back([this] { Work(); });
}

JobQueue::~JobQueue() { Shutdown(); }

JobQueue::Submitted JobQueue::Submit(Job job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return Submitted::kShuttingDown;
    if (static_cast<int64_t>(waiting_.size()) >= capacity_) return Submitted::kFull;
    waiting_.push_back(std::move(job));
  }
  ready_.notify_one();
  return Submitted::kQueued;
}

void JobQueue::Shutdown() {
  std::deque<Job> cancelled;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    cancelled.swap(waiting_);
  }
  ready_.notify_all();
  for (Job& job : cancelled) {
    try {
      if (job.cancel) job.cancel();
    } catch (...) {
    }
  }
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
}

int64_t JobQueue::depth() const {
  std::lock_guard lock(mutex_);
  return static_cast<int64_t>(waiting_.size());
}

int64_t JobQueue::busy() const {
  std::lock_guard lock(mutex_);
  return running_;
}

void JobQueue::Work() {
  // Provisions run at a lower CPU priority than the threads answering requests, so status polls
  // stay fast while the machine is busy generating (the threads a provision starts inherit it).
  setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), kWorkerNice);
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [&] { return stopping_ || !waiting_.empty(); });
      if (waiting_.empty()) return;  // stopping, and nothing left to take
      job = std::move(waiting_.front());
      waiting_.pop_front();
      ++running_;
    }
    try {
      job.run();
    } catch (...) {
      // A job records its own failures (RunProvision catches); this keeps one that did not from
      // taking the server down with it.
    }
    std::lock_guard lock(mutex_);
    --running_;
  }
}

}  // namespace tdm::server
