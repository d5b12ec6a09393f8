// Derived fields in TableGenerator: same-row expressions and aggregates over child tables, checked
// against totals computed here from the generated children (in integer cents, so a rounding slip
// shows), plus evaluation order, the errors a plan can make and determinism across batches.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gen/table_generator.h"
#include "test_tables.h"

namespace tdm::gen {
namespace {

using testing::CellText;
using testing::Field;
using testing::Plan;
using testing::RowTexts;
using testing::TestContext;

FieldSpec Key(std::string name) {
  FieldSpec f = Field(std::move(name), "sequence");
  f.type = ColumnType::kInteger;
  f.primary_key = f.unique = true;
  return f;
}

FieldSpec Ref(std::string name, std::string table, double null_rate = 0) {
  FieldSpec f;
  f.name = std::move(name);
  f.type = ColumnType::kInteger;
  f.foreign_key = ForeignKeyPlan{std::move(table), "id", std::nullopt, std::nullopt};
  f.null_rate = null_rate;
  f.required = null_rate == 0;
  return f;
}

FieldSpec Int(std::string name, int64_t lo, int64_t hi) {
  FieldSpec f = Field(std::move(name), "integer");
  f.int_min = lo;
  f.int_max = hi;
  return f;
}

FieldSpec Money(std::string name, double lo, double hi, double null_rate = 0) {
  FieldSpec f = Field(std::move(name), "float");
  f.float_min = lo;
  f.float_max = hi;
  f.decimals = 2;
  f.null_rate = null_rate;
  f.required = null_rate == 0;
  return f;
}

FieldSpec Derived(std::string name, std::string expression, ColumnType type = ColumnType::kFloat,
                  int decimals = 2) {
  FieldSpec f;
  f.name = std::move(name);
  f.type = type;
  f.derived = std::move(expression);
  f.decimals = decimals;
  return f;
}

// The tables of one run, built as provision::BuildGenerators does: parents first, then every
// table links its children, children before parents.
struct Run {
  std::vector<std::unique_ptr<TableGenerator>> tables;

  const TableGenerator* Find(std::string_view name) const {
    for (const auto& t : tables) {
      if (t->schema().name == name) return t.get();
    }
    return nullptr;
  }
  const TableGenerator& operator[](std::string_view name) const { return *Find(name); }
};

Result<Run> Build(const std::vector<DatasetPlan>& plans, uint64_t seed = 42) {
  Run run;
  auto find = [&run](std::string_view name) { return run.Find(name); };
  for (const DatasetPlan& plan : plans) {
    TDM_ASSIGN_OR_RETURN(auto table, TableGenerator::Create(plan, TestContext(seed), find));
    run.tables.push_back(std::move(table));
  }
  for (auto it = run.tables.rbegin(); it != run.tables.rend(); ++it) {
    TDM_RETURN_IF_ERROR((*it)->LinkChildren(find));
  }
  return run;
}

// All rows of a table.
struct Rows {
  const TableGenerator* table;
  Batch batch;

