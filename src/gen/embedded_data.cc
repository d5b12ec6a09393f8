#include "gen/embedded_data.h"

#include <algorithm>

namespace tdm::gen {

std::string_view FindEmbeddedFile(std::string_view path) {
  const auto& files = EmbeddedFiles();
  auto it = std::lower_bound(files.begin(), files.end(), path,
                             [](const EmbeddedFile& f, std::string_view p) { return f.path < p; });
  if (it == files.end() || it->path != path) return {};
  return it->contents;
}

std::vector<std::string_view> EmbeddedList(std::string_view path) {
  std::string_view text = FindEmbeddedFile(path);
  std::vector<std::string_view> out;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    out.push_back(line);
  }
  return out;
}

std::vector<std::string> AvailableLocales() {
  constexpr std::string_view kMarker = "/last_names.txt";
  std::vector<std::string> locales;
  for (const EmbeddedFile& file : EmbeddedFiles()) {
    if (file.path.ends_with(kMarker) && file.path.find('/') == file.path.size() - kMarker.size()) {
      locales.emplace_back(file.path.substr(0, file.path.size() - kMarker.size()));
    }
  }
  return locales;  // EmbeddedFiles() is sorted by path, so these are too
}

}  // namespace tdm::gen
