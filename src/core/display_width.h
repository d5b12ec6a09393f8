// Terminal display width of UTF-8 text, for aligning table columns that hold accented Latin,
// kana and kanji: East Asian wide and fullwidth characters take two columns, others one.
#pragma once

#include <string>
#include <string_view>

namespace tdm {

// The columns `text` takes on a terminal.
size_t DisplayWidth(std::string_view text);

// `text` cut to at most `width` columns at a character boundary, ending in "..." when cut.
std::string TruncateToWidth(std::string_view text, size_t width);

}  // namespace tdm
