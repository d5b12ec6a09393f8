#include "server/jobs.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>

namespace tdm::server {
namespace {

TEST(JobQueue, RunsEveryJobOnItsWorkers) {
  std::atomic<int> all{0};
  JobQueue queue(3, 100);
  std::promise<void> done;
  int n = 20;
  for (int i = 0; i < n; ++i) {
    queue.Submit({"",
                  [&] {
                    if (++all == n) done.set_value();
                  },
                  nullptr});
  }
  ASSERT_EQ(done.get_future().wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_EQ(all.load(), n);
}

TEST(JobQueue, RefusesWhenFullAndAfterShutdown) {
  JobQueue queue(1, 2);
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  std::promise<void> started;
  ASSERT_EQ(queue.Submit({"running",
                          [&] {
                            started.set_value();
                            gate.wait();
                          },
                          nullptr}),
            JobQueue::Submitted::kQueued);
  started.get_future().wait();
  EXPECT_EQ(queue.busy(), 1);
  std::atomic<int> cancelled{0};
  std::atomic<int> ran{0};
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(queue.Submit({"waiting", [&] { ++ran; }, [&] { ++cancelled; }}),
              JobQueue::Submitted::kQueued);
  }
  EXPECT_EQ(queue.depth(), 2);
  EXPECT_EQ(queue.Submit({"one too many", [&] { ++ran; }, nullptr}), JobQueue::Submitted::kFull);
  std::thread shutdown([&] { queue.Shutdown(); });
  // Shutdown cancels the waiting jobs at once but waits for the running one.
  while (cancelled.load() < 2) std::this_thread::yield();
  EXPECT_EQ(queue.Submit({"late", [&] { ++ran; }, nullptr}), JobQueue::Submitted::kShuttingDown);
  release.set_value();
  shutdown.join();
  EXPECT_EQ(ran.load(), 0);
  EXPECT_EQ(cancelled.load(), 2);
  EXPECT_EQ(queue.busy(), 0);
}

}  // namespace
}  // namespace tdm::server
