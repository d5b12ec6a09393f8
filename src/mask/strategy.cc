#include "mask/strategy.h"

#include <charconv>

#include "core/suggest.h"
#include "core/time_format.h"

namespace tdm::mask {

const std::vector<Strategy>& Strategies() {
  static const std::vector<Strategy> strategies = [] {
    std::vector<Strategy> out;
    AddTextStrategies(out);
    AddAnonymizeStrategy(out);
    AddNoiseStrategy(out);
    AddFpeStrategy(out);
    out.push_back({"aggregate", "the table becomes one row of count, total, average, min, max",
                   false, false, nullptr});
    return out;
  }();
  return strategies;
}

const Strategy* FindStrategy(std::string_view name) {
  for (const Strategy& s : Strategies()) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

Result<std::unique_ptr<ColumnMasker>> MakeColumnMasker(const MaskRule& rule,
                                                       const ColumnSchema& column) {
  const Strategy* strategy = FindStrategy(rule.strategy);
  if (strategy == nullptr) {
    std::vector<std::string> names;
    for (const Strategy& s : Strategies()) names.push_back(s.name);
    return Status(StatusCode::kSpecError, "unknown masking strategy '" + rule.strategy + "'" +
                                              DidYouMean(rule.strategy, names));
  }
  if (!strategy->make) {
    return Status(StatusCode::kSpecError,
                  "'" + rule.strategy + "' masks whole tables, not one column");
  }
  if (strategy->keyed && rule.key.empty()) {
    return Status(StatusCode::kSpecError,
                  "masking column '" + column.name + "' with '" + rule.strategy +
                      "' needs a key: set `salt:` on its rule or on policies.default, or export "
                      "TDM_MASKING_KEY");
  }
  if (strategy->makes_nullable && (column.primary_key)) {
    return Status(StatusCode::kSpecError, "column '" + column.name +
                                              "' is a primary key and cannot be masked to NULL; "
                                              "use fpe or hash");
  }
  return strategy->make(rule, column);
}

void AppendCanonical(const Column& column, size_t row, std::string& out) {
  switch (column.type()) {
    case ColumnType::kInteger:
    case ColumnType::kBoolean: {
      char buf[24];
      auto end = std::to_chars(buf, buf + sizeof buf, column.GetInt(row)).ptr;
      out.append(buf, end);
      return;
    }
    case ColumnType::kDate:
      AppendDate(column.GetInt(row), out);
      return;
    case ColumnType::kDateTime:
      AppendDateTime(column.GetInt(row), out);
      return;
    case ColumnType::kFloat: {
      char buf[32];
      auto end = std::to_chars(buf, buf + sizeof buf, column.GetDouble(row)).ptr;
      out.append(buf, end);
      return;
    }
    default:
      out.append(column.GetString(row));
  }
}

bool CopyNull(const Column& in, size_t row, Column& out) {
  if (!in.IsNull(row)) return false;
  out.AppendNull();
  return true;
}

}  // namespace tdm::mask
