// IBAN: a country code, two ISO 7064 MOD 97-10 check digits and the country's BBAN.
//
// Each BBAN follows its country's registered layout (lengths, digits or letters per part), and
// where a national check digit is part of the layout (BE, ES, FR, IT, PL, PT) it is computed too,
// so the account number would also pass the country's own validation. Bank codes that national
// validators look up (BE) are drawn from assigned ranges; GB, IE and NL use real bank codes.
#include "gen/providers/finance_iban.h"

#include <algorithm>

#include "gen/providers/finance_check_digits.h"
#include "gen/providers/provider_util.h"
#include "gen/rng.h"

namespace tdm::gen {
namespace {

template <size_t N>
std::string_view Pick(RowRng& rng, const std::string_view (&list)[N]) {
  return list[rng.Below(N)];
}

constexpr std::string_view kGbBanks[] = {"NWBK", "BARC", "LOYD", "HBUK", "MIDL", "RBOS", "NAIA"};
constexpr std::string_view kIeBanks[] = {"AIBK", "BOFI", "IPBS", "ULSB"};
constexpr std::string_view kNlBanks[] = {"ABNA", "INGB", "RABO", "SNSB", "TRIO", "ASNB", "KNAB"};

// Belgian bank codes of large banks (BNP Paribas Fortis, Belfius, ING, KBC).
struct CodeRange {
  int lo, hi;
};
constexpr CodeRange kBeBankRanges[] = {{1, 49}, {50, 99}, {300, 399}, {733, 741}, {743, 749}};

void AppendBelgianBban(RowRng& rng, std::string& a) {
  const CodeRange& r = kBeBankRanges[rng.Below(std::size(kBeBankRanges))];
  size_t start = a.size();
  AppendPadded(static_cast<uint64_t>(rng.Between(r.lo, r.hi)), 3, a);
  AppendRandomDigits(rng, 7, a);
  int check = Mod97(std::string_view(a).substr(start, 10));
  AppendPadded(check == 0 ? 97 : static_cast<uint64_t>(check), 2, a);
}

// Spanish CCC: bank (4), branch (4), two check digits, account (10). Weights are 2^i mod 11.
char SpanishCheck(std::string_view ten_digits) {
  static constexpr int kWeights[10] = {1, 2, 4, 8, 5, 10, 9, 7, 3, 6};
  int sum = 0;
  for (size_t i = 0; i < 10; ++i) sum += (ten_digits[i] - '0') * kWeights[i];
  int r = sum % 11;
  return static_cast<char>('0' + (r < 2 ? r : 11 - r));
}

void AppendSpanishBban(RowRng& rng, std::string& a) {
  char head[10] = {'0', '0'};
  for (int i = 2; i < 10; ++i) head[i] = static_cast<char>('0' + rng.Below(10));
  char account[10];
  for (char& c : account) c = static_cast<char>('0' + rng.Below(10));
  a.append(head + 2, 8);
  a.push_back(SpanishCheck({head, 10}));
  a.push_back(SpanishCheck({account, 10}));
  a.append(account, 10);
}

// French RIB: bank (5), branch (5), account (11), key = 97 - (89 bank + 15 branch + 3 account)
// mod 97. Accounts are all digits here, so no letter transcoding is needed.
void AppendFrenchBban(RowRng& rng, std::string& a) {
  auto bank = static_cast<int64_t>(rng.Between(10000, 99999));
  auto branch = static_cast<int64_t>(rng.Below(100000));
  auto account = static_cast<int64_t>(rng.Below(100'000'000'000));
  AppendPadded(static_cast<uint64_t>(bank), 5, a);
  AppendPadded(static_cast<uint64_t>(branch), 5, a);
  AppendPadded(static_cast<uint64_t>(account), 11, a);
  int64_t key = 97 - (89 * bank + 15 * branch + 3 * account) % 97;
  AppendPadded(static_cast<uint64_t>(key), 2, a);
}

// Italian BBAN: CIN letter, ABI (5), CAB (5), account (12).
void AppendItalianBban(RowRng& rng, std::string& a) {
  char rest[22];
  for (char& c : rest) c = static_cast<char>('0' + rng.Below(10));
  a.push_back(ItalianCheckLetter({rest, 22}));
  a.append(rest, 22);
}

// Polish BBAN: bank branch (7 digits and a weighted check digit), account (16).
void AppendPolishBban(RowRng& rng, std::string& a) {
  static constexpr int kWeights[7] = {3, 9, 7, 1, 3, 9, 7};
  int sum = 0;
  for (int w : kWeights) {
    int d = static_cast<int>(rng.Below(10));
    a.push_back(static_cast<char>('0' + d));
    sum += d * w;
  }
  a.push_back(static_cast<char>('0' + (10 - sum % 10) % 10));
  AppendRandomDigits(rng, 16, a);
}

// Portuguese NIB: bank (4), branch (4), account (11), key = 98 - (NIB * 100 mod 97).
void AppendPortugueseBban(RowRng& rng, std::string& a) {
  size_t start = a.size();
  AppendRandomDigits(rng, 19, a);
  int r = Mod97("00", Mod97(std::string_view(a).substr(start)));
  AppendPadded(static_cast<uint64_t>(98 - r), 2, a);
}

void AppendBban(std::string_view country, RowRng& rng, std::string& a) {
  if (country == "DE") {  // Bankleitzahl (8, first digit 1-8), account (10)
    a.push_back(static_cast<char>('1' + rng.Below(8)));
    AppendRandomDigits(rng, 17, a);
  } else if (country == "GB") {  // bank (4 letters), sort code (6), account (8)
    a.append(Pick(rng, kGbBanks));
    AppendRandomDigits(rng, 14, a);
  } else if (country == "IE") {
    a.append(Pick(rng, kIeBanks));
    AppendRandomDigits(rng, 14, a);
  } else if (country == "NL") {  // bank (4 letters), account (10)
    a.append(Pick(rng, kNlBanks));
    AppendRandomDigits(rng, 10, a);
  } else if (country == "FR") {
    AppendFrenchBban(rng, a);
  } else if (country == "ES") {
    AppendSpanishBban(rng, a);
  } else if (country == "IT") {
    AppendItalianBban(rng, a);
  } else if (country == "BE") {
    AppendBelgianBban(rng, a);
  } else if (country == "AT") {  // bank (5, first digit 1-9), account (11)
    a.push_back(static_cast<char>('1' + rng.Below(9)));
    AppendRandomDigits(rng, 15, a);
  } else if (country == "CH") {  // clearing number (5), account (12)
    a.push_back(static_cast<char>('0'));
    AppendRandomDigits(rng, 16, a);
  } else if (country == "PT") {
    AppendPortugueseBban(rng, a);
  } else if (country == "BR") {  // bank (8), branch (5), account (10), type, holder
    AppendRandomDigits(rng, 23, a);
    a.push_back(rng.Chance(1, 2) ? 'C' : 'P');
    a.push_back(static_cast<char>('1' + rng.Below(9)));
  } else if (country == "PL") {
    AppendPolishBban(rng, a);
  } else {  // SE: bank (3), account (16), check (1)
    a.push_back(static_cast<char>('1' + rng.Below(9)));
    AppendRandomDigits(rng, 19, a);
  }
}

Result<std::unique_ptr<ColumnGenerator>> MakeIban(const ProviderArgs& args) {
  std::string option = args.field.Option("country", "DE");
  const auto* it = std::find(kIbanCountries.begin(), kIbanCountries.end(), option);
  if (it == kIbanCountries.end()) {
    return Status(StatusCode::kSpecError,
                  "iban country '" + option + "' is not supported; use one of " + IbanCountryList(),
                  args.field.where);
  }
  std::string_view country = *it;
  uint64_t key = args.key();
  return MakeGenerator([key, country](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    std::string& a = out.arena();
    size_t start = a.size();
    a.append(country).append("00");
    AppendBban(country, rng, a);
    std::string_view bban = std::string_view(a).substr(start + 4);
    int r = Mod97("00", Mod97(country, Mod97(bban)));
    int check = 98 - r;
    a[start + 2] = static_cast<char>('0' + check / 10);
    a[start + 3] = static_cast<char>('0' + check % 10);
    out.CommitString();
  });
}

}  // namespace

std::string IbanCountryList() {
  std::string list;
  for (std::string_view c : kIbanCountries) {
    if (!list.empty()) list += ", ";
    list += c;
  }
  return list;
}

Provider IbanProvider() {
  return {"iban",
          "finance",
          "IBAN with valid MOD 97 check digits and the country's BBAN layout (national check "
          "digits included where the layout has them)",
          "options: country (" + IbanCountryList() + "; default DE)",
          {ColumnType::kString},
          [](const FieldSpec&) -> std::optional<uint64_t> { return std::nullopt; },
          MakeIban,
          nullptr,
          {"country"}};
}

}  // namespace tdm::gen