  explicit Rows(const TableGenerator& t) : table(&t) {
    t.Fill(0, static_cast<size_t>(t.num_rows()), batch);
  }
  size_t size() const { return batch.num_rows; }
  const Column& operator[](std::string_view name) const {
    int index = table->schema().FindColumn(name);
    EXPECT_GE(index, 0) << "no column " << name;
    return batch.columns[static_cast<size_t>(index < 0 ? 0 : index)];
  }
};

int64_t Cents(double value) { return std::llround(value * 100); }

// The parent row of each child row (ids are 1, 2, 3, ...), or -1 for a NULL reference.
std::vector<int64_t> ParentRows(const Rows& children, const char* fk = "order_id") {
  std::vector<int64_t> parents(children.size());
  for (size_t i = 0; i < children.size(); ++i) {
    parents[i] = children[fk].IsNull(i) ? -1 : children[fk].GetInt(i) - 1;
  }
  return parents;
}

// orders and their order_lines; `order_fields` are the derived fields of orders after its id.
std::vector<DatasetPlan> Shop(int64_t orders, int64_t lines, std::vector<FieldSpec> order_fields,
                              double fk_null_rate = 0) {
  std::vector<FieldSpec> order_table = {Key("id")};
  for (FieldSpec& f : order_fields) order_table.push_back(std::move(f));
  return {Plan("orders", orders, order_table),
          Plan("order_lines", lines,
               {Ref("order_id", "orders", fk_null_rate), Int("quantity", 1, 5),
                Money("unit_price", 1, 100), Money("discount", 0, 5, 0.4),
                Derived("amount", "quantity * unit_price")})};
}

TEST(DerivedFields, SumIsTheExactDecimalSumOfEveryParentsChildren) {
  auto run =
      Build(Shop(300, 2000,
                 {Derived("subtotal", "sum(order_lines.amount)"),
                  Derived("tax", "round(subtotal * 0.2, 2)"), Derived("total", "subtotal + tax"),
                  Derived("lines", "count(order_lines)", ColumnType::kInteger)}));
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  Rows orders((*run)["orders"]);
  Rows lines((*run)["order_lines"]);
  std::vector<int64_t> parent = ParentRows(lines);
  std::vector<int64_t> cents(orders.size(), 0);
  std::vector<int64_t> count(orders.size(), 0);
  for (size_t i = 0; i < lines.size(); ++i) {
    ASSERT_GE(parent[i], 0);
    ASSERT_LT(parent[i], 300);
    ASSERT_EQ(parent[i], (*run)["order_lines"].ParentRowOf(0, static_cast<int64_t>(i)));
    int64_t amount = Cents(lines["amount"].GetDouble(i));
    ASSERT_EQ(amount, lines["quantity"].GetInt(i) * Cents(lines["unit_price"].GetDouble(i)))
        << "row " << i;
    ASSERT_EQ(lines["amount"].GetDouble(i), static_cast<double>(amount) / 100) << "row " << i;
    cents[static_cast<size_t>(parent[i])] += amount;
    ++count[static_cast<size_t>(parent[i])];
  }
  int64_t childless = 0;
  for (size_t p = 0; p < orders.size(); ++p) {
    SCOPED_TRACE("order row " + std::to_string(p));
    int64_t subtotal = Cents(orders["subtotal"].GetDouble(p));
    EXPECT_EQ(subtotal, cents[p]);
    EXPECT_EQ(orders["subtotal"].GetDouble(p), static_cast<double>(subtotal) / 100);
    EXPECT_EQ(orders["lines"].GetInt(p), count[p]);
    int64_t tax = Cents(orders["tax"].GetDouble(p));
    EXPECT_EQ(tax, (subtotal * 2 + 5) / 10);  // 20%, half a cent up
    EXPECT_EQ(Cents(orders["total"].GetDouble(p)), subtotal + tax);
    childless += count[p] == 0;
  }
  EXPECT_EQ(orders["lines"].physical(), PhysicalType::kInt64);
  EXPECT_EQ(orders["subtotal"].physical(), PhysicalType::kDouble);
  EXPECT_LT(childless, 10);  // ~6.7 children per order: nearly all have some
}

TEST(DerivedFields, CountAvgMinAndMaxMatchTheChildren) {
  // 600 children over 400 parents leave about a fifth of the parents without any.
  auto run = Build(Shop(400, 600,
                        {Derived("lines", "count(order_lines)", ColumnType::kInteger),
                         Derived("units", "sum(order_lines.quantity)", ColumnType::kInteger),
                         Derived("subtotal", "sum(order_lines.amount)"),
                         Derived("avg_quantity", "avg(order_lines.quantity)"),
                         Derived("cheapest", "min(order_lines.unit_price)"),
                         Derived("dearest", "max(order_lines.unit_price)"),
                         Derived("most", "max(order_lines.quantity)", ColumnType::kInteger)}));
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  Rows orders((*run)["orders"]);
  Rows lines((*run)["order_lines"]);
  std::vector<int64_t> parent = ParentRows(lines);
  struct Children {
    int64_t count = 0;
    int64_t units = 0;
    int64_t most = INT64_MIN;
    int64_t cheapest = INT64_MAX;  // cents
    int64_t dearest = INT64_MIN;
  };
  std::vector<Children> want(orders.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    Children& c = want[static_cast<size_t>(parent[i])];
    int64_t quantity = lines["quantity"].GetInt(i);
    int64_t price = Cents(lines["unit_price"].GetDouble(i));
    ++c.count;
    c.units += quantity;
    c.most = std::max(c.most, quantity);
    c.cheapest = std::min(c.cheapest, price);
    c.dearest = std::max(c.dearest, price);
  }
  int64_t childless = 0;
  for (size_t p = 0; p < orders.size(); ++p) {
    SCOPED_TRACE("order row " + std::to_string(p));
    const Children& c = want[p];
    EXPECT_EQ(orders["lines"].GetInt(p), c.count);
    EXPECT_EQ(orders["units"].GetInt(p), c.units);
    if (c.count == 0) {
      ++childless;
      // Like SQL over no rows: sum and count 0, avg, min and max NULL.
      EXPECT_EQ(CellText(orders["subtotal"], p), "d:0");
      EXPECT_EQ(CellText(orders["units"], p), "i:0");
      for (const char* name : {"avg_quantity", "cheapest", "dearest", "most"}) {
        EXPECT_TRUE(orders[name].IsNull(p)) << name;
      }
      continue;
    }
    // avg to 2 places, half away from zero: round(100 * units / count) in integers.
    EXPECT_EQ(Cents(orders["avg_quantity"].GetDouble(p)),
              (200 * c.units + c.count) / (2 * c.count));
    EXPECT_EQ(Cents(orders["cheapest"].GetDouble(p)), c.cheapest);
    EXPECT_EQ(Cents(orders["dearest"].GetDouble(p)), c.dearest);
    EXPECT_EQ(orders["most"].GetInt(p), c.most);
  }
  EXPECT_GT(childless, 40);
  EXPECT_LT(childless, 160);
}

TEST(DerivedFields, AggregatesSkipNullChildValues) {
  auto run =
      Build(Shop(200, 800,
                 {Derived("discounts", "sum(order_lines.discount)"),
                  Derived("discounted", "count(order_lines.discount)", ColumnType::kInteger),
                  Derived("lines", "count(order_lines)", ColumnType::kInteger),
                  Derived("avg_discount", "avg(order_lines.discount)", ColumnType::kFloat, 4),
                  Derived("best_discount", "max(order_lines.discount)")}));
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  Rows orders((*run)["orders"]);
  Rows lines((*run)["order_lines"]);
  std::vector<int64_t> parent = ParentRows(lines);
  std::vector<int64_t> cents(orders.size(), 0);
  std::vector<int64_t> with(orders.size(), 0);
  std::vector<int64_t> all(orders.size(), 0);
  std::vector<int64_t> best(orders.size(), -1);
  int64_t nulls = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    auto p = static_cast<size_t>(parent[i]);
    ++all[p];
    if (lines["discount"].IsNull(i)) {
      ++nulls;
      continue;
    }
    int64_t discount = Cents(lines["discount"].GetDouble(i));
    cents[p] += discount;
    ++with[p];
    best[p] = std::max(best[p], discount);
  }
  EXPECT_GT(nulls, 240);  // null_rate 0.4 of 800
  EXPECT_LT(nulls, 400);
  int64_t all_null = 0;
  for (size_t p = 0; p < orders.size(); ++p) {
    SCOPED_TRACE("order row " + std::to_string(p));
    EXPECT_EQ(Cents(orders["discounts"].GetDouble(p)), cents[p]);
    EXPECT_EQ(orders["discounted"].GetInt(p), with[p]);
    EXPECT_EQ(orders["lines"].GetInt(p), all[p]);
    if (with[p] == 0) {
      all_null += all[p] > 0;
      EXPECT_TRUE(orders["avg_discount"].IsNull(p));
      EXPECT_TRUE(orders["best_discount"].IsNull(p));
      continue;
    }
    // The mean of the non-NULL values only, to 4 places.
    double mean = static_cast<double>(cents[p]) / 100 / static_cast<double>(with[p]);
    EXPECT_NEAR(orders["avg_discount"].GetDouble(p), mean, 0.00005 + 1e-12);
    EXPECT_EQ(Cents(orders["best_discount"].GetDouble(p)), best[p]);
  }
  EXPECT_GT(all_null, 0) << "no order whose lines all lack a discount; the case is untested";
}

TEST(DerivedFields, ChildrenWithANullForeignKeyBelongToNoParent) {
  auto run = Build(Shop(100, 1000,
                        {Derived("subtotal", "sum(order_lines.amount)"),
                         Derived("lines", "count(order_lines)", ColumnType::kInteger)},
                        /*fk_null_rate=*/0.3));
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  Rows orders((*run)["orders"]);
  Rows lines((*run)["order_lines"]);
  std::vector<int64_t> parent = ParentRows(lines);
  std::vector<int64_t> cents(orders.size(), 0);
  std::vector<int64_t> count(orders.size(), 0);
  int64_t orphans = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (parent[i] < 0) {
      ++orphans;
      continue;
    }
    cents[static_cast<size_t>(parent[i])] += Cents(lines["amount"].GetDouble(i));
    ++count[static_cast<size_t>(parent[i])];
  }
  EXPECT_GT(orphans, 200);
  EXPECT_LT(orphans, 400);
  int64_t counted = 0;
  for (size_t p = 0; p < orders.size(); ++p) {
    EXPECT_EQ(Cents(orders["subtotal"].GetDouble(p)), cents[p]) << "order row " << p;
    EXPECT_EQ(orders["lines"].GetInt(p), count[p]) << "order row " << p;
    counted += orders["lines"].GetInt(p);
  }
  EXPECT_EQ(counted, static_cast<int64_t>(lines.size()) - orphans);
}

