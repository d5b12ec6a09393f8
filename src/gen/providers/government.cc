// Government providers: national identification numbers with each country's check digit or
// letter, so generated people pass the validation of forms and back offices.
//
// All values are syntactically valid but random; none is checked against (or meant to be) an
// issued number.
#include <array>
#include <utility>

#include "core/time_format.h"
#include "gen/locale_rules.h"
#include "gen/provider_registry.h"
#include "gen/providers/finance_check_digits.h"
#include "gen/providers/provider_util.h"
#include "gen/rng.h"

namespace tdm::gen {
namespace {

std::optional<uint64_t> NotUnique(const FieldSpec& /*field*/) { return std::nullopt; }

// A generator from `void(RowRng&, std::string& arena)` that writes one string value per row.
template <typename Write>
Result<std::unique_ptr<ColumnGenerator>> StringGenerator(const ProviderArgs& args, Write write) {
  uint64_t key = args.key();
  return MakeGenerator([key, write](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    write(rng, out.arena());
    out.CommitString();
  });
}

// US SSN "AAA-GG-SSSS": area 001-899 without 666, group 01-99, serial 0001-9999, and none of the
// numbers voided after appearing in advertisements.
void WriteSsn(RowRng& rng, std::string& a) {
  auto area = static_cast<int>(1 + rng.Below(898));
  if (area >= 666) ++area;
  auto group = static_cast<int>(1 + rng.Below(99));
  auto serial = static_cast<int>(1 + rng.Below(9999));
  constexpr std::array<std::array<int, 3>, 3> kVoided = {
      {{78, 5, 1120}, {219, 9, 9999}, {457, 55, 5462}}};
  for (const auto& v : kVoided) {
    if (v[0] == area && v[1] == group && v[2] == serial) serial = serial % 9999 + 1;
  }
  AppendPadded(static_cast<uint64_t>(area), 3, a);
  a.push_back('-');
  AppendPadded(static_cast<uint64_t>(group), 2, a);
  a.push_back('-');
  AppendPadded(static_cast<uint64_t>(serial), 4, a);
}

// Brazil CPF "XXX.XXX.XXX-XX": two mod-11 digits, weights 10..2 then 11..2.
void WriteCpf(RowRng& rng, std::string& a) {
  int d[11];
  do {
    for (int i = 0; i < 9; ++i) d[i] = static_cast<int>(rng.Below(10));
  } while (d[0] == d[1] && d[1] == d[2] && d[2] == d[3] && d[3] == d[4] && d[4] == d[5] &&
           d[5] == d[6] && d[6] == d[7] && d[7] == d[8]);  // 111.111.111-11 and kin are void
  for (int n = 9; n <= 10; ++n) {
    int sum = 0;
    for (int i = 0; i < n; ++i) sum += d[i] * (n + 1 - i);
    int r = sum % 11;
    d[n] = r < 2 ? 0 : 11 - r;
  }
  for (int i = 0; i < 11; ++i) {
    if (i == 3 || i == 6) a.push_back('.');
    if (i == 9) a.push_back('-');
    a.push_back(static_cast<char>('0' + d[i]));
  }
}

// Spain DNI: 8 digits and the letter of the number mod 23.
void WriteDni(RowRng& rng, std::string& a) {
  static constexpr std::string_view kLetters = "TRWAGMYFPDXBNJZSQVHLCKE";
  uint64_t n = rng.Below(100'000'000);
  AppendPadded(n, 8, a);
  a.push_back(kLetters[n % 23]);
}

// France NIR: sex, year, month, department (01-95 without 20, or Corsica's 2A/2B), commune,
// birth order, and the key 97 - (number mod 97), with 2A/2B read as 19/18.
void WriteNir(RowRng& rng, std::string& a) {
  uint64_t sex = 1 + rng.Below(2);
  uint64_t year = rng.Below(100);
  uint64_t month = 1 + rng.Below(12);
  uint64_t dept = 1 + rng.Below(96);  // 96 stands for Corsica
  uint64_t commune = 1 + rng.Below(990);
  uint64_t order = 1 + rng.Below(999);
  uint64_t dept_value = dept;
  if (dept == 20 || dept == 96) dept_value = rng.Chance(1, 2) ? 19 : 18;  // 2A : 2B
  uint64_t number =
      ((((sex * 100 + year) * 100 + month) * 100 + dept_value) * 1000 + commune) * 1000 + order;
  a.push_back(static_cast<char>('0' + sex));
  AppendPadded(year, 2, a);
  AppendPadded(month, 2, a);
  if (dept_value != dept) {
    a.append(dept_value == 19 ? "2A" : "2B");
  } else {
    AppendPadded(dept, 2, a);
  }
  AppendPadded(commune, 3, a);
  AppendPadded(order, 3, a);
  AppendPadded(97 - number % 97, 2, a);
}

// Germany Steuer-ID: 10 digits, the first not 0, in which exactly one digit occurs twice and
// one not at all, then the ISO 7064 MOD 11,10 check digit.
void WriteSteuerId(RowRng& rng, std::string& a) {
  char d[11] = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9'};
  for (int i = 9; i > 0; --i) std::swap(d[i], d[rng.Below(static_cast<uint64_t>(i) + 1)]);
  auto from = rng.Below(10);
  auto to = (from + 1 + rng.Below(9)) % 10;  // a different position takes a copy of `from`
  d[to] = d[from];
  if (d[0] == '0') {
    int k = 1;
    while (d[k] == '0') ++k;
    std::swap(d[0], d[k]);
  }
  d[10] = Mod11_10CheckDigit({d, 10});
  a.append(d, 11);
}

// Italy codice fiscale: surname and name letters, birth year, month letter, day (+40 for
// women), birthplace code and check letter. Birth dates are real dates from 1940 to 2005.
void WriteCodiceFiscale(RowRng& rng, std::string& a) {
  static constexpr std::string_view kConsonants = "BCDFGLMNPRSTVZ";
  static constexpr std::string_view kVowels = "AEIOU";
  static constexpr std::string_view kMonths = "ABCDEHLMPRST";
  size_t start = a.size();
  for (int i = 0; i < 6; ++i) {  // consonant, consonant, vowel-or-consonant, for each name
    bool vowel = i % 3 == 2 && rng.Chance(1, 3);
    a.push_back(vowel ? kVowels[rng.Below(kVowels.size())]
                      : kConsonants[rng.Below(kConsonants.size())]);
  }
  int64_t first = DaysFromCivil({1940, 1, 1});
  int64_t last = DaysFromCivil({2005, 12, 31});
  CivilDate birth = CivilFromDays(rng.Between(first, last));
  AppendPadded(static_cast<uint64_t>(birth.year % 100), 2, a);
  a.push_back(kMonths[static_cast<size_t>(birth.month - 1)]);
  AppendPadded(static_cast<uint64_t>(birth.day + (rng.Chance(1, 2) ? 40 : 0)), 2, a);
  a.push_back(static_cast<char>('A' + rng.Below(12)));  // comuni codes run A001..M999
  AppendPadded(1 + rng.Below(999), 3, a);
  a.push_back(ItalianCheckLetter(std::string_view(a).substr(start, 15)));
}

// Japan My Number: 11 digits and a check digit; weights from the right are 2..7, then 2..6.
void WriteMyNumber(RowRng& rng, std::string& a) {
  char d[12];
  for (int i = 0; i < 11; ++i) d[i] = static_cast<char>('0' + rng.Below(10));
  int sum = 0;
  for (int n = 1; n <= 11; ++n) sum += (d[11 - n] - '0') * (n <= 6 ? n + 1 : n - 5);
  int r = sum % 11;
  d[11] = static_cast<char>('0' + (r <= 1 ? 0 : 11 - r));
  a.append(d, 12);
}

// UK National Insurance number "AB123456C": a prefix of two allowed letters that is not one of
// the prefixes never issued, six digits and a suffix A-D. It has no check digit.
struct NinoPrefixes {
  std::array<std::array<char, 2>, 26 * 26> pairs{};
  size_t count = 0;

