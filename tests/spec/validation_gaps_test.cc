// Known holes in spec validation, one disabled test each. Every test states the behaviour the spec
// layer should have; enable it when the bug is fixed. Run them with
//   spec_tests --gtest_also_run_disabled_tests --gtest_filter='ValidationGapTest.*'
#include <gtest/gtest.h>

#include <string>

#include "spec/loader.h"
#include "spec/resolver.h"
#include "spec_test_util.h"

namespace tdm::spec {
namespace {

using testing::IsSpecErrorAt;
using testing::ResolveText;

constexpr const char* kSpec = "data-spec.yaml";

// `nullable` must be a rate in [0, 1]; "nan" slips through the range check because every
// comparison with NaN is false, and the generator then gets a NaN null rate.
TEST(ValidationGapTest, NullableNanIsRejected) {
  const std::string text =
      "datasets:\n"
      "  users:\n"
      "    fields:\n"
      "      bio: {type: string, nullable: nan}\n";
  EXPECT_TRUE(
      IsSpecErrorAt(ParseDataSpec(kSpec, text).status(), kSpec, text, "nan", {"'nullable'"}));
}

// The same NaN hole in `true_rate` and `weights`.
TEST(ValidationGapTest, TrueRateAndWeightsNanAreRejected) {
  const std::string rate =
      "datasets:\n"
      "  users:\n"
      "    fields:\n"
      "      active: {type: boolean, true_rate: nan}\n";
  EXPECT_FALSE(ParseDataSpec(kSpec, rate).ok());
  const std::string weights =
      "datasets:\n"
      "  users:\n"
      "    fields:\n"
      "      tier: {values: [a, b], weights: [nan, 1]}\n";
  EXPECT_FALSE(ResolveText(weights).ok());
}

// Bounds outside int64 (or NaN) on an integer field go through static_cast<int64_t>(double),
// which is undefined behaviour: on x86 `max: 1e19` resolves to int_max = INT64_MIN and `min: nan`
// to int_min = INT64_MIN, both accepted. The spec should say the bound is out of range.
TEST(ValidationGapTest, IntegerBoundOutOfRangeIsRejected) {
  const std::string huge =
      "datasets:\n"
      "  items:\n"
      "    fields:\n"
      "      qty: {type: integer, max: 1e19}\n";
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(huge).status(), kSpec, huge, "1e19", {"items.qty"}));
  const std::string nan =
      "datasets:\n"
      "  items:\n"
      "    fields:\n"
      "      qty: {type: integer, min: nan}\n";
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(nan).status(), kSpec, nan, "nan", {"items.qty"}));
}

// `generator:` is read as int64 and narrowed to int, so 4294967297 becomes 1 and is accepted.
TEST(ValidationGapTest, HugeGeneratorVersionIsRejected) {
  const std::string text =
      "generator: 4294967297\n"
      "datasets:\n"
      "  users:\n";
  EXPECT_TRUE(
      IsSpecErrorAt(ResolveText(text).status(), kSpec, text, "4294967297", {"not supported"}));
}

// Enum weights that are all zero leave no value to pick; the spec accepts them and the
// generator's weighted pick then runs past the end of its table.
TEST(ValidationGapTest, AllZeroWeightsAreRejected) {
  const std::string text =
      "datasets:\n"
      "  orders:\n"
      "    fields:\n"
      "      _id: {type: ObjectId}\n"
      "      status: {values: [a, b], weights: [0, 0]}\n";
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(text).status(), kSpec, text, "[0, 0]",
                            {"orders.status", "weights"}));
}

// An integer enum whose values are not integers resolves, and generation then throws from
// std::stoll in the enum provider.
TEST(ValidationGapTest, IntegerEnumWithTextValuesIsRejected) {
  const std::string text =
      "datasets:\n"
      "  orders:\n"
      "    fields:\n"
      "      _id: {type: ObjectId}\n"
      "      priority: {type: integer, values: [low, high]}\n";
  EXPECT_TRUE(
      IsSpecErrorAt(ResolveText(text).status(), kSpec, text, "[low, high]", {"orders.priority"}));
}

// A pattern RE2 accepts but the generator cannot produce from (here a POSIX class) is reported
// without file:line:column and without the field's name when the resolver falls back to
// generating from the pattern (pattern_check.cc returns the regex provider's bare status).
TEST(ValidationGapTest, UngeneratablePatternErrorHasALocation) {
  const std::string text =
      "datasets:\n"
      "  items:\n"
      "    fields:\n"
      "      code: {type: string, pattern: \"[[:digit:]]{3}\"}\n";
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(text).status(), kSpec, text, "\"[[:digit:]]",
                            {"items.code", "[[:digit:]]"}));
}

// With `provider: regex` the same pattern is not checked at all: Resolve and PlanProvision
// succeed and the error only appears when rows are generated, after the plan was accepted.
TEST(ValidationGapTest, UngeneratablePatternWithRegexProviderIsCaughtBeforeGeneration) {
  const std::string text =
      "datasets:\n"
      "  items:\n"
      "    fields:\n"
      "      code: {provider: regex, pattern: \"[[:digit:]]{3}\"}\n";
  auto resolved = ResolveText(text);
  EXPECT_TRUE(IsSpecErrorAt(resolved.status(), kSpec, text, "\"[[:digit:]]", {"items.code"}));
}