TEST(DerivedFields, ASumOfIntegersPastInt64BecomesADecimalInsteadOfWrapping) {
  auto run = Build({Plan("orders", 1,
                         {Key("id"), Derived("total", "sum(order_lines.big)"),
                          Derived("mean", "avg(order_lines.big)")}),
                    Plan("order_lines", 3,
                         {Ref("order_id", "orders"),
                          Int("big", 4'000'000'000'000'000'000, 4'000'000'000'000'000'000)})});
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  Rows orders((*run)["orders"]);
  EXPECT_DOUBLE_EQ(orders["total"].GetDouble(0), 1.2e19);
  EXPECT_DOUBLE_EQ(orders["mean"].GetDouble(0), 4e18);
}

TEST(DerivedFields, AggregatesOfAggregatesRollUpThreeLevels) {
  auto run = Build(
      {Plan("customers", 50,
            {Key("id"), Derived("spent", "sum(orders.total)"),
             Derived("orders", "count(orders)", ColumnType::kInteger)}),
       Plan("orders", 300,
            {Key("id"), Ref("customer_id", "customers"),
             Derived("total", "sum(order_lines.amount) + shipping"), Money("shipping", 0, 10)}),
       Plan("order_lines", 1200,
            {Ref("order_id", "orders"), Int("quantity", 1, 5), Money("unit_price", 1, 100),
             Derived("amount", "quantity * unit_price")})});
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  Rows customers((*run)["customers"]);
  Rows orders((*run)["orders"]);
  Rows lines((*run)["order_lines"]);
  std::vector<int64_t> order_cents(orders.size(), 0);
  std::vector<int64_t> line_parent = ParentRows(lines);
  for (size_t i = 0; i < lines.size(); ++i) {
    order_cents[static_cast<size_t>(line_parent[i])] += Cents(lines["amount"].GetDouble(i));
  }
  std::vector<int64_t> customer_cents(customers.size(), 0);
  std::vector<int64_t> customer_orders(customers.size(), 0);
  std::vector<int64_t> order_parent = ParentRows(orders, "customer_id");
  for (size_t o = 0; o < orders.size(); ++o) {
    int64_t total = order_cents[o] + Cents(orders["shipping"].GetDouble(o));
    ASSERT_EQ(Cents(orders["total"].GetDouble(o)), total) << "order row " << o;
    customer_cents[static_cast<size_t>(order_parent[o])] += total;
    ++customer_orders[static_cast<size_t>(order_parent[o])];
  }
  for (size_t c = 0; c < customers.size(); ++c) {
    EXPECT_EQ(Cents(customers["spent"].GetDouble(c)), customer_cents[c]) << "customer row " << c;
    EXPECT_EQ(customers["orders"].GetInt(c), customer_orders[c]) << "customer row " << c;
  }
}

