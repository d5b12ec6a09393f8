// Derived fields in the spec: what the reader, resolver and planner accept, and the errors they
// give at the spec's file:line:column for a derived field that cannot be computed.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "spec/loader.h"
#include "spec/model_hash.h"
#include "spec/resolver.h"
#include "spec_test_util.h"

namespace tdm::spec {
namespace {

using testing::IsSpecErrorAt;
using testing::PlanText;
using testing::Request;
using testing::ResolveText;

constexpr const char* kSpec = "data-spec.yaml";

// orders with derived totals over its order_lines; `order_extra` and `line_extra` are more field
// lines (indented for the fields mapping) appended to each table.
std::string Shop(const std::string& order_extra = "", const std::string& line_extra = "") {
  return "datasets:\n"
         "  orders:\n"
         "    count: 5\n"
         "    fields:\n"
         "      id: {type: integer, provider: sequence, primary_key: true}\n"
         "      subtotal: {type: float, derived: \"sum(order_lines.amount)\"}\n"
         "      tax: {type: float, derived: \"round(subtotal * 0.2, 2)\"}\n"
         "      total: {type: float, derived: \"subtotal + tax\"}\n"
         "      lines: {type: integer, derived: \"count(order_lines)\"}\n" +
         order_extra +
         "  order_lines:\n"
         "    count: 15\n"
         "    fields:\n"
         "      order_id: {type: integer, foreign_key: orders.id}\n"
         "      sku: {type: string, pattern: \"[A-Z]{3}-[0-9]{4}\"}\n"
         "      quantity: {type: integer, min: 1, max: 5}\n"
         "      unit_price: {type: float, min: 1, max: 100, decimals: 2}\n"
         "      amount: {type: float, derived: \"quantity * unit_price\"}\n" +
         line_extra;
}

std::vector<std::string> TableNames(const ProvisionPlan& plan) {
  std::vector<std::string> names;
  for (const gen::DatasetPlan& t : plan.tables) names.push_back(t.name);
  return names;
}

TEST(DerivedSpec, TheExampleResolvesWithItsExpressionsAndTypes) {
  Result<ResolvedSpec> spec = ResolveText(Shop());
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  const ResolvedDataset* orders = spec->Find("orders");
  ASSERT_NE(orders, nullptr);
  const gen::FieldSpec* subtotal = orders->FindField("subtotal");
  ASSERT_NE(subtotal, nullptr);
  EXPECT_EQ(subtotal->derived, "sum(order_lines.amount)");
  EXPECT_EQ(subtotal->type, ColumnType::kFloat);
  EXPECT_EQ(subtotal->decimals, 2);
  EXPECT_TRUE(subtotal->provider.empty());
  EXPECT_EQ(orders->FindField("lines")->type, ColumnType::kInteger);
  EXPECT_TRUE(orders->FindField("id")->derived.empty());
}

TEST(DerivedSpec, TypeNumberIsADecimalUnlessItHasNoDecimalPlaces) {
  Result<ResolvedSpec> spec = ResolveText(
      Shop("      untyped: {derived: \"subtotal / 3\"}\n"
           "      number: {type: number, derived: \"subtotal / 3\"}\n"
           "      whole: {type: number, decimals: 0, derived: \"subtotal / 3\"}\n"
           "      fine: {type: float, decimals: 4, derived: \"subtotal / 3\", nullable: 0.1}\n"));
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  const ResolvedDataset* orders = spec->Find("orders");
  EXPECT_EQ(orders->FindField("untyped")->type, ColumnType::kFloat);
  EXPECT_EQ(orders->FindField("number")->type, ColumnType::kFloat);
  EXPECT_EQ(orders->FindField("whole")->type, ColumnType::kInteger);
  const gen::FieldSpec* fine = orders->FindField("fine");
  EXPECT_EQ(fine->decimals, 4);
  EXPECT_DOUBLE_EQ(fine->null_rate, 0.1);
  EXPECT_FALSE(fine->required);
}

TEST(DerivedSpec, DerivedWithAProviderIsAnErrorAtTheProvider) {
  const std::string text =
      Shop("      bonus: {type: float, derived: \"total * 2\", provider: integer}\n");
  EXPECT_TRUE(IsSpecErrorAt(
      ResolveText(text).status(), kSpec, text, "integer}\n",
      {"field 'orders.bonus'", "a derived field is computed from its 'derived' expression",
       "drop 'provider'"}));
}

TEST(DerivedSpec, DerivedWithGenerationKeysIsAnErrorAtTheKey) {
  const std::string bounded = Shop("      bonus: {type: float, derived: \"total * 2\", min: 17}\n");
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(bounded).status(), kSpec, bounded, "17}",
                            {"field 'orders.bonus'", "drop 'min'"}));
  const std::string unique =
      Shop("      bonus: {type: float, unique: true, derived: \"total * 2\"}\n");
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(unique).status(), kSpec, unique, "true, derived",
                            {"drop 'unique'"}));
}

