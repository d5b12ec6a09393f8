// Small helpers shared by the provider groups.
#pragma once

#include <charconv>
#include <cstdint>
#include <memory>
#include <string>

#include "gen/column_generator.h"

namespace tdm::gen {

inline void AppendHex(uint64_t value, int digits, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (int i = digits - 1; i >= 0; --i) out.push_back(kHex[(value >> (4 * i)) & 0xF]);
}

inline void AppendInt(int64_t value, std::string& out) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), value);
  out.append(buf, end);
}

inline void AppendLower(std::string_view s, std::string& out) {
  for (char c : s) out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
}

// A ColumnGenerator from a lambda `void(int64_t row, Column& out)`; the per-row call is inlined
// into the loop, so there is one virtual call per batch, not per value.
template <typename PerRow>
class LambdaGenerator final : public ColumnGenerator {
 public:
  explicit LambdaGenerator(PerRow per_row) : per_row_(std::move(per_row)) {}
  void Fill(const RowSet& rows, Column& out) const override {
    for (size_t i = 0; i < rows.count; ++i) per_row_(rows.row(i), out);
  }

 private:
  PerRow per_row_;
};

template <typename PerRow>
std::unique_ptr<ColumnGenerator> MakeGenerator(PerRow per_row) {
  return std::make_unique<LambdaGenerator<PerRow>>(std::move(per_row));
}

}  // namespace tdm::gen
