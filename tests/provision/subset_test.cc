// Referentially complete subsets (provision/subset.h) on SQLite databases written through the
// store layer. Expected rows are computed here from the rows as written, independently of the
// selection, and every kept foreign key is checked to resolve to a kept row.
#include "provision/subset.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <numeric>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/target.h"

namespace tdm::provision {
namespace {

using Value = std::optional<std::string>;
using Row = std::vector<Value>;
using Ids = std::set<std::string>;

struct Table {
  TableSchema schema;
  std::vector<Row> rows;
};

ColumnSchema Key(std::string name, ColumnType type = ColumnType::kInteger) {
  return {std::move(name), type, false, false, true};
}

ColumnSchema Col(std::string name, ColumnType type = ColumnType::kInteger, bool nullable = false,
                 bool unique = false) {
  return {std::move(name), type, nullable, unique, false};
}

bool Mentions(const std::string& message, const std::string& part) {
  return message.find(part) != std::string::npos;
}

TableSchema Schema(std::string name, std::vector<ColumnSchema> columns,
                   std::vector<ForeignKeySchema> foreign_keys = {}) {
  return {std::move(name), std::move(columns), std::move(foreign_keys), {}};
}

Value V(int64_t v) { return std::to_string(v); }

std::string Email(int64_t staff) { return "s" + std::to_string(staff) + "@example.test"; }

Value Get(const TableSchema& schema, const Row& row, const std::string& column) {
  int c = schema.FindColumn(column);
  EXPECT_GE(c, 0) << schema.name << "." << column;
  return c < 0 ? std::nullopt : row[static_cast<size_t>(c)];
}

// customers and countries are roots of their own; addresses, orders, order_lines and comments hang
// below customers; staff reference their managers; event_log has no primary key and no relations.
std::vector<Table> Shop() {
  std::vector<Table> t;
  t.push_back(
      {Schema("countries", {Key("code", ColumnType::kString), Col("name", ColumnType::kString)}),
       {}});
  for (std::string code : {"PT", "DE", "at", "BR", "ZA", "AT"}) {
    t.back().rows.push_back({code, "Country " + code});
  }
  t.push_back({Schema("customers", {Key("id"), Col("name", ColumnType::kString)}), {}});
  std::vector<int64_t> ids(40);
  std::iota(ids.begin(), ids.end(), 1);
  std::shuffle(ids.begin(), ids.end(), std::mt19937(7));  // written out of key order
  for (int64_t id : ids) t.back().rows.push_back({V(id), "Customer " + std::to_string(id)});
  t.push_back({Schema("addresses",
                      {Key("id"), Col("customer_id"), Col("country_code", ColumnType::kString)},
                      {{"customer_id", "customers", "id"}, {"country_code", "countries", "code"}}),
               {}});
  const char* codes[] = {"PT", "DE", "at", "BR", "ZA", "AT"};
  for (int64_t i = 1; i <= 80; ++i) {
    t.back().rows.push_back({V(i), V((i * 3) % 40 + 1), codes[i % 6]});
  }
  t.push_back({Schema("staff",
                      {Key("id"), Col("manager_id", ColumnType::kInteger, true),
                       Col("email", ColumnType::kString, false, true)},
                      {{"manager_id", "staff", "id"}}),
               {}});
  for (int64_t i = 1; i <= 31; ++i) {
    t.back().rows.push_back({V(i), i == 1 ? std::nullopt : V(i / 2), Email(i)});
  }
  t.push_back({Schema("products", {Key("id"), Col("name", ColumnType::kString)}), {}});
  for (int64_t i = 1; i <= 25; ++i) t.back().rows.push_back({V(i), "Product " + std::to_string(i)});
  t.push_back({Schema("orders",
                      {Key("id"), Col("customer_id"), Col("served_by", ColumnType::kInteger, true),
                       Col("approver_email", ColumnType::kString, true)},
                      {{"customer_id", "customers", "id"},
                       {"served_by", "staff", "id"},
                       {"approver_email", "staff", "email"}}),
               {}});
  for (int64_t i = 1; i <= 120; ++i) {
    Value served = i % 5 == 0 ? std::nullopt : V(16 + i % 16);
    Value approver = i % 3 == 0 ? Value(Email(8 + i % 8)) : std::nullopt;
    t.back().rows.push_back({V(i), V((i * 7) % 40 + 1), served, approver});
  }
  t.push_back({Schema("order_lines", {Key("id"), Col("order_id"), Col("product_id")},
                      {{"order_id", "orders", "id"}, {"product_id", "products", "id"}}),
               {}});
  for (int64_t i = 1; i <= 300; ++i) {
    t.back().rows.push_back({V(i), V(i % 120 + 1), V((i * 11) % 25 + 1)});
  }
  t.push_back(
      {Schema("comments", {Key("id"), Col("order_id"), Col("reply_to", ColumnType::kInteger, true)},
              {{"order_id", "orders", "id"}, {"reply_to", "comments", "id"}}),
       {}});
  for (int64_t i = 1; i <= 60; ++i) {
    t.back().rows.push_back({V(i), V((i * 13) % 120 + 1), i % 4 == 1 ? std::nullopt : V(i - 1)});
  }
  t.push_back({Schema("event_log", {Col("message", ColumnType::kString)}), {}});
  for (int i = 0; i < 5; ++i) t.back().rows.push_back({"event " + std::to_string(i)});
  return t;
}

// clubs <- teams <-> players: a team's captain plays for the next team (team 6 has none).
std::vector<Table> League() {
  std::vector<Table> t;
  t.push_back({Schema("clubs", {Key("id")}), {}});
  for (int64_t i = 1; i <= 4; ++i) t.back().rows.push_back({V(i)});
  t.push_back(
      {Schema("teams", {Key("id"), Col("club_id"), Col("captain_id", ColumnType::kInteger, true)},
              {{"club_id", "clubs", "id"}, {"captain_id", "players", "id"}}),
       {}});
  for (int64_t i = 1; i <= 8; ++i) {
    t.back().rows.push_back({V(i), V((i - 1) % 4 + 1), i == 6 ? std::nullopt : V(i % 8 + 1)});
  }
  t.push_back({Schema("players", {Key("id"), Col("team_id")}, {{"team_id", "teams", "id"}}), {}});
  for (int64_t i = 1; i <= 24; ++i) t.back().rows.push_back({V(i), V((i - 1) % 8 + 1)});
  return t;
}

Status Write(store::Database& db, const std::string& ns, const std::vector<Table>& tables) {
  TDM_ASSIGN_OR_RETURN(auto sink, db.Create(ns));
  for (const Table& table : tables) {
    TDM_RETURN_IF_ERROR(sink->BeginTable(table.schema));
    Batch batch;
    batch.Reset(table.schema, 0, table.rows.size());
    for (const Row& row : table.rows) {
      for (size_t c = 0; c < row.size(); ++c) {
        Column& column = batch.columns[c];
        if (!row[c]) {
          column.AppendNull();
        } else if (column.physical() == PhysicalType::kInt64) {
          column.AppendInt(std::stoll(*row[c]));
        } else {
          column.AppendString(*row[c]);
        }
      }
    }
    TDM_RETURN_IF_ERROR(sink->Write(batch));
    TDM_RETURN_IF_ERROR(sink->EndTable());
  }
  return sink->Finish();
}

class SubsetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("tdm_subset_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto url = store::ParseTarget("sqlite://" + dir_.string());
    ASSERT_TRUE(url.ok()) << url.status().ToString();
    auto db = store::OpenDatabase(*url);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(*db);
    Load(Shop());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void Load(std::vector<Table> tables) {
    tables_ = std::move(tables);
    ns_ = (dir_ / (tables_.front().schema.name + ".db")).string();
    Status written = Write(*db_, ns_, tables_);
    ASSERT_TRUE(written.ok()) << written.ToString();
    auto described = db_->Describe(ns_);
    ASSERT_TRUE(described.ok()) << described.status().ToString();
    schemas_ = *described;
  }

  Result<SubsetSelection> Select(std::string_view text) {
    TDM_ASSIGN_OR_RETURN(std::vector<SubsetRoot> roots, ParseSubset(text));
    return SelectSubset(*db_, ns_, schemas_, roots);
  }

  // The rows of every table that `selection` keeps, as read back; checks KeptRows on the way.
  std::map<std::string, std::vector<Row>> Kept(const SubsetSelection& selection) {
    std::map<std::string, std::vector<Row>> kept;
    for (const Table& table : tables_) {
      auto source = db_->Read(ns_, {table.schema.name, {}, std::nullopt, {}});
      EXPECT_TRUE(source.ok()) << source.status().ToString();
      if (!source.ok()) continue;
      Batch batch;
      std::vector<uint8_t> keep;
      std::vector<Row>& rows = kept[table.schema.name];
      for (auto more = (*source)->Next(batch, 7); more.ok() && *more;
           more = (*source)->Next(batch, 7)) {
        selection.Keep(batch, keep);
        EXPECT_EQ(keep.size(), batch.num_rows);
        for (size_t r = 0; r < batch.num_rows; ++r) {
          if (keep[r]) rows.push_back(RowAt(batch, r));
        }
      }
      EXPECT_EQ(selection.KeptRows(table.schema.name), static_cast<int64_t>(rows.size()))
          << table.schema.name;
    }
    return kept;
  }

  static Row RowAt(const Batch& batch, size_t r) {
    Row row;
    for (const Column& c : batch.columns) {
      if (c.IsNull(r)) {
        row.emplace_back();
      } else if (c.physical() == PhysicalType::kInt64) {
        row.push_back(std::to_string(c.GetInt(r)));
      } else {
        row.emplace_back(std::string(c.GetString(r)));
      }
    }
    return row;
  }

  const Table& Raw(const std::string& name) const {
    for (const Table& t : tables_) {
      if (t.schema.name == name) return t;
    }
    ADD_FAILURE() << name;
    return tables_.front();
  }

  // Values of `column` in `rows` of table `table` (written or read back: same column order).
  Ids Values(const std::string& table, const std::vector<Row>& rows,
             const std::string& column = "id") const {
    Ids out;
    for (const Row& row : rows) {
      if (Value v = Get(Raw(table).schema, row, column)) out.insert(*v);
    }
    return out;
  }

  // Ids of the written rows of `table` for which `pick` holds.
  Ids Where(const std::string& table, const std::function<bool(const Row&)>& pick) const {
    std::vector<Row> rows;
    for (const Row& row : Raw(table).rows) {
      if (pick(row)) rows.push_back(row);
    }
    return Values(table, rows, Raw(table).schema.columns[0].name);
  }

  // Whether column `column` of a written row of `table` is null or one of `ids`.
  std::function<bool(const Row&)> In(const std::string& table, const std::string& column,
                                     const Ids& ids) const {
    const TableSchema& schema = Raw(table).schema;
    return [&schema, column, ids](const Row& row) {
      Value v = Get(schema, row, column);
      return !v || ids.contains(*v);
    };
  }

  // Every foreign key of a kept row resolves to a kept row of its parent.
  void ExpectReferentiallyComplete(const std::map<std::string, std::vector<Row>>& kept) const {
    for (const Table& table : tables_) {
      for (const ForeignKeySchema& fk : table.schema.foreign_keys) {
        Ids parents = Values(fk.ref_table, kept.at(fk.ref_table), fk.ref_column);
        for (const Row& row : kept.at(table.schema.name)) {
          Value v = Get(table.schema, row, fk.column);
          EXPECT_TRUE(!v || parents.contains(*v))
              << table.schema.name << "." << fk.column << " = " << *v << " is not kept";
        }
      }
    }
  }

  // Comments whose order is kept and whose whole reply chain is kept (ids ascend along a chain).
  Ids ExpectedComments(const Ids& orders) const {
    Ids kept;
    for (const Row& row : Raw("comments").rows) {
      if (orders.contains(*row[1]) && (!row[2] || kept.contains(*row[2]))) kept.insert(*row[0]);
    }
    return kept;
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Database> db_;
  std::string ns_;
  std::vector<Table> tables_;
  std::vector<TableSchema> schemas_;
};

Ids Range(int64_t from, int64_t to) {
  Ids ids;
  for (int64_t i = from; i <= to; ++i) ids.insert(std::to_string(i));
  return ids;
}

TEST_F(SubsetTest, RootKeepsItsSmallestKeysWhateverTheWriteOrder) {
  auto selection = Select("customers:7");
  ASSERT_TRUE(selection.ok()) << selection.status().ToString();
  auto kept = Kept(*selection);
  EXPECT_EQ(Values("customers", kept["customers"]), Range(1, 7));
  EXPECT_EQ(selection->KeptRows("customers"), 7);

  // Text keys are ordered bytewise ("AT" < "BR" < ... < "ZA" < "at"); SQLite returns this table
  // in write order, not key order.
  selection = Select("countries:2");
  ASSERT_TRUE(selection.ok()) << selection.status().ToString();
  kept = Kept(*selection);
  EXPECT_EQ(Values("countries", kept["countries"], "code"), (Ids{"AT", "BR"}));
  EXPECT_EQ(Values("addresses", kept["addresses"]),
            Where("addresses", In("addresses", "country_code", {"AT", "BR"})));
  ExpectReferentiallyComplete(kept);

  selection = Select("customers:1000");
  ASSERT_TRUE(selection.ok()) << selection.status().ToString();
  EXPECT_EQ(selection->KeptRows("customers"), 40);
}

TEST_F(SubsetTest, ChildrenOfChosenRowsAreKeptAndOthersDropped) {
  auto selection = Select("customers:5");
  ASSERT_TRUE(selection.ok()) << selection.status().ToString();
  auto kept = Kept(*selection);
  ExpectReferentiallyComplete(kept);

  Ids customers = Range(1, 5);
  EXPECT_EQ(Values("customers", kept["customers"]), customers);
  EXPECT_EQ(Values("addresses", kept["addresses"]),
            Where("addresses", In("addresses", "customer_id", customers)));
  Ids orders = Where("orders", In("orders", "customer_id", customers));
  EXPECT_EQ(Values("orders", kept["orders"]), orders);
  EXPECT_LT(orders.size(), Raw("orders").rows.size());
  EXPECT_EQ(Values("order_lines", kept["order_lines"]),
            Where("order_lines", In("order_lines", "order_id", orders)));

  // A reply is dropped with the comment it answers, even when its own order is kept.
  Ids comments = ExpectedComments(orders);
  EXPECT_EQ(Values("comments", kept["comments"]), comments);
  Ids orphaned = Where("comments", In("comments", "order_id", orders));
  EXPECT_GT(orphaned.size(), comments.size()) << "the data should exercise dropped replies";

  // Not reached from customers and not below them: kept whole.
  for (const char* whole : {"staff", "products", "countries", "event_log"}) {
    EXPECT_EQ(kept[whole].size(), Raw(whole).rows.size()) << whole;
  }
}

TEST_F(SubsetTest, EveryReferencedRowIsKeptTransitively) {
  auto selection = Select("orders:6");
  ASSERT_TRUE(selection.ok()) << selection.status().ToString();
  auto kept = Kept(*selection);
  ExpectReferentiallyComplete(kept);

  Ids orders = Range(1, 6);
  EXPECT_EQ(Values("orders", kept["orders"]), orders);
  std::vector<Row> chosen;
  for (const Row& row : Raw("orders").rows) {
    if (orders.contains(*row[0])) chosen.push_back(row);
  }
  Ids customers = Values("orders", chosen, "customer_id");
  EXPECT_EQ(Values("customers", kept["customers"]), customers);

  // Staff serving or approving (by email) the chosen orders, and their managers up to the top.
  Ids staff = Values("orders", chosen, "served_by");
  Ids emails = Values("orders", chosen, "approver_email");
  for (const Row& row : Raw("staff").rows) {
    if (emails.contains(*row[2])) staff.insert(*row[0]);
  }
  for (int64_t id = 31; id >= 2; --id) {  // a manager's id is smaller than their reports'
    if (staff.contains(std::to_string(id))) staff.insert(std::to_string(id / 2));
  }
  EXPECT_EQ(Values("staff", kept["staff"]), staff);
  EXPECT_TRUE(staff.contains("1"));
  EXPECT_LT(staff.size(), Raw("staff").rows.size());

  EXPECT_EQ(Values("addresses", kept["addresses"]),
            Where("addresses", In("addresses", "customer_id", customers)));
  EXPECT_EQ(Values("order_lines", kept["order_lines"]),
            Where("order_lines", In("order_lines", "order_id", orders)));
  EXPECT_EQ(Values("comments", kept["comments"]), ExpectedComments(orders));
  // Products are referenced by order lines, which are not reached: kept whole, like countries.
  EXPECT_EQ(kept["products"].size(), Raw("products").rows.size());
  EXPECT_EQ(kept["countries"].size(), Raw("countries").rows.size());
}

TEST_F(SubsetTest, SeveralRootsConstrainTheirCommonChildren) {
  auto selection = Select(" customers : 3 , staff:2 ");
  ASSERT_TRUE(selection.ok()) << selection.status().ToString();
  auto kept = Kept(*selection);
  ExpectReferentiallyComplete(kept);

  EXPECT_EQ(Values("customers", kept["customers"]), Range(1, 3));
  EXPECT_EQ(Values("staff", kept["staff"]), Range(1, 2));
  Ids orders = Where("orders", [&](const Row& row) {
    return In("orders", "customer_id", Range(1, 3))(row) &&
           In("orders", "served_by", Range(1, 2))(row) &&
           In("orders", "approver_email", {Email(1), Email(2)})(row);
  });
  EXPECT_FALSE(orders.empty());
  EXPECT_EQ(Values("orders", kept["orders"]), orders);
}

TEST_F(SubsetTest, CyclesBetweenFilteredTablesSettle) {
  Load(League());
  auto selection = Select("clubs:2");
  ASSERT_TRUE(selection.ok()) << selection.status().ToString();
  auto kept = Kept(*selection);
  ExpectReferentiallyComplete(kept);
  // Teams 1, 2, 5, 6 belong to clubs 1 and 2. Team 2's captain plays for team 3 (dropped), so team
  // 2 goes, then team 1 whose captain plays for team 2. Team 6 has no captain; team 5's plays
  // for 6.
  EXPECT_EQ(Values("teams", kept["teams"]), (Ids{"5", "6"}));
  EXPECT_EQ(Values("players", kept["players"]), (Ids{"5", "6", "13", "14", "21", "22"}));
}

TEST_F(SubsetTest, CyclesInTheClosureAreFollowedToTheEnd) {
  Load(League());
  auto selection = Select("players:1");
  ASSERT_TRUE(selection.ok()) << selection.status().ToString();
  auto kept = Kept(*selection);
  ExpectReferentiallyComplete(kept);
  // player 1 -> team 1 -> captain 2 -> team 2 -> ... -> team 6, which has no captain.
  EXPECT_EQ(Values("players", kept["players"]), Range(1, 6));
  EXPECT_EQ(Values("teams", kept["teams"]), Range(1, 6));
  EXPECT_EQ(Values("clubs", kept["clubs"]), Range(1, 4));
}

TEST_F(SubsetTest, BadRootsAreRejectedWithTheReason) {
  auto unknown = Select("custmers:5");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), StatusCode::kInvalidArgument);
  EXPECT_PRED2(Mentions, unknown.status().message(), "did you mean 'customers'");