  NinoPrefixes() {
    constexpr std::string_view kFirst = "ABCEGHJKLMNOPRSTWXYZ";  // no D, F, I, Q, U, V
    constexpr std::string_view kSecond = "ABCEGHJKLMNPRSTWXYZ";  // nor O
    constexpr std::string_view kNever[] = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"};
    for (char f : kFirst) {
      for (char s : kSecond) {
        bool never = false;
        for (std::string_view n : kNever) never = never || (n[0] == f && n[1] == s);
        if (!never) pairs[count++] = {f, s};
      }
    }
  }
};

void WriteNino(RowRng& rng, std::string& a) {
  static const NinoPrefixes kPrefixes;
  const auto& p = kPrefixes.pairs[rng.Below(kPrefixes.count)];
  a.append(p.data(), 2);
  AppendRandomDigits(rng, 6, a);
  a.push_back(static_cast<char>('A' + rng.Below(4)));
}

// NHS number (England, Wales, Isle of Man): 10 digits, the last a mod-11 check digit with
// weights 10..2; a body whose check would be 10 is never issued, so the draw steps to the next.
// Written "943 476 5919".
void WriteNhsNumber(RowRng& rng, std::string& a) {
  char d[10];
  // The first digit 4-7: the ranges England and Wales issue (others are Scotland's CHI and
  // Northern Ireland's H&C numbers, or reserved).
  d[0] = static_cast<char>('4' + rng.Below(4));
  for (int i = 1; i < 9; ++i) d[i] = static_cast<char>('0' + rng.Below(10));
  for (;;) {
    int sum = 0;
    for (int i = 0; i < 9; ++i) sum += (d[i] - '0') * (10 - i);
    int check = 11 - sum % 11;
    if (check == 11) check = 0;
    if (check != 10) {
      d[9] = static_cast<char>('0' + check);
      break;
    }
    d[8] = static_cast<char>('0' + (d[8] - '0' + 1) % 10);  // changes the sum by 2 (mod 11)
  }
  a.append(d, 3).push_back(' ');
  a.append(d + 3, 3).push_back(' ');
  a.append(d + 6, 4);
}

template <void (*Write)(RowRng&, std::string&)>
Result<std::unique_ptr<ColumnGenerator>> Make(const ProviderArgs& args) {
  return StringGenerator(args, Write);
}

Provider IdProvider(std::string name, std::string description,
                    Result<std::unique_ptr<ColumnGenerator>> (*make)(const ProviderArgs&)) {
  return {std::move(name), "government", std::move(description), "", {ColumnType::kString},
          NotUnique,       make};
}

// The personal id of the field's locale: the provider the locale names, made with the same args.
Result<std::unique_ptr<ColumnGenerator>> MakeNationalId(const ProviderArgs& args) {
  const Provider* p = Registry().Find(RulesFor(args.field.locale).national_id);
  return p->make(args);
}

}  // namespace

void RegisterGovernmentProviders(ProviderRegistry& registry) {
  registry.Add(IdProvider("ssn", "US Social Security number \"AAA-GG-SSSS\" in issuable ranges",
                          Make<WriteSsn>));
  registry.Add(
      IdProvider("cpf", "Brazilian CPF \"XXX.XXX.XXX-XX\" with both check digits", Make<WriteCpf>));
  registry.Add(
      IdProvider("dni", "Spanish DNI: 8 digits and the mod-23 check letter", Make<WriteDni>));
  registry.Add(IdProvider("nir",
                          "French social security number (NIR), 15 digits: sex, birth year and "
                          "month, department, commune, order and the mod-97 key",
                          Make<WriteNir>));
  registry.Add(IdProvider("steuer_id",
                          "German tax id (Steuer-IdNr), 11 digits with the ISO 7064 MOD 11,10 "
                          "check digit and one repeated digit",
                          Make<WriteSteuerId>));
  registry.Add(IdProvider("codice_fiscale",
                          "Italian fiscal code, 16 characters with a real birth date, month "
                          "letter, birthplace code and check letter",
                          Make<WriteCodiceFiscale>));
  registry.Add(IdProvider("my_number",
                          "Japanese individual number (My Number), 12 digits with "
                          "its check digit",
                          Make<WriteMyNumber>));
  registry.Add(IdProvider("nino",
                          "UK National Insurance number \"AB123456C\" with an issuable prefix",
                          Make<WriteNino>));
  registry.Add(IdProvider("nhs_number",
                          "UK NHS number \"943 476 5919\", 10 digits with the mod-11 check digit",
                          Make<WriteNhsNumber>));
  registry.Add(IdProvider("national_id",
                          "the locale's personal id: ssn (en_US), nhs_number (en_GB), steuer_id "
                          "(de_DE), nir (fr_FR), dni (es_ES), codice_fiscale (it_IT), cpf (pt_BR), "
                          "my_number (ja_JP)",
                          MakeNationalId));
}

}  // namespace tdm::gen
