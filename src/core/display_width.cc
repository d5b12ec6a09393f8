#include "core/display_width.h"

#include <cstdint>

namespace tdm {
namespace {

// The length of the UTF-8 sequence that starts with `lead` (1 for a stray byte).
size_t SequenceLength(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

uint32_t Decode(std::string_view s, size_t at, size_t length) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(s[at + i]); };
  switch (length) {
    case 2:
      return ((byte(0) & 0x1Fu) << 6) | (byte(1) & 0x3Fu);
    case 3:
      return ((byte(0) & 0x0Fu) << 12) | ((byte(1) & 0x3Fu) << 6) | (byte(2) & 0x3Fu);
    case 4:
      return ((byte(0) & 0x07u) << 18) | ((byte(1) & 0x3Fu) << 12) | ((byte(2) & 0x3Fu) << 6) |
             (byte(3) & 0x3Fu);
    default:
      return byte(0);
  }
}

// Wide and fullwidth ranges of Unicode's East Asian Width property (Hangul Jamo, CJK, kana,
// Hangul syllables, compatibility ideographs, fullwidth forms, the supplementary ideographs).
bool Wide(uint32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
         (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
         (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

size_t Width(std::string_view s, size_t at, size_t length) {
  if (at + length > s.size()) return 1;
  uint32_t cp = Decode(s, at, length);
  if (cp >= 0x300 && cp <= 0x36F) return 0;  // combining accents
  return Wide(cp) ? 2 : 1;
}

}  // namespace

size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  for (size_t i = 0; i < text.size();) {
    size_t length = SequenceLength(static_cast<unsigned char>(text[i]));
    width += Width(text, i, length);
    i += length;
  }
  return width;
}

std::string TruncateToWidth(std::string_view text, size_t width) {
  if (DisplayWidth(text) <= width) return std::string(text);
  size_t budget = width >= 3 ? width - 3 : 0;
  size_t used = 0;
  size_t end = 0;
  while (end < text.size()) {
    size_t length = SequenceLength(static_cast<unsigned char>(text[end]));
    size_t w = Width(text, end, length);
    if (used + w > budget) break;
    used += w;
    end += length;
  }
  return std::string(text.substr(0, end)) + "...";
}

}  // namespace tdm
