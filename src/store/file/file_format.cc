#include "store/file/file_format.h"

#include <array>
#include <string>
#include <utility>

namespace tdm::store {
namespace {

constexpr std::array<std::pair<std::string_view, FileFormat>, 5> kFormats = {{
    {"json", FileFormat::kJson},
    {"jsonl", FileFormat::kJsonl},
    {"csv", FileFormat::kCsv},
    {"sql", FileFormat::kSql},
    {"ejson", FileFormat::kEjson},
}};

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    if (x != b[i]) return false;
  }
  return true;
}

std::optional<FileFormat> LookUp(std::string_view name) {
  for (const auto& [format_name, format] : kFormats) {
    if (EqualsIgnoreCase(name, format_name)) return format;
  }
  if (EqualsIgnoreCase(name, "ndjson")) return FileFormat::kJsonl;
  return std::nullopt;
}

}  // namespace

Result<FileFormat> ParseFileFormat(std::string_view name) {
  if (auto format = LookUp(name)) return *format;
  std::string valid;
  for (const auto& [format_name, format] : kFormats) {
    if (!valid.empty()) valid += ", ";
    valid += format_name;
  }
  return Status(StatusCode::kInvalidArgument,
                "unknown file format '" + std::string(name) + "'; expected one of: " + valid);
}

std::string_view FileFormatName(FileFormat format) {
  for (const auto& [format_name, f] : kFormats) {
    if (f == format) return format_name;
  }
  return "json";
}

std::optional<FileFormat> FormatFromExtension(std::string_view path) {
  size_t slash = path.find_last_of('/');
  std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  size_t dot = base.find_last_of('.');
  if (dot == std::string_view::npos || dot == 0) return std::nullopt;
  return LookUp(base.substr(dot + 1));
}

}  // namespace tdm::store
