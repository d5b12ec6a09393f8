#include "gen/expression.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace tdm::gen {

class ExpressionParser {
 public:
  ExpressionParser(std::string_view text, Expression& out) : text_(text), out_(out) {}

  Result<uint32_t> ParseAll() {
    TDM_ASSIGN_OR_RETURN(uint32_t root, ParseSum());
    SkipSpace();
    if (pos_ < text_.size()) return Error("unexpected '" + std::string(1, text_[pos_]) + "'");
    return root;
  }

 private:
  using Op = Expression::Op;

  Status Error(const std::string& what) const {
    return Status(StatusCode::kSpecError, "derived expression \"" + std::string(text_) + "\": " +
                                              what + " at character " + std::to_string(pos_ + 1));
  }

  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }

  bool Take(char c) {
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  uint32_t Add(Expression::Node node) {
    out_.nodes_.push_back(std::move(node));
    return static_cast<uint32_t>(out_.nodes_.size() - 1);
  }

  uint32_t Binary(Op op, uint32_t a, uint32_t b) { return Add({op, {}, 0, {a, b}}); }

  Result<uint32_t> ParseSum() {
    TDM_ASSIGN_OR_RETURN(uint32_t left, ParseProduct());
    for (;;) {
      if (Take('+')) {
        TDM_ASSIGN_OR_RETURN(uint32_t right, ParseProduct());
        left = Binary(Op::kAdd, left, right);
      } else if (Take('-')) {
        TDM_ASSIGN_OR_RETURN(uint32_t right, ParseProduct());
        left = Binary(Op::kSub, left, right);
      } else {
        return left;
      }
    }
  }

  Result<uint32_t> ParseProduct() {
    TDM_ASSIGN_OR_RETURN(uint32_t left, ParseUnary());
    for (;;) {
      if (Take('*')) {
        TDM_ASSIGN_OR_RETURN(uint32_t right, ParseUnary());
        left = Binary(Op::kMul, left, right);
      } else if (Take('/')) {
        TDM_ASSIGN_OR_RETURN(uint32_t right, ParseUnary());
        left = Binary(Op::kDiv, left, right);
      } else {
        return left;
      }
    }
  }

  Result<uint32_t> ParseUnary() {
    if (Take('-')) {
      TDM_ASSIGN_OR_RETURN(uint32_t operand, ParseUnary());
      return Add({Op::kNeg, {}, 0, {operand}});
    }
    return ParsePrimary();
  }

  static bool IsNameStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }
  static bool IsNameChar(char c) { return IsNameStart(c) || (c >= '0' && c <= '9'); }

  std::string Name() {
    size_t start = pos_;
    while (pos_ < text_.size() && IsNameChar(text_[pos_])) ++pos_;
    return std::string(text_.substr(start, pos_ - start));
  }

  Result<uint32_t> ParseNumber() {
    size_t start = pos_;
    bool decimal = false;
    while (pos_ < text_.size() &&
           ((text_[pos_] >= '0' && text_[pos_] <= '9') || (text_[pos_] == '.' && !decimal))) {
      decimal |= text_[pos_] == '.';
      ++pos_;
    }
    std::string_view digits = text_.substr(start, pos_ - start);
    Value v;
    if (decimal) {
      double d = 0;
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), d);
      if (ec != std::errc() || end != digits.data() + digits.size()) {
        pos_ = start;
        return Error("malformed number");
      }
      v = Value::Double(d);
    } else {
      int64_t i = 0;
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), i);
      if (ec != std::errc()) {
        pos_ = start;
        return Error("number out of range");
      }
      v = Value::Int(i);
    }
    return Add({Op::kNumber, v, 0, {}});
  }

  Result<uint32_t> ParsePrimary() {
    SkipSpace();
    if (pos_ >= text_.size()) return Error("expected a number, a field or '(' but the text ended");
    char c = text_[pos_];
    if ((c >= '0' && c <= '9') || c == '.') return ParseNumber();
    if (c == '(') {
      ++pos_;
      TDM_ASSIGN_OR_RETURN(uint32_t inner, ParseSum());
      if (!Take(')')) return Error("expected ')'");
      return inner;
    }
    if (!IsNameStart(c)) return Error("unexpected '" + std::string(1, c) + "'");
    size_t name_at = pos_;
    std::string name = Name();
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == '(') {
      ++pos_;
      return ParseCall(name, name_at);
    }
    if (pos_ < text_.size() && text_[pos_] == '.') {
      pos_ = name_at;
      return Error("'" + name +
                   ".…' reads another table; wrap it in sum(), avg(), min(), max() or count()");
    }
    return Slot(out_.fields_, name, Op::kField);
  }

  uint32_t Slot(std::vector<std::string>& names, const std::string& name, Op op) {
    auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) it = names.insert(names.end(), name);
    return Add({op, {}, static_cast<uint32_t>(it - names.begin()), {}});
  }

  // `table.field` (or `table` for count) inside an aggregate call.
  Result<uint32_t> ParseAggregate(AggregateFn fn, const std::string& call) {
    SkipSpace();
    if (pos_ >= text_.size() || !IsNameStart(text_[pos_])) {
      return Error(call + "() takes a child table's field, e.g. " + call + "(lines.amount)");
    }
    Aggregate a{fn, Name(), ""};
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      if (pos_ >= text_.size() || !IsNameStart(text_[pos_])) return Error("expected a field name");
      a.field = Name();
    } else if (fn != AggregateFn::kCount) {
      return Error(call + "() takes table.field, e.g. " + call + "(lines.amount)");
    }
    if (!Take(')')) return Error("expected ')'");
    auto same = [&](const Aggregate& b) {
      return b.fn == a.fn && b.table == a.table && b.field == a.field;
    };
    auto it = std::find_if(out_.aggregates_.begin(), out_.aggregates_.end(), same);
    if (it == out_.aggregates_.end()) it = out_.aggregates_.insert(out_.aggregates_.end(), a);
    return Add({Op::kAggregate, {}, static_cast<uint32_t>(it - out_.aggregates_.begin()), {}});
  }

  // True when the call's only argument is `name.name)`: min/max over a child table.
  bool DottedSingleArgument() {
    size_t save = pos_;
    SkipSpace();
    bool dotted = false;
    if (pos_ < text_.size() && IsNameStart(text_[pos_])) {
      Name();
      if (pos_ < text_.size() && text_[pos_] == '.') {
        ++pos_;
        Name();
        dotted = Take(')');
      }
    }
    pos_ = save;
    return dotted;
  }

  Result<uint32_t> ParseCall(const std::string& name, size_t name_at) {
    if (name == "sum") return ParseAggregate(AggregateFn::kSum, name);
    if (name == "avg") return ParseAggregate(AggregateFn::kAvg, name);
    if (name == "count") return ParseAggregate(AggregateFn::kCount, name);
    if ((name == "min" || name == "max") && DottedSingleArgument()) {
      return ParseAggregate(name == "min" ? AggregateFn::kMin : AggregateFn::kMax, name);
    }
    Op op;
    size_t min_args = 1, max_args = 1;
    if (name == "round") {
      op = Op::kRound;
      max_args = 2;
    } else if (name == "abs") {
      op = Op::kAbs;
    } else if (name == "min" || name == "max") {
      op = name == "min" ? Op::kMin : Op::kMax;
      min_args = 2;
      max_args = 64;
    } else {
      pos_ = name_at;
      return Error("unknown function '" + name +
                   "' (functions: round, abs, min, max, sum, avg, count)");
    }
    Expression::Node node{op, {}, 0, {}};
    if (!Take(')')) {
      do {
        TDM_ASSIGN_OR_RETURN(uint32_t arg, ParseSum());
        node.args.push_back(arg);
      } while (Take(','));
      if (!Take(')')) return Error("expected ',' or ')'");
    }
    if (node.args.size() < min_args || node.args.size() > max_args) {
      return Error(name + "() takes " +
                   (min_args == max_args ? std::to_string(min_args)
                    : max_args == 64
                        ? "at least " + std::to_string(min_args)
                        : std::to_string(min_args) + " or " + std::to_string(max_args)) +
                   " argument(s)");
    }
    if (op == Op::kRound && node.args.size() == 2) {
      const Expression::Node& digits = out_.nodes_[node.args[1]];
      if (digits.op != Op::kNumber || !digits.number.is_int || digits.number.i < 0 ||
          digits.number.i > 9) {
        return Error("round()'s digits must be a whole number 0..9");
      }
    }
    return Add(std::move(node));
  }

  std::string_view text_;
  Expression& out_;
  size_t pos_ = 0;
};

