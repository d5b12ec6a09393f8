// Person and contact providers: names, and emails derived from the same row's name (phone numbers
// are in phone.cc).
//
// A name is a pure function of (name column key, row), so an email can be derived from the row's
// name without reading the batch: the email provider recomputes the name with the key of the
// table's name column. Emails use domains reserved for documentation (RFC 2606), so generated
// data never reaches a real mailbox.
#include "gen/permutation.h"
#include "gen/provider_registry.h"
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
    if (lists.family_name_first) {
      a.append(n.last).push_back(' ');
      a.append(n.first);
    } else {
      a.append(n.first).push_back(' ');
      a.append(n.last);
    }
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
}

}  // namespace tdm::gen
