#include "gen/regex_generator.h"

#include <re2/re2.h>

#include <algorithm>
#include <bitset>
#include <charconv>
#include <utility>

namespace tdm::gen {
namespace {

constexpr uint64_t kSaturated = UINT64_MAX;

uint64_t SatAdd(uint64_t a, uint64_t b) { return a > kSaturated - b ? kSaturated : a + b; }

uint64_t SatMul(uint64_t a, uint64_t b) {
  if (a == 0 || b == 0) return 0;
  return a >= kSaturated / b ? kSaturated : a * b;
}

// base^exp, saturating; at most 64 multiplications since base >= 2 saturates by then.
uint64_t SatPow(uint64_t base, int exp) {
  if (base == 1) return 1;
  uint64_t result = 1;
  for (; exp > 0 && result != kSaturated; --exp) result = SatMul(result, base);
  return result;
}

// Splits index into the digit of a part worth `weight` and the rest. A saturated weight exceeds
// every index, so the digit is 0.
uint64_t TakeDigit(uint64_t& index, uint64_t weight) {
  if (weight == kSaturated) return 0;
  uint64_t digit = index / weight;
  index %= weight;
  return digit;
}

using CharSet = std::bitset<128>;

bool IsWordChar(unsigned c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

CharSet Printable() {
  CharSet set;
  for (unsigned c = 0x20; c <= 0x7e; ++c) set.set(c);
  return set;
}

// Thrown inside the parser only; Compile turns it into a Status.
struct Unsupported {
  std::string what;
  size_t offset;
};

}  // namespace

// Recursive descent over a pattern that RE2 has already accepted, so it checks only what it must
// to stay in bounds and rejects whatever it does not model.
class RegexGenerator::Parser {
 public:
  Parser(std::string_view pattern, RegexGenerator& g) : p_(pattern), g_(g) {}

  uint32_t ParseAll() {
    uint32_t root = ParseAlternation();
    if (pos_ < p_.size()) throw Unsupported{"unmatched ')'", pos_};
    if (g_.nodes_[root].max_length > kMaxLength) {
      throw Unsupported{"repetition producing over " + std::to_string(kMaxLength) + " bytes", 0};
    }
    CheckAnchors(root, Edge::kTextEdge, Edge::kTextEdge);
    return root;
  }

 private:
  bool Peek(char c) const { return pos_ < p_.size() && p_[pos_] == c; }

  uint32_t Add(Node n) {
    g_.nodes_.push_back(n);
    return static_cast<uint32_t>(g_.nodes_.size() - 1);
  }

  uint32_t CharsEnd() const { return static_cast<uint32_t>(g_.chars_.size()); }

  // A node producing one byte of `members` (ascending); a literal byte is a class of one.
  uint32_t AddBytes(std::string_view members) {
    uint32_t begin = CharsEnd();
    g_.chars_.append(members);
    size_t words = std::count_if(members.begin(), members.end(), IsWordChar);
    Edge edge = words == 0                ? Edge::kNonWord
                : words == members.size() ? Edge::kWord
                                          : Edge::kUnknown;
    Node n{.kind = Kind::kClass, .first = edge, .last = edge, .begin = begin, .end = CharsEnd()};
    n.max_length = 1;
    n.domain = members.size();
    return Add(n);
  }

  uint32_t AddClass(const CharSet& set, size_t offset) {
    if (set.none()) throw Unsupported{"class with no printable ASCII member", offset};
    std::string members;
    for (unsigned c = 0; c < 128; ++c) {
      if (set.test(c)) members.push_back(static_cast<char>(c));
    }
    return AddBytes(members);
  }

  uint32_t AddAnchor(Kind kind, size_t offset) {
    return Add({.kind = kind, .begin = static_cast<uint32_t>(offset)});
  }

