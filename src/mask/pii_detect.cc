// ClassifyTable: weighs what a column's name says (pii_name_hints.h) against what its values look
// like (pii_column_scan.h) and settles on one kind, level and confidence per column.
#include "mask/pii_detect.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>

#include "mask/pii_column_scan.h"
#include "mask/pii_kinds.h"
#include "mask/pii_name_hints.h"

namespace tdm::mask {

namespace {

using pii::NameHint;
using pii::PiiKind;
using pii::ValueEvidence;
using pii::ValueKind;

constexpr double kStrongHint = 0.6;  // a name alone, for a word with one meaning
constexpr double kWeakHint = 0.45;   // ... for a word with others ("mobile", "card")
constexpr double kDecisive = 0.8;    // share of values that decides without the name
constexpr double kSuggestive = 0.3;  // share of strict recognisers' values worth a flag alone

// Kinds whose recognisers almost never take ordinary data (syntax plus check digits or registry
// ranges), so even a minority of such values in a column is personal data.
constexpr ValueKind kStrictKinds[] = {ValueKind::kEmail,      ValueKind::kMacAddress,
                                      ValueKind::kIpAddress,  ValueKind::kIban,
                                      ValueKind::kCreditCard, ValueKind::kSsn};
constexpr ValueKind kNameKinds[] = {ValueKind::kFullName, ValueKind::kFirstName,
                                    ValueKind::kLastName};

int64_t Today() {
  auto now = std::chrono::system_clock::now();
  return std::chrono::duration_cast<std::chrono::days>(now.time_since_epoch()).count();
}

// A share of matching values as evidence, discounted for small samples (5 of 5 is weaker than
// 200 of 200).
double ValueConfidence(int64_t matched, int64_t sampled) {
  if (sampled <= 0) return 0;
  return static_cast<double>(matched) / static_cast<double>(sampled + 5);
}

double Combine(double a, double b) { return 1 - (1 - a) * (1 - b); }

double Share(int64_t matched, int64_t sampled) {
  return sampled > 0 ? static_cast<double>(matched) / static_cast<double>(sampled) : 0;
}

std::string Counted(int64_t matched, int64_t sampled, std::string_view what) {
  return std::to_string(matched) + "/" + std::to_string(sampled) + " sampled values " +
         std::string(what);
}

// The recogniser that speaks for `kind`, if it has one.
std::optional<ValueKind> RecogniserOf(std::string_view kind) {
  for (size_t k = 0; k < pii::kValueKindCount; ++k) {
    auto value_kind = static_cast<ValueKind>(k);
    if (pii::ValueKindName(value_kind) == kind) return value_kind;
  }
  return std::nullopt;
}

// The name kind most values match (ties keep the earlier: full, first, last), and its count.
ValueKind BestNameKind(const ValueEvidence& ev, int64_t& count) {
  ValueKind best = ValueKind::kFullName;
  count = -1;
  for (ValueKind kind : kNameKinds) {
    if (ev.Matched(kind) > count) {
      best = kind;
      count = ev.Matched(kind);
    }
  }
  return best;
}

struct ColumnInput {
  const ColumnSchema* schema = nullptr;
  std::string hint_phrase;  // "name 'correo' (es: email)"
  NameHint hint;
  const PiiKind* hint_kind = nullptr;
  ValueEvidence ev;
  bool people_table = false;
  bool text = false;  // a string column: the only kind recognisers read
};

// Fills kind, level, strategy, provider and matched from `kind`.
void Assign(ColumnFinding& f, const PiiKind& kind, Sensitivity level, int64_t matched,
            double confidence, std::string reason) {
  f.kind = kind.name;
  f.level = level;
  f.strategy = kind.strategy;
  f.provider = kind.provider;
  f.matched = matched;
  f.confidence = confidence;
  f.reason = std::move(reason);
}

void Green(ColumnFinding& f, double confidence, std::string reason) {
  f.level = Sensitivity::kGreen;
  f.confidence = confidence;
  f.reason = std::move(reason);
}

// Confidence that a column is green, given how much was looked at.
double GreenConfidence(const ValueEvidence& ev) { return ev.sampled >= 20 ? 0.9 : 0.6; }

// The name says `kind`: values confirm, contradict or cannot tell.
void FromHint(const ColumnInput& in, const PiiKind& kind, ColumnFinding& f) {
  const ValueEvidence& ev = in.ev;
  double base = in.hint.weak ? kWeakHint : kStrongHint;
  std::optional<ValueKind> recogniser =
      in.text ? RecogniserOf(kind.name) : std::optional<ValueKind>();
  if (kind.name == "birth_date") {
    std::string evidence = std::to_string(ev.ages_0_120) + "/" + std::to_string(ev.dated) +
                           " sampled dates imply an age of 0-120";
    if (ev.dated == 0) evidence = std::to_string(ev.sampled) + " sampled values, none a date";
    if (ev.sampled == 0) evidence = "no values sampled";
    bool contradicts = ev.dated >= 10 && Share(ev.ages_0_120, ev.dated) < 0.5;
    double confidence =
        contradicts ? base * 0.7 : Combine(base, ValueConfidence(ev.ages_0_120, ev.dated));
    Assign(f, kind, kind.level, ev.ages_0_120, confidence, in.hint_phrase + "; " + evidence);
    return;
  }
  if (ev.sampled == 0) {
    Assign(f, kind, kind.level, 0, base, in.hint_phrase + "; no values sampled");
    return;
  }
  if (!recogniser) {
    if (in.hint.weak && ev.FewDistinct()) {
      Green(f, 0.7,
            in.hint_phrase + " has other meanings, and " + std::to_string(ev.distinct) +
                " distinct values among " + std::to_string(ev.sampled) +
                " sampled make it a category");
      return;
    }
    Assign(f, kind, kind.level, 0, base,
           in.hint_phrase + "; " + std::to_string(ev.sampled) +
               " sampled values not checked by value");
    return;
  }
  int64_t matched = ev.Matched(*recogniser);
  if (matched == 0 && ev.FewDistinct()) {
    Green(f, 0.7,
          in.hint_phrase + ", but " + std::to_string(ev.distinct) + " distinct values among " +
              std::to_string(ev.sampled) + " sampled, none of them " + std::string(kind.noun) +
              ": a category");
    return;
  }
  bool contradicts = ev.sampled >= 10 && Share(matched, ev.sampled) < 0.1;
  double confidence =
      contradicts ? base * 0.7 : Combine(base, ValueConfidence(matched, ev.sampled));
  std::string verb = "are " + std::string(kind.noun);
  Assign(f, kind, kind.level, matched, confidence,
         in.hint_phrase + "; " + Counted(matched, ev.sampled, verb));
}

// The values alone decide, or the column is green.
void FromValues(const ColumnInput& in, ColumnFinding& f, std::string_view lead) {
  const ValueEvidence& ev = in.ev;
  std::string prefix = std::string(lead) + "; ";
  ValueKind best = ValueKind::kEmail;
  int64_t strict_total = 0;
  for (size_t k = 0; k < pii::kValueKindCount; ++k) {
    auto kind = static_cast<ValueKind>(k);
    if (std::find(std::begin(kNameKinds), std::end(kNameKinds), kind) != std::end(kNameKinds)) {
      continue;
    }
    if (ev.Matched(kind) > ev.Matched(best)) best = kind;
    if (kind != ValueKind::kPhone) strict_total += ev.Matched(kind);
  }
  const PiiKind& best_kind = *pii::FindKind(pii::ValueKindName(best));
  int64_t matched = ev.Matched(best);
  double share = Share(matched, ev.sampled);
  bool strict =
      std::find(std::begin(kStrictKinds), std::end(kStrictKinds), best) != std::end(kStrictKinds);
  if (matched > 0 && (share >= kDecisive || (strict && share >= kSuggestive))) {
    Assign(f, best_kind, best_kind.level, matched, ValueConfidence(matched, ev.sampled),
           prefix + Counted(matched, ev.sampled, "are " + std::string(best_kind.noun)));
    return;
  }
  int64_t names = 0;
  ValueKind name_kind = BestNameKind(ev, names);
  const PiiKind& name_kind_info = *pii::FindKind(pii::ValueKindName(name_kind));
  std::string names_counted =
      Counted(names, ev.sampled, "are " + std::string(name_kind_info.noun)) +
      " from tdm's name lists";
  bool mostly_names = names >= 5 && Share(names, ev.sampled) >= kDecisive;
  if (mostly_names && ev.ManyDistinct()) {
    Assign(f, name_kind_info, name_kind_info.level, names,
           0.85 * ValueConfidence(names, ev.sampled), prefix + names_counted);
    return;
  }
  if (ev.embedded_email > 0) {
    const PiiKind& kind = *pii::FindKind("free_text");
    Assign(f, kind, kind.level, ev.embedded_email,
           0.5 + std::min(0.4, Share(ev.embedded_email, ev.sampled)),
           prefix + Counted(ev.embedded_email, ev.sampled, "contain an email address"));
    return;
  }
  if (ev.sampled == 0) {
    Green(f, 0.5, prefix + "no values sampled");
    return;
  }
  if (mostly_names) {
    Green(f, 0.7,
          prefix + names_counted + ", but only " + std::to_string(ev.distinct) +
              " distinct: a list of words, not of people");
    return;
  }
  int64_t recognised = std::max({matched, names, strict_total});
  Green(f, GreenConfidence(ev),
        prefix + Counted(recognised, ev.sampled, "recognised as personal data"));
}

// "name" alone (or "nombre", "nome", "nom"): a person's name in a people table or when the values
// are names; a product's or a company's otherwise.
void FromGenericName(const ColumnInput& in, ColumnFinding& f) {
  const ValueEvidence& ev = in.ev;
  int64_t names = 0;
  ValueKind name_kind = BestNameKind(ev, names);
  const PiiKind* kind = names > 0 ? pii::FindKind(pii::ValueKindName(name_kind)) : in.hint_kind;
  std::string counted = Counted(names, ev.sampled, "are person names");
  if (in.people_table) {
    bool contradicts = ev.sampled >= 20 && Share(names, ev.sampled) < 0.1;
    double confidence =
        contradicts ? kStrongHint * 0.7 : Combine(kStrongHint, ValueConfidence(names, ev.sampled));
    Assign(f, *kind, kind->level, names, confidence,
           in.hint_phrase + " in a table of people; " +
               (ev.sampled > 0 ? counted : std::string("no values sampled")));
  } else if (names >= 3 && Share(names, ev.sampled) >= 0.5 && ev.ManyDistinct()) {
    Assign(f, *kind, kind->level, names, ValueConfidence(names, ev.sampled),
           in.hint_phrase + "; " + counted);
  } else {
    Green(f, ev.sampled > 0 ? GreenConfidence(ev) : 0.6,
          in.hint_phrase + " in table '" + f.table + "', which holds no people" +
              (ev.sampled > 0 ? "; " + counted : std::string()));
  }
}

void ClassifyString(const ColumnInput& in, ColumnFinding& f) {
  if (in.hint.generic_name) return FromGenericName(in, f);
  if (in.hint_kind == nullptr) return FromValues(in, f, "no name hint");
  // Values of another recognised kind outvote the name ("mail" holding phone numbers).
  std::optional<ValueKind> own = RecogniserOf(in.hint_kind->name);
  ColumnFinding by_values = f;
  FromValues(in, by_values, in.hint_phrase);
  bool own_weak = !own || Share(in.ev.Matched(*own), in.ev.sampled) < 0.5;
  if (by_values.level != Sensitivity::kGreen && by_values.kind != "free_text" &&
      by_values.kind != in.hint_kind->name && own_weak &&
      Share(by_values.matched, in.ev.sampled) >= kDecisive) {
    f = std::move(by_values);
    f.reason = in.hint_phrase + " suggests " + std::string(in.hint_kind->noun) + ", but " +
               Counted(f.matched, in.ev.sampled, "are " + std::string(pii::FindKind(f.kind)->noun));
    return;
  }
  FromHint(in, *in.hint_kind, f);
}

ColumnFinding ClassifyColumn(ColumnInput& in, const TableSchema& table, const Column* values,
                             size_t rows, int64_t today) {
  ColumnFinding f;
  f.table = table.name;
  f.column = in.schema->name;
  ColumnType type = in.schema->type;
  bool id_type =
      type == ColumnType::kInteger || type == ColumnType::kUuid || type == ColumnType::kObjectId;
  const ForeignKeySchema* fk = nullptr;
  for (const ForeignKeySchema& k : table.foreign_keys) {
    if (k.column == in.schema->name) fk = &k;
  }
  if (id_type && (in.schema->primary_key || fk != nullptr)) {
    Green(f, 0.95,
          in.schema->primary_key
              ? "key column (primary key)"
              : "key column (foreign key to " + fk->ref_table + "." + fk->ref_column + ")");
    return f;
  }
  if (type == ColumnType::kBoolean) {
    Green(f, 0.95, "boolean column");
    return f;
  }
  bool year_of_birth =
      in.hint_kind != nullptr && in.hint_kind->name == "birth_date" && type == ColumnType::kInteger;
  std::string lead = "no name hint";  // what the name says, for a green column
  if (in.hint_kind != nullptr && !pii::StoredAs(*in.hint_kind, type) && !year_of_birth) {
    lead = in.hint_phrase + " suggests " + std::string(in.hint_kind->noun) + ", but a " +
           std::string(ColumnTypeName(type)) + " column cannot hold them";
    in.hint_kind = nullptr;
    in.hint = {};
  }
  bool birth = in.hint_kind != nullptr && in.hint_kind->name == "birth_date";
  in.text = type == ColumnType::kString;
  if (values != nullptr && rows > 0) {
    pii::ScanOptions options;
    options.named_phone = in.hint_kind != nullptr && in.hint_kind->name == "phone";
    options.dates_in_text = birth;
    options.today = today;
    in.ev = pii::ScanColumn(*values, type, rows, options);
  }
  f.sampled = in.ev.sampled;
  const ValueEvidence& ev = in.ev;
  if (type == ColumnType::kString) {
    ClassifyString(in, f);
  } else if (type == ColumnType::kInteger && ev.sampled > 0 && Share(ev.years, ev.sampled) >= 0.9) {
    // A year is never red; a year of birth is a quasi-identifier.
    std::string years = Counted(ev.years, ev.sampled, "are years 1900-2100");
    if (birth) {
      Assign(f, *in.hint_kind, Sensitivity::kYellow, ev.years,
             Combine(kStrongHint, ValueConfidence(ev.years, ev.sampled)),
             in.hint_phrase + "; " + years + " (a year of birth narrows a person down)");
    } else {
      Green(f, GreenConfidence(ev), "year column: " + years);
    }
  } else if (in.hint_kind != nullptr) {
    FromHint(in, *in.hint_kind, f);
  } else if ((type == ColumnType::kDate || type == ColumnType::kDateTime) && in.people_table &&
             ev.AdultBirthDates()) {
    const PiiKind& kind = *pii::FindKind("birth_date");
    Assign(f, kind, kind.level, ev.ages_18_100, 0.75 * ValueConfidence(ev.ages_18_100, ev.dated),
           "no name hint; " + std::to_string(ev.ages_18_100) + "/" + std::to_string(ev.dated) +
               " sampled dates imply adults' ages (18-100, young and old) in a table of people");
  } else {
    Green(f, ev.sampled > 0 ? GreenConfidence(ev) : 0.6,
          lead + "; " + std::string(ColumnTypeName(type)) + " values are not personal data alone");
  }
  f.confidence = std::round(std::clamp(f.confidence, 0.0, 0.99) * 100) / 100;
  return f;
}

}  // namespace

std::string_view SensitivityName(Sensitivity level) {
  switch (level) {
    case Sensitivity::kGreen:
      return "green";
    case Sensitivity::kYellow:
      return "yellow";
    case Sensitivity::kRed:
      return "red";
  }
  return "green";
}

std::vector<ColumnFinding> ClassifyTable(const TableSchema& table, const Batch& sample) {
  std::vector<ColumnInput> inputs;
  inputs.reserve(table.columns.size());
  bool people = pii::IsPeopleTable(table.name);
  for (const ColumnSchema& column : table.columns) {
    ColumnInput in;
    in.schema = &column;
    in.hint = pii::FindNameHint(column.name);
    in.hint_kind = in.hint.kind.empty() ? nullptr : pii::FindKind(in.hint.kind);
    in.hint_phrase = "name '" + column.name + "'";
    if (!in.hint.language.empty()) {
      in.hint_phrase +=
          " (" + std::string(in.hint.language) + ": " + std::string(in.hint.meaning) + ")";
    }
    people |= in.hint_kind != nullptr && !in.hint.generic_name && in.hint_kind->personal &&
              pii::StoredAs(*in.hint_kind, column.type);
    inputs.push_back(std::move(in));
  }
  int64_t today = Today();
  std::vector<ColumnFinding> findings;
  findings.reserve(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    inputs[i].people_table = people;
    const Column* values = i < sample.columns.size() ? &sample.columns[i] : nullptr;
    findings.push_back(ClassifyColumn(inputs[i], table, values, sample.num_rows, today));
  }
  return findings;
}

}  // namespace tdm::mask
