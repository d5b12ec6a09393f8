// The expression language of derived fields (gen/expression.h): what parses, where a parse error
// points, and the values it computes (exact integers, decimal division, NULLs, rounding).
#include "gen/expression.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace tdm::gen {
namespace {

// The text of an aggregate as it is written, "sum(lines.amount)" or "count(lines)", so tests can
// give aggregate values by name.
std::string AggregateText(const Aggregate& a) {
  static const char* const kNames[] = {"sum", "avg", "min", "max", "count"};
  return std::string(kNames[static_cast<int>(a.fn)]) + "(" + a.table +
         (a.field.empty() ? "" : "." + a.field) + ")";
}

// Parses and evaluates `text` with the named field and aggregate values (absent names are NULL).
Value Eval(const std::string& text, const std::map<std::string, Value>& fields = {},
           const std::map<std::string, Value>& aggregates = {}) {
  Result<Expression> e = Expression::Parse(text);
  EXPECT_TRUE(e.ok()) << text << ": " << e.status().ToString();
  if (!e.ok()) return Value::Null();
  std::vector<Value> field_values;
  for (const std::string& name : e->fields()) {
    auto it = fields.find(name);
    field_values.push_back(it == fields.end() ? Value::Null() : it->second);
  }
  std::vector<Value> aggregate_values;
  for (const Aggregate& a : e->aggregates()) {
    auto it = aggregates.find(AggregateText(a));
    aggregate_values.push_back(it == aggregates.end() ? Value::Null() : it->second);
  }
  return e->Evaluate(field_values.data(), aggregate_values.data());
}

::testing::AssertionResult IsInt(const Value& v, int64_t want) {
  if (v.null) return ::testing::AssertionFailure() << "NULL, want integer " << want;
  if (!v.is_int) return ::testing::AssertionFailure() << "decimal " << v.d << ", want " << want;
  if (v.i != want) return ::testing::AssertionFailure() << v.i << ", want " << want;
  return ::testing::AssertionSuccess();
}

// A decimal result equal to `want` bit for bit (the arithmetic is IEEE and deterministic).
::testing::AssertionResult IsDecimal(const Value& v, double want) {
  if (v.null) return ::testing::AssertionFailure() << "NULL, want decimal " << want;
  if (v.is_int) return ::testing::AssertionFailure() << "integer " << v.i << ", want " << want;
  if (v.d != want) {
    return ::testing::AssertionFailure() << ::testing::PrintToString(v.d) << ", want " << want;
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult IsNull(const Value& v) {
  if (v.null) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "not NULL: " << (v.is_int ? v.i : v.d);
}

// Asserts `text` fails to parse with a kSpecError whose message has every one of `parts`.
::testing::AssertionResult ParseFails(const std::string& text,
                                      const std::vector<std::string>& parts) {
  Result<Expression> e = Expression::Parse(text);
  if (e.ok()) return ::testing::AssertionFailure() << "\"" << text << "\" parsed";
  if (e.status().code() != StatusCode::kSpecError) {
    return ::testing::AssertionFailure() << "not a spec error: " << e.status().ToString();
  }
  for (const std::string& part : parts) {
    if (e.status().message().find(part) == std::string::npos) {
      return ::testing::AssertionFailure()
             << "message lacks \"" << part << "\": " << e.status().message();
    }
  }
  return ::testing::AssertionSuccess();
}

TEST(ExpressionParse, AnUnknownFunctionIsNamedWithTheListAndItsPosition) {
  EXPECT_TRUE(ParseFails("1 + sqrt(x)",
                         {"unknown function 'sqrt'",
                          "(functions: round, abs, min, max, sum, avg, count)", "at character 5"}));
  EXPECT_TRUE(ParseFails("Sum(lines.amount)", {"unknown function 'Sum'", "at character 1"}));
}

TEST(ExpressionParse, ADottedFieldOutsideAnAggregateSaysHowToAggregateIt) {
  EXPECT_TRUE(ParseFails("quantity * order_lines.amount",
                         {"'order_lines.…' reads another table",
                          "wrap it in sum(), avg(), min(), max() or count()", "at character 12"}));
  // min/max with more than a lone table.field are the scalar functions, which read this row only.
  EXPECT_TRUE(ParseFails("min(lines.amount, 3)", {"reads another table", "at character 5"}));
}

TEST(ExpressionParse, UnbalancedParenthesesPointAtWhereTheTextWentWrong) {
  EXPECT_TRUE(ParseFails("(a + b", {"expected ')'", "at character 7"}));
  EXPECT_TRUE(ParseFails("((a + b) * 2", {"expected ')'", "at character 13"}));
  EXPECT_TRUE(ParseFails("a + b)", {"unexpected ')'", "at character 6"}));
  EXPECT_TRUE(ParseFails("round(a, 2", {"expected ',' or ')'", "at character 11"}));
  EXPECT_TRUE(ParseFails("sum(lines.amount", {"expected ')'", "at character 17"}));
  EXPECT_TRUE(ParseFails("()", {"unexpected ')'", "at character 2"}));
}

TEST(ExpressionParse, OtherSyntaxErrorsNameTheCharacter) {
  EXPECT_TRUE(ParseFails("", {"the text ended", "at character 1"}));
  EXPECT_TRUE(ParseFails("a +", {"the text ended", "at character 4"}));
  EXPECT_TRUE(ParseFails("2 3", {"unexpected '3'", "at character 3"}));
  EXPECT_TRUE(ParseFails("a % 2", {"unexpected '%'", "at character 3"}));
  EXPECT_TRUE(ParseFails("a * #", {"unexpected '#'", "at character 5"}));
  EXPECT_TRUE(ParseFails("99999999999999999999", {"number out of range", "at character 1"}));
  EXPECT_TRUE(ParseFails("x + .", {"malformed number", "at character 5"}));
  // The whole expression is quoted so that the message stands on its own.
  EXPECT_TRUE(ParseFails("a +", {"derived expression \"a +\""}));
}

TEST(ExpressionParse, RoundDigitsMustBeAWholeNumberFrom0To9) {
  for (const char* ok : {"round(a)", "round(a, 0)", "round(a, 9)", "round(a * 2, 3)"}) {
    EXPECT_TRUE(Expression::Parse(ok).ok()) << ok;
  }
  for (const char* bad :
       {"round(a, 10)", "round(a, -1)", "round(a, 2.5)", "round(a, b)", "round(a, 1 + 1)"}) {
    EXPECT_TRUE(ParseFails(bad, {"round()'s digits must be a whole number 0..9", "at character"}))
        << bad;
  }
}

TEST(ExpressionParse, CallsCheckTheirArgumentCount) {
  EXPECT_TRUE(ParseFails("round()", {"round() takes 1 or 2 argument(s)"}));
  EXPECT_TRUE(ParseFails("round(a, 1, 2)", {"round() takes 1 or 2 argument(s)"}));
  EXPECT_TRUE(ParseFails("abs(a, b)", {"abs() takes 1 argument(s)"}));
  EXPECT_TRUE(ParseFails("min(a)", {"min() takes at least 2 argument(s)"}));
  EXPECT_TRUE(ParseFails("max()", {"max() takes at least 2 argument(s)"}));
}

TEST(ExpressionParse, CountTakesATableOrAFieldTheOtherAggregatesNeedAField) {
  Result<Expression> rows = Expression::Parse("count(lines)");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->aggregates().size(), 1u);
  EXPECT_EQ(rows->aggregates()[0].fn, AggregateFn::kCount);
  EXPECT_EQ(rows->aggregates()[0].table, "lines");
  EXPECT_EQ(rows->aggregates()[0].field, "");

  Result<Expression> values = Expression::Parse("count(lines.amount)");
  ASSERT_TRUE(values.ok()) << values.status().ToString();
  ASSERT_EQ(values->aggregates().size(), 1u);
  EXPECT_EQ(values->aggregates()[0].fn, AggregateFn::kCount);
  EXPECT_EQ(values->aggregates()[0].field, "amount");

  EXPECT_TRUE(ParseFails("sum(lines)", {"sum() takes table.field", "sum(lines.amount)"}));
  EXPECT_TRUE(ParseFails("avg(lines)", {"avg() takes table.field"}));
  EXPECT_TRUE(ParseFails("sum(2)", {"sum() takes a child table's field"}));
  EXPECT_TRUE(ParseFails("count()", {"count() takes a child table's field"}));
  EXPECT_TRUE(ParseFails("sum(lines.)", {"expected a field name"}));
}

TEST(ExpressionParse, MinAndMaxOfALoneTableFieldAreAggregates) {
  Result<Expression> e = Expression::Parse("max(lines.price) - min( lines.price ) + min(a, b)");
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  ASSERT_EQ(e->aggregates().size(), 2u);
  EXPECT_EQ(e->aggregates()[0].fn, AggregateFn::kMax);
  EXPECT_EQ(e->aggregates()[1].fn, AggregateFn::kMin);
  EXPECT_EQ(e->aggregates()[1].table, "lines");
  EXPECT_EQ(e->aggregates()[1].field, "price");
  EXPECT_EQ(e->fields(), (std::vector<std::string>{"a", "b"}));
}

TEST(ExpressionParse, FieldsAndAggregatesAreListedOnceInOrderOfFirstUse) {
  Result<Expression> e =
      Expression::Parse("b * a + b + sum(l.x) + count(l) + sum(l.x) + avg(l.x) + round(c, 2)");
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(e->fields(), (std::vector<std::string>{"b", "a", "c"}));
  ASSERT_EQ(e->aggregates().size(), 3u);
  EXPECT_EQ(AggregateText(e->aggregates()[0]), "sum(l.x)");
  EXPECT_EQ(AggregateText(e->aggregates()[1]), "count(l)");
  EXPECT_EQ(AggregateText(e->aggregates()[2]), "avg(l.x)");
  // A function name is an ordinary field name when it is not called.
  Result<Expression> named = Expression::Parse("round + count_2");
  ASSERT_TRUE(named.ok()) << named.status().ToString();
  EXPECT_EQ(named->fields(), (std::vector<std::string>{"round", "count_2"}));
}

TEST(ExpressionEval, IntegersStayExactThroughAddSubtractAndMultiply) {
  EXPECT_TRUE(IsInt(Eval("2 + 3"), 5));
  EXPECT_TRUE(IsInt(Eval("2 - 3"), -1));
  EXPECT_TRUE(IsInt(Eval("quantity * 7", {{"quantity", Value::Int(6)}}), 42));
  // Past 2^53 a double could not hold these; the 64-bit integer path does.
  EXPECT_TRUE(IsInt(Eval("3037000499 * 3037000499"), 9223372030926249001));
  EXPECT_TRUE(IsInt(Eval("a * b", {{"a", Value::Int(123456789012)}, {"b", Value::Int(74713)}}),
                    9223827077453556));
  EXPECT_TRUE(IsInt(Eval("a + 1", {{"a", Value::Int(9007199254740993)}}), 9007199254740994));
  EXPECT_TRUE(
      IsInt(Eval("a - b", {{"a", Value::Int(INT64_MAX)}, {"b", Value::Int(1)}}), INT64_MAX - 1));
}

TEST(ExpressionEval, AnIntegerOverflowBecomesADecimalInsteadOfWrapping) {
  EXPECT_TRUE(IsDecimal(Eval("9223372036854775807 + 1"), 9223372036854775808.0));
  EXPECT_TRUE(IsDecimal(Eval("4611686018427387904 * 2"), 9223372036854775808.0));
  EXPECT_TRUE(IsDecimal(Eval("0 - 9223372036854775807 - 2"), -9223372036854775809.0));
  // Negating the smallest integer has no integer result either.
  Value smallest = Eval("0 - 9223372036854775807 - 1");
  EXPECT_TRUE(IsInt(smallest, INT64_MIN));
  EXPECT_TRUE(IsDecimal(Eval("-a", {{"a", smallest}}), 9223372036854775808.0));
  EXPECT_TRUE(IsDecimal(Eval("abs(a)", {{"a", smallest}}), 9223372036854775808.0));
}

TEST(ExpressionEval, DivisionAlwaysGivesADecimal) {
  EXPECT_TRUE(IsDecimal(Eval("7 / 2"), 3.5));
  EXPECT_TRUE(IsDecimal(Eval("6 / 3"), 2.0));
  EXPECT_TRUE(IsDecimal(Eval("1 / 3"), 1.0 / 3.0));
  EXPECT_TRUE(IsDecimal(Eval("100 / 10 / 4"), 2.5));  // left to right
  EXPECT_TRUE(IsDecimal(Eval("-7 / 2"), -3.5));
  EXPECT_TRUE(IsDecimal(Eval("1 + 0.5"), 1.5));  // and so does any decimal operand
  EXPECT_TRUE(IsDecimal(Eval("2 * 0.1"), 0.2));
  EXPECT_TRUE(
      IsDecimal(Eval("a * b", {{"a", Value::Int(3)}, {"b", Value::Double(19.99)}}), 3 * 19.99));
}

TEST(ExpressionEval, DivisionByZeroIsNull) {
  EXPECT_TRUE(IsNull(Eval("5 / 0")));
  EXPECT_TRUE(IsNull(Eval("0 / 0")));
  EXPECT_TRUE(IsNull(Eval("5.5 / 0.0")));
  EXPECT_TRUE(IsNull(Eval("a / b", {{"a", Value::Int(1)}, {"b", Value::Double(0)}})));
  EXPECT_TRUE(IsNull(Eval("a / (b - b)", {{"a", Value::Int(1)}, {"b", Value::Int(4)}})));
  EXPECT_TRUE(IsNull(Eval("1 + 1 / 0")));  // and the NULL spreads
}

TEST(ExpressionEval, NullPropagatesThroughEveryOperator) {
  const std::map<std::string, Value> row = {{"n", Value::Null()}, {"x", Value::Int(2)}};
  for (const char* text :
       {"n", "n + 1", "1 - n", "n * 0", "0 / n", "n / 1", "-n", "abs(n)", "round(n)", "round(n, 2)",
        "min(x, n, 3)", "max(n, x, 3)", "(n)", "x * (n + 1)"}) {
    EXPECT_TRUE(IsNull(Eval(text, row))) << text;
  }
  EXPECT_TRUE(IsInt(Eval("x + 1", row), 3));
}

TEST(ExpressionEval, RoundIsHalfAwayFromZero) {
  EXPECT_TRUE(IsDecimal(Eval("round(2.5)"), 3.0));
  EXPECT_TRUE(IsDecimal(Eval("round(-2.5)"), -3.0));
  EXPECT_TRUE(IsDecimal(Eval("round(0.5)"), 1.0));
  EXPECT_TRUE(IsDecimal(Eval("round(1.5)"), 2.0));  // not to even
  EXPECT_TRUE(IsDecimal(Eval("round(-0.5)"), -1.0));
  EXPECT_TRUE(IsDecimal(Eval("round(2.4999)"), 2.0));
  EXPECT_TRUE(IsDecimal(Eval("round(0.125, 2)"), 0.13));
  EXPECT_TRUE(IsDecimal(Eval("round(-0.125, 2)"), -0.13));
  EXPECT_TRUE(IsDecimal(Eval("round(1.25, 1)"), 1.3));
  EXPECT_TRUE(IsDecimal(Eval("round(7 / 2)"), 4.0));
  EXPECT_TRUE(IsDecimal(Eval("round(-7 / 2)"), -4.0));
  EXPECT_TRUE(IsDecimal(Eval("round(2 / 3, 4)"), 0.6667));
  EXPECT_TRUE(IsDecimal(Eval("round(123.456, 0)"), 123.0));
  // 1.005 * 1000 is 1004.9999999999999 in binary; the nearest whole number is still 1005.
  EXPECT_TRUE(IsDecimal(Eval("round(1.005 * 1000)"), 1005.0));
  EXPECT_TRUE(IsDecimal(Eval("round(1.005 * 1000) / 1000"), 1.005));
  // A whole number is already rounded and stays an integer.
  EXPECT_TRUE(IsInt(Eval("round(7)"), 7));
  EXPECT_TRUE(IsInt(Eval("round(a, 2)", {{"a", Value::Int(-12)}}), -12));
}

TEST(ExpressionEval, RoundDecimalGivesTheNearestDoubleOfTheRoundedDecimal) {
  EXPECT_EQ(RoundDecimal(2.5, 0), 3.0);
  EXPECT_EQ(RoundDecimal(-2.5, 0), -3.0);
  EXPECT_EQ(RoundDecimal(3 * 19.99, 2), 59.97);
  EXPECT_EQ(RoundDecimal(0.1 + 0.2, 2), 0.3);
  EXPECT_EQ(RoundDecimal(-0.1 - 0.2, 9), -0.3);
  EXPECT_EQ(RoundDecimal(1234.5678, 3), 1234.568);
  EXPECT_EQ(RoundDecimal(0.0, 2), 0.0);
}

TEST(ExpressionEval, MinAndMaxTakeAnyNumberOfArguments) {
  EXPECT_TRUE(IsInt(Eval("min(3, 1, 2)"), 1));
  EXPECT_TRUE(IsInt(Eval("max(3, 1, 2)"), 3));
  EXPECT_TRUE(IsInt(Eval("max(-1, -2, -3)"), -1));
  EXPECT_TRUE(IsDecimal(Eval("min(2, 1.5, 3)"), 1.5));
  EXPECT_TRUE(IsDecimal(Eval("max(2, 2.5, 1)"), 2.5));
  EXPECT_TRUE(IsInt(
      Eval("max(a, b, c, 0)", {{"a", Value::Int(-5)}, {"b", Value::Int(17)}, {"c", Value::Int(4)}}),
      17));
  EXPECT_TRUE(IsInt(Eval("min(a, 10) + max(a, 10)", {{"a", Value::Int(4)}}), 14));
  // Large integers compare exactly, not through doubles that would call them equal.
  EXPECT_TRUE(IsInt(Eval("max(9007199254740993, 9007199254740992)"), 9007199254740993));
}

TEST(ExpressionEval, AbsAndUnaryMinus) {
  EXPECT_TRUE(IsInt(Eval("abs(-3)"), 3));
  EXPECT_TRUE(IsInt(Eval("abs(3)"), 3));
  EXPECT_TRUE(IsDecimal(Eval("abs(-2.5)"), 2.5));
  EXPECT_TRUE(IsInt(Eval("-a", {{"a", Value::Int(5)}}), -5));
  EXPECT_TRUE(IsInt(Eval("--5"), 5));
  EXPECT_TRUE(IsInt(Eval("-(2 + 3)"), -5));
  EXPECT_TRUE(IsInt(Eval("2 * -3 + 1"), -5));
  EXPECT_TRUE(IsInt(Eval("- 2 - -3"), 1));
  EXPECT_TRUE(IsDecimal(Eval("-0.25 * 4"), -1.0));
}

TEST(ExpressionEval, PrecedenceAndAssociativity) {
  EXPECT_TRUE(IsInt(Eval("2 + 3 * 4"), 14));
  EXPECT_TRUE(IsInt(Eval("(2 + 3) * 4"), 20));
  EXPECT_TRUE(IsInt(Eval("10 - 4 - 3"), 3));
  EXPECT_TRUE(IsInt(Eval("10 - (4 - 3)"), 9));
  EXPECT_TRUE(IsInt(Eval("2 * 3 + 4 * 5"), 26));
  EXPECT_TRUE(IsDecimal(Eval("1 + 6 / 4 * 2"), 4.0));
  EXPECT_TRUE(IsDecimal(Eval("8 / 2 / 2"), 2.0));
  EXPECT_TRUE(IsInt(Eval(" ( a+b )*\t2 ", {{"a", Value::Int(1)}, {"b", Value::Int(2)}}), 6));
}

TEST(ExpressionEval, AggregatesAreReadFromTheirSlots) {
  const std::map<std::string, Value> aggregates = {
      {"sum(lines.amount)", Value::Double(100.5)},
      {"count(lines)", Value::Int(4)},
      {"max(lines.amount)", Value::Double(40)},
  };
  EXPECT_TRUE(IsDecimal(Eval("round(sum(lines.amount) / count(lines), 2)", {}, aggregates), 25.13));
  EXPECT_TRUE(IsDecimal(
      Eval("max(lines.amount) * 2 + shipping", {{"shipping", Value::Double(4.5)}}, aggregates),
      84.5));
  EXPECT_TRUE(IsNull(Eval("avg(lines.amount)", {}, {{"avg(lines.amount)", Value::Null()}})));
}

}  // namespace
}  // namespace tdm::gen
