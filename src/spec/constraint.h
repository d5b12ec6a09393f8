// Range constraints from schema files: "> 0 AND < 150", ">= 1900 AND <= 2100", "< now()".
//
// A constraint is a conjunction of comparisons against a number, a date/datetime, or `now()`
// optionally shifted (`now() - 30d`). It becomes a closed interval on the field's value domain
// that generation draws from directly, so every generated value satisfies it.
#pragma once

#include <optional>
#include <string>

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

struct Constraint {
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
