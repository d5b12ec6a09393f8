// The spec writer: table schemas in, a data spec out that loads, plans in every environment and
// gives back the same tables. Two golden files pin the exact text:
//   tests/golden/init_shop.yaml        a realistic schema the spec holds completely
//   tests/golden/init_edge_cases.yaml  everything the spec cannot hold, each with its comment
// To regenerate them on purpose, run with TDM_UPDATE_GOLDEN=1:
//   TDM_UPDATE_GOLDEN=1 build/tests/spec_tests --gtest_filter='SpecWriter*Golden*'
// and review the diff of tests/golden/ before committing it.
#include "spec/spec_writer.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "gen/provider_registry.h"
#include "gen/table_generator.h"
#include "spec_test_util.h"

namespace tdm::spec {
namespace {

using testing::ReadFile;
using testing::Request;
using testing::ResolveText;

constexpr const char* kSource = "postgres://app:***@db.internal:5432/shop";

ColumnSchema Col(std::string name, ColumnType type, bool nullable = false, bool unique = false,
                 bool primary_key = false) {
  return {std::move(name), type, nullable, unique, primary_key};
}

ColumnSchema Key(std::string name, ColumnType type) {
  return Col(std::move(name), type, false, false, true);
}

// Describe() order is creation order; order_items comes first to show the writer sorts.
std::vector<TableSchema> ShopTables() {
  TableSchema items{"order_items",
                    {Key("id", ColumnType::kInteger), Col("order_id", ColumnType::kInteger),
                     Col("product_id", ColumnType::kUuid), Col("quantity", ColumnType::kInteger)},
                    {{"order_id", "orders", "id"}, {"product_id", "products", "id"}},
                    {{"order_items_product_id_idx", {"product_id"}, false}}};
  TableSchema orders{
      "orders",
      {Key("id", ColumnType::kInteger), Col("customer_id", ColumnType::kObjectId),
       Col("order_number", ColumnType::kString, false, true), Col("status", ColumnType::kString),
       Col("total", ColumnType::kFloat), Col("placed_at", ColumnType::kDateTime),
       Col("note", ColumnType::kString, true)},
      {{"customer_id", "customers", "_id"}},
      {{"orders_order_number_key", {"order_number"}, true},
       {"orders_by_customer", {"customer_id", "placed_at"}, false}}};
  TableSchema customers{
      "customers",
      {Key("_id", ColumnType::kObjectId), Col("email", ColumnType::kString, false, true),
       Col("first_name", ColumnType::kString), Col("last_name", ColumnType::kString),
       Col("phone", ColumnType::kString, true), Col("birth_date", ColumnType::kDate, true),
       Col("age", ColumnType::kInteger, true), Col("is_active", ColumnType::kBoolean),
       Col("created_at", ColumnType::kDateTime)},
      {},
      {{"customers_email_key", {"email"}, true},
       {"customers_created_at_idx", {"created_at"}, false}}};
  TableSchema products{
      "products",
      {Key("id", ColumnType::kUuid), Col("sku", ColumnType::kString, false, true),
       Col("name", ColumnType::kString), Col("category", ColumnType::kString),
       Col("price", ColumnType::kFloat), Col("description", ColumnType::kString, true)},
      {},
      {{"products_sku_uq", {"sku"}, true}}};
  TableSchema audit{"Audit Log",
                    {Key("event id", ColumnType::kInteger), Col("yes", ColumnType::kBoolean),
                     Col("2fa", ColumnType::kString), Col("user.name", ColumnType::kString, true),
                     Col("say \"hi\"", ColumnType::kString)},
                    {},
                    {{"audit by user", {"user.name"}, false}}};
  return {items, orders, customers, products, audit};
}

// Every construct the spec cannot hold as the database has it.
std::vector<TableSchema> EdgeTables() {
  TableSchema employees{
      "employees",
      {Key("id", ColumnType::kInteger), Col("manager_id", ColumnType::kInteger, true),
       Col("name", ColumnType::kString)},
      {{"manager_id", "employees", "id"}},
      {}};
  TableSchema accounts{
      "accounts",
      {Key("id", ColumnType::kInteger), Col("login", ColumnType::kString, true, true),
       Col("title", ColumnType::kString, false, true),
       Col("rank", ColumnType::kInteger, false, true),
       Col("score", ColumnType::kFloat, false, true), Col("since", ColumnType::kDate, false, true),
       Col("flag", ColumnType::kBoolean, false, true), Col("code", ColumnType::kString),
       Col("region", ColumnType::kString)},
      {},
      {{"accounts_login_key", {"login"}, true},
       {"sqlite_autoindex_accounts_1", {"title"}, true},
       {"accounts_rank_key", {"rank"}, true},
       {"accounts_score_key", {"score"}, true},
       {"accounts_since_key", {"since"}, true},
       {"accounts_flag_key", {"flag"}, true},
       {"sqlite_autoindex_accounts_2", {"code", "region"}, true},
       {"by_login", {"login", "region"}, true},
       {"lower_login", {""}, false},
       {"region", {"region"}, false}}};
  TableSchema profiles{"profiles",
                       {Key("account_id", ColumnType::kInteger), Col("bio", ColumnType::kString)},
                       {{"account_id", "accounts", "id"}},
                       {}};
  TableSchema sessions{
      "sessions",
      {Key("id", ColumnType::kString), Col("login", ColumnType::kString),
       Col("region", ColumnType::kString), Col("account_id", ColumnType::kInteger)},
      {{"login", "accounts", "login"},
       {"region", "accounts", "region"},
       {"account_id", "profiles", "account_id"},
       {"account_id", "accounts", "id"}},
      {{"region", {"region"}, false}}};
  TableSchema teams{"teams",
                    {Key("id", ColumnType::kInteger), Col("captain_id", ColumnType::kInteger)},
                    {{"captain_id", "players", "id"}},
                    {}};
  TableSchema players{"players",
                      {Key("id", ColumnType::kInteger), Col("team_id", ColumnType::kInteger),
                       Col("elsewhere_id", ColumnType::kInteger)},
                      {{"team_id", "teams", "id"}, {"elsewhere_id", "archive.players", "id"}},
                      {}};
  TableSchema links{"tag_links",
                    {Key("post_id", ColumnType::kInteger), Key("tag_id", ColumnType::kInteger)},
                    {},
                    {}};
  TableSchema bare{
      "bare", {Col("id", ColumnType::kInteger), Col("note", ColumnType::kString)}, {}, {}};
  TableSchema empty{"empty", {}, {}, {}};
  return {employees, accounts, profiles, sessions, teams, players, links, bare, empty};
}

bool UpdateGolden() {
  const char* value = std::getenv("TDM_UPDATE_GOLDEN");
  return value != nullptr && std::string(value) == "1";
}

std::string GoldenPath(const std::string& name) {
  return std::string(TDM_SOURCE_DIR) + "/tests/golden/" + name;
}

void ExpectGolden(const std::string& text, const std::string& name) {
  if (UpdateGolden()) {
    std::ofstream(GoldenPath(name), std::ios::binary | std::ios::trunc) << text;
    GTEST_SKIP() << "rewrote tests/golden/" << name;
  }
  EXPECT_EQ(text, ReadFile(GoldenPath(name)))
      << "if the change is intended, regenerate with TDM_UPDATE_GOLDEN=1 spec_tests "
         "--gtest_filter='SpecWriter*Golden*' and review the diff";
}

// The tables a provision of `yaml` creates, as SchemaForPlan gives them to a sink.
std::vector<TableSchema> Provisioned(const std::string& yaml, const std::string& env = "ci") {
  auto spec = ResolveText(yaml);
  EXPECT_TRUE(spec.ok()) << spec.status().ToString() << "\n" << yaml;
  if (!spec.ok()) return {};
  auto plan = PlanProvision(*spec, Request(env));
  EXPECT_TRUE(plan.ok()) << plan.status().ToString();
  if (!plan.ok()) return {};
  std::vector<TableSchema> tables;
  for (const gen::DatasetPlan& p : plan->tables) tables.push_back(gen::SchemaForPlan(p));
  return tables;
}

// Indexes as Describe() lists them after a sink built the table: the declared ones plus a
// `<table>_<column>_key` for each unique column no declared unique index covers.
std::set<std::tuple<std::string, std::vector<std::string>, bool>> BuiltIndexes(
    const TableSchema& t) {
  std::set<std::tuple<std::string, std::vector<std::string>, bool>> out;
  for (const IndexSchema& i : t.indexes) out.insert({i.name, i.columns, i.unique});
  for (const ColumnSchema& c : t.columns) {
    if (!c.unique || c.primary_key) continue;
    bool declared = std::any_of(t.indexes.begin(), t.indexes.end(), [&](const IndexSchema& i) {
      return i.unique && i.columns == std::vector<std::string>{c.name};
    });
    if (!declared) out.insert({t.name + "_" + c.name + "_key", {c.name}, true});
  }
  return out;
}

std::set<std::tuple<std::string, std::vector<std::string>, bool>> SourceIndexes(
    const TableSchema& t) {
  std::set<std::tuple<std::string, std::vector<std::string>, bool>> out;
  for (const IndexSchema& i : t.indexes) out.insert({i.name, i.columns, i.unique});
  return out;
}

const TableSchema* FindTable(const std::vector<TableSchema>& tables, const std::string& name) {
  for (const TableSchema& t : tables) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

TEST(SpecWriterGolden, ShopSchema) {
  auto written = WriteSpec(ShopTables(), kSource);
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  ExpectGolden(written->yaml, "init_shop.yaml");
}

TEST(SpecWriterGolden, EdgeCases) {
  auto written = WriteSpec(EdgeTables(), kSource);
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  ExpectGolden(written->yaml, "init_edge_cases.yaml");
}

TEST(SpecWriter, ProvisionsTheSameTablesItWasGiven) {
  std::vector<TableSchema> source = ShopTables();
  auto written = WriteSpec(source, kSource);
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  EXPECT_TRUE(written->notes.empty()) << written->notes.front();
  std::vector<TableSchema> provisioned = Provisioned(written->yaml);
  ASSERT_EQ(provisioned.size(), source.size());
  for (const TableSchema& want : source) {
    SCOPED_TRACE(want.name);
    const TableSchema* got = FindTable(provisioned, want.name);
    ASSERT_NE(got, nullptr);
    ASSERT_EQ(got->columns.size(), want.columns.size());
    for (size_t i = 0; i < want.columns.size(); ++i) {
      const ColumnSchema& a = want.columns[i];
      const ColumnSchema& b = got->columns[i];
      SCOPED_TRACE(a.name);
      EXPECT_EQ(b.name, a.name);
      EXPECT_EQ(b.type, a.type);
      EXPECT_EQ(b.nullable, a.nullable);
      EXPECT_EQ(b.primary_key, a.primary_key);
      EXPECT_EQ(b.unique, a.unique);
    }
    ASSERT_EQ(got->foreign_keys.size(), want.foreign_keys.size());
    for (size_t i = 0; i < want.foreign_keys.size(); ++i) {
      EXPECT_EQ(got->foreign_keys[i].column, want.foreign_keys[i].column);
      EXPECT_EQ(got->foreign_keys[i].ref_table, want.foreign_keys[i].ref_table);
      EXPECT_EQ(got->foreign_keys[i].ref_column, want.foreign_keys[i].ref_column);
    }
    EXPECT_EQ(BuiltIndexes(*got), SourceIndexes(want));
  }
}

TEST(SpecWriter, WritesParentsBeforeChildren) {
  auto written = WriteSpec(ShopTables(), kSource);
  ASSERT_TRUE(written.ok());
  EXPECT_EQ(written->datasets, (std::vector<std::string>{"customers", "orders", "products",
                                                         "order_items", "Audit Log"}));
  size_t customers = written->yaml.find("\n  customers:");
  size_t orders = written->yaml.find("\n  orders:");
  size_t items = written->yaml.find("\n  order_items:");
  EXPECT_LT(customers, orders);
  EXPECT_LT(orders, items);
}

TEST(SpecWriter, EveryEnvironmentPlansIncludingTheEdgeCases) {
  for (const auto& tables : {ShopTables(), EdgeTables()}) {
    auto written = WriteSpec(tables, kSource);
    ASSERT_TRUE(written.ok()) << written.status().ToString();
    auto spec = ResolveText(written->yaml);
    ASSERT_TRUE(spec.ok()) << spec.status().ToString() << "\n" << written->yaml;
    ASSERT_EQ(spec->environments.size(), 3u);
    for (const char* env : {"local", "ci", "staging"}) {
      auto plan = PlanProvision(*spec, Request(env));
      EXPECT_TRUE(plan.ok()) << env << ": " << plan.status().ToString();
    }
  }
}

TEST(SpecWriter, SaysWhatItLeftOut) {
  auto written = WriteSpec(EdgeTables(), kSource);
  ASSERT_TRUE(written.ok());
  std::string notes;
  for (const std::string& n : written->notes) notes += n + "\n";
  for (const char* expected : {
           "employees.manager_id: references employees.id in the source, but a spec cannot "
           "reference a dataset's own table",
           "accounts: index lower_login is on an expression",
           "profiles.account_id: a unique foreign key (one-to-one) in the source; the spec "
           "generates it many-to-one, without its primary key",
           "sessions.region: references accounts.region in the source, but that column is not a "
           "unique key",
           "sessions.account_id: references profiles.account_id in the source, but that column is "
           "itself a foreign key",
           "sessions.account_id: also references accounts.id",
           "accounts.login: nullable in the source, but sessions.login references it",
           "teams.captain_id: references players.id in the source, but the foreign keys form a "
           "cycle",
           "players.elsewhere_id: references archive.players.id in the source, but that table was "
           "not read",
           "tag_links: the primary key (post_id, tag_id) spans several columns",
           "accounts.flag: unique in the source, but a boolean holds two values",
           "bare.id: the table has no primary key",
           "empty: has no columns",
           "sessions: index region is renamed sessions_region",
       }) {
    EXPECT_NE(notes.find(expected), std::string::npos) << "no note: " << expected << "\n" << notes;
  }
  // Each note is also a comment in the spec, at the dataset, field or index it is about.
  EXPECT_NE(written->yaml.find("      # references employees.id in the source, but a spec cannot"),
            std::string::npos);
  EXPECT_NE(written->yaml.find("  # the primary key (post_id, tag_id) spans several columns"),
            std::string::npos);
  EXPECT_NE(written->yaml.find("    # index lower_login is on an expression"), std::string::npos);
}

TEST(SpecWriter, UniqueColumnsHaveRoomForTheLargestVolume) {
  auto written = WriteSpec(EdgeTables(), kSource);
  ASSERT_TRUE(written.ok());
  const std::string& y = written->yaml;
  EXPECT_NE(y.find("title: {type: string, unique: true, provider: regex, pattern: "
                   "\"[A-Z]{3}-[0-9]{6}\"}"),
            std::string::npos)
      << y;
  EXPECT_NE(y.find("rank: {type: integer, unique: true, provider: integer, min: 1, max: "
                   "2147483647}"),
            std::string::npos);
  // The float default (0..1000 at 2 decimals) already has 100,001 values.
  EXPECT_NE(y.find("score: {type: float, unique: true}"), std::string::npos);
  EXPECT_NE(y.find("since: {type: date, unique: true, provider: date, min: \"1700-01-01\"}"),
            std::string::npos);
  EXPECT_NE(y.find("flag: {type: boolean}"), std::string::npos);
  // A string primary key with no better rule is a uuid.
  EXPECT_NE(y.find("id: {type: string, primary_key: true, provider: uuid}"), std::string::npos);
}

TEST(SpecWriter, IndexesKeepTheirNamesUnlessTheSpecNamesThemAlready) {
  auto written = WriteSpec(EdgeTables(), kSource);
  ASSERT_TRUE(written.ok());
  const std::string& y = written->yaml;
  // accounts_login_key is what `unique: true` builds: not repeated under indexes.
  EXPECT_EQ(y.find("name: accounts_login_key"), std::string::npos);
  // SQLite's internal names cannot be created; a multi-column one gets the spec's default name.
  EXPECT_EQ(y.find("name: sqlite_autoindex"), std::string::npos);
  EXPECT_NE(y.find("- {fields: [code, region]}"), std::string::npos) << y;
  // One unique column makes the combination unique.
  EXPECT_NE(y.find("- {fields: [login, region], unique: true, name: by_login}"), std::string::npos);
  EXPECT_NE(y.find("- {fields: [region], name: sessions_region}"), std::string::npos);
}

TEST(SpecWriter, IsDeterministicAndNamesItsSource) {
  auto a = WriteSpec(ShopTables(), kSource);
  auto b = WriteSpec(ShopTables(), kSource);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->yaml, b->yaml);
  EXPECT_EQ(a->yaml.rfind("# data-spec.yaml read from postgres://app:***@db.internal:5432/shop", 0),
            0u);
  EXPECT_FALSE(std::regex_search(a->yaml, std::regex(R"(20\d\d-\d\d-\d\d)"))) << "a date";
}

TEST(SpecWriter, NoTablesIsAnError) {
  auto written = WriteSpec({}, kSource);
  EXPECT_EQ(written.status().code(), StatusCode::kInvalidArgument);
  TableSchema t{"t", {Col("a", ColumnType::kString)}, {}, {}};
  EXPECT_EQ(WriteSpec({t, t}, kSource).status().code(), StatusCode::kInvalidArgument);
}

TEST(SpecWriter, NamesTheYamlCannotHoldPlainAreQuotedAndReadBack) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"users", "users"},
      {"user_id", "user_id"},
      {"a.b", "a.b"},
      {"yes", "\"yes\""},
      {"Null", "\"Null\""},
      {"2fa", "\"2fa\""},
      {"weird name", "\"weird name\""},
      {"say \"hi\"", "\"say \\\"hi\\\"\""},
      {"back\\slash", "\"back\\\\slash\""},
      {"", "\"\""},
      {"tab\there", "\"tab\\there\""},
      {"bell\x07", "\"bell\\x07\""},
      {"Zoë", "\"Zoë\""},
      {"- dash", "\"- dash\""},
      {"#hash", "\"#hash\""},
  };
  for (const auto& [text, scalar] : cases) {
    EXPECT_EQ(YamlScalar(text), scalar);
    YAML::Node node = YAML::Load("{" + YamlScalar(text) + ": " + YamlScalar(text) + "}");
    ASSERT_TRUE(node.IsMap()) << scalar;
    EXPECT_EQ(node.begin()->first.as<std::string>(), text) << scalar;
    EXPECT_EQ(node.begin()->second.as<std::string>(), text) << scalar;
  }
}

