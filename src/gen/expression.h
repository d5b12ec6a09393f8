// Expressions of derived fields: `derived: "quantity * unit_price"`, `derived:
// "sum(lines.amount)"`.
//
// A derived field is computed from other fields of the same row (after they are generated) and
// from aggregates over the child rows that reference the row through a foreign key. The grammar:
//
//   expr    := term (('+' | '-') term)*
//   term    := unary (('*' | '/') unary)*
//   unary   := '-' unary | primary
//   primary := number | field | call | '(' expr ')'
//   call    := round(x [, digits]) | abs(x) | min(x, y, ...) | max(x, y, ...)
//            | sum(table.field) | avg(table.field) | min(table.field) | max(table.field)
//            | count(table)
//
// Integers stay exact (64-bit) through +, - and *; '/' and any decimal operand make a decimal
// (IEEE double, whose +, -, *, / are exactly rounded and so identical on every machine). A NULL
// operand makes the result NULL, as in SQL; division by zero is NULL too. Aggregates skip NULL
// children; sum and count over no children are 0, avg, min and max NULL.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tdm/status.h"

namespace tdm::gen {

// One computed value.
struct Value {
  bool null = true;
  bool is_int = false;
  int64_t i = 0;
  double d = 0;

  static Value Int(int64_t v) { return {false, true, v, 0}; }
  static Value Double(double v) { return {false, false, 0, v}; }
  static Value Null() { return {}; }
  double AsDouble() const { return is_int ? static_cast<double>(i) : d; }
};

enum class AggregateFn { kSum, kAvg, kMin, kMax, kCount };

// An aggregate over child rows: fn(table.field), or count(table) with an empty field.
struct Aggregate {
  AggregateFn fn = AggregateFn::kSum;
  std::string table;
  std::string field;
};

class Expression {
 public:
  // Parses `text`; a syntax error names the character offset and what was expected.
  static Result<Expression> Parse(std::string_view text);

  // The same-row fields the expression reads, in order of first use.
  const std::vector<std::string>& fields() const { return fields_; }
  // The aggregates it uses, in order of first use.
  const std::vector<Aggregate>& aggregates() const { return aggregates_; }

  // The value for one row: `field_values[k]` is the row's value of fields()[k] and
  // `aggregate_values[k]` that of aggregates()[k].
  Value Evaluate(const Value* field_values, const Value* aggregate_values) const;

 private:
  enum class Op : uint8_t {
    kNumber,
    kField,
    kAggregate,
    kNeg,
    kAdd,
    kSub,
    kMul,
    kDiv,
    kRound,
    kAbs,
    kMin,
    kMax
  };
  struct Node {
    Op op;
    Value number;                // kNumber
    uint32_t index = 0;          // kField, kAggregate: slot; calls: first argument's node
    std::vector<uint32_t> args;  // operands (node indexes)
  };

  Value Eval(uint32_t node, const Value* fields, const Value* aggregates) const;

  std::vector<Node> nodes_;
  uint32_t root_ = 0;
  std::vector<std::string> fields_;
  std::vector<Aggregate> aggregates_;

  friend class ExpressionParser;
};

// Rounds half away from zero to `digits` decimal places (digits 0..9).
double RoundDecimal(double value, int digits);

}  // namespace tdm::gen
