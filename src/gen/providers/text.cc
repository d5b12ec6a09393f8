// Text providers: words, sentences, titles, domain phrases (movie titles, product names) and
// strings matching a regular expression.
#include <algorithm>

#include "gen/permutation.h"
#include "gen/provider_registry.h"
#include "gen/providers/provider_util.h"
#include "gen/regex_generator.h"
#include "gen/rng.h"
#include "gen/word_lists.h"

namespace tdm::gen {
namespace {

using List = std::vector<std::string_view>;

void AppendCapitalised(std::string_view word, std::string& out) {
  if (word.empty()) return;
  char c = word[0];
  out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c);
  out.append(word.substr(1));
}

struct WordRange {
  int lo;
  int hi;
};

WordRange Words(const FieldSpec& f, int lo, int hi) {
  // A bound given alone moves the other default when it would cross it.
  int min = f.min_words > 0 ? f.min_words : lo;
  int max = f.max_words > 0 ? f.max_words : hi;
  if (f.max_words > 0 && f.min_words == 0) min = std::min(min, max);
  if (f.min_words > 0 && f.max_words == 0) max = std::max(max, min);
  return {min, max};
}

// `words`, `sentence` and `title` differ only in capitalisation and the closing period.
enum class TextStyle { kWords, kSentence, kTitle };

Result<std::unique_ptr<ColumnGenerator>> MakeText(const ProviderArgs& args, TextStyle style,
                                                  WordRange range) {
  const List& words = WordList("en_US/words.txt");
  uint64_t key = args.key();
  return MakeGenerator([&words, key, style, range](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    auto count = static_cast<int>(rng.Between(range.lo, range.hi));
    std::string& a = out.arena();
    for (int i = 0; i < count; ++i) {
      if (i > 0) a.push_back(' ');
      std::string_view w = words[rng.Below(words.size())];
      bool cap = style == TextStyle::kTitle || (style == TextStyle::kSentence && i == 0);
      if (cap) {
        AppendCapitalised(w, a);
      } else {
        a.append(w);
      }
    }
    if (style == TextStyle::kSentence) a.push_back('.');
    out.CommitString();
  });
}

Result<std::unique_ptr<ColumnGenerator>> MakeMovieTitle(const ProviderArgs& args) {
  const List& words = WordList("en_US/movie_title_words.txt");
  uint64_t key = args.key();
  return MakeGenerator([&words, key](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    std::string& a = out.arena();
    auto word = [&] { return words[rng.Below(words.size())]; };
    switch (rng.Below(5)) {
      case 0:
        a.append("The ").append(word());
        break;
      case 1:
        a.append(word()).append(" of the ").append(word());
        break;
      case 2:
        a.append("The ").append(word()).append(" ").append(word());
        break;
      case 3:
        a.append(word()).append(" ").append(word());
        break;
      default:
        a.append(word());
        break;
    }
    out.CommitString();
  });
}

Result<std::unique_ptr<ColumnGenerator>> MakeProductName(const ProviderArgs& args) {
  const List& adjectives = WordList("en_US/product_adjectives.txt");
  const List& materials = WordList("en_US/product_materials.txt");
  const List& nouns = WordList("en_US/product_nouns.txt");
  uint64_t key = args.key();
  return MakeGenerator([&adjectives, &materials, &nouns, key](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    std::string& a = out.arena();
    a.append(adjectives[rng.Below(adjectives.size())]).push_back(' ');
    a.append(materials[rng.Below(materials.size())]).push_back(' ');
    a.append(nouns[rng.Below(nouns.size())]);
    out.CommitString();
  });
}

Result<std::unique_ptr<ColumnGenerator>> MakeListChoice(const ProviderArgs& args,
                                                        std::string_view path) {
  const List& items = WordList(path);
  uint64_t key = args.key();
  if (args.field.unique) {
    KeyedPermutation perm(items.size(), key);
    return MakeGenerator([&items, perm](int64_t row, Column& out) {
      out.AppendString(items[perm.Apply(static_cast<uint64_t>(row))]);
    });
  }
  return MakeGenerator([&items, key](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    out.AppendString(items[rng.Below(items.size())]);
  });
}

Result<std::unique_ptr<ColumnGenerator>> MakeRegex(const ProviderArgs& args) {
  if (!args.field.pattern) {
    return Status(StatusCode::kSpecError,
                  "field '" + args.field.name + "': provider 'regex' needs a 'pattern'",
                  args.field.where);
  }
  TDM_ASSIGN_OR_RETURN(RegexGenerator regex, RegexGenerator::Compile(*args.field.pattern));
  uint64_t key = args.key();
  if (args.field.unique) {
    KeyedPermutation perm(regex.DomainSize(), key);
    return MakeGenerator([regex = std::move(regex), perm](int64_t row, Column& out) {
      regex.GenerateNth(perm.Apply(static_cast<uint64_t>(row)), out.arena());
      out.CommitString();
    });
  }
  return MakeGenerator([regex = std::move(regex), key](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    regex.Generate(rng, out.arena());
    out.CommitString();
  });
}

std::optional<uint64_t> ListDomain(std::string_view path) { return WordList(path).size(); }

Provider ListProvider(std::string name, std::string description, const std::string& path) {
  return {std::move(name),
          "text",
          std::move(description),
          "unique",
          {ColumnType::kString},
          [path](const FieldSpec&) { return ListDomain(path); },
          [path](const ProviderArgs& a) { return MakeListChoice(a, path); }};
}

}  // namespace

