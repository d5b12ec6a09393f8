// Derived fields end to end: a shop whose orders total their order_lines, provisioned to SQLite
// by the real data-cli and checked there with SQL, streamed by `generate`, and rejected with one
// located line when an expression cannot be computed.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "cli/cli_runner.h"

namespace tdm::cli_test {
namespace {

using nlohmann::json;

constexpr const char* kShop =
    "datasets:\n"
    "  orders:\n"
    "    count: 200\n"
    "    fields:\n"
    "      id: {type: integer, provider: sequence, primary_key: true}\n"
    "      subtotal: {type: float, derived: \"sum(order_lines.amount)\"}\n"
    "      tax: {type: float, derived: \"round(subtotal * 0.2, 2)\"}\n"
    "      total: {type: float, derived: \"subtotal + tax\"}\n"
    "      lines: {type: integer, derived: \"count(order_lines)\"}\n"
    "  order_lines:\n"
    "    count: 1000\n"
    "    fields:\n"
    "      order_id: {type: integer, foreign_key: orders.id}\n"
    "      quantity: {type: integer, min: 1, max: 5}\n"
    "      unit_price: {type: float, min: 1, max: 100, decimals: 2}\n"
    "      amount: {type: float, derived: \"quantity * unit_price\"}\n";

// Every query counts the rows that break one rule, so a correct database answers 0 to each.
constexpr const char* kBrokenRules =
    // subtotal is the sum of the order's line amounts, rounded to 2 places...
    "SELECT COUNT(*) FROM orders o WHERE o.subtotal <> "
    "(SELECT ROUND(COALESCE(SUM(l.amount), 0), 2) FROM order_lines l WHERE l.order_id = o.id);\n"
    // ...and exactly so in whole cents,
    "SELECT COUNT(*) FROM orders o WHERE CAST(ROUND(o.subtotal * 100) AS INTEGER) <> "
    "(SELECT COALESCE(SUM(CAST(ROUND(l.amount * 100) AS INTEGER)), 0) FROM order_lines l "
    "WHERE l.order_id = o.id);\n"
    // lines counts them,
    "SELECT COUNT(*) FROM orders o WHERE o.lines <> "
    "(SELECT COUNT(*) FROM order_lines l WHERE l.order_id = o.id);\n"
    // total adds the tax, a fifth of the subtotal to the cent,
    "SELECT COUNT(*) FROM orders WHERE CAST(ROUND(total * 100) AS INTEGER) <> "
    "CAST(ROUND(subtotal * 100) AS INTEGER) + CAST(ROUND(tax * 100) AS INTEGER) "
    "OR CAST(ROUND(tax * 100) AS INTEGER) <> (CAST(ROUND(subtotal * 100) AS INTEGER) * 2 + 5) / "
    "10;\n"
    // and a line's amount is its quantity times its unit price.
    "SELECT COUNT(*) FROM order_lines WHERE CAST(ROUND(amount * 100) AS INTEGER) <> "
    "quantity * CAST(ROUND(unit_price * 100) AS INTEGER);\n";

class DerivedCliTest : public ::testing::Test {
 protected:
  void SetUp() override { WriteFile(box_.path("shop.yaml"), kShop); }

  // `generate` of one dataset of shop.yaml as jsonl, with extra options.
  CliResult Generate(const std::string& dataset, const std::string& options = "") {
    return box_.Run("data-cli --spec shop.yaml --state-dir st -q generate --dataset " + dataset +
                    " --format jsonl " + options);
  }