// A locale without embedded word lists would abort the first generator that needs one (from
// gen::WordList), so the spec rejects it where it is written, naming the locales there are.
TEST(ValidationGapTest, UnknownLocaleIsRejected) {
  const std::string top =
      "locale: nl_NL\n"
      "datasets:\n"
      "  users:\n";
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(top).status(), kSpec, top, "nl_NL", {"nl_NL", "en_US"}));
  const std::string field =
      "datasets:\n"
      "  users:\n"
      "    fields:\n"
      "      _id: {type: ObjectId}\n"
      "      name: {provider: full_name, locale: fr_FX}\n";
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(field).status(), kSpec, field, "fr_FX",
                            {"fr_FX", "did you mean 'fr_FR'"}));
}

TEST(ValidationGapTest, EveryShippedLocaleResolves) {
  for (const char* locale :
       {"en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "pt_BR", "ja_JP"}) {
    const std::string spec = std::string("locale: ") + locale +
                             "\n"
                             "datasets:\n"
                             "  users:\n"
                             "    fields:\n"
                             "      name: {provider: full_name}\n"
                             "      phone: {provider: phone, options: {format: national}}\n";
    EXPECT_TRUE(ResolveText(spec).ok()) << locale;
  }
}

// Errors in fields that come from a built-in factory are located in "<built-in factories>", a
// file the user cannot open, instead of at the `factory:` (or dataset) that brought the field in.
TEST(ValidationGapTest, FactoryFieldErrorsPointAtTheSpec) {
  const std::string self =
      "datasets:\n"
      "  users:\n"
      "    factory: OrderFactory\n";
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(self).status(), kSpec, self, "OrderFactory",
                            {"users.user_id", "own table"}));
  for (const std::string& text : {
           // users has no _id for OrderFactory's user_id to reference
           std::string("datasets:\n"
                       "  orders:\n"
                       "    factory: OrderFactory\n"
                       "  users:\n"
                       "    fields:\n"
                       "      name: string\n"),
       }) {
    SCOPED_TRACE(text);
    Status status = ResolveText(text).status();
    ASSERT_FALSE(status.ok());
    ASSERT_TRUE(status.where().has_value());
    EXPECT_EQ(status.where()->file, kSpec) << status.ToString();
  }
}

// Changing a preset field's type drops the preset's bounds, which were written for the old type.
TEST(ValidationGapTest, RetypingAPresetFieldDropsItsBounds) {
  auto resolved = ResolveText(
      "datasets:\n"
      "  movies:\n"
      "    factory: MovieFactory\n"
      "    fields:\n"
      "      rating: {type: string}\n");
  ASSERT_TRUE(resolved.ok()) << resolved.status().ToString();
  const gen::FieldSpec* rating = nullptr;
  for (const auto& f : resolved->Find("movies")->fields) {
    if (f.name == "rating") rating = &f;
  }
  ASSERT_NE(rating, nullptr);
  EXPECT_EQ(rating->type, ColumnType::kString);
  EXPECT_FALSE(rating->float_min.has_value());
}

// yaml-cpp keeps duplicate mapping keys, and the data-spec loader (unlike the schema loader's
// "described twice") does not check: two `users:` datasets resolve and the plan provisions two
// tables named users (with 1 and 2 rows here); a repeated environment is kept twice as well.
TEST(ValidationGapTest, DuplicateDatasetOrEnvironmentIsRejected) {
  const std::string datasets =
      "datasets:\n"
      "  users:\n"
      "    volume: 1\n"
      "  users:\n"
      "    volume: 2\n";
  EXPECT_TRUE(IsSpecErrorAt(ParseDataSpec(kSpec, datasets).status(), kSpec, datasets,
                            "users:\n    volume: 2", {"'users'", "line 2"}));
  const std::string environments =
      "environments:\n"
      "  ci: {volume: 3}\n"
      "  ci: {volume: 4}\n"
      "datasets:\n"
      "  users:\n";
  EXPECT_TRUE(IsSpecErrorAt(ParseDataSpec(kSpec, environments).status(), kSpec, environments,
                            "ci: {volume: 4}", {"'ci'", "line 2"}));
}

// `volume: {cii: 5}` names an environment the spec does not define; the typo is ignored and ci
// silently gets its environment-wide volume (20 here) instead of 5.
TEST(ValidationGapTest, PerEnvironmentVolumeForAnUndefinedEnvironment) {
  const std::string text =
      "environments: {local: {volume: 10}, ci: {volume: 20}}\n"
      "datasets:\n"
      "  users:\n"
      "    volume: {cii: 5}\n";
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(text).status(), kSpec, text, "cii",
                            {"'cii'", "did you mean 'ci'"}));
}

// masking-policies.yaml rejects unknown strategies, but the same strategies written in
// data-spec.yaml (`masking_policies:` or a field's `masked:`) are accepted unchecked.
TEST(ValidationGapTest, UnknownMaskingStrategyInTheDataSpec) {
  const std::string policies =
      "datasets:\n"
      "  users:\n"
      "masking_policies:\n"
      "  email: anonymise\n";
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(policies).status(), kSpec, policies, "anonymise",
                            {"'anonymise'", "did you mean 'anonymize'"}));
  const std::string field =
      "datasets:\n"
      "  users:\n"
      "    fields:\n"
      "      _id: {type: ObjectId}\n"
      "      email: {masked: hsh}\n";
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(field).status(), kSpec, field, "hsh", {"'hsh'"}));
}

}  // namespace
}  // namespace tdm::spec