  uint32_t AddList(Kind kind, const std::vector<uint32_t>& kids) {
    if (kids.size() == 1) return kids[0];
    Node n{.kind = kind, .begin = static_cast<uint32_t>(g_.children_.size())};
    g_.children_.insert(g_.children_.end(), kids.begin(), kids.end());
    g_.weights_.resize(g_.children_.size(), 1);
    n.end = static_cast<uint32_t>(g_.children_.size());
    n.domain = kind == Kind::kConcat ? 1 : 0;
    bool later_text = false;  // concat: whether a child after i can produce text
    for (size_t i = kids.size(); i-- > 0;) {
      const Node& kid = g_.nodes_[kids[i]];
      if (kind == Kind::kAlternate) {
        n.domain = SatAdd(n.domain, kid.domain);
        n.max_length = std::max(n.max_length, kid.max_length);
        bool last_kid = i + 1 == kids.size();
        n.first = last_kid || n.first == kid.first ? kid.first : Edge::kUnknown;
        n.last = last_kid || n.last == kid.last ? kid.last : Edge::kUnknown;
        continue;
      }
      g_.weights_[n.begin + i] = n.domain;
      n.domain = SatMul(n.domain, kid.domain);
      n.max_length = SatAdd(n.max_length, kid.max_length);
      if (kid.max_length == 0) continue;
      n.first = kid.first;
      if (!later_text) n.last = kid.last;
      later_text = true;
    }
    return Add(n);
  }

  uint32_t AddRepeat(uint32_t child, int min, int max) {
    const Node& kid = g_.nodes_[child];
    Node n{.kind = Kind::kRepeat, .begin = child, .min = min, .max = max, .domain = 0};
    for (int k = min; k <= max && n.domain != kSaturated; ++k) {
      n.domain = SatAdd(n.domain, SatPow(kid.domain, k));
    }
    n.max_length = SatMul(kid.max_length, static_cast<uint64_t>(max));
    n.first = min > 0 ? kid.first : Edge::kUnknown;
    n.last = min > 0 ? kid.last : Edge::kUnknown;
    return Add(n);
  }

  uint32_t ParseAlternation() {
    std::vector<uint32_t> branches{ParseConcat()};
    while (Peek('|')) {
      ++pos_;
      branches.push_back(ParseConcat());
    }
    return AddList(Kind::kAlternate, branches);
  }

  uint32_t ParseConcat() {
    std::vector<uint32_t> items;
    while (pos_ < p_.size() && p_[pos_] != '|' && p_[pos_] != ')') {
      // As in RE2, "(?flags)" is no item: a repetition after it applies to the item before.
      if (!SkipFlags()) items.push_back(ParseAtom());
      if (!items.empty()) items.back() = ParseQuantifiers(items.back());
    }
    return AddList(Kind::kConcat, items);
  }

  uint32_t ParseQuantifiers(uint32_t atom) {
    for (int min = 0, max = 0; pos_ < p_.size(); atom = AddRepeat(atom, min, max)) {
      char c = p_[pos_];
      if (c == '*' || c == '+' || c == '?') {
        min = c == '+' ? 1 : 0;
        max = c == '?' ? 1 : kMaxRepeat;
        ++pos_;
      } else if (c != '{' || !ParseBraces(min, max)) {
        break;
      }
      if (Peek('?')) ++pos_;  // lazy: the same set of full matches
    }
    return atom;
  }

  // {n} {n,} {n,m}; anything else (also "{01}") is literal text, as in RE2, and keeps pos_.
  bool ParseBraces(int& min, int& max) {
    const char* end = p_.data() + p_.size();
    // Past the number at `from`; `from` if there are no digits, null if RE2 refuses them.
    auto number = [end](const char* from, int& value) -> const char* {
      if (end - from > 1 && from[0] == '0' && from[1] >= '0' && from[1] <= '9') return nullptr;
      auto [after, error] = std::from_chars(from, end, value);
      if (error == std::errc::invalid_argument || (after != from && *from == '-')) return from;
      return error == std::errc() ? after : nullptr;
    };
    const char* at = p_.data() + pos_ + 1;
    const char* after = number(at, min);
    if (after == at || after == nullptr) return false;
    max = min;
    if (after != end && *after == ',') {
      at = after + 1;
      after = number(at, max);
      if (after == at) max = std::max(min, static_cast<int>(kMaxRepeat));
    }
    if (after == nullptr || after == end || *after != '}' || max < min) return false;
    pos_ = after + 1 - p_.data();
    return true;
  }