// Every cell of every row, keyed by column name, so plans that order fields differently compare.
std::map<std::string, std::vector<std::string>> CellsByName(const TableGenerator& t) {
  Rows rows(t);
  std::map<std::string, std::vector<std::string>> cells;
  for (const ColumnSchema& c : t.schema().columns) {
    for (size_t i = 0; i < rows.size(); ++i) cells[c.name].push_back(CellText(rows[c.name], i));
  }
  return cells;
}

TEST(DerivedFields, DerivedFieldsReadOtherDerivedFieldsInAnyDeclarationOrder) {
  auto natural =
      Build({Plan("orders", 60,
                  {Key("id"), Derived("subtotal", "sum(order_lines.amount)"),
                   Derived("tax", "round(subtotal * 0.2, 2)"), Derived("total", "subtotal + tax"),
                   Derived("share", "round(tax / total * 100, 1)")}),
             Plan("order_lines", 240,
                  {Ref("order_id", "orders"), Int("quantity", 1, 5), Money("unit_price", 1, 100),
                   Derived("amount", "quantity * unit_price")})});
  auto reversed =
      Build({Plan("orders", 60,
                  {Derived("share", "round(tax / total * 100, 1)"),
                   Derived("total", "subtotal + tax"), Derived("tax", "round(subtotal * 0.2, 2)"),
                   Derived("subtotal", "sum(order_lines.amount)"), Key("id")}),
             Plan("order_lines", 240,
                  {Derived("amount", "quantity * unit_price"), Money("unit_price", 1, 100),
                   Int("quantity", 1, 5), Ref("order_id", "orders")})});
  ASSERT_TRUE(natural.ok()) << natural.status().ToString();
  ASSERT_TRUE(reversed.ok()) << reversed.status().ToString();
  EXPECT_EQ(CellsByName((*reversed)["orders"]), CellsByName((*natural)["orders"]));
  EXPECT_EQ(CellsByName((*reversed)["order_lines"]), CellsByName((*natural)["order_lines"]));
  // And the values are the ones the expressions say, not zeros or NULLs read too early.
  Rows orders((*natural)["orders"]);
  int64_t filled = 0;
  for (size_t p = 0; p < orders.size(); ++p) {
    SCOPED_TRACE("order row " + std::to_string(p));
    double tax = orders["tax"].GetDouble(p);
    double total = orders["total"].GetDouble(p);
    EXPECT_EQ(Cents(total), Cents(orders["subtotal"].GetDouble(p)) + Cents(tax));
    if (total == 0) {  // an order without lines: 0 / 0
      EXPECT_TRUE(orders["share"].IsNull(p));
      continue;
    }
    ++filled;
    EXPECT_EQ(orders["share"].GetDouble(p), RoundDecimal(tax / total * 100, 1));
    EXPECT_NEAR(orders["share"].GetDouble(p), 16.7, 0.5);  // tax is a sixth of the total
  }
  EXPECT_GT(filled, 50);
}

