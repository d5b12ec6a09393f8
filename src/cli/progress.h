// A progress bar on standard error, shown only when it is a terminal and the work is long.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace tdm::cli {

class ProgressBar {
 public:
  ProgressBar(int64_t total_rows, bool enabled);
  ~ProgressBar();

  // Rows done in the current table; called after every batch.
  void Update(const std::string& table, int64_t table_rows_done);
  void Finish();

 private:
  int64_t total_;
  int64_t done_before_table_ = 0;
  int64_t last_table_rows_ = 0;
  std::string table_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace tdm::cli
