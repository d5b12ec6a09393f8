// gender, name_prefix, name_suffix and middle_name: all follow the row's first name, so a woman's
// row reads "Ms. Maria Elena Lopez, female" rather than mixing genders across columns.
#include "gen/providers/person_extra.h"

#include "gen/providers/person_names.h"
#include "gen/providers/provider_util.h"
#include "gen/rng.h"
#include "gen/word_lists.h"

namespace tdm::gen {

namespace {

Status BadOption(const FieldSpec& f, const std::string& key, const std::string& value,
                 const std::string& accepted) {
  return Status(StatusCode::kSpecError, "options." + key + " is '" + value + "'; use " + accepted,
                f.where);
}

Result<std::unique_ptr<ColumnGenerator>> MakeGender(const ProviderArgs& args) {
  std::string format = args.field.Option("format", "word");
  if (format != "word" && format != "letter") {
    return BadOption(args.field, "format", format, "word (female/male) or letter (F/M)");
  }
  bool letter = format == "letter";
  uint64_t name_key = NameKey(args);
  return MakeGenerator([name_key, letter](int64_t row, Column& out) {
    bool female = IsFemale(name_key, row);
    if (letter) {
      out.AppendString(female ? "F" : "M");
    } else {
      out.AppendString(female ? "female" : "male");
    }
  });
}

// Titles with weights in percent; each table sums to 100.
struct WeightedTitle {
  std::string_view text;
  int percent;
};
constexpr WeightedTitle kFemaleTitles[] = {
    {"Ms.", 45}, {"Mrs.", 35}, {"Miss", 10}, {"Dr.", 8}, {"Prof.", 2}};
constexpr WeightedTitle kMaleTitles[] = {{"Mr.", 88}, {"Dr.", 10}, {"Prof.", 2}};

template <size_t N>
std::string_view PickTitle(const WeightedTitle (&titles)[N], uint64_t percentile) {
  int running = 0;
  for (const WeightedTitle& t : titles) {
    running += t.percent;
    if (percentile < static_cast<uint64_t>(running)) return t.text;
  }
  return titles[N - 1].text;
}

Result<std::unique_ptr<ColumnGenerator>> MakeNamePrefix(const ProviderArgs& args) {
  uint64_t name_key = NameKey(args);
  uint64_t key = args.key();
  return MakeGenerator([name_key, key](int64_t row, Column& out) {
    bool female = IsFemale(name_key, row);
    uint64_t percentile = RowRng(key, static_cast<uint64_t>(row)).Below(100);
    out.AppendString(female ? PickTitle(kFemaleTitles, percentile)
                            : PickTitle(kMaleTitles, percentile));
  });
}

enum class SuffixKind { kAny, kGenerational, kProfessional };

Result<std::unique_ptr<ColumnGenerator>> MakeNameSuffix(const ProviderArgs& args) {
  std::string kind_text = args.field.Option("kind", "any");
  SuffixKind kind = SuffixKind::kAny;
  if (kind_text == "generational") {
    kind = SuffixKind::kGenerational;
  } else if (kind_text == "professional") {
    kind = SuffixKind::kProfessional;
  } else if (kind_text != "any") {
    return BadOption(args.field, "kind", kind_text, "any, generational or professional");
  }
  const auto& generational = WordList("en_US/person_suffixes_generational.txt");
  const auto& professional = WordList("en_US/person_suffixes_professional.txt");
  uint64_t name_key = NameKey(args);
  uint64_t key = args.key();
  return MakeGenerator(
      [&generational, &professional, name_key, key, kind](int64_t row, Column& out) {
        RowRng rng(key, static_cast<uint64_t>(row));
        bool use_generational = kind == SuffixKind::kGenerational;
        if (kind == SuffixKind::kAny) {
          // "Jr." and "III" are customary for men only; women get credentials.
          bool female = IsFemale(name_key, row);
          use_generational = !female && rng.Chance(3, 5);
        }
        const auto& list = use_generational ? generational : professional;
        out.AppendString(list[rng.Below(list.size())]);
      });
}

Result<std::unique_ptr<ColumnGenerator>> MakeMiddleName(const ProviderArgs& args) {
  std::string format = args.field.Option("format", "full");
  if (format != "full" && format != "initial") {
    return BadOption(args.field, "format", format, "full (\"Elena\") or initial (\"E.\")");
  }
  bool initial = format == "initial";
  NameLists lists(args.field.locale);
  uint64_t name_key = NameKey(args);
  // All middle_name columns of a table share the first one's stream, so "Elena" and "E." agree.
  uint64_t key = args.key();
  for (const FieldSpec& f : args.siblings) {
    if (f.provider == "middle_name") {
      key = args.KeyFor(f.name);
      break;
    }
  }
  return MakeGenerator([lists, name_key, key, initial](int64_t row, Column& out) {
    Name name = PickName(lists, name_key, row);
    const auto& names = name.female ? *lists.female : *lists.male;
    size_t pick = RowRng(key, static_cast<uint64_t>(row)).Below(names.size());
    // Never the first name again: step to the next entry instead of drawing twice.
    if (names[pick] == name.first) pick = (pick + 1) % names.size();
    if (initial) {
      std::string& a = out.arena();
      AppendInitial(names[pick], a);
      a.push_back('.');
      out.CommitString();
    } else {
      out.AppendString(names[pick]);
    }
  });
}

}  // namespace

void RegisterPersonExtraProviders(ProviderRegistry& registry) {
  registry.Add({"gender",
                "person",
                "female or male, matching the row's first_name/full_name; options.format: letter "
                "gives F/M",
                "options: format (word | letter)",
                {ColumnType::kString},
                nullptr,
                MakeGender,
                nullptr,
                {"format"}});
  registry.Add({"name_prefix",
                "person",
                "courtesy title matching the row's gender: Mr., Ms., Mrs., Miss, Dr., Prof.",
                "",
                {ColumnType::kString},
                nullptr,
                MakeNamePrefix});
  registry.Add({"name_suffix",
                "person",
                "Jr., Sr., II-IV (men only) or a credential such as PhD, MD, Esq.",
                "options: kind (any | generational | professional)",
                {ColumnType::kString},
                nullptr,
                MakeNameSuffix,
                nullptr,
                {"kind"}});
  registry.Add({"middle_name",
                "person",
                "a second given name of the row's gender, never equal to its first name",
                "locale, options: format (full | initial)",
                {ColumnType::kString},
                nullptr,
                MakeMiddleName,
                nullptr,
                {"format"}});
}

}  // namespace tdm::gen
