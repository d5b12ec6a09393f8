#include "gen/providers/paragraph.h"

#include <algorithm>
#include <charconv>
#include <string>

#include "gen/providers/provider_util.h"
#include "gen/rng.h"
#include "gen/word_lists.h"

namespace tdm::gen {
namespace {

constexpr int kMaxSentences = 100;
constexpr int kMinWords = 6;  // per sentence, as the `sentence` provider
constexpr int kMaxWords = 14;

Result<int> SentenceCount(const FieldSpec& field, const std::string& key, int fallback) {
  std::string text = field.Option(key);
  if (text.empty()) return fallback;
  int n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n < 1 || n > kMaxSentences) {
    return Status(StatusCode::kSpecError,
                  "options." + key + " '" + text + "' must be a whole number from 1 to " +
                      std::to_string(kMaxSentences),
                  field.where);
  }
  return n;
}

Result<std::unique_ptr<ColumnGenerator>> MakeParagraph(const ProviderArgs& args) {
  const FieldSpec& f = args.field;
  TDM_ASSIGN_OR_RETURN(int lo, SentenceCount(f, "min_sentences", 3));
  TDM_ASSIGN_OR_RETURN(int hi, SentenceCount(f, "max_sentences", 6));
  // A bound given alone moves the other default when it would cross it.
  if (f.Option("max_sentences").empty()) hi = std::max(hi, lo);
  if (f.Option("min_sentences").empty()) lo = std::min(lo, hi);
  if (lo > hi) {
    return Status(StatusCode::kSpecError, "options.min_sentences is above max_sentences", f.where);
  }
  const std::vector<std::string_view>& words = WordList("en_US/words.txt");
  uint64_t key = args.key();
  return MakeGenerator([&words, key, lo, hi](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    std::string& a = out.arena();
    auto sentences = static_cast<int>(rng.Between(lo, hi));
    for (int s = 0; s < sentences; ++s) {
      if (s > 0) a.push_back(' ');
      auto count = static_cast<int>(rng.Between(kMinWords, kMaxWords));
      for (int i = 0; i < count; ++i) {
        std::string_view w = words[rng.Below(words.size())];
        if (i > 0) {
          a.push_back(' ');
          a.append(w);
        } else if (!w.empty()) {
          char c = w[0];
          a.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c);
          a.append(w.substr(1));
        }
      }
      a.push_back('.');
    }
    out.CommitString();
  });
}

}  // namespace

void RegisterParagraphProvider(ProviderRegistry& registry) {
  registry.Add({"paragraph",
                "text",
                "min_sentences..max_sentences capitalised sentences of 6..14 words (default 3..6)",
                "options: min_sentences, max_sentences",
                {ColumnType::kString},
                nullptr,
                MakeParagraph,
                nullptr,
                {"min_sentences", "max_sentences"}});
}

}  // namespace tdm::gen
