#include "spec/constraint.h"

#include <cctype>
#include <charconv>
#include <vector>

namespace tdm::spec {
namespace {

std::string Trim(std::string_view s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Status Bad(const std::string& text, const std::string& why) {
  return {StatusCode::kSpecError,
          "cannot read constraint \"" + text + "\": " + why +
              " (write comparisons joined by AND, e.g. \"> 0 AND < 150\" or \"< now()\")"};
}

// A snake_case field name such as created_at: letters, digits and at least one underscore,
// starting with a letter (now() offsets never hold an underscore).
bool IsFieldReference(const std::string& value) {
  if (value.empty() || !std::isalpha(static_cast<unsigned char>(value[0]))) return false;
  if (value.find('_') == std::string::npos) return false;
  for (char c : value) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

}  // namespace

std::optional<int64_t> ParseNowOffset(const std::string& raw) {
  std::string s;
  for (char c : Lower(raw)) {
    if (!std::isspace(static_cast<unsigned char>(c))) s.push_back(c);
  }
  if (s.rfind("now", 0) != 0) return std::nullopt;
  s = s.substr(3);
  if (s.rfind("()", 0) == 0) s = s.substr(2);
  if (s.empty()) return 0;
  int sign = s[0] == '-' ? -1 : s[0] == '+' ? 1 : 0;
  if (sign == 0) return std::nullopt;
  int64_t amount = 0;
  auto [end, ec] = std::from_chars(s.data() + 1, s.data() + s.size(), amount);
  if (ec != std::errc() || end + 1 != s.data() + s.size()) return std::nullopt;
  int64_t unit = 0;
  switch (*end) {
    case 's':
      unit = 1'000'000;
      break;
    case 'm':
      unit = 60'000'000;
      break;
    case 'h':
      unit = 3'600'000'000;
      break;
    case 'd':
      unit = 86'400'000'000;
      break;
    case 'w':
      unit = 7 * 86'400'000'000;
      break;
    case 'y':
      unit = 365 * 86'400'000'000;
      break;
    default:
      return std::nullopt;
  }
  int64_t offset = 0;
  if (__builtin_mul_overflow(amount, unit, &offset)) return std::nullopt;
  return sign * offset;
}

Result<Constraint> ParseConstraint(const std::string& text) {
  Constraint out;
  std::string rest = text;
  std::vector<std::string> clauses;
  // Split on AND (any case), keeping it simple: the literals never contain the word.
  std::string upper;
  for (char c : rest)
    upper.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  size_t start = 0;
  while (true) {
    size_t pos = upper.find(" AND ", start);
    clauses.push_back(
        rest.substr(start, pos == std::string::npos ? std::string::npos : pos - start));
    if (pos == std::string::npos) break;
    start = pos + 5;
  }
  for (const std::string& raw : clauses) {
    std::string clause = Trim(raw);
    if (clause.empty()) return Bad(text, "an empty comparison");
    std::string op;
    if (clause.rfind(">=", 0) == 0 || clause.rfind("<=", 0) == 0 || clause.rfind("==", 0) == 0) {
      op = clause.substr(0, 2);
    } else if (clause[0] == '>' || clause[0] == '<' || clause[0] == '=') {
      op = clause.substr(0, 1);
    } else {
      return Bad(text, "'" + clause + "' does not start with >, >=, <, <= or =");
    }
    std::string value = Trim(clause.substr(op.size()));
    if (IsFieldReference(value)) {
      out.fields.push_back({op == "==" ? "=" : op, value});
      continue;
    }
    Bound bound;
    bound.inclusive = op.size() == 2 || op == "=";
    bound.text = value;
    if (auto offset = ParseNowOffset(value)) {
      bound.kind = Bound::Kind::kNow;
      bound.now_offset_us = *offset;
    } else {
      double number = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
      bool is_number = ec == std::errc() && end == value.data() + value.size() && !value.empty();
      if (!is_number) {
        // A date or datetime literal, quoted or not; its type decides how to read it.
        if (value.size() >= 2 && (value.front() == '\'' || value.front() == '"')) {
          value = value.substr(1, value.size() - 2);
        }
        if (value.empty() || !std::isdigit(static_cast<unsigned char>(value[0]))) {
          return Bad(text, "'" + value + "' is not a number, a date or now()");
        }
        bound.text = value;
      }
      bound.number = number;
    }
    if (op[0] == '>') {
      if (out.lower) return Bad(text, "two lower bounds");
      out.lower = bound;
    } else if (op[0] == '<') {
      if (out.upper) return Bad(text, "two upper bounds");
      out.upper = bound;
    } else {
      out.equal = bound;
    }
  }
  return out;
}

}  // namespace tdm::spec
