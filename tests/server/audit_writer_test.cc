// The server's group-committed audit writer: every event reaches the log once, in each thread's
// order, as one valid chain; Write() returns only once its event is durable; the destructor
// drains; a batch that cannot be written is counted and reported to Write().
#include "server/audit_writer.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <thread>
#include <vector>

#include "audit/audit_log.h"

namespace tdm::server {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

class AuditWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    unsetenv("TDM_AUDIT_KEY");
    unsetenv("TDM_AUDIT_KEY_FILE");
    std::string tmpl = (fs::temp_directory_path() / "tdm-audit-writer-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    unsetenv("TDM_AUDIT_KEY");
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  static Json Event(int thread, int i) {
    return {{"timestamp", "2026-03-01T10:00:00Z"},
            {"event", "api_request"},
            {"operation", "GET /healthz"},
            {"thread", thread},
            {"i", i}};
  }

  std::vector<Json> Events() const {
    auto events = audit::ReadEvents(dir_.string());
    EXPECT_TRUE(events.ok()) << events.status().ToString();
    return events.ok() ? *events : std::vector<Json>{};
  }

  void ExpectValidChain(int64_t events) const {
    auto report = audit::VerifyLog(dir_.string());
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    EXPECT_TRUE(report->ok) << report->problem << ": " << report->detail;
    EXPECT_EQ(report->events, events);
  }

  fs::path dir_;
};

// 16 threads hand over 200 events each, alternating Post and Write.
void HandOverFromSixteenThreads(AuditWriter& writer, std::atomic<int>& write_errors) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&writer, &write_errors, t] {
      for (int i = 0; i < 200; ++i) {
        Json event = {{"timestamp", "2026-03-01T10:00:00Z"}, {"thread", t}, {"i", i}};
        if ((i + t) % 2 == 0) {
          writer.Post(std::move(event));
        } else if (!writer.Write(std::move(event)).ok()) {
          ++write_errors;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
}

void ExpectEachThreadInOrder(const std::vector<Json>& events, int threads, int per_thread) {
  ASSERT_EQ(events.size(), static_cast<size_t>(threads * per_thread));
  std::map<int, int> next;
  for (size_t k = 0; k < events.size(); ++k) {
    EXPECT_EQ(events[k]["seq"], static_cast<int64_t>(k + 1));
    int t = events[k]["thread"].get<int>();
    EXPECT_EQ(events[k]["i"].get<int>(), next[t]) << "thread " << t << " out of order";
    next[t] = events[k]["i"].get<int>() + 1;
  }
  for (int t = 0; t < threads; ++t) EXPECT_EQ(next[t], per_thread) << "thread " << t;
}

TEST_F(AuditWriterTest, SixteenThreadsPostingAndWritingLeaveEveryEventInOrderInOneChain) {
  std::atomic<int> write_errors{0};
  {
    AuditWriter writer(dir_.string());
    HandOverFromSixteenThreads(writer, write_errors);
    writer.Flush();
    EXPECT_EQ(writer.failures(), 0);
  }
  EXPECT_EQ(write_errors.load(), 0);
  ExpectEachThreadInOrder(Events(), 16, 200);
  ExpectValidChain(3200);
}

TEST_F(AuditWriterTest, WithAKeyTheBatchesFormOneAuthenticatedChain) {
  setenv("TDM_AUDIT_KEY", "writer key", 1);
  std::atomic<int> write_errors{0};
  {
    AuditWriter writer(dir_.string());
    HandOverFromSixteenThreads(writer, write_errors);
  }
  EXPECT_EQ(write_errors.load(), 0);
  ExpectEachThreadInOrder(Events(), 16, 200);
  auto report = audit::VerifyLog(dir_.string());
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok) << report->detail;
  EXPECT_TRUE(report->authenticated);
}

TEST_F(AuditWriterTest, AfterWriteReturnsTheEventAndEverythingPostedBeforeItAreInTheLog) {
  AuditWriter writer(dir_.string());
  for (int i = 0; i < 10; ++i) {
    writer.Post(Event(0, 2 * i));
    ASSERT_TRUE(writer.Write(Event(0, 2 * i + 1)).ok());
    std::vector<Json> events = Events();  // read by the test, not through the writer
    ASSERT_EQ(events.size(), static_cast<size_t>(2 * i + 2));
    EXPECT_EQ(events.back()["i"], 2 * i + 1);
    EXPECT_EQ(events[events.size() - 2]["i"], 2 * i);
  }
  ExpectValidChain(20);
}

TEST_F(AuditWriterTest, FlushMakesEverythingPostedSoFarReadable) {
  AuditWriter writer(dir_.string());
  for (int i = 0; i < 300; ++i) writer.Post(Event(1, i));
  writer.Flush();
  EXPECT_EQ(Events().size(), 300u);
  writer.Flush();  // nothing queued: returns at once
}

TEST_F(AuditWriterTest, TheDestructorAppendsEverythingStillQueued) {
  {
    AuditWriter writer(dir_.string());
    for (int i = 0; i < 2500; ++i) writer.Post(Event(2, i));  // more than one batch
  }
  std::vector<Json> events = Events();
  ASSERT_EQ(events.size(), 2500u);
  EXPECT_EQ(events.back()["i"], 2499);
  ExpectValidChain(2500);
}

TEST_F(AuditWriterTest, ABatchThatCannotBeWrittenIsCountedAndReportedToWrite) {
  // The state directory is a file: the lock (and so every append) fails.
  fs::path not_a_dir = dir_ / "file";
  std::ofstream(not_a_dir) << "x";
  AuditWriter writer(not_a_dir.string());
  writer.Post(Event(3, 0));
  Status written = writer.Write(Event(3, 1));
  EXPECT_FALSE(written.ok());
  EXPECT_EQ(written.code(), StatusCode::kIoError) << written.ToString();
  writer.Flush();
  EXPECT_GE(writer.failures(), 1);
  EXPECT_LE(writer.failures(), 2);
}

}  // namespace
}  // namespace tdm::server
