// Healthcare providers: medical record numbers, ICD-10-CM diagnoses, generic medications and their
// strengths, ABO/Rh blood types and US National Provider Identifiers. Paired values (a code and its
// description, a drug and its strength) come from one data line, picked by the same row draw.
#include <array>
#include <string_view>
#include <vector>

#include "gen/permutation.h"
#include "gen/provider_registry.h"
#include "gen/providers/provider_util.h"
#include "gen/rng.h"
#include "gen/word_lists.h"

namespace tdm::gen {
namespace {

constexpr uint64_t kMrnDomain = 100'000'000;  // 8 digits
constexpr uint64_t kNpiDomain = 200'000'000;  // 9-digit bodies starting with 1 or 2

// Lines "first<TAB>second" of a data list; the views live for the whole program.
struct TabLine {
  std::string_view first;
  std::string_view second;
};

std::vector<TabLine> SplitTabs(std::string_view path) {
  std::vector<TabLine> lines;
  for (std::string_view line : WordList(path)) {
    size_t tab = line.find('\t');
    lines.push_back(tab == std::string_view::npos
                        ? TabLine{line, {}}
                        : TabLine{line.substr(0, tab), line.substr(tab + 1)});
  }
  return lines;
}

const std::vector<TabLine>& Diagnoses() {
  static const std::vector<TabLine> kDiagnoses = SplitTabs("en_US/health_diagnoses.txt");
  return kDiagnoses;
}

struct Medication {
  std::string_view name;
  std::vector<std::string_view> strengths;
};

const std::vector<Medication>& Medications() {
  static const std::vector<Medication> kMedications = [] {
    std::vector<Medication> out;
    for (const TabLine& line : SplitTabs("en_US/health_medications.txt")) {
      Medication m{line.first, {}};
      std::string_view rest = line.second;
      while (!rest.empty()) {
        size_t bar = rest.find('|');
        m.strengths.push_back(rest.substr(0, bar));
        rest = bar == std::string_view::npos ? std::string_view() : rest.substr(bar + 1);
      }
      if (m.strengths.empty()) m.strengths.emplace_back("1 tablet");
      out.push_back(std::move(m));
    }
    return out;
  }();
  return kMedications;
}

// The key whose row draw picks the line: the sibling column's when the table has one, so that a
// diagnosis matches its code; otherwise a private stream of this table.
uint64_t PairKey(const ProviderArgs& args, std::string_view sibling) {
  if (const FieldSpec* f = args.SiblingWithProvider(sibling)) return args.KeyFor(f->name);
  return args.KeyFor(std::string("\x01") + std::string(sibling));
}

size_t PickLine(uint64_t key, int64_t row, size_t n) {
  RowRng rng(key, static_cast<uint64_t>(row));
  return rng.Below(n);
}

Result<std::unique_ptr<ColumnGenerator>> MakeDiagnosis(const ProviderArgs& args, bool code) {
  const std::vector<TabLine>& lines = Diagnoses();
  uint64_t key = code ? args.key() : PairKey(args, "diagnosis_code");
  return MakeGenerator([&lines, key, code](int64_t row, Column& out) {
    const TabLine& line = lines[PickLine(key, row, lines.size())];
    out.AppendString(code ? line.first : line.second);
  });
}

Result<std::unique_ptr<ColumnGenerator>> MakeMedication(const ProviderArgs& args) {
  const std::vector<Medication>& meds = Medications();
  uint64_t key = args.key();
  return MakeGenerator([&meds, key](int64_t row, Column& out) {
    out.AppendString(meds[PickLine(key, row, meds.size())].name);
  });
}

Result<std::unique_ptr<ColumnGenerator>> MakeMedicationDose(const ProviderArgs& args) {
  const std::vector<Medication>& meds = Medications();
  uint64_t med_key = PairKey(args, "medication");
  uint64_t key = args.key();
  return MakeGenerator([&meds, med_key, key](int64_t row, Column& out) {
    const Medication& m = meds[PickLine(med_key, row, meds.size())];
    out.AppendString(m.strengths[PickLine(key, row, m.strengths.size())]);
  });
}

// Appends `value` as exactly `digits` decimal digits.
void AppendDigits(uint64_t value, int digits, std::string& out) {
  size_t at = out.size();
  out.append(static_cast<size_t>(digits), '0');
  for (int i = digits - 1; i >= 0; --i, value /= 10) {
    out[at + static_cast<size_t>(i)] = static_cast<char>('0' + value % 10);
  }
}

Result<std::unique_ptr<ColumnGenerator>> MakeMedicalRecordNumber(const ProviderArgs& args) {
  KeyedPermutation perm(kMrnDomain, args.key());
  return MakeGenerator([perm](int64_t row, Column& out) {
    std::string& a = out.arena();
    a.append("MRN-");
    AppendDigits(perm.Apply(static_cast<uint64_t>(row) % kMrnDomain), 8, a);
    out.CommitString();
  });
}

// The NPI check digit: Luhn over the card-issuer prefix 80840 followed by the 9-digit body.
int NpiCheckDigit(uint64_t body) {
  int sum = 0;
  bool twice = true;  // the rightmost body digit sits next to the check digit
  for (uint64_t v = 80'840'000'000'000 + body; v > 0; v /= 10, twice = !twice) {
    int d = static_cast<int>(v % 10);
    if (twice) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return (10 - sum % 10) % 10;
}

Result<std::unique_ptr<ColumnGenerator>> MakeNpi(const ProviderArgs& args) {
  KeyedPermutation perm(kNpiDomain, args.key());
  return MakeGenerator([perm](int64_t row, Column& out) {
    uint64_t body = 100'000'000 + perm.Apply(static_cast<uint64_t>(row) % kNpiDomain);
    std::string& a = out.arena();
    AppendDigits(body, 9, a);
    a.push_back(static_cast<char>('0' + NpiCheckDigit(body)));
    out.CommitString();
  });
}

struct BloodType {
  std::string_view name;
  uint32_t per_mille;  // share of the US population
};

constexpr std::array<BloodType, 8> kBloodTypes = {{{"O+", 374},
                                                   {"A+", 357},
                                                   {"B+", 85},
                                                   {"O-", 66},
                                                   {"A-", 63},
                                                   {"AB+", 34},
                                                   {"B-", 15},
                                                   {"AB-", 6}}};

Result<std::unique_ptr<ColumnGenerator>> MakeBloodType(const ProviderArgs& args) {
  uint64_t key = args.key();
  return MakeGenerator([key](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    uint64_t draw = rng.Below(1000);
    size_t i = 0;
    while (i + 1 < kBloodTypes.size() && draw >= kBloodTypes[i].per_mille) {
      draw -= kBloodTypes[i].per_mille;
      ++i;
    }
    out.AppendString(kBloodTypes[i].name);
  });
}

Provider Healthcare(
    std::string name, std::string description,
    std::function<Result<std::unique_ptr<ColumnGenerator>>(const ProviderArgs&)> make,
    std::optional<uint64_t> domain = std::nullopt) {
  return {std::move(name),        "healthcare",
          std::move(description), domain ? "unique" : "",
          {ColumnType::kString},  [domain](const FieldSpec&) { return domain; },
          std::move(make)};
}

}  // namespace

void RegisterHealthcareProviders(ProviderRegistry& registry) {
  registry.Add(Healthcare("medical_record_number",
                          "\"MRN-\" and 8 digits, unique per table up to 10^8 rows",
                          MakeMedicalRecordNumber, kMrnDomain));
  registry.Add(Healthcare("diagnosis_code", "a common ICD-10-CM diagnosis code, e.g. \"E11.9\"",
                          [](const ProviderArgs& a) { return MakeDiagnosis(a, true); }));
  registry.Add(Healthcare("diagnosis",
                          "the ICD-10-CM description of the row's diagnosis_code column (or of a "
                          "common code when the table has none)",
                          [](const ProviderArgs& a) { return MakeDiagnosis(a, false); }));
  registry.Add(Healthcare("medication", "a generic drug name, e.g. \"metformin\"", MakeMedication));
  registry.Add(Healthcare("medication_dose",
                          "a marketed strength of the row's medication column, e.g. \"500 mg\"",
                          MakeMedicationDose));
  registry.Add(Healthcare("blood_type", "ABO/Rh blood type weighted by US population frequency",
                          MakeBloodType));
  registry.Add(Healthcare("npi",
                          "US National Provider Identifier: 10 digits, Luhn check over the 80840 "
                          "prefix; unique per table up to 2*10^8 rows",
                          MakeNpi, kNpiDomain));
}

}  // namespace tdm::gen