TEST(DerivedFields, ANullableDerivedFieldIsNullAtItsRateAndReadersSeeTheNull) {
  FieldSpec maybe = Derived("maybe", "base * 2", ColumnType::kInteger);
  maybe.null_rate = 0.5;
  maybe.required = false;
  testing::Generated g = testing::Generate(Plan(
      "t", 400, {Int("base", 1, 100), maybe, Derived("plus", "maybe + 1", ColumnType::kInteger)}));
  ASSERT_TRUE(g.ok());
  int64_t nulls = 0;
  for (size_t i = 0; i < g.batch.num_rows; ++i) {
    if (g.column("maybe").IsNull(i)) {
      ++nulls;
      EXPECT_TRUE(g.column("plus").IsNull(i)) << "row " << i;
      continue;
    }
    EXPECT_EQ(g.column("maybe").GetInt(i), 2 * g.column("base").GetInt(i));
    EXPECT_EQ(g.column("plus").GetInt(i), 2 * g.column("base").GetInt(i) + 1);
  }
  EXPECT_GT(nulls, 150);
  EXPECT_LT(nulls, 250);
}

TEST(DerivedFields, ValuesAreRoundedToTheFieldsDecimalsAndIntegersToWholeNumbers) {
  testing::Generated g = testing::Generate(
      Plan("t", 200,
           {Int("a", 1, 1000), Int("b", 1, 7), Derived("ratio", "a / b", ColumnType::kFloat, 3),
            Derived("whole", "a / b", ColumnType::kInteger),
            Derived("zero", "a / (b - b)", ColumnType::kFloat)}));
  ASSERT_TRUE(g.ok());
  for (size_t i = 0; i < g.batch.num_rows; ++i) {
    int64_t a = g.column("a").GetInt(i);
    int64_t b = g.column("b").GetInt(i);
    // Half away from zero, in integers: round(1000 * a / b) and round(a / b).
    EXPECT_EQ(std::llround(g.column("ratio").GetDouble(i) * 1000), (2000 * a + b) / (2 * b));
    EXPECT_EQ(g.column("whole").GetInt(i), (2 * a + b) / (2 * b));
    EXPECT_TRUE(g.column("zero").IsNull(i));
  }
}

