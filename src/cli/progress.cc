#include "cli/progress.h"

#include <unistd.h>

#include <cstdio>

namespace tdm::cli {

ProgressBar::ProgressBar(int64_t total_rows, bool enabled)
    : total_(total_rows),
      enabled_(enabled && isatty(STDERR_FILENO) != 0 && total_rows > 0),
      start_(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() { Finish(); }

void ProgressBar::Update(const std::string& table, int64_t table_rows_done) {
  if (!enabled_) return;
  if (table != table_) {
    done_before_table_ += last_table_rows_;
    table_ = table;
  }
  last_table_rows_ = table_rows_done;
  auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  if (!drawn_ && now - start_ < std::chrono::milliseconds(300)) return;  // short work: no bar
  last_draw_ = now;
  drawn_ = true;
  int64_t done = done_before_table_ + table_rows_done;
  double fraction = static_cast<double>(done) / static_cast<double>(total_);
  int filled = static_cast<int>(fraction * 30);
  double seconds = std::chrono::duration<double>(now - start_).count();
  std::fprintf(stderr, "\r[%-30s] %5.1f%%  %-12s %.0f rows/s ",
               std::string(static_cast<size_t>(filled), '#').c_str(), fraction * 100, table.c_str(),
               seconds > 0 ? static_cast<double>(done) / seconds : 0.0);
}

void ProgressBar::Finish() {
  if (drawn_) std::fprintf(stderr, "\r%80s\r", "");
  drawn_ = false;
  enabled_ = false;
}

}  // namespace tdm::cli
