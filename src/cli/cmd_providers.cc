// providers: every provider a field can name, with its options and sample values.
#include <algorithm>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/render.h"
#include "core/suggest.h"
#include "gen/embedded_data.h"
#include "gen/provider_registry.h"
#include "gen/table_generator.h"
#include "spec/provider_sample.h"

namespace tdm::cli {
namespace {

constexpr int64_t kSamples = 3;

struct ProvidersArgs {
  std::string locale = "en_US";
  std::string category;
  bool markdown = false;
};

// Markdown for docs/providers.md: a table per category. Pipes in cells are escaped.
std::string Cell(std::string text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : std::string(sep)) + p;
  return out;
}

// The first values the provider generates for a one-column table, as text; empty when the
// provider cannot run alone (the reason goes to `error`).
std::vector<std::string> Samples(const gen::Provider& provider, const std::string& locale,
                                 std::string& error) {
  auto plan = spec::PlanProviderSample(provider.name, locale, kSamples);
  if (!plan.ok()) {
    error = plan.status().message();
    return {};
  }
  auto generator = gen::TableGenerator::Create(plan->tables.front(), plan->context,
                                               [](std::string_view) { return nullptr; });
  if (!generator.ok()) {
    error = generator.status().message();
    return {};
  }
  Batch batch;
  (*generator)->Fill(0, static_cast<size_t>(kSamples), batch);
  std::vector<std::string> values;
  for (size_t i = 0; i < batch.num_rows; ++i) values.push_back(CellText(batch.columns[0], i));
  return values;
}

Status RunProviders(const Context& ctx, const ProvidersArgs& args) {
  std::vector<std::string> locales = gen::AvailableLocales();
  if (std::find(locales.begin(), locales.end(), args.locale) == locales.end()) {
    return Status(StatusCode::kInvalidArgument,
                  "locale '" + args.locale + "' is not available (available: " +
                      Join(locales, ", ") + ")" + DidYouMean(args.locale, locales));
  }
  std::vector<const gen::Provider*> shown;
  std::vector<std::string> categories;
  for (const gen::Provider& p : gen::Registry().all()) {
    if (std::find(categories.begin(), categories.end(), p.category) == categories.end()) {
      categories.push_back(p.category);
    }
    if (!p.SupportsLocale(args.locale)) continue;  // zip_plus4 outside en_US
    if (args.category.empty() || p.category == args.category) shown.push_back(&p);
  }
  if (shown.empty()) {
    return Status(StatusCode::kInvalidArgument, "no provider in category '" + args.category + "'" +
                                                    DidYouMean(args.category, categories) +
                                                    " (categories: " + Join(categories, ", ") +
                                                    ")");
  }
  if (ctx.json) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const gen::Provider* p : shown) {
      std::vector<std::string> types;
      for (ColumnType t : p->types) types.emplace_back(ColumnTypeName(t));
      std::string error;
      std::vector<std::string> samples = Samples(*p, args.locale, error);
      nlohmann::ordered_json entry = {{"name", p->name},
                                      {"category", p->category},
                                      {"description", p->description},
                                      {"parameters", p->parameters},
                                      {"options", p->options},
                                      {"types", types},
                                      {"unique", static_cast<bool>(p->unique_domain)},
                                      {"example", spec::ProviderExampleKeys(p->name)},
                                      {"samples", samples}};
      if (!error.empty()) entry["sample_error"] = error;
      list.push_back(std::move(entry));
    }
    *ctx.out << list.dump(2) << "\n";
    return Status::Ok();
  }
  if (args.markdown) {
    std::string category;
    for (const gen::Provider* p : shown) {
      if (p->category != category) {
        category = p->category;
        *ctx.out << "\n## " << category << "\n\n| provider | options | sample (" << args.locale
                 << ") | description |\n|---|---|---|---|\n";
      }
      std::string error;
      std::vector<std::string> samples = Samples(*p, args.locale, error);
      std::string example = spec::ProviderExampleKeys(p->name);
      *ctx.out << "| `" << p->name << "` | " << Cell(Join(p->options, ", ")) << " | "
               << (samples.empty() ? "" : "`" + Cell(samples.front()) + "`") << " | "
               << Cell(p->description) << (example.empty() ? "" : " (e.g. `" + Cell(example) + "`)")
               << " |\n";
    }
    return Status::Ok();
  }
  std::vector<std::vector<std::string>> rows;
  for (const gen::Provider* p : shown) {
    std::string error;
    std::vector<std::string> samples = Samples(*p, args.locale, error);
    rows.push_back({p->name, p->category, Join(p->options, ", "),
                    samples.empty() ? "(needs " + error + ")" : samples.front(), p->description});
  }
  PrintTable(*ctx.out, {"provider", "category", "options", "sample", "description"}, rows, 60);
  return Status::Ok();
}

}  // namespace

void AddProvidersCommand(CLI::App& app, Context& ctx, Action& action) {
  auto args = std::make_shared<ProvidersArgs>();
  CLI::App* p = app.add_subcommand(
      "providers", "List the value providers fields can use, with options and sample values");
  p->add_option("--locale", args->locale, "Locale of the sample values")->capture_default_str();
  p->add_option("--category", args->category, "Only this category (person, finance, ...)");
  p->add_flag("--markdown", args->markdown, "Print Markdown tables (docs/providers.md)");
  p->callback(
      [&ctx, &action, args] { action = [&ctx, args] { return RunProviders(ctx, *args); }; });
}

}  // namespace tdm::cli