TEST(DerivedFields, ACycleIsASpecErrorNamingAField) {
  auto pair = Build({Plan("t", 5, {Key("id"), Derived("a", "b + 1"), Derived("b", "a * 2")})});
  ASSERT_FALSE(pair.ok());
  EXPECT_EQ(pair.status().code(), StatusCode::kSpecError);
  EXPECT_NE(pair.status().message().find("field 't.a'"), std::string::npos)
      << pair.status().ToString();
  EXPECT_NE(pair.status().message().find("cycle"), std::string::npos) << pair.status().ToString();

  auto self = Build({Plan("t", 5, {Key("id"), Derived("c", "id + 1"), Derived("x", "x + c")})});
  ASSERT_FALSE(self.ok());
  EXPECT_EQ(self.status().code(), StatusCode::kSpecError);
  EXPECT_NE(self.status().message().find("field 't.x'"), std::string::npos)
      << self.status().ToString();
}

TEST(DerivedFields, AnUnknownFieldSuggestsTheNearestOne) {
  auto run = Build({Plan("t", 5, {Int("quantity", 1, 5), Derived("twice", "quantiy * 2")})});
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.status().code(), StatusCode::kSpecError);
  for (const char* part :
       {"field 't.twice'", "reads 'quantiy'", "not a field of t", "did you mean 'quantity'"}) {
    EXPECT_NE(run.status().message().find(part), std::string::npos)
        << part << ": " << run.status().ToString();
  }
  auto text = Build({Plan("t", 5, {Field("name", "full_name"), Derived("twice", "name * 2")})});
  ASSERT_FALSE(text.ok());
  EXPECT_NE(text.status().message().find("reads 'name', which is string, not a number"),
            std::string::npos)
      << text.status().ToString();
}