TEST(DerivedSpec, ADerivedStringIsAnErrorAtTheType) {
  const std::string text = Shop("      label: {type: string, derived: \"total * 2\"}\n");
  EXPECT_TRUE(IsSpecErrorAt(
      ResolveText(text).status(), kSpec, text, "string, derived",
      {"field 'orders.label'", "a derived field is a number: use type integer, float or number"}));
}

TEST(DerivedSpec, TooManyDecimalsIsAnErrorAtTheDecimals) {
  const std::string text = Shop("      bonus: {decimals: 12, derived: \"total * 2\"}\n");
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(text).status(), kSpec, text, "12,",
                            {"field 'orders.bonus'", "'decimals' must be 0..9"}));
}

TEST(DerivedSpec, ReadingAStringFieldIsAnErrorAtTheExpression) {
  const std::string spec = Shop("", "      sku_total: {type: float, derived: \"sku * 2\"}\n");
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(spec).status(), kSpec, spec, "\"sku * 2\"",
                            {"field 'order_lines.sku_total'", "derived expression reads 'sku'",
                             "which is string, not a number"}));
}

TEST(DerivedSpec, ReadingAnUnknownFieldSuggestsTheNearestOne) {
  const std::string spec = Shop("", "      twice: {derived: \"quantiy * 2\"}\n");
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(spec).status(), kSpec, spec, "\"quantiy * 2\"",
                            {"field 'order_lines.twice'", "reads 'quantiy'",
                             "not a field of order_lines", "did you mean 'quantity'"}));
}

TEST(DerivedSpec, AnAggregateOverATableWithoutAForeignKeyHereIsAnError) {
  // customers exists, but its rows do not reference orders.
  const std::string spec = Shop("      buyers: {derived: \"count(customers)\"}\n") +
                           "  customers:\n"
                           "    count: 3\n"
                           "    fields:\n"
                           "      name: {provider: full_name}\n";
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(spec).status(), kSpec, spec, "\"count(customers)\"",
                            {"field 'orders.buyers'",
                             "table 'customers' has no foreign key to "
                             "orders, so it has no child rows"}));
  // A parent is not a child either: order_lines cannot sum its orders.
  const std::string upward = Shop("", "      all: {derived: \"sum(orders.total)\"}\n");
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(upward).status(), kSpec, upward, "\"sum(orders.total)\"",
                            {"table 'orders' has no foreign key to order_lines"}));
}

TEST(DerivedSpec, AnAggregateOverAnUnknownTableSuggestsTheNearestOne) {
  const std::string spec = Shop("      n: {derived: \"count(order_line)\"}\n");
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(spec).status(), kSpec, spec, "\"count(order_line)\"",
                            {"field 'orders.n'", "reads table 'order_line', which is not defined",
                             "did you mean 'order_lines'"}));
}

