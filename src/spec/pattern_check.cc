#include "spec/pattern_check.h"

#include <re2/re2.h>

#include "gen/provider_registry.h"
#include "spec/field_resolver.h"

namespace tdm::spec {
namespace {

constexpr size_t kSampleRows = 512;

}  // namespace

Status CheckPatterns(const std::string& table, const gen::GenerationContext& context,
                     std::vector<gen::FieldSpec>& fields, std::vector<std::string>& notes) {
  for (gen::FieldSpec& f : fields) {
    // Option values (a brand, a country) are checked by the provider itself: building the
    // generator once reports a bad one at load time, before anything is written.
    if (!f.options.empty() && !f.foreign_key) {
      gen::ProviderArgs args{f, context, table, fields};
      auto made = gen::Registry().Find(f.provider)->make(args);
      if (!made.ok()) {
        return Status(StatusCode::kSpecError,
                      "field '" + table + "." + f.name + "': " + made.status().message(), f.where);
      }
    }
    if (!f.pattern || f.foreign_key || f.provider == "regex") continue;
    RE2 re(*f.pattern, RE2::Quiet);
    const gen::Provider* provider = gen::Registry().Find(f.provider);
    gen::ProviderArgs args{f, context, table, fields};
    auto generator = provider->make(args);
    bool matches = generator.ok();
    if (matches) {
      Column sample(f.type);
      (*generator)->Fill(gen::RowSet{0, kSampleRows, nullptr}, sample);
      for (size_t i = 0; i < sample.size() && matches; ++i) {
        matches = RE2::FullMatch(sample.GetString(i), re);
      }
    }
    if (matches) continue;
    std::string original = f.provider;
    if (f.unique && !PatternEnumeratesUniquely(*f.pattern)) {
      return Status(StatusCode::kSpecError,
                    "field '" + table + "." + f.name + "' is unique, but provider '" + original +
                        "' does not match its pattern, and a pattern with variable repeats or "
                        "alternation cannot guarantee unique values",
                    f.pattern_where);
    }
    f.provider = "regex";
    const gen::Provider* regex = gen::Registry().Find("regex");
    gen::ProviderArgs regex_args{f, context, table, fields};
    auto check = regex->make(regex_args);
    if (!check.ok()) {
      return Status(StatusCode::kSpecError,
                    "field '" + table + "." + f.name + "': provider '" + original +
                        "' does not match the pattern, and the pattern cannot be generated from: " +
                        check.status().message(),
                    f.pattern_where);
    }
    notes.push_back(table + "." + f.name + ": values of provider '" + original +
                    "' do not all match the pattern; generating from the pattern instead");
  }
  return Status::Ok();
}

}  // namespace tdm::spec
