#include "store/file/filtered_source.h"

#include <algorithm>
#include <cmath>

#include "core/time_format.h"

namespace tdm::store {
namespace {

// One filter, reduced to a comparison on the column's physical value.
struct Match {
  enum class Test { kNull, kInt, kDouble, kText, kNever };
  size_t column = 0;
  Test test = Test::kNever;
  int64_t int_value = 0;
  double double_value = 0;
  std::string text;
};

Result<Match> MatchFor(const TableSchema& schema, const ColumnFilter& f) {
  using Kind = ColumnFilter::Kind;
  using Test = Match::Test;
  Match m;
  int index = schema.FindColumn(f.column);
  if (index < 0) {
    return Status(StatusCode::kInvalidArgument,
                  "filter names field '" + f.column + "', which '" + schema.name + "' lacks");
  }
  m.column = static_cast<size_t>(index);
  const ColumnSchema& column = schema.columns[m.column];
  if (f.kind == Kind::kNull) {
    m.test = Test::kNull;
    return m;
  }
  auto invalid = [&](const char* what) {
    return Status(StatusCode::kInvalidArgument, "filter value for '" + column.name + "' must be " +
                                                    what + ", like the field's values");
  };
  switch (column.type) {
    case ColumnType::kInteger:
      if (f.kind == Kind::kInteger) {
        m.test = Test::kInt;
        m.int_value = f.int_value;
      } else if (std::trunc(f.float_value) == f.float_value && f.float_value >= -0x1p63 &&
                 f.float_value < 0x1p63) {
        m.test = Test::kInt;
        m.int_value = static_cast<int64_t>(f.float_value);
      }  // else a fraction, which no integer equals: kNever
      return m;
    case ColumnType::kFloat:
      m.test = Test::kDouble;
      m.double_value = f.kind == Kind::kInteger ? static_cast<double>(f.int_value) : f.float_value;
      return m;
    case ColumnType::kBoolean:
      m.test = Test::kInt;
      m.int_value = f.int_value != 0 ? 1 : 0;
      return m;
    case ColumnType::kDate:
    case ColumnType::kDateTime: {
      auto value = column.type == ColumnType::kDate ? ParseDate(f.text) : ParseDateTime(f.text);
      if (!value) {
        return invalid(column.type == ColumnType::kDate ? "a date (YYYY-MM-DD)"
                                                        : "a datetime (YYYY-MM-DDTHH:MM:SSZ)");
      }
      m.test = Test::kInt;
      m.int_value = *value;
      return m;
    }
    default:
      m.test = Test::kText;
      m.text = f.text;
      return m;
  }
}

bool Matches(const Match& m, const Column& column, size_t row) {
  if (column.IsNull(row)) return m.test == Match::Test::kNull;
  switch (m.test) {
    case Match::Test::kInt:
      return column.type() == ColumnType::kBoolean ? (column.GetInt(row) != 0) == (m.int_value != 0)
                                                   : column.GetInt(row) == m.int_value;
    case Match::Test::kDouble:
      return column.GetDouble(row) == m.double_value;
    case Match::Test::kText:
      return column.GetString(row) == m.text;
    default:
      return false;
  }
}

void CopyValue(const Column& from, size_t row, Column& to) {
  if (from.IsNull(row)) {
    to.AppendNull();
    return;
  }
  switch (from.physical()) {
    case PhysicalType::kInt64:
      to.AppendInt(from.GetInt(row));
      return;
    case PhysicalType::kDouble:
      to.AppendDouble(from.GetDouble(row));
      return;
    case PhysicalType::kString:
      to.AppendString(from.GetString(row));
      return;
  }
}

class FilteredSource final : public Source {
 public:
  FilteredSource(std::unique_ptr<Source> inner, std::vector<Match> matches,
                 std::optional<int64_t> limit)
      : inner_(std::move(inner)),
        matches_(std::move(matches)),
        remaining_(limit ? std::max<int64_t>(*limit, 0) : -1) {}

  const TableSchema& schema() const override { return inner_->schema(); }

  Result<bool> Next(Batch& out, size_t max_rows) override {
    if (remaining_ >= 0) max_rows = std::min(max_rows, static_cast<size_t>(remaining_));
    if (matches_.empty()) {
      if (max_rows == 0) {
        out.Reset(schema(), next_row_, 0);
        return false;
      }
      TDM_ASSIGN_OR_RETURN(bool more, inner_->Next(out, max_rows));
      Count(out);
      return more;
    }
    out.Reset(schema(), next_row_, 0);
    while (out.num_rows < max_rows) {
      if (cursor_ == pending_.num_rows) {
        if (done_) break;
        TDM_ASSIGN_OR_RETURN(bool more, inner_->Next(pending_, std::max<size_t>(max_rows, 1024)));
        cursor_ = 0;
        done_ = !more;
        continue;
      }
      size_t row = cursor_++;
      bool keep = true;
      for (const Match& m : matches_) keep = keep && Matches(m, pending_.columns[m.column], row);
      if (!keep) continue;
      for (size_t c = 0; c < out.columns.size(); ++c)
        CopyValue(pending_.columns[c], row, out.columns[c]);
      ++out.num_rows;
    }
    Count(out);
    return out.num_rows > 0;
  }

 private:
  void Count(Batch& out) {
    out.first_row = next_row_;
    next_row_ += static_cast<int64_t>(out.num_rows);
    if (remaining_ >= 0) remaining_ -= static_cast<int64_t>(out.num_rows);
  }

  std::unique_ptr<Source> inner_;
  std::vector<Match> matches_;
  int64_t remaining_;  // -1 = no limit
  Batch pending_;      // read from inner_, examined up to cursor_
  size_t cursor_ = 0;
  bool done_ = false;
  int64_t next_row_ = 0;
};

}  // namespace

Result<std::unique_ptr<Source>> FilterRows(std::unique_ptr<Source> inner,
                                           const std::vector<ColumnFilter>& filters,
                                           std::optional<int64_t> limit) {
  if (filters.empty() && !limit) return inner;
  std::vector<Match> matches;
  for (const ColumnFilter& f : filters) {
    TDM_ASSIGN_OR_RETURN(Match m, MatchFor(inner->schema(), f));
    matches.push_back(std::move(m));
  }
  return std::unique_ptr<Source>(new FilteredSource(std::move(inner), std::move(matches), limit));
}

}  // namespace tdm::store