Result<Expression> Expression::Parse(std::string_view text) {
  Expression e;
  ExpressionParser parser(text, e);
  TDM_ASSIGN_OR_RETURN(e.root_, parser.ParseAll());
  return e;
}

double RoundDecimal(double value, int digits) {
  double scale = 1;
  for (int i = 0; i < digits; ++i) scale *= 10;
  return std::round(value * scale) / scale;  // std::round: half away from zero, exact
}

namespace {

Value Arithmetic(char op, const Value& a, const Value& b) {
  if (a.null || b.null) return Value::Null();
  if (a.is_int && b.is_int && op != '/') {
    int64_t r = 0;
    bool overflow = op == '+'   ? __builtin_add_overflow(a.i, b.i, &r)
                    : op == '-' ? __builtin_sub_overflow(a.i, b.i, &r)
                                : __builtin_mul_overflow(a.i, b.i, &r);
    if (!overflow) return Value::Int(r);
  }
  double x = a.AsDouble(), y = b.AsDouble();
  switch (op) {
    case '+':
      return Value::Double(x + y);
    case '-':
      return Value::Double(x - y);
    case '*':
      return Value::Double(x * y);
    default:
      return y == 0 ? Value::Null() : Value::Double(x / y);
  }
}

bool Less(const Value& a, const Value& b) {
  if (a.is_int && b.is_int) return a.i < b.i;
  return a.AsDouble() < b.AsDouble();
}

}  // namespace

