// Database::DeleteRows and GDPR subject erasure (compliance/subject_rights.h) on every backend:
// SQLite and files in a temp dir, PostgreSQL, MariaDB and Redis on the servers of
// scripts/test-servers (TDM_TEST_*_URL; a missing URL fails, as in database_test.cc).
//
// Three tables chained by foreign keys, users <- orders <- lines, with values computed by the
// functions below, so every expectation is derived from the same formulas as the data.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "compliance/subject_rights.h"
#include "core/time_format.h"
#include "integration/test_targets.h"
#include "store/database.h"

namespace tdm::store {
namespace {

constexpr int64_t kUsers = 12;
constexpr int64_t kOrders = 40;
constexpr int64_t kLinesPerOrder = 3;

std::string Email(int64_t user) {
  return user == 5 ? "Ann.Lee@Example.org" : "user" + std::to_string(user) + "@example.com";
}
int64_t OrderUser(int64_t order) { return order % kUsers + 1; }
int64_t LineOrder(int64_t line) { return (line - 1) / kLinesPerOrder + 1; }
std::string Sku(int64_t line) { return "sku-" + std::to_string(line % 7); }
bool Shipped(int64_t line) { return line % 2 == 0; }
std::string ShipDate(int64_t line) {
  return line % 5 == 0 ? "" : "2024-03-0" + std::to_string(line % 9 + 1);
}

TableSchema Users() {
  TableSchema t;
  t.name = "users";
  t.columns = {{"id", ColumnType::kInteger, false, false, true},
               {"email", ColumnType::kString, false, true, false},
               {"name", ColumnType::kString, true, false, false}};
  return t;
}
TableSchema Orders() {
  TableSchema t;
  t.name = "orders";
  t.columns = {{"id", ColumnType::kInteger, false, false, true},
               {"user_id", ColumnType::kInteger, false, false, false},
               {"total", ColumnType::kFloat, false, false, false}};
  t.foreign_keys = {{"user_id", "users", "id"}};
  return t;
}
TableSchema Lines() {
  TableSchema t;
  t.name = "lines";
  t.columns = {{"id", ColumnType::kInteger, false, false, true},
               {"order_id", ColumnType::kInteger, false, false, false},
               {"sku", ColumnType::kString, false, false, false},
               {"shipped", ColumnType::kBoolean, false, false, false},
               {"ship_date", ColumnType::kDate, true, false, false}};
  t.foreign_keys = {{"order_id", "orders", "id"}};
  return t;
}

class GdprTest : public ::testing::TestWithParam<TargetKind> {
 protected:
  void SetUp() override {
    auto opened = OpenTestTarget(GetParam(), "gdpr");
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    target_ = opened->info;
    db_ = std::move(opened->db);
    ns_ = opened->ns;
    Status loaded = Load();
    ASSERT_TRUE(loaded.ok()) << loaded.ToString();
  }
  void TearDown() override {
    if (db_) (void)db_->Drop(ns_);
  }

  Status Load() {
    TDM_ASSIGN_OR_RETURN(auto sink, db_->Create(ns_));
    Batch b;
    TDM_RETURN_IF_ERROR(sink->BeginTable(users_));
    b.Reset(users_, 0, 0);
    for (int64_t u = 1; u <= kUsers; ++u) {
      b.columns[0].AppendInt(u);
      b.columns[1].AppendString(Email(u));
      if (u % 4 == 0) {
        b.columns[2].AppendNull();
      } else {
        b.columns[2].AppendString("Name O'Brien \"" + std::to_string(u) + "\"");
      }
    }
    b.num_rows = kUsers;
    TDM_RETURN_IF_ERROR(sink->Write(b));
    TDM_RETURN_IF_ERROR(sink->EndTable());
    TDM_RETURN_IF_ERROR(sink->BeginTable(orders_));
    b.Reset(orders_, 0, 0);
    for (int64_t o = 1; o <= kOrders; ++o) {
      b.columns[0].AppendInt(o);
      b.columns[1].AppendInt(OrderUser(o));
      b.columns[2].AppendDouble(static_cast<double>(o) * 1.25);
    }
    b.num_rows = kOrders;
    TDM_RETURN_IF_ERROR(sink->Write(b));
    TDM_RETURN_IF_ERROR(sink->EndTable());
    TDM_RETURN_IF_ERROR(sink->BeginTable(lines_));
    b.Reset(lines_, 0, 0);
    for (int64_t l = 1; l <= kOrders * kLinesPerOrder; ++l) {
      b.columns[0].AppendInt(l);
      b.columns[1].AppendInt(LineOrder(l));
      b.columns[2].AppendString(Sku(l));
      b.columns[3].AppendInt(Shipped(l) ? 1 : 0);
      if (ShipDate(l).empty()) {
        b.columns[4].AppendNull();
      } else {
        b.columns[4].AppendInt(*ParseDate(ShipDate(l)));
      }
    }
    b.num_rows = kOrders * kLinesPerOrder;
    TDM_RETURN_IF_ERROR(sink->Write(b));
    TDM_RETURN_IF_ERROR(sink->EndTable());
    return sink->Finish();
  }