  uint32_t ParseAtom() {
    char c = p_[pos_];
    if (c == '(') return ParseGroup();
    if (c == '[') return ParseClass();
    if (c == '\\') return ParseEscape();
    if (c == '.') return AddClass(Printable(), pos_++);
    if (c == '^') return AddAnchor(Kind::kBeginText, pos_++);
    if (c == '$') return AddAnchor(Kind::kEndText, pos_++);
    if (c == '*' || c == '+' || c == '?') throw Unsupported{"repetition without operand", pos_};
    // One UTF-8 character (RE2 has validated the encoding).
    auto lead = static_cast<unsigned char>(c);
    size_t len = lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
    if (pos_ + len > p_.size()) throw Unsupported{"truncated UTF-8", pos_};
    std::vector<uint32_t> bytes;
    for (size_t end = pos_ + len; pos_ < end; ++pos_) bytes.push_back(AddBytes(p_.substr(pos_, 1)));
    return AddList(Kind::kConcat, bytes);
  }

  // Skips "(?ms-U)"; the flags s, m and U change no full match of what Compile accepts.
  bool SkipFlags() {
    size_t end = std::min(p_.find_first_not_of("msU-", pos_ + 2), p_.size());
    if (p_.substr(pos_, 2) != "(?" || end == p_.size() || p_[end] != ')') return false;
    pos_ = end + 1;
    return true;
  }

  uint32_t ParseGroup() {
    size_t at = pos_++;
    if (p_.substr(pos_, 3) == "?P<" || p_.substr(pos_, 2) == "?<") {  // (?P<name>re), (?<name>re)
      size_t close = p_.find('>', pos_);
      if (close == std::string_view::npos) throw Unsupported{"group name", at};
      pos_ = close + 1;
    } else if (Peek('?')) {  // (?ms-U:re)
      pos_ = std::min(p_.find_first_not_of("msU-", pos_ + 1), p_.size());
      if (!Peek(':')) {
        throw Unsupported{"group flag '" + std::string(p_.substr(at, pos_ - at + 1)) + "'", at};
      }
      ++pos_;
    }
    uint32_t inner = ParseAlternation();
    if (!Peek(')')) throw Unsupported{"missing ')'", at};
    ++pos_;
    return inner;
  }

  // \d \w \s and their negations, added to set; false for any other escape letter.
  static bool PerlClass(char c, CharSet& set) {
    char lower = static_cast<char>(c | 0x20);
    if (lower != 'd' && lower != 'w' && lower != 's') return false;
    CharSet members;
    for (unsigned ch = 0; ch < 128; ++ch) {
      constexpr std::string_view kSpaces = "\t\n\f\r ";
      members.set(ch, lower == 'd' ? ch >= '0' && ch <= '9'
                      : lower == 'w'
                          ? IsWordChar(ch)
                          : kSpaces.find(static_cast<char>(ch)) != std::string_view::npos);
    }
    // Upper case negates, within printable ASCII: that keeps [^\D] and the like exact.
    set |= c == lower ? members : Printable() & ~members;
    return true;
  }

  uint32_t ParseEscape() {
    size_t at = pos_;
    if (at + 1 >= p_.size()) throw Unsupported{"trailing '\\'", at};
    char c = p_[at + 1];
    CharSet set;
    if (PerlClass(c, set)) {
      pos_ += 2;
      return AddClass(set, at);
    }
    if (c == 'A' || c == 'z' || c == 'b') {
      pos_ += 2;
      return AddAnchor(c == 'A'   ? Kind::kBeginText
                       : c == 'z' ? Kind::kEndText
                                  : Kind::kWordBoundary,
                       at);
    }
    char literal = EscapedChar();
    return AddBytes(std::string_view(&literal, 1));
  }

