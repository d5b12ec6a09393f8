// anonymize: a realistic fake from a tdm provider, chosen by a keyed hash of the original.
//
// The provider is built as if it generated a column of a table that exists only for this rule,
// with a seed taken from the key, and the "row" it fills is the keyed hash of the original value:
// equal originals get equal fakes in every table, and nobody without the key can tell which
// original a fake came from.
#include "gen/provider_registry.h"
#include "mask/keyed_hash.h"
#include "mask/strategy.h"

namespace tdm::mask {
namespace {

// Rows are drawn below 2^40 so that providers doing arithmetic on the row index stay far from
// overflow; fakes of different originals may coincide, as real names do.
constexpr uint64_t kRowSpace = uint64_t{1} << 40;
// 2001-09-09T01:46:40Z: the pinned "now" for providers of dates.
constexpr int64_t kReferenceTime = 1'000'000'000LL * 1'000'000LL;

// What a provider's generator may keep references to: it lives as long as the masker.
struct FakeColumn {
  gen::FieldSpec field;
  gen::GenerationContext context;
  std::vector<gen::FieldSpec> siblings;
};

class AnonymizeMasker : public ColumnMasker {
 public:
  AnonymizeMasker(const MaskRule& rule, std::unique_ptr<FakeColumn> column,
                  std::unique_ptr<gen::ColumnGenerator> generator, bool unique)
      : hash_(rule.key),
        column_(std::move(column)),
        generator_(std::move(generator)),
        fakes_(column_->field.type),
        unique_(unique) {}

  Status Mask(const Column& in, size_t rows, Column& out) override {
    draws_.clear();
    for (size_t r = 0; r < rows; ++r) {
      if (in.IsNull(r)) continue;
      scratch_.clear();
      AppendCanonical(in, r, scratch_);
      draws_.push_back(static_cast<int64_t>(hash_.Mac64(scratch_) % kRowSpace));
    }
    fakes_.Clear();
    generator_->Fill({0, draws_.size(), draws_.data()}, fakes_);
    size_t next = 0;
    for (size_t r = 0; r < rows; ++r) {
      if (CopyNull(in, r, out)) continue;
      size_t f = next++;
      switch (fakes_.physical()) {
        case PhysicalType::kInt64:
          out.AppendInt(fakes_.GetInt(f));
          break;
        case PhysicalType::kDouble:
          out.AppendDouble(fakes_.GetDouble(f));
          break;
        case PhysicalType::kString:
          if (unique_) {
            AppendTagged(in, r, fakes_.GetString(f), out.arena());
          } else {
            out.arena().append(fakes_.GetString(f));
          }
          out.CommitString();
          break;
      }
    }
    return Status::Ok();
  }

 private:
  // A unique column's fake carries ten base-36 characters of a second keyed hash of the
  // original (before an email's '@'), so distinct originals keep distinct fakes.
  void AppendTagged(const Column& in, size_t row, std::string_view fake, std::string& out) {
    scratch_.clear();
    AppendCanonical(in, row, scratch_);
    uint64_t tag = hash_.Mac64("unique", scratch_);
    char text[11];
    text[0] = '.';
    for (int i = 10; i >= 1; --i, tag /= 36) {
      text[i] = "0123456789abcdefghijklmnopqrstuvwxyz"[tag % 36];
    }
    size_t at = fake.find('@');
    if (at == std::string_view::npos) {
      out.append(fake).push_back('-');
      out.append(text + 1, sizeof text - 1);
      return;
    }
    out.append(fake.substr(0, at)).append(text, sizeof text).append(fake.substr(at));
  }

  KeyedHash hash_;
  std::unique_ptr<FakeColumn> column_;
  std::unique_ptr<gen::ColumnGenerator> generator_;
  Column fakes_;
  bool unique_;
  std::vector<int64_t> draws_;
  std::string scratch_;
};

// Faker's names for what tdm's providers call otherwise, so policies written for Faker (the
// seed's `faker_provider: name`) work as written.
std::string_view ProviderName(std::string_view name) {
  static constexpr std::pair<std::string_view, std::string_view> kAliases[] = {
      {"name", "full_name"},
      {"phone_number", "phone"},
      {"address", "full_address"},
      {"street", "street_address"},
      {"zipcode", "postcode"},
      {"postalcode", "postcode"},
      {"credit_card_number", "card_number"},
      {"user_name", "username"},
      {"company", "company_name"},
      {"date_of_birth", "birthdate"},
  };
  for (const auto& [alias, provider] : kAliases) {
    if (alias == name) return provider;
  }
  return name;
}

Result<std::unique_ptr<ColumnMasker>> MakeAnonymize(const MaskRule& rule,
                                                    const ColumnSchema& column) {
  // A fake uuid or ObjectId is just another random one: the keyed hash gives it, valid and
  // unique, without a provider.
  if (column.type == ColumnType::kUuid || column.type == ColumnType::kObjectId) {
    MaskRule hashed = rule;
    hashed.strategy = "hash";
    hashed.show_last = 0;
    hashed.length = 0;
    return FindStrategy("hash")->make(hashed, column);
  }
  if (rule.provider.empty()) {
    return Status(StatusCode::kSpecError,
                  "anonymize needs `faker_provider:` (the tdm provider that fakes column '" +
                      column.name + "', e.g. full_name, email, street_address)");
  }
  const gen::Provider* provider = gen::Registry().Find(ProviderName(rule.provider));
  if (provider == nullptr) {
    return Status(StatusCode::kSpecError,
                  "unknown faker_provider '" + rule.provider + "' (data-cli providers lists them)");
  }
  bool fits = false;
  for (ColumnType t : provider->types) fits = fits || t == column.type;
  if (!fits) {
    return Status(StatusCode::kSpecError, "provider '" + rule.provider + "' cannot fill column '" +
                                              column.name + "' of type " +
                                              std::string(ColumnTypeName(column.type)));
  }
  if ((column.unique || column.primary_key) &&
      PhysicalTypeOf(column.type) != PhysicalType::kString) {
    return Status(StatusCode::kSpecError,
                  "column '" + column.name +
                      "' is unique and not text, so anonymized values could repeat; use fpe");
  }
  auto fake = std::make_unique<FakeColumn>();
  fake->field.name = provider->name;
  fake->field.provider = provider->name;
  fake->field.type = column.type;
  fake->field.locale = rule.locale;
  fake->context.seed = KeyedHash(rule.key).Mac64("anonymize", rule.provider + "/" + rule.locale);
  fake->context.reference_time = kReferenceTime;
  fake->siblings = {fake->field};
  auto generator =
      provider->make(gen::ProviderArgs{fake->field, fake->context, "masked", fake->siblings});
  if (!generator.ok()) return generator.status();
  return std::unique_ptr<ColumnMasker>(new AnonymizeMasker(
      rule, std::move(fake), std::move(*generator), column.unique || column.primary_key));
}

}  // namespace

void AddAnonymizeStrategy(std::vector<Strategy>& out) {
  out.push_back({"anonymize", "a realistic fake from a provider, chosen by a keyed hash", true,
                 false, MakeAnonymize});
}

}  // namespace tdm::mask
