// Company providers: company names, legal suffixes, departments, job titles, catch phrases,
// industries and US Employer Identification Numbers. The lists are in data/en_US/company_*.txt.
// The person extras (gender, titles, middle names, birthdates) register from here too.
#include "gen/permutation.h"
#include "gen/provider_registry.h"
#include "gen/providers/person_extra.h"
#include "gen/providers/person_names.h"
#include "gen/providers/provider_util.h"
#include "gen/rng.h"
#include "gen/word_lists.h"

namespace tdm::gen {
namespace {

using List = std::vector<std::string_view>;

std::string_view Pick(const List& list, RowRng& rng) { return list[rng.Below(list.size())]; }

// A provider that picks one entry of a list.
Provider ListProvider(std::string name, std::string description, std::string_view list_path) {
  return {std::move(name),
          "company",
          std::move(description),
          "",
          {ColumnType::kString},
          nullptr,
          [list = list_path](const ProviderArgs& args) -> Result<std::unique_ptr<ColumnGenerator>> {
            const List& entries = WordList(list);
            uint64_t key = args.key();
            return MakeGenerator([&entries, key](int64_t row, Column& out) {
              RowRng rng(key, static_cast<uint64_t>(row));
              out.AppendString(Pick(entries, rng));
            });
          }};
}

struct NameParts {
  const List* brands;
  const List* sectors;
  const List* suffixes;
  const List* surnames;
};

// Five shapes, in twentieths: "Ashgrove Logistics LLC" 8, "Ashgrove Logistics" 4, "Harper
// Analytics Inc." 3, "Harper & Lowe LLP" 3, "Harper, Lowe and Quinn" 2.
void AppendCompanyName(const NameParts& p, RowRng& rng, std::string& a) {
  uint64_t shape = rng.Below(20);
  if (shape < 12) {
    a.append(Pick(*p.brands, rng)).push_back(' ');
    a.append(Pick(*p.sectors, rng));
    if (shape < 8) a.append(" ").append(Pick(*p.suffixes, rng));
  } else if (shape < 15) {
    a.append(Pick(*p.surnames, rng)).push_back(' ');
    a.append(Pick(*p.sectors, rng)).push_back(' ');
    a.append(Pick(*p.suffixes, rng));
  } else if (shape < 18) {
    a.append(Pick(*p.surnames, rng)).append(" & ");
    a.append(Pick(*p.surnames, rng)).push_back(' ');
    a.append(Pick(*p.suffixes, rng));
  } else {
    a.append(Pick(*p.surnames, rng)).append(", ");
    a.append(Pick(*p.surnames, rng)).append(" and ");
    a.append(Pick(*p.surnames, rng));
  }
}

Result<std::unique_ptr<ColumnGenerator>> MakeCompanyName(const ProviderArgs& args) {
  // Surnames and legal forms follow the locale ("Müller GmbH"); brand and sector words are
  // English in every locale.
  std::string_view locale = args.field.locale;
  NameParts parts{
      &WordList("en_US/company_brand_words.txt"), &WordList("en_US/company_sectors.txt"),
      &LocaleListOr(locale, "company_suffixes", "en_US"), &LocaleNames(locale, "last_names").names};
  uint64_t key = args.key();
  return MakeGenerator([parts, key](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    AppendCompanyName(parts, rng, out.arena());
    out.CommitString();
  });
}

Result<std::unique_ptr<ColumnGenerator>> MakeCatchPhrase(const ProviderArgs& args) {
  const List* words[] = {&WordList("en_US/company_phrase_adjectives.txt"),
                         &WordList("en_US/company_phrase_descriptors.txt"),
                         &WordList("en_US/company_phrase_nouns.txt")};
  uint64_t key = args.key();
  return MakeGenerator([a = words[0], d = words[1], n = words[2], key](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    std::string& text = out.arena();
    text.append(Pick(*a, rng)).push_back(' ');
    text.append(Pick(*d, rng)).push_back(' ');
    text.append(Pick(*n, rng));
    out.CommitString();
  });
}

// The two-digit prefixes the IRS assigns to its campuses and to online, SBA and other
// applications (Andover, Atlanta, Austin, Brookhaven, Cincinnati, Fresno, Kansas City, Memphis,
// Ogden, Philadelphia, Internet, Small Business Administration). Unused: 00, 07-09, 17-19, 28,
// 29, 49, 69, 70, 78, 79, 89, 96, 97.
constexpr uint8_t kEinPrefixes[] = {
    1,  2,  3,  4,  5,  6,  10, 11, 12, 13, 14, 15, 16, 20, 21, 22, 23, 24, 25, 26, 27,
    30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 50, 51,
    52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 71, 72, 73, 74,
    75, 76, 77, 80, 81, 82, 83, 84, 85, 86, 87, 88, 90, 91, 92, 93, 94, 95, 98, 99};
constexpr uint64_t kEinSerials = 10'000'000;
constexpr uint64_t kEinDomain = std::size(kEinPrefixes) * kEinSerials;

Result<std::unique_ptr<ColumnGenerator>> MakeEin(const ProviderArgs& args) {
  uint64_t key = args.key();
  std::optional<KeyedPermutation> perm;
  if (args.field.unique) perm.emplace(kEinDomain, key);
  return MakeGenerator([key, perm](int64_t row, Column& out) {
    uint64_t index = perm ? perm->Apply(static_cast<uint64_t>(row))
                          : RowRng(key, static_cast<uint64_t>(row)).Below(kEinDomain);
    uint64_t prefix = kEinPrefixes[index / kEinSerials];
    uint64_t serial = index % kEinSerials;
    char text[10] = {static_cast<char>('0' + prefix / 10), static_cast<char>('0' + prefix % 10),
                     '-'};
    for (int i = 9; i >= 3; --i, serial /= 10) text[i] = static_cast<char>('0' + serial % 10);
    out.AppendString(std::string_view(text, sizeof(text)));
  });
}

}  // namespace

void RegisterCompanyProviders(ProviderRegistry& registry) {
  RegisterPersonExtraProviders(registry);
  RegisterBirthdateProvider(registry);
  registry.Add({"company_name",
                "company",
                "company name, e.g. \"Ashgrove Logistics LLC\" or \"Harper & Lowe LLP\"",
                "locale (surnames)",
                {ColumnType::kString},
                nullptr,
                MakeCompanyName});
  registry.Add(ListProvider("company_suffix", "legal form: Inc., LLC, Ltd., Corp., GmbH, ...",
                            "en_US/company_suffixes.txt"));
  registry.Add(ListProvider("department", "department, e.g. \"Procurement\"",
                            "en_US/company_departments.txt"));
  registry.Add(ListProvider("job_title", "job title, e.g. \"Senior Financial Analyst\"",
                            "en_US/company_job_titles.txt"));
  registry.Add({"catch_phrase",
                "company",
                "slogan of adjective, descriptor and noun, e.g. \"Modular real-time framework\"",
                "",
                {ColumnType::kString},
                nullptr,
                MakeCatchPhrase});
  registry.Add(ListProvider("industry", "industry, e.g. \"Logistics and Supply Chain\"",
                            "en_US/company_industries.txt"));
  registry.Add({"ein",
                "company",
                "US Employer Identification Number NN-NNNNNNN with an IRS-assigned prefix",
                "unique",
                {ColumnType::kString},
                [](const FieldSpec&) -> std::optional<uint64_t> { return kEinDomain; },
                MakeEin});
}

}  // namespace tdm::gen
