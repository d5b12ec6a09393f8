// The server's provisioning queue: a fixed pool of workers taking jobs from a bounded queue.
//
// A provision takes seconds to minutes and real resources on the target, so the server runs at
// most `workers` at once and holds at most `capacity` more waiting; beyond that Submit() refuses
// at once (the API answers 429 with Retry-After) instead of letting every request slow down
// together. Shutdown() stops taking jobs, cancels the ones still waiting (each job's `cancel`
// runs, so it can record why it never ran) and waits for the running ones to finish; a running
// provision always ends ready or rolled back.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tdm::server {

// The nice value of worker threads (request threads keep the process's).
inline constexpr int kWorkerNice = 10;

struct Job {
  std::string id;
  std::function<void()> run;
  std::function<void()> cancel;  // instead of run, when the queue shuts down first
};

class JobQueue {
 public:
  JobQueue(int workers, int capacity);
  ~JobQueue();
  JobQueue(const JobQueue&) = delete;
  JobQueue& operator=(const JobQueue&) = delete;

  enum class Submitted { kQueued, kFull, kShuttingDown };
  Submitted Submit(Job job);

  // Cancels waiting jobs, lets running ones finish, joins the workers. Idempotent.
  void Shutdown();

  int64_t depth() const;  // jobs waiting
  int64_t busy() const;   // jobs running
  int workers() const { return static_cast<int>(threads_.size()); }
  int capacity() const { return capacity_; }

 private:
  void Work();

  int capacity_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Job> waiting_;
  int64_t running_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace tdm::server