  CliSandbox box_;
};

TEST_F(DerivedCliTest, ProvisionedTotalsMatchTheirLinesInSql) {
  if (!Succeeded(box_.Run("command -v sqlite3"))) GTEST_SKIP() << "no sqlite3 command";
  const std::string db = box_.path("shop.db").string();
  CliResult p = box_.Run("data-cli --spec shop.yaml --state-dir st provision --target sqlite://" +
                         db + " --json");
  ASSERT_TRUE(Succeeded(p));
  json e = json::parse(p.out, nullptr, false);
  ASSERT_TRUE(e.is_object()) << p.out;
  EXPECT_EQ(e["tables"], (json{{"orders", 200}, {"order_lines", 1000}})) << e;

  WriteFile(box_.path("rules.sql"), kBrokenRules);
  CliResult rules = box_.Run("sqlite3 -bail shop.db < rules.sql");
  ASSERT_TRUE(Succeeded(rules));
  EXPECT_EQ(rules.out, "0\n0\n0\n0\n0\n");

  // Not vacuous: every line belongs to an order, and the totals are real money.
  WriteFile(box_.path("sums.sql"),
            "SELECT SUM(lines), COUNT(*) FROM orders;\n"
            "SELECT COUNT(*) FROM orders WHERE subtotal > 0;\n"
            "SELECT printf('%.2f', SUM(subtotal)) = "
            "printf('%.2f', (SELECT SUM(amount) FROM order_lines)) FROM orders;\n");
  CliResult sums = box_.Run("sqlite3 -bail shop.db < sums.sql");
  ASSERT_TRUE(Succeeded(sums));
  std::vector<std::string> lines = Lines(sums.out);
  ASSERT_EQ(lines.size(), 3u) << sums.out;
  EXPECT_EQ(lines[0], "1000|200");
  EXPECT_GT(std::stoi(lines[1]), 190);
  EXPECT_EQ(lines[2], "1");

  // The provisioned orders are the rows `generate` streams.
  CliResult exported = box_.Run(
      "data-cli --spec shop.yaml --state-dir st export --collection orders --format jsonl "
      "--output -");
  ASSERT_TRUE(Succeeded(exported));
  CliResult generated = Generate("orders");
  ASSERT_TRUE(Succeeded(generated));
  EXPECT_EQ(exported.out, generated.out);
}

TEST_F(DerivedCliTest, GenerateOfTheParentAlonePullsInItsChildrenAndIsReproducible) {
  CliResult first = Generate("orders");
  ASSERT_TRUE(Succeeded(first));
  EXPECT_EQ(first.err, "");
  std::vector<std::string> rows = Lines(first.out);
  ASSERT_EQ(rows.size(), 200u);
  int64_t counted = 0;
  for (const std::string& row : rows) {
    json order = json::parse(row, nullptr, false);
    ASSERT_TRUE(order.is_object()) << row;
    ASSERT_TRUE(order["lines"].is_number_integer()) << row;
    ASSERT_TRUE(order["subtotal"].is_number()) << row;
    counted += order["lines"].get<int64_t>();
  }
  // Every one of the 1000 generated lines is counted by its order: the children were generated.
  EXPECT_EQ(counted, 1000);

  CliResult second = Generate("orders");
  ASSERT_TRUE(Succeeded(second));
  EXPECT_EQ(Sha256Hex(second.out), Sha256Hex(first.out));
  // Batches and threads do not change a byte.
  CliResult batched = Generate("orders", "--batch-rows 7 --threads 3");
  ASSERT_TRUE(Succeeded(batched));
  EXPECT_EQ(Sha256Hex(batched.out), Sha256Hex(first.out));
  // Nor does streaming the children on their own.
  CliResult lines = Generate("order_lines");
  ASSERT_TRUE(Succeeded(lines));
  EXPECT_EQ(Lines(lines.out).size(), 1000u);
  EXPECT_EQ(Generate("order_lines", "--batch-rows 13 --threads 2").out, lines.out);
}

TEST_F(DerivedCliTest, AnExpressionThatCannotBeComputedIsOneLocatedErrorLine) {
  WriteFile(box_.path("cycle.yaml"),
            "datasets:\n"
            "  t:\n"
            "    count: 5\n"
            "    fields:\n"
            "      id: {type: integer, provider: sequence, primary_key: true}\n"
            "      a: {type: float, derived: \"b + 1\"}\n"
            "      b: {type: float, derived: \"a * 2\"}\n");
  CliResult cycle = box_.Run("data-cli --spec cycle.yaml --state-dir st generate --dataset t");
  EXPECT_EQ(cycle.exit_code, 2);
  EXPECT_EQ(cycle.out, "");
  ASSERT_EQ(cycle.ErrLines().size(), 1u) << cycle.err;
  EXPECT_TRUE(HasSubstr(cycle.err,
                        "data-cli: error: cycle.yaml:6:33: field 't.a': derived fields read each "
                        "other in a cycle"));

  WriteFile(box_.path("digits.yaml"),
            "datasets:\n"
            "  t:\n"
            "    fields:\n"
            "      id: {type: integer, provider: sequence}\n"
            "      r: {derived: \"round(id / 3, 10)\"}\n");
  CliResult digits = box_.Run("data-cli --spec digits.yaml --state-dir st provision");
  EXPECT_EQ(digits.exit_code, 2);
  ASSERT_EQ(digits.ErrLines().size(), 1u) << digits.err;
  EXPECT_TRUE(HasSubstr(digits.err,
                        "data-cli: error: digits.yaml:5:20: derived expression "
                        "\"round(id / 3, 10)\": round()'s digits must be a whole "
                        "number 0..9"));
  EXPECT_FALSE(fs::exists(box_.path("st/executions")) && !fs::is_empty(box_.path("st/executions")));
}

}  // namespace
}  // namespace tdm::cli_test