TEST(SpecWriter, QuotedTableAndColumnNamesLoadUnchanged) {
  auto written = WriteSpec(ShopTables(), kSource);
  ASSERT_TRUE(written.ok());
  auto spec = ResolveText(written->yaml);
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  const ResolvedDataset* audit = spec->Find("Audit Log");
  ASSERT_NE(audit, nullptr);
  EXPECT_EQ(audit->FieldNames(),
            (std::vector<std::string>{"event id", "yes", "2fa", "user.name", "say \"hi\""}));
  ASSERT_EQ(audit->indexes.size(), 1u);
  EXPECT_EQ(audit->indexes[0].name, "audit by user");
}

struct GuessCase {
  const char* table;
  const char* column;
  ColumnType type;
  const char* provider;
};

TEST(SpecWriter, GuessesProvidersFromColumnNames) {
  const GuessCase cases[] = {
      {"customers", "email", ColumnType::kString, "email"},
      {"customers", "Work_Email", ColumnType::kString, "email"},
      {"customers", "phone_number", ColumnType::kString, "phone"},
      {"customers", "mobile", ColumnType::kString, "phone"},
      {"customers", "first_name", ColumnType::kString, "first_name"},
      {"customers", "surname", ColumnType::kString, "last_name"},
      {"customers", "full_name", ColumnType::kString, "full_name"},
      {"customers", "name", ColumnType::kString, "full_name"},
      {"products", "name", ColumnType::kString, "product_name"},
      {"categories", "name", ColumnType::kString, "product_category"},
      {"films", "name", ColumnType::kString, "movie_title"},
      {"teams", "name", ColumnType::kString, "title"},
      {"movies", "title", ColumnType::kString, "movie_title"},
      {"posts", "title", ColumnType::kString, "title"},
      {"movies", "genre", ColumnType::kString, "movie_genre"},
      {"products", "category", ColumnType::kString, "product_category"},
      {"posts", "description", ColumnType::kString, "sentence"},
      {"docs", "_id", ColumnType::kString, "object_id"},
      {"docs", "ref", ColumnType::kObjectId, "object_id"},
      {"orders", "order_uuid", ColumnType::kString, "uuid"},
      {"orders", "ref", ColumnType::kUuid, "uuid"},
      {"orders", "id", ColumnType::kInteger, "sequence"},
      {"people", "age", ColumnType::kInteger, "age"},
      {"movies", "release_year", ColumnType::kInteger, "year"},
      {"orders", "created_at", ColumnType::kDateTime, "datetime"},
      {"orders", "updated_at", ColumnType::kDateTime, "datetime"},
      {"people", "birth_date", ColumnType::kDate, "date"},
      // No rule, or a rule whose provider cannot make the column's type.
      {"orders", "created_at", ColumnType::kString, ""},
      {"orders", "email", ColumnType::kInteger, ""},
      {"orders", "price", ColumnType::kFloat, ""},
      {"orders", "is_paid", ColumnType::kBoolean, ""},
      {"orders", "status", ColumnType::kString, ""},
      {"orders", "quantity", ColumnType::kInteger, ""},
      {"orders", "shipped", ColumnType::kDateTime, ""},
  };
  for (const GuessCase& c : cases) {
    ColumnSchema column = Col(c.column, c.type);
    std::string guess = GuessProvider(c.table, column);
    EXPECT_EQ(guess, c.provider) << c.table << "." << c.column;
    if (guess.empty()) continue;
    const gen::Provider* p = gen::Registry().Find(guess);
    ASSERT_NE(p, nullptr) << guess;
    EXPECT_NE(std::find(p->types.begin(), p->types.end(), c.type), p->types.end()) << guess;
  }
}

TEST(SpecWriter, MasksPersonalDataFoundByName) {
  auto written = WriteSpec(ShopTables(), kSource);
  ASSERT_TRUE(written.ok());
  auto doc = ParseDataSpec("data-spec.yaml", written->yaml);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->masking_policies, (std::map<std::string, std::string>{{"email", "anonymize"},
                                                                       {"first_name", "anonymize"},
                                                                       {"last_name", "anonymize"},
                                                                       {"phone", "redact"}}));
}

}  // namespace
}  // namespace tdm::spec