  // The ASCII character of the escape at pos_ ('\\'), which it consumes.
  char EscapedChar() {
    size_t at = pos_;
    if (at + 1 >= p_.size()) throw Unsupported{"trailing '\\'", at};
    char c = p_[pos_ + 1];
    pos_ += 2;
    constexpr std::string_view kControls = "n\nt\tr\rf\fv\va\a";
    for (size_t i = 0; i < kControls.size(); i += 2) {
      if (kControls[i] == c) return kControls[i + 1];
    }
    if (c == 'x') {  // \xHH or \x{H...}
      size_t braced = Peek('{') ? 1 : 0;
      pos_ += braced;
      size_t stop = std::min(braced == 1 ? p_.find('}', pos_) : pos_ + 2, p_.size());
      unsigned value = 0;
      auto [end, error] = std::from_chars(p_.data() + pos_, p_.data() + stop, value, 16);
      if (error != std::errc() || end != p_.data() + stop || value >= 0x80) {
        throw Unsupported{"non-ASCII or malformed '\\x' escape", at};
      }
      pos_ = stop + braced;
      return static_cast<char>(value);
    }
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || (IsWordChar(u) && c != '_')) {  // \pL, \B, \Q, \C, octal, ...
      throw Unsupported{std::string("escape '\\") + c + "'", at};
    }
    return c;
  }

  uint32_t ParseClass() {
    size_t at = pos_++;
    bool negated = Peek('^');
    pos_ += negated ? 1 : 0;
    CharSet set;
    for (bool first = true;; first = false) {
      if (pos_ >= p_.size()) throw Unsupported{"missing ']'", at};
      if (p_[pos_] == ']' && !first) break;
      if (p_.substr(pos_, 2) == "[:") throw Unsupported{"POSIX class '[:'", pos_};
      if (p_[pos_] == '\\' && pos_ + 1 < p_.size() && PerlClass(p_[pos_ + 1], set)) {
        pos_ += 2;
        continue;
      }
      unsigned lo = ClassChar();
      unsigned hi = lo;
      if (Peek('-') && pos_ + 1 < p_.size() && p_[pos_ + 1] != ']') {
        ++pos_;
        hi = ClassChar();
      }
      if (hi < lo) throw Unsupported{"reversed range", at};
      for (unsigned ch = lo; ch <= hi; ++ch) set.set(ch);
    }
    ++pos_;
    return AddClass(negated ? Printable() & ~set : set, at);
  }

  unsigned ClassChar() {
    if (p_[pos_] == '\\') return static_cast<unsigned char>(EscapedChar());
    auto c = static_cast<unsigned char>(p_[pos_]);
    if (c >= 0x80) throw Unsupported{"non-ASCII character in a class", pos_};
    ++pos_;
    return c;
  }

  static bool NonWord(Edge e) { return e == Edge::kNonWord || e == Edge::kTextEdge; }

  // What lies next to a node that may follow (or precede) either a or b.
  static Edge Merge(Edge a, Edge b) {
    return a == b ? a : NonWord(a) && NonWord(b) ? Edge::kNonWord : Edge::kUnknown;
  }

  // Anchors produce nothing, so Compile keeps them only where every generated string satisfies
  // them. before / after: what always lies next to `id` on each side (kTextEdge: nothing).
  void CheckAnchors(uint32_t id, Edge before, Edge after) const {
    const Node& n = g_.nodes_[id];
    if (n.kind == Kind::kBeginText && before != Edge::kTextEdge) {
      throw Unsupported{"'^' where text may precede it", n.begin};
    }
    if (n.kind == Kind::kEndText && after != Edge::kTextEdge) {
      throw Unsupported{"'$' where text may follow it", n.begin};
    }
    if (n.kind == Kind::kWordBoundary && !(before == Edge::kWord && NonWord(after)) &&
        !(NonWord(before) && after == Edge::kWord)) {
      throw Unsupported{"'\\b' without a word character on exactly one side", n.begin};
    }
    if (n.kind == Kind::kAlternate) {
      for (uint32_t i = n.begin; i < n.end; ++i) CheckAnchors(g_.children_[i], before, after);
    }
    if (n.kind == Kind::kRepeat && n.max > 0) {
      // Copies after the first follow an earlier copy, which matters if copies produce text.
      const Node& kid = g_.nodes_[n.begin];
      bool single = n.max <= 1 || kid.max_length == 0;
      CheckAnchors(n.begin, single ? before : Merge(before, kid.last),
                   single ? after : Merge(after, kid.first));
    }
    if (n.kind == Kind::kConcat) {
      std::vector<Edge> next(n.end - n.begin);  // what follows each child
      Edge edge = after;
      for (uint32_t i = n.end; i-- > n.begin;) {
        next[i - n.begin] = edge;
        if (g_.nodes_[g_.children_[i]].max_length > 0) edge = g_.nodes_[g_.children_[i]].first;
      }
      edge = before;
      for (uint32_t i = n.begin; i < n.end; ++i) {
        CheckAnchors(g_.children_[i], edge, next[i - n.begin]);
        if (g_.nodes_[g_.children_[i]].max_length > 0) edge = g_.nodes_[g_.children_[i]].last;
      }
    }
  }

