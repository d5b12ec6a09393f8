// Checks shared by the provider tests: word lists, word splitting and integer ranges.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/batch.h"

namespace tdm::gen::testing {

inline std::vector<std::string> SplitWords(std::string_view text) {
  std::vector<std::string> words;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    words.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

inline bool InList(const std::vector<std::string_view>& list, std::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

inline std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Values of an integer column are within [lo, hi] and, for small ranges, reach both ends.
inline void ExpectIntegersInside(const Column& column, int64_t lo, int64_t hi,
                                 bool reach_ends = true) {
  ASSERT_EQ(column.physical(), PhysicalType::kInt64);
  int64_t min = INT64_MAX, max = INT64_MIN;
  for (size_t i = 0; i < column.size(); ++i) {
    int64_t v = column.GetInt(i);
    ASSERT_GE(v, lo);
    ASSERT_LE(v, hi);
    min = std::min(min, v);
    max = std::max(max, v);
  }
  if (!reach_ends) return;
  EXPECT_EQ(min, lo);
  EXPECT_EQ(max, hi);
}

}  // namespace tdm::gen::testing
