// Person and contact providers: names, emails derived from the same row's name, and phone numbers.
//
// A name is a pure function of (name column key, row), so an email can be derived from the row's
// name without reading the batch: the email provider recomputes the name with the key of the
// table's name column. Emails use domains reserved for documentation (RFC 2606), so generated
// data never reaches a real mailbox.
#include "gen/permutation.h"
#include "gen/provider_registry.h"
#include "gen/providers/address_places.h"
#include "gen/providers/person_names.h"
#include "gen/providers/provider_util.h"
#include "gen/rng.h"
#include "gen/word_lists.h"

namespace tdm::gen {
namespace {

Result<std::unique_ptr<ColumnGenerator>> MakeFullName(const ProviderArgs& args) {
  NameLists lists(args.field.locale);
  uint64_t key = args.key();
  return MakeGenerator([lists, key](int64_t row, Column& out) {
    Name n = PickName(lists, key, row);
    std::string& a = out.arena();
    a.append(n.first).push_back(' ');
    a.append(n.last);
    out.CommitString();
  });
}

Result<std::unique_ptr<ColumnGenerator>> MakeNamePart(const ProviderArgs& args, bool first) {
  NameLists lists(args.field.locale);
  uint64_t key = NameKey(args);
  return MakeGenerator([lists, key, first](int64_t row, Column& out) {
    Name n = PickName(lists, key, row);
    out.AppendString(first ? n.first : n.last);
  });
}

Result<std::unique_ptr<ColumnGenerator>> MakeEmail(const ProviderArgs& args) {
  NameLists lists(args.field.locale);
  const auto& domains = WordList("en_US/email_domains.txt");
  uint64_t name_key = NameKey(args);
  uint64_t key = args.key();
  bool unique = args.field.unique;
  return MakeGenerator([lists, &domains, name_key, key, unique](int64_t row, Column& out) {
    Name n = PickName(lists, name_key, row);
    RowRng rng(key, static_cast<uint64_t>(row));
    std::string& a = out.arena();
    AppendNameForm(n, rng.Below(4), a);
    // Names hold no digits, so a trailing row number makes the address unique per row.
    if (unique) {
      AppendInt(row + 1, a);
    } else if (rng.Chance(1, 2)) {
      AppendInt(rng.Between(1, 99), a);
    }
    a.push_back('@');
    a.append(domains[rng.Below(domains.size())]);
    out.CommitString();
  });
}

// North American numbers: +1, an assigned area code, an exchange 200-999 that is not N11, and a
// line.
struct PhonePlan {
  const std::vector<std::string_view>* areas;
  std::vector<uint16_t> exchanges;

  explicit PhonePlan(std::string_view locale) : areas(&LocaleList(locale, "us_area_codes")) {
    for (uint16_t e = 200; e <= 999; ++e) {
      if (e % 100 != 11) exchanges.push_back(e);
    }
  }
  uint64_t size() const { return areas->size() * exchanges.size() * 10000; }
};

// True when the table has a field whose value names the row's US place (city, state, postcode,
// street, coordinates): a phone of such a row takes its area code from that place.
bool HasAddressSibling(const ProviderArgs& args) {
  for (const FieldSpec& f : args.siblings) {
    const Provider* p = Registry().Find(f.provider);
    if (p != nullptr && p->category == "address" && f.provider != "country" &&
        f.provider != "country_code" && !f.foreign_key) {
      return true;
    }
  }
  return false;
}

Result<std::unique_ptr<ColumnGenerator>> MakePhone(const ProviderArgs& args) {
  PhonePlan plan(args.field.locale);
  uint64_t key = args.key();
  std::optional<KeyedPermutation> perm;
  if (args.field.unique) perm.emplace(plan.size(), key);
  // A unique phone keeps its own permutation over every area (uniqueness first); otherwise the
  // area follows the row's address when the table has one.
  std::optional<uint64_t> address_key;
  if (!args.field.unique && HasAddressSibling(args)) address_key = AddressKey(args);
  return MakeGenerator([plan, key, perm, address_key](int64_t row, Column& out) {
    uint64_t index = perm ? perm->Apply(static_cast<uint64_t>(row))
                          : RowRng(key, static_cast<uint64_t>(row)).Below(plan.size());
    uint64_t line = index % 10000;
    index /= 10000;
    uint16_t exchange = plan.exchanges[index % plan.exchanges.size()];
    std::string_view area = address_key ? AreaCodeForRow(*address_key, row)
                                        : (*plan.areas)[index / plan.exchanges.size()];
    std::string& a = out.arena();
    a.append("+1").append(area);
    AppendInt(exchange, a);
    char digits[4] = {static_cast<char>('0' + line / 1000),
                      static_cast<char>('0' + line / 100 % 10),
                      static_cast<char>('0' + line / 10 % 10), static_cast<char>('0' + line % 10)};
    a.append(digits, 4);
    out.CommitString();
  });
}

std::optional<uint64_t> Unbounded(const FieldSpec& /*field*/) { return UINT64_MAX; }

}  // namespace

void RegisterPersonProviders(ProviderRegistry& registry) {
  registry.Add({"full_name",
                "person",
                "given name and surname, e.g. \"Maria Lopez\"",
                "locale",
                {ColumnType::kString},
                nullptr,
                MakeFullName});
  registry.Add({"first_name",
                "person",
                "given name; matches the row's full_name when the table has one",
                "locale",
                {ColumnType::kString},
                nullptr,
                [](const ProviderArgs& a) { return MakeNamePart(a, true); }});
  registry.Add({"last_name",
                "person",
                "surname; matches the row's full_name when the table has one",
                "locale",
                {ColumnType::kString},
                nullptr,
                [](const ProviderArgs& a) { return MakeNamePart(a, false); }});
  registry.Add({"email",
                "internet",
                "address derived from the row's name at example.com/.net/.org; unique adds the "
                "row number",
                "unique",
                {ColumnType::kString},
                Unbounded,
                MakeEmail});
  registry.Add(
      {"phone",
       "phone",
       "E.164 North American number, e.g. +14155550123; in a table with a US address field the "
       "area code is the row's city's (unless unique)",
       "unique",
       {ColumnType::kString},
       [](const FieldSpec& f) -> std::optional<uint64_t> { return PhonePlan(f.locale).size(); },
       MakePhone});
}

}  // namespace tdm::gen