TEST(DerivedFields, AggregatesNeedAChildTableThatReferencesTheParent) {
  std::vector<FieldSpec> orders = {Key("id"), Derived("n", "count(order_lines)")};
  // order_lines is not part of the run.
  auto missing = Build({Plan("orders", 5, orders)});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find(
                "reads table 'order_lines', which this run does not generate"),
            std::string::npos)
      << missing.status().ToString();
  // order_lines has no foreign key to orders.
  auto unrelated =
      Build({Plan("orders", 5, orders), Plan("order_lines", 5, {Int("quantity", 1, 5)})});
  ASSERT_FALSE(unrelated.ok());
  EXPECT_EQ(unrelated.status().code(), StatusCode::kSpecError);
  EXPECT_NE(unrelated.status().message().find("table 'order_lines' has no foreign key to orders"),
            std::string::npos)
      << unrelated.status().ToString();
  // The aggregated field does not exist.
  auto no_field = Build({Plan("orders", 5, {Key("id"), Derived("s", "sum(order_lines.price)")}),
                         Plan("order_lines", 5, {Ref("order_id", "orders")})});
  ASSERT_FALSE(no_field.ok());
  EXPECT_NE(no_field.status().message().find("table 'order_lines' has no field 'price'"),
            std::string::npos)
      << no_field.status().ToString();
}

// Rows [0, rows) filled `step` rows at a time.
std::vector<std::string> FillInSteps(const TableGenerator& t, int64_t step) {
  std::vector<std::string> rows;
  Batch batch;
  for (int64_t first = 0; first < t.num_rows(); first += step) {
    t.Fill(first, static_cast<size_t>(std::min(step, t.num_rows() - first)), batch);
    for (std::string& row : RowTexts(batch)) rows.push_back(std::move(row));
  }
  return rows;
}

TEST(DerivedFields, AnyRowRangeAndBatchSizeGivesTheSameRows) {
  auto plans = Shop(500, 3000,
                    {Derived("subtotal", "sum(order_lines.amount)"),
                     Derived("tax", "round(subtotal * 0.2, 2)"), Derived("total", "subtotal + tax"),
                     Derived("lines", "count(order_lines)", ColumnType::kInteger),
                     Derived("avg_discount", "avg(order_lines.discount)")});
  auto run = Build(plans);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  for (const char* name : {"orders", "order_lines"}) {
    SCOPED_TRACE(name);
    const TableGenerator& t = (*run)[name];
    Batch whole;
    t.Fill(0, static_cast<size_t>(t.num_rows()), whole);
    std::vector<std::string> want = RowTexts(whole);
    EXPECT_EQ(FillInSteps(t, 7), want);
    EXPECT_EQ(FillInSteps(t, 1), want);
    Batch middle;
    t.Fill(123, 77, middle);
    EXPECT_EQ(RowTexts(middle), std::vector<std::string>(want.begin() + 123, want.begin() + 200));
  }
  // A second build, and linking again, change nothing.
  auto again = Build(plans);
  ASSERT_TRUE(again.ok());
  auto find = [&](std::string_view n) { return again->Find(n); };
  ASSERT_TRUE(again->tables[0]->LinkChildren(find).ok());
  for (const char* name : {"orders", "order_lines"}) {
    EXPECT_EQ(FillInSteps((*again)[name], 1000), FillInSteps((*run)[name], 1000)) << name;
  }
  // Another seed gives other rows.
  auto other = Build(plans, 43);
  ASSERT_TRUE(other.ok());
  EXPECT_NE(FillInSteps((*other)["orders"], 1000), FillInSteps((*run)["orders"], 1000));
}

}  // namespace
}  // namespace tdm::gen
