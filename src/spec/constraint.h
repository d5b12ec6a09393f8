// Range constraints from schema files: "> 0 AND < 150", ">= 1900 AND <= 2100", "< now()".
//
// A constraint is a conjunction of comparisons against a number, a date/datetime, or `now()`
// optionally shifted (`now() - 30d`). It becomes a closed interval on the field's value domain
// that generation draws from directly, so every generated value satisfies it.
//
// A comparison may also name another field of the same row, for dates in logical order:
// `constraint: ">= created_at"`. A field reference is a snake_case name with an underscore
// (`created_at`, `start_date`), so a misspelt literal such as `tomorrow` is still an error. Field
// comparisons are kept apart from the interval (Constraint::fields): generation leaves them to
// derived fields, and validation (src/validate) checks them row by row in the target.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tdm/status.h"

namespace tdm::spec {

struct Bound {
  enum class Kind { kNumber, kNow };
  Kind kind = Kind::kNumber;
  double number = 0;          // kNumber: the literal (dates are parsed by the caller's type)
  std::string text;           // the literal as written, for dates
  int64_t now_offset_us = 0;  // kNow: shift in microseconds
  bool inclusive = true;
};

// `<op> other_field`: this field compared with another field of the same row.
struct FieldComparison {
  std::string op;     // ">", ">=", "<", "<=", "="
  std::string field;  // the other field's name
};

struct Constraint {
  std::vector<FieldComparison> fields;
  std::optional<Bound> lower;
  std::optional<Bound> upper;
  std::optional<Bound> equal;
};

// Parses `text`; errors name the token that could not be read.
Result<Constraint> ParseConstraint(const std::string& text);

// "now", "now()", "now-30d", "now() + 2h": the offset in microseconds, or nullopt when `text` is
// not relative to now. Units: s, m, h, d, w, y (365 days).
std::optional<int64_t> ParseNowOffset(const std::string& raw);

}  // namespace tdm::spec