  std::string_view p_;
  RegexGenerator& g_;
  size_t pos_ = 0;
};

Result<RegexGenerator> RegexGenerator::Compile(std::string_view pattern) {
  std::string quoted = "pattern '" + std::string(pattern) + "': ";
  RE2::Options options;
  options.set_log_errors(false);
  RE2 re(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (!re.ok()) return Status(StatusCode::kSpecError, quoted + re.error());
  RegexGenerator g;
  try {
    g.root_ = Parser(pattern, g).ParseAll();
  } catch (const Unsupported& e) {
    return Status(StatusCode::kSpecError, quoted + "unsupported construct " + e.what +
                                              " at offset " + std::to_string(e.offset));
  }
  return g;
}

void RegexGenerator::Generate(RowRng& rng, std::string& out) const { Emit(root_, rng, out); }

void RegexGenerator::Emit(uint32_t id, RowRng& rng, std::string& out) const {
  const Node& n = nodes_[id];
  if (n.kind == Kind::kClass) {
    out.push_back(chars_[n.begin + rng.Below(n.end - n.begin)]);
  } else if (n.kind == Kind::kConcat) {
    for (uint32_t i = n.begin; i < n.end; ++i) Emit(children_[i], rng, out);
  } else if (n.kind == Kind::kAlternate) {
    Emit(children_[n.begin + rng.Below(n.end - n.begin)], rng, out);
  } else if (n.kind == Kind::kRepeat) {
    uint64_t count = n.min + rng.Below(static_cast<uint64_t>(n.max - n.min) + 1);
    for (uint64_t k = 0; k < count; ++k) Emit(n.begin, rng, out);
  }  // anchors produce nothing; Compile has checked that they hold
}

void RegexGenerator::GenerateNth(uint64_t index, std::string& out) const {
  EmitNth(root_, index % DomainSize(), out);
}

// Invariant: index < nodes_[id].domain. A concat reads index as mixed-radix digits, its first
// child most significant; a repeat first picks its count, then does the same over its copies.
void RegexGenerator::EmitNth(uint32_t id, uint64_t index, std::string& out) const {
  const Node& n = nodes_[id];
  if (n.kind == Kind::kClass) {
    out.push_back(chars_[n.begin + index]);
  } else if (n.kind == Kind::kConcat) {
    for (uint32_t i = n.begin; i < n.end; ++i) {
      EmitNth(children_[i], TakeDigit(index, weights_[i]), out);
    }
  } else if (n.kind == Kind::kAlternate) {
    uint32_t i = n.begin;
    for (; index >= nodes_[children_[i]].domain; ++i) index -= nodes_[children_[i]].domain;
    EmitNth(children_[i], index, out);
  } else if (n.kind == Kind::kRepeat) {
    uint64_t size = nodes_[n.begin].domain;
    int count = n.min;
    while (index >= SatPow(size, count)) index -= SatPow(size, count++);
    for (int k = count - 1; k >= 0; --k) EmitNth(n.begin, TakeDigit(index, SatPow(size, k)), out);
  }
}

}  // namespace tdm::gen
