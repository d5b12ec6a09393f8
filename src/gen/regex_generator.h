// RegexGenerator: strings that match a regular expression, drawn at random or enumerated.
//
// A field spec gives a pattern in RE2 syntax ("[A-Z]{3}-\d{4}"); Compile checks it with RE2, then
// parses it into a small tree of nodes held in flat vectors. Generate appends one random match,
// drawn from a RowRng, so a value is a pure function of (pattern, key, row). GenerateNth appends
// the index-th string of an enumeration of the pattern's language, which unique columns pair with
// KeyedPermutation to get distinct values without a "seen" set.
//
// Every string produced is accepted by RE2::FullMatch(s, pattern). The generator is an immutable
// value: copyable, and const methods are safe to call from many threads at once.
//
// Supported: literals (UTF-8 too), escapes (\d \w \s \D \W \S \t \n \r \f \v \a, ASCII \xHH and
// \x{HH}, escaped punctuation), classes [a-z_] and [^...], '.', groups ( ) (?: ) (?P<name> ),
// alternation, the quantifiers ? * + {n} {n,} {n,m} and their lazy forms, the flags s, m and U, and
// the anchors ^ $ \A \z \b where every generated string satisfies them: ^ and \A where nothing can
// precede them, $ and \z where nothing can follow, \b between a side that is always a word
// character and one that never is (or the edge of the text). Anything else that RE2 accepts (\pL,
// [[:alpha:]], (?i), \B, \C, \Q...\E, octal, non-ASCII escapes or class members, "a?^b") is
// rejected with kSpecError.
//
// What is generated: '.', \D, \W, \S and negated classes pick from printable ASCII (0x20-0x7e)
// only; *, + and {n,} repeat at most max(n, kMaxRepeat) times.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gen/rng.h"
#include "tdm/status.h"

namespace tdm::gen {

class RegexGenerator {
 public:
  // Upper bound on the repetitions of *, + and {n,} (for {n,} with n > kMaxRepeat: n).
  static constexpr int kMaxRepeat = 8;

  // Longest string a pattern may be able to produce; beyond it Compile fails (e.g. "((a*)*)*...").
  static constexpr uint64_t kMaxLength = uint64_t{1} << 20;

  // kSpecError "pattern '...': <RE2's error>" when RE2 rejects the pattern (backreferences,
  // lookaround, syntax errors), or "pattern '...': unsupported construct X at offset N".
  static Result<RegexGenerator> Compile(std::string_view pattern);

  // Appends one random match to out. The draws depend only on the pattern and rng's stream.
  void Generate(RowRng& rng, std::string& out) const;

  // How many indices GenerateNth enumerates, saturating at UINT64_MAX (meaning "at least").
  // Alternation branches and repetition counts are counted separately, so for an ambiguous
  // pattern ("a|a", "(a|ab)(c|bc)", "a*a*") this is an upper bound on the distinct strings and
  // some indices give equal strings. Patterns whose parts each have one way to match (fixed-size
  // keys such as "[A-Z]{3}-[0-9]{4}", "SKU-\d{6}", "\w+@example\.com") enumerate without repeats.
  uint64_t DomainSize() const { return nodes_[root_].domain; }

  // Appends the index-th string (index is taken modulo DomainSize()). Branches come in pattern
  // order, repetition counts from fewest to most, and the leftmost part varies slowest, so
  // "SKU-\d{6}" counts SKU-000000, SKU-000001, ...
  void GenerateNth(uint64_t index, std::string& out) const;

 private:
  class Parser;

  RegexGenerator() = default;

  enum class Kind : uint8_t {
    kClass,         // one byte of chars_[begin, end); a literal byte is a class of one
    kConcat,        // every node of children_[begin, end), in order
    kAlternate,     // one node of children_[begin, end)
    kRepeat,        // node `begin`, between min and max times
    kBeginText,     // ^ \A: produce nothing; begin is the pattern offset
    kEndText,       // $ \z
    kWordBoundary,  // \b
  };
  // What the first (or last) byte of every string of a node is; kUnknown also when it may be empty.
  // kTextEdge only describes a node's surroundings: the start or end of the text.
  enum class Edge : uint8_t { kUnknown, kWord, kNonWord, kTextEdge };

  struct Node {
    Kind kind;
    Edge first = Edge::kUnknown;
    Edge last = Edge::kUnknown;
    uint32_t begin = 0;
    uint32_t end = 0;
    int min = 0;
    int max = 0;
    uint64_t max_length = 0;  // saturating
    uint64_t domain = 1;      // saturating count of GenerateNth indices
  };

  void Emit(uint32_t id, RowRng& rng, std::string& out) const;
  void EmitNth(uint32_t id, uint64_t index, std::string& out) const;

  std::vector<Node> nodes_;
  std::vector<uint32_t> children_;
  std::vector<uint64_t> weights_;  // per concat child: product of the domains after it (saturating)
  std::string chars_;
  uint32_t root_ = 0;
};

}  // namespace tdm::gen