  auto keyless = Select("event_log:5");
  ASSERT_FALSE(keyless.ok());
  EXPECT_EQ(keyless.status().code(), StatusCode::kInvalidArgument);
  EXPECT_PRED2(Mentions, keyless.status().message(), "'event_log' has no primary key");

  auto zero = SelectSubset(*db_, ns_, schemas_, {{"customers", 0}});
  ASSERT_FALSE(zero.ok());
  EXPECT_PRED2(Mentions, zero.status().message(), "'customers' needs a row count of at least 1");

  auto twice = SelectSubset(*db_, ns_, schemas_, {{"customers", 1}, {"customers", 2}});
  ASSERT_FALSE(twice.ok());
  EXPECT_PRED2(Mentions, twice.status().message(), "listed twice");
}

TEST(SubsetParse, ReadsTablesAndCounts) {
  auto roots = ParseSubset("users:1000");
  ASSERT_TRUE(roots.ok()) << roots.status().ToString();
  ASSERT_EQ(roots->size(), 1u);
  EXPECT_EQ((*roots)[0].table, "users");
  EXPECT_EQ((*roots)[0].rows, 1000);

  roots = ParseSubset("  users : 1000 ,\torders:50 ");
  ASSERT_TRUE(roots.ok()) << roots.status().ToString();
  ASSERT_EQ(roots->size(), 2u);
  EXPECT_EQ((*roots)[1].table, "orders");
  EXPECT_EQ((*roots)[1].rows, 50);
}

TEST(SubsetParse, ErrorsSayWhatIsWrong) {
  const std::pair<const char*, const char*> cases[] = {
      {"", "empty entry"},
      {"  ", "empty entry"},
      {"users:1,", "empty entry"},
      {"users", "'users' has no row count"},
      {":10", "names no table"},
      {"users:", "row count of 'users' must be a whole number of at least 1, got ''"},
      {"users:abc", "got 'abc'"},
      {"users:0", "got '0'"},
      {"users:-5", "got '-5'"},
      {"users:10x", "got '10x'"},
      {"users:1.5", "got '1.5'"},
      {"users:99999999999999999999", "got '99999999999999999999'"},
      {"users:1, users:2", "'users' is listed twice"},
  };
  for (const auto& [text, message] : cases) {
    auto roots = ParseSubset(text);
    ASSERT_FALSE(roots.ok()) << text;
    EXPECT_EQ(roots.status().code(), StatusCode::kInvalidArgument) << text;
    EXPECT_PRED2(Mentions, roots.status().message(), message) << text;
  }
}

}  // namespace
}  // namespace tdm::provision
