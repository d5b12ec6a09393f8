#include "cli/render.h"

#include <ostream>

#include "core/display_width.h"

namespace tdm::cli {

void PrintTable(std::ostream& out, const std::vector<std::string>& header,
                const std::vector<std::vector<std::string>>& rows, size_t max_width) {
  // Widths in terminal columns, so kanji (two columns) and accents (two bytes) line up.
  auto cut = [&](const std::string& s) { return TruncateToWidth(s, max_width); };
  std::vector<size_t> width(header.size());
  for (size_t c = 0; c < header.size(); ++c) width[c] = DisplayWidth(cut(header[c]));
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size() && c < width.size(); ++c) {
      width[c] = std::max(width[c], DisplayWidth(cut(row[c])));
    }
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (size_t c = 0; c < cells.size(); ++c) {
      std::string cell = cut(cells[c]);
      text += cell;
      if (c + 1 < cells.size()) text += std::string(width[c] - DisplayWidth(cell) + 2, ' ');
    }
    out << text << "\n";
  };
  line(header);
  std::vector<std::string> rule;
  for (size_t w : width) rule.emplace_back(w, '-');
  line(rule);
  for (const auto& row : rows) line(row);
}

Result<std::vector<store::ColumnFilter>> ParseFilter(const std::string& text) {
  nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return Status(StatusCode::kInvalidArgument,
                  "--filter must be a JSON object of field: value pairs, e.g. '{\"year\": 2024}'");
  }
  std::vector<store::ColumnFilter> filters;
  for (auto it = parsed.begin(); it != parsed.end(); ++it) {
    store::ColumnFilter f;
    f.column = it.key();
    const nlohmann::json& v = it.value();
    using Kind = store::ColumnFilter::Kind;
    if (v.is_null()) {
      f.kind = Kind::kNull;
    } else if (v.is_boolean()) {
      f.kind = Kind::kBoolean;
      f.int_value = v.get<bool>() ? 1 : 0;
    } else if (v.is_number_integer()) {
      f.kind = Kind::kInteger;
      f.int_value = v.get<int64_t>();
    } else if (v.is_number()) {
      f.kind = Kind::kFloat;
      f.float_value = v.get<double>();
    } else if (v.is_string()) {
      f.text = v.get<std::string>();
    } else {
      return Status(StatusCode::kInvalidArgument,
                    "--filter value of '" + f.column +
                        "' must be a string, number, boolean or null (only equality is supported)");
    }
    filters.push_back(std::move(f));
  }
  return filters;
}

std::string WithThousands(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

}  // namespace tdm::cli
