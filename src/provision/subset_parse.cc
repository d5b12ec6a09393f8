// --subset 'users:1000,orders:50': the roots of a subset, as the user writes them.
#include <charconv>
#include <string>
#include <string_view>

#include "provision/subset.h"

namespace tdm::provision {
namespace {

std::string_view Trim(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

Result<SubsetRoot> ParseRoot(std::string_view entry) {
  entry = Trim(entry);
  const std::string expected = "; expected 'table:rows', e.g. 'users:1000'";
  size_t colon = entry.find(':');
  if (entry.empty()) {
    return Status(StatusCode::kInvalidArgument, "subset: empty entry" + expected);
  }
  if (colon == std::string_view::npos) {
    return Status(StatusCode::kInvalidArgument,
                  "subset: '" + std::string(entry) + "' has no row count" + expected);
  }
  SubsetRoot root{std::string(Trim(entry.substr(0, colon))), 0};
  std::string_view rows = Trim(entry.substr(colon + 1));
  if (root.table.empty()) {
    return Status(StatusCode::kInvalidArgument,
                  "subset: '" + std::string(entry) + "' names no table" + expected);
  }
  auto [end, error] = std::from_chars(rows.data(), rows.data() + rows.size(), root.rows);
  if (rows.empty() || error != std::errc() || end != rows.data() + rows.size() || root.rows <= 0) {
    return Status(StatusCode::kInvalidArgument,
                  "subset: the row count of '" + root.table +
                      "' must be a whole number of at least 1, got '" + std::string(rows) + "'");
  }
  return root;
}

}  // namespace

Result<std::vector<SubsetRoot>> ParseSubset(std::string_view text) {
  std::vector<SubsetRoot> roots;
  for (size_t start = 0;;) {
    size_t comma = text.find(',', start);
    std::string_view entry = text.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    TDM_ASSIGN_OR_RETURN(SubsetRoot root, ParseRoot(entry));
    for (const SubsetRoot& seen : roots) {
      if (seen.table == root.table) {
        return Status(StatusCode::kInvalidArgument,
                      "subset: table '" + root.table + "' is listed twice");
      }
    }
    roots.push_back(std::move(root));
    if (comma == std::string_view::npos) return roots;
    start = comma + 1;
  }
}

}  // namespace tdm::provision
