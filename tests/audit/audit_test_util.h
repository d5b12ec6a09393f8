// A fresh state directory per test, the audit key switched on or off, and the line surgery the
// tamper tests perform on audit.jsonl.
#ifndef TDM_TESTS_AUDIT_AUDIT_TEST_UTIL_H_
#define TDM_TESTS_AUDIT_AUDIT_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "audit/audit_log.h"

namespace tdm::audit_test {

namespace fs = std::filesystem;

inline std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void Spit(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

class AuditDir : public ::testing::Test {
 protected:
  void SetUp() override {
    unsetenv("TDM_AUDIT_KEY");
    unsetenv("TDM_AUDIT_KEY_FILE");
    std::string tmpl = (fs::temp_directory_path() / "tdm-audit-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    unsetenv("TDM_AUDIT_KEY");
    unsetenv("TDM_AUDIT_KEY_FILE");
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  static void UseKey(const char* key) { setenv("TDM_AUDIT_KEY", key, 1); }

  std::string state() const { return dir_.string(); }
  fs::path log() const { return dir_ / "audit.jsonl"; }
  fs::path head() const { return dir_ / "audit.head"; }

  static nlohmann::ordered_json Event(int i,
                                      const std::string& timestamp = "2026-03-01T10:00:00Z") {
    return {{"timestamp", timestamp},
            {"event", "data_provisioning"},
            {"operation", "provision"},
            {"environment", "ci"},
            {"dataset_id", "exec-" + std::to_string(i)},
            {"user_id", "tester"},
            {"status", "success"},
            {"record_count", 100 + i}};
  }

  void AppendMany(int n) {
    for (int i = 1; i <= n; ++i) ASSERT_TRUE(audit::AppendEvent(state(), Event(i)).ok());
  }

  std::vector<std::string> LogLines() const {
    std::vector<std::string> lines;
    std::istringstream in(Slurp(log()));
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }

  void WriteLines(const std::vector<std::string>& lines) const {
    std::string text;
    for (const auto& l : lines) text += l + "\n";
    Spit(log(), text);
  }

  audit::VerifyReport Verify() const {
    auto report = audit::VerifyLog(state());
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? *report : audit::VerifyReport{};
  }

  fs::path dir_;
};

}  // namespace tdm::audit_test

#endif  // TDM_TESTS_AUDIT_AUDIT_TEST_UTIL_H_