  // The ids left in `table`.
  std::set<int64_t> Ids(const std::string& table, const std::string& column = "id") {
    std::set<int64_t> ids;
    auto source = db_->Read(ns_, {table, {}, std::nullopt, {}});
    EXPECT_TRUE(source.ok()) << source.status().ToString();
    if (!source.ok()) return ids;
    int c = (*source)->schema().FindColumn(column);
    Batch batch;
    while (true) {
      auto more = (*source)->Next(batch, 1000);
      EXPECT_TRUE(more.ok()) << more.status().ToString();
      for (size_t r = 0; r < batch.num_rows; ++r) ids.insert(batch.columns[c].GetInt(r));
      if (!more.ok() || !*more) break;
    }
    return ids;
  }

  std::set<int64_t> LineIds() { return Ids("lines"); }

  static ColumnFilter Text(const std::string& column, const std::string& text) {
    ColumnFilter f;
    f.column = column;
    f.text = text;
    return f;
  }

  Result<TestTargetInfo> target_ = Status(StatusCode::kInternal, "unset");
  std::unique_ptr<Database> db_;
  std::string ns_;
  TableSchema users_ = Users();
  TableSchema orders_ = Orders();
  TableSchema lines_ = Lines();
};

TEST_P(GdprTest, DeleteRowsRemovesExactlyTheMatchingRows) {
  std::set<int64_t> expected = LineIds();
  ASSERT_EQ(expected.size(), static_cast<size_t>(kOrders * kLinesPerOrder));

  // A string, then a number given as text, a boolean and a date together.
  auto n = db_->DeleteRows(ns_, "lines", {Text("sku", "sku-3")});
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  int64_t want = 0;
  for (int64_t l = 1; l <= kOrders * kLinesPerOrder; ++l) {
    if (Sku(l) == "sku-3") {
      expected.erase(l);
      ++want;
    }
  }
  EXPECT_EQ(*n, want);
  EXPECT_EQ(LineIds(), expected);

  ColumnFilter shipped;
  shipped.column = "shipped";
  shipped.kind = ColumnFilter::Kind::kBoolean;
  shipped.int_value = 1;
  n = db_->DeleteRows(ns_, "lines",
                      {Text("order_id", "4"), shipped, Text("ship_date", "2024-03-05")});
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  want = 0;
  for (int64_t l : std::set<int64_t>(expected)) {
    if (LineOrder(l) == 4 && Shipped(l) && ShipDate(l) == "2024-03-05") {
      expected.erase(l);
      ++want;
    }
  }
  EXPECT_EQ(*n, want);
  EXPECT_EQ(LineIds(), expected);

  ColumnFilter null_date;
  null_date.column = "ship_date";
  null_date.kind = ColumnFilter::Kind::kNull;
  n = db_->DeleteRows(ns_, "lines", {null_date});
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  want = 0;
  for (int64_t l : std::set<int64_t>(expected)) {
    if (ShipDate(l).empty()) {
      expected.erase(l);
      ++want;
    }
  }
  EXPECT_GT(want, 0);
  EXPECT_EQ(*n, want);
  EXPECT_EQ(LineIds(), expected);
  auto counted = db_->CountRows(ns_, "lines");
  ASSERT_TRUE(counted.ok());
  EXPECT_EQ(*counted, static_cast<int64_t>(expected.size()));
}

TEST_P(GdprTest, DeleteRowsTreatsValuesAsDataNeverAsSql) {
  for (const char* text : {"x' OR '1'='1", "sku-1'; DELETE FROM lines; --", "\\' OR 1=1 #"}) {
    auto n = db_->DeleteRows(ns_, "lines", {Text("sku", text)});
    ASSERT_TRUE(n.ok()) << n.status().ToString();
    EXPECT_EQ(*n, 0);
  }
  EXPECT_EQ(LineIds().size(), static_cast<size_t>(kOrders * kLinesPerOrder));
}

TEST_P(GdprTest, DeleteRowsWithoutFiltersEmptiesTheTableAndErrorsNameTheProblem) {
  auto missing = db_->DeleteRows(ns_, "line", {});
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound) << missing.status().ToString();
  auto unknown = db_->DeleteRows(ns_, "lines", {Text("skus", "sku-1")});
  EXPECT_EQ(unknown.status().code(), StatusCode::kInvalidArgument) << unknown.status().ToString();
  EXPECT_NE(unknown.status().message().find("sku"), std::string::npos);
  auto all = db_->DeleteRows(ns_, "lines", {});
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_EQ(*all, kOrders * kLinesPerOrder);
  EXPECT_TRUE(LineIds().empty());
  EXPECT_EQ(Ids("orders").size(), static_cast<size_t>(kOrders));
}

TEST_P(GdprTest, ErasingASubjectByEmailRemovesItsRowsAndEveryDescendantOnly) {
  const int64_t user = 5;  // stored as "Ann.Lee@Example.org"; looked up in another case
  std::vector<TableSchema> schema = {users_, orders_, lines_};
  auto found = compliance::FindSubject(*db_, ns_, schema, "ann.lee@EXAMPLE.org", true);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  std::set<int64_t> orders;
  std::set<int64_t> lines;
  for (int64_t o = 1; o <= kOrders; ++o) {
    if (OrderUser(o) == user) orders.insert(o);
  }
  for (int64_t l = 1; l <= kOrders * kLinesPerOrder; ++l) {
    if (orders.count(LineOrder(l))) lines.insert(l);
  }
  ASSERT_EQ(found->tables.size(), 3u);
  EXPECT_EQ(found->tables[0].rows, 1);
  EXPECT_EQ(found->tables[1].rows, static_cast<int64_t>(orders.size()));
  EXPECT_EQ(found->tables[2].rows, static_cast<int64_t>(lines.size()));
  EXPECT_EQ(found->tables[0].data[0]["email"], Email(user));

  auto erased = compliance::EraseSubject(*db_, ns_, schema, *found);
  ASSERT_TRUE(erased.ok()) << erased.status().ToString();
  std::map<std::string, int64_t> counts(erased->begin(), erased->end());
  EXPECT_EQ(counts["users"], 1);
  EXPECT_EQ(counts["orders"], static_cast<int64_t>(orders.size()));
  EXPECT_EQ(counts["lines"], static_cast<int64_t>(lines.size()));

  std::set<int64_t> users_left = Ids("users");
  std::set<int64_t> orders_left = Ids("orders");
  EXPECT_EQ(users_left.size(), static_cast<size_t>(kUsers - 1));
  EXPECT_FALSE(users_left.count(user));
  EXPECT_EQ(orders_left.size(), static_cast<size_t>(kOrders) - orders.size());
  EXPECT_EQ(LineIds().size(), static_cast<size_t>(kOrders * kLinesPerOrder) - lines.size());
  // No orphan: every remaining child's parent is still there.
  for (int64_t u : Ids("orders", "user_id")) EXPECT_TRUE(users_left.count(u)) << u;
  for (int64_t o : Ids("lines", "order_id")) EXPECT_TRUE(orders_left.count(o)) << o;

  // A second erasure finds nothing.
  auto again = compliance::FindSubject(*db_, ns_, schema, Email(user), false);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->total_rows(), 0);
}

TEST_P(GdprTest, ASubjectIdMatchesThePersonNotOtherTablesKeys) {
  std::vector<TableSchema> schema = {users_, orders_, lines_};
  auto found = compliance::FindSubject(*db_, ns_, schema, "7", false);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  int64_t orders = 0;
  for (int64_t o = 1; o <= kOrders; ++o) orders += OrderUser(o) == 7;
  ASSERT_FALSE(found->tables.empty());
  EXPECT_EQ(found->tables[0].table, "users");
  EXPECT_EQ(found->tables[0].rows, 1);
  EXPECT_EQ(found->total_rows(), 1 + orders + orders * kLinesPerOrder);
}

INSTANTIATE_TEST_SUITE_P(AllBackends, GdprTest,
                         ::testing::Values(TargetKind::kSqlite, TargetKind::kFile,
                                           TargetKind::kPostgres, TargetKind::kMysql,
                                           TargetKind::kRedis),
                         [](const auto& info) { return std::string(TargetKindName(info.param)); });

}  // namespace
}  // namespace tdm::store
