#include "gen/word_lists.h"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>

#include "gen/embedded_data.h"

namespace tdm::gen {

const std::vector<std::string_view>& WordList(std::string_view path) {
  static std::mutex mu;
  static std::map<std::string, std::vector<std::string_view>, std::less<>> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache.find(path);
  if (it != cache.end()) return it->second;
  std::vector<std::string_view> list = EmbeddedList(path);
  if (list.empty()) {
    std::fprintf(stderr, "tdm: embedded data list '%.*s' is missing or empty\n",
                 static_cast<int>(path.size()), path.data());
    std::abort();
  }
  return cache.emplace(std::string(path), std::move(list)).first->second;
}

const std::vector<std::string_view>& LocaleList(std::string_view locale, std::string_view list) {
  std::string path;
  path.reserve(locale.size() + list.size() + 6);
  path.append(locale).append("/").append(list).append(".txt");
  return WordList(path);
}

const std::vector<std::string_view>& LocaleListOr(std::string_view locale, std::string_view list,
                                                  std::string_view fallback) {
  std::string path = std::string(locale) + "/" + std::string(list) + ".txt";
  return LocaleList(FindEmbeddedFile(path).empty() ? fallback : locale, list);
}

}  // namespace tdm::gen