Value Expression::Evaluate(const Value* field_values, const Value* aggregate_values) const {
  return Eval(root_, field_values, aggregate_values);
}

Value Expression::Eval(uint32_t index, const Value* fields, const Value* aggregates) const {
  const Node& n = nodes_[index];
  switch (n.op) {
    case Op::kNumber:
      return n.number;
    case Op::kField:
      return fields[n.index];
    case Op::kAggregate:
      return aggregates[n.index];
    case Op::kNeg: {
      Value v = Eval(n.args[0], fields, aggregates);
      if (v.null) return v;
      if (v.is_int && v.i != INT64_MIN) return Value::Int(-v.i);
      return Value::Double(-v.AsDouble());
    }
    case Op::kAdd:
    case Op::kSub:
    case Op::kMul:
    case Op::kDiv: {
      static constexpr char kOps[] = {'+', '-', '*', '/'};
      char op = kOps[static_cast<int>(n.op) - static_cast<int>(Op::kAdd)];
      return Arithmetic(op, Eval(n.args[0], fields, aggregates),
                        Eval(n.args[1], fields, aggregates));
    }
    case Op::kRound: {
      Value v = Eval(n.args[0], fields, aggregates);
      if (v.null || v.is_int) return v;
      int digits = n.args.size() > 1 ? static_cast<int>(nodes_[n.args[1]].number.i) : 0;
      return Value::Double(RoundDecimal(v.d, digits));
    }
    case Op::kAbs: {
      Value v = Eval(n.args[0], fields, aggregates);
      if (v.null) return v;
      if (v.is_int && v.i != INT64_MIN) return Value::Int(v.i < 0 ? -v.i : v.i);
      return Value::Double(std::fabs(v.AsDouble()));
    }
    case Op::kMin:
    case Op::kMax: {
      Value best = Value::Null();
      for (uint32_t arg : n.args) {
        Value v = Eval(arg, fields, aggregates);
        if (v.null) return v;
        if (best.null || (n.op == Op::kMin ? Less(v, best) : Less(best, v))) best = v;
      }
      return best;
    }
  }
  return Value::Null();
}

}  // namespace tdm::gen