TEST(DerivedSpec, AnAggregateOverAMissingOrTextChildFieldIsAnError) {
  const std::string missing = Shop("      most: {derived: \"max(order_lines.quantty)\"}\n");
  EXPECT_TRUE(
      IsSpecErrorAt(ResolveText(missing).status(), kSpec, missing, "\"max(order_lines.quantty)\"",
                    {"table 'order_lines' has no field 'quantty'", "did you mean 'quantity'"}));
  const std::string text = Shop("      skus: {derived: \"sum(order_lines.sku)\"}\n");
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(text).status(), kSpec, text, "\"sum(order_lines.sku)\"",
                            {"order_lines.sku is string, not a number"}));
}

TEST(DerivedSpec, AMalformedExpressionIsAnErrorAtTheExpressionWithTheCharacter) {
  const std::string open = Shop("      bad: {derived: \"round(total * 2, 2\"}\n");
  EXPECT_TRUE(IsSpecErrorAt(ParseDataSpec(kSpec, open).status(), kSpec, open,
                            "\"round(total * 2, 2\"",
                            {"expected ',' or ')' at character 19", "in field 'orders.bad'"}));
  const std::string unknown = Shop("      bad: {derived: \"total + sqrt(tax)\"}\n");
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(unknown).status(), kSpec, unknown, "\"total + sqrt",
                            {"unknown function 'sqrt'", "at character 9"}));
  const std::string dotted = Shop("      bad: {derived: \"order_lines.amount * 2\"}\n");
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(dotted).status(), kSpec, dotted, "\"order_lines.amount",
                            {"reads another table", "at character 1"}));
  // Block style puts the expression on its own line; the error follows it there.
  const std::string block = Shop(
      "      bad:\n"
      "        type: float\n"
      "        derived: total +\n");
  EXPECT_TRUE(IsSpecErrorAt(ResolveText(block).status(), kSpec, block, "total +\n",
                            {"the text ended at character 8"}));
}

TEST(DerivedSpec, ADatasetWithAggregatesPullsInItsChildTables) {
  Result<ProvisionPlan> orders = PlanText(Shop(), Request("local", "orders"));
  ASSERT_TRUE(orders.ok()) << orders.status().ToString();
  EXPECT_EQ(TableNames(*orders), (std::vector<std::string>{"orders", "order_lines"}));
  bool noted = std::any_of(orders->notes.begin(), orders->notes.end(), [](const std::string& n) {
    return n.find("orders needs order_lines") != std::string::npos &&
           n.find("derived totals read") != std::string::npos;
  });
  EXPECT_TRUE(noted) << ::testing::PrintToString(orders->notes);
  // The children's foreign keys pull orders in the other way, as before.
  Result<ProvisionPlan> lines = PlanText(Shop(), Request("local", "order_lines"));
  ASSERT_TRUE(lines.ok()) << lines.status().ToString();
  EXPECT_EQ(TableNames(*lines), (std::vector<std::string>{"orders", "order_lines"}));
  // A dataset with same-row expressions only needs nothing else.
  Result<ProvisionPlan> alone = PlanText(
      "datasets:\n"
      "  items:\n"
      "    fields:\n"
      "      price: {type: float, min: 1, max: 9}\n"
      "      gross: {derived: \"price * 1.2\"}\n"
      "  other:\n"
      "    fields:\n"
      "      name: {provider: full_name}\n",
      Request("local", "items"));
  ASSERT_TRUE(alone.ok()) << alone.status().ToString();
  EXPECT_EQ(TableNames(*alone), (std::vector<std::string>{"items"}));
}

TEST(DerivedSpec, TheExpressionIsPartOfTheModelHash) {
  Result<ResolvedSpec> a = ResolveText(Shop());
  std::string changed = Shop();
  changed.replace(changed.find("0.2, 2"), 6, "0.3, 2");
  Result<ResolvedSpec> b = ResolveText(changed);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(HashModel(*a), HashModel(*b));
  EXPECT_EQ(HashModel(*a), HashModel(*ResolveText(Shop())));
}

}  // namespace
}  // namespace tdm::spec