void RegisterTextProviders(ProviderRegistry& registry) {
  registry.Add({"word",
                "text",
                "one lowercase English word",
                "unique",
                {ColumnType::kString},
                [](const FieldSpec&) { return ListDomain("en_US/words.txt"); },
                [](const ProviderArgs& a) { return MakeListChoice(a, "en_US/words.txt"); }});
  registry.Add(
      {"words",
       "text",
       "min_words..max_words lowercase words (default 2..5)",
       "min_words, max_words",
       {ColumnType::kString},
       nullptr,
       [](const ProviderArgs& a) { return MakeText(a, TextStyle::kWords, Words(a.field, 2, 5)); }});
  registry.Add({"sentence",
                "text",
                "a capitalised sentence of 6..14 words ending in a period",
                "min_words, max_words",
                {ColumnType::kString},
                nullptr,
                [](const ProviderArgs& a) {
                  return MakeText(a, TextStyle::kSentence, Words(a.field, 6, 14));
                }});
  registry.Add(
      {"title",
       "text",
       "2..5 capitalised words",
       "min_words, max_words",
       {ColumnType::kString},
       nullptr,
       [](const ProviderArgs& a) { return MakeText(a, TextStyle::kTitle, Words(a.field, 2, 5)); }});
  registry.Add({"movie_title",
                "text",
                "a film title such as \"The Silent River\"",
                "",
                {ColumnType::kString},
                nullptr,
                MakeMovieTitle});
  registry.Add(ListProvider("movie_genre", "a film genre", "en_US/movie_genres.txt"));
  registry.Add({"product_name",
                "commerce",
                "adjective, material and noun, e.g. \"Rustic Steel Lamp\"",
                "",
                {ColumnType::kString},
                nullptr,
                MakeProductName});
  registry.Add(
      ListProvider("product_category", "a retail category", "en_US/product_categories.txt"));
  registry.Add({"regex",
                "text",
                "a string fully matching `pattern` (RE2 syntax)",
                "pattern, unique",
                {ColumnType::kString},
                [](const FieldSpec& f) -> std::optional<uint64_t> {
                  if (!f.pattern) return 0;
                  auto regex = RegexGenerator::Compile(*f.pattern);
                  if (!regex.ok()) return 0;
                  return regex->DomainSize();
                },
                MakeRegex});
}

}  // namespace tdm::gen
