// data-cli init end to end: the starter spec provisions as written, existing files are never
// overwritten without --force, and `init --from sqlite://...` writes a spec whose provision has
// the source database's tables, columns, types, keys, foreign keys and indexes.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <set>
#include <tuple>

#include "cli/cli_runner.h"
#include "integration/test_targets.h"
#include "spec/loader.h"
#include "spec/resolver.h"
#include "store/database.h"

namespace tdm::cli_test {
namespace {

// Several related tables, created child first so that the spec has to reorder them, with the
// declared types SQLite applications use (VARCHAR, NUMERIC, ...), an inline UNIQUE, a named
// unique index, a composite index and names that need quoting.
constexpr const char* kShopSql = R"sql(
CREATE TABLE order_items (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL REFERENCES orders (id),
  product_id INTEGER NOT NULL REFERENCES products (id),
  quantity INTEGER NOT NULL,
  ship_date DATE
);
CREATE INDEX order_items_product_id_idx ON order_items (product_id);
CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers (id),
  order_uuid UUID NOT NULL,
  status VARCHAR(16) NOT NULL,
  total NUMERIC(10, 2) NOT NULL,
  ordered_at DATETIME NOT NULL,
  note TEXT
);
CREATE INDEX orders_by_customer ON orders (customer_id, ordered_at);
CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  email VARCHAR(255) NOT NULL UNIQUE,
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  phone TEXT,
  is_active BOOLEAN NOT NULL,
  created_at DATETIME NOT NULL
);
CREATE TABLE products (
  id INTEGER PRIMARY KEY,
  sku VARCHAR(20) NOT NULL,
  name TEXT NOT NULL,
  price REAL NOT NULL,
  "unit weight" REAL
);
CREATE UNIQUE INDEX products_sku_uq ON products (sku);
)sql";

Result<std::vector<TableSchema>> Describe(const std::string& path) {
  TDM_ASSIGN_OR_RETURN(store::TargetUrl url, store::ParseTarget("sqlite://" + path));
  TDM_ASSIGN_OR_RETURN(auto db, store::OpenDatabase(url));
  return db->Describe(path);
}

const TableSchema* FindTable(const std::vector<TableSchema>& tables, const std::string& name) {
  for (const TableSchema& t : tables) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

// Index names SQLite makes up for UNIQUE constraints cannot be created again; their columns and
// uniqueness still have to match.
std::set<std::tuple<std::string, std::vector<std::string>, bool>> Indexes(const TableSchema& t) {
  std::set<std::tuple<std::string, std::vector<std::string>, bool>> out;
  for (const IndexSchema& i : t.indexes) {
    std::string name = i.name.starts_with("sqlite_autoindex_") ? "" : i.name;
    if (name == t.name + "_" + (i.columns.empty() ? "" : i.columns[0]) + "_key") name = "";
    out.insert({name, i.columns, i.unique});
  }
  return out;
}

void ExpectSameTables(const std::vector<TableSchema>& want, const std::vector<TableSchema>& got) {
  ASSERT_EQ(got.size(), want.size());
  for (const TableSchema& w : want) {
    SCOPED_TRACE(w.name);
    const TableSchema* g = FindTable(got, w.name);
    ASSERT_NE(g, nullptr);
    ASSERT_EQ(g->columns.size(), w.columns.size());
    for (size_t i = 0; i < w.columns.size(); ++i) {
      SCOPED_TRACE(w.columns[i].name);
      EXPECT_EQ(g->columns[i].name, w.columns[i].name);
      EXPECT_EQ(g->columns[i].type, w.columns[i].type);
      EXPECT_EQ(g->columns[i].nullable, w.columns[i].nullable);
      EXPECT_EQ(g->columns[i].primary_key, w.columns[i].primary_key);
      EXPECT_EQ(g->columns[i].unique, w.columns[i].unique);
    }
    std::set<std::tuple<std::string, std::string, std::string>> fk_want;
    std::set<std::tuple<std::string, std::string, std::string>> fk_got;
    for (const auto& fk : w.foreign_keys) fk_want.insert({fk.column, fk.ref_table, fk.ref_column});
    for (const auto& fk : g->foreign_keys) fk_got.insert({fk.column, fk.ref_table, fk.ref_column});
    EXPECT_EQ(fk_got, fk_want);
    EXPECT_EQ(Indexes(*g), Indexes(w));
  }
}

// The SQLite file of the execution `provision --json` printed: its "endpoint", or its "target"
// where the output has no endpoint.
std::string ProvisionedPath(const CliResult& r) {
  nlohmann::json j = nlohmann::json::parse(r.out, nullptr, false);
  if (!j.is_object()) return "";
  std::string where = j.value("endpoint", j.value("target", ""));
  return where.starts_with("sqlite://") ? where.substr(9) : "";
}

TEST(InitCommand, StarterSpecProvisionsInAnEmptyDirectory) {
  CliSandbox box;
  fs::create_directory(box.path("fresh"));
  CliResult init = box.Run("cd fresh && data-cli init");
  ASSERT_TRUE(Succeeded(init));
  EXPECT_TRUE(HasSubstr(init.out, "Wrote data-spec.yaml (2 datasets: customers, orders)"));
  EXPECT_TRUE(HasSubstr(init.out, "next: data-cli provision --env local\n"));
  std::string text = ReadFile(box.path("fresh/data-spec.yaml"));
  for (const char* part : {"seed: 12345", "local:", "ci:", "staging:", "volumes:", "unique: true",
                           "relationships:", "indexes:", "masking_policies:"}) {
    EXPECT_TRUE(HasSubstr(text, part));
  }
  for (const char* env : {"local", "ci"}) {
    CliResult provision = box.Run(std::string("cd fresh && data-cli provision --env ") + env);
    ASSERT_TRUE(Succeeded(provision)) << env;
    EXPECT_TRUE(HasSubstr(provision.out, "customers"));
  }
  CliResult show = box.Run("cd fresh && data-cli show --collection orders --limit 2 --json");
  ASSERT_TRUE(Succeeded(show));
  nlohmann::json rows = nlohmann::json::parse(show.out);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_TRUE(rows[0]["order_number"].get<std::string>().starts_with("ORD-"));
}

TEST(InitCommand, StarterSpecPlansEveryEnvironment) {
  CliSandbox box;
  CliResult init = box.Run("data-cli init --output -");
  ASSERT_TRUE(Succeeded(init));
  fs::create_directory(box.path("alone"));
  WriteFile(box.path("alone/data-spec.yaml"), init.out);
  auto starter = spec::LoadAndResolve(box.path("alone/data-spec.yaml").string());
  ASSERT_TRUE(starter.ok()) << starter.status().ToString();
  for (const char* env : {"local", "ci", "staging"}) {
    spec::ProvisionRequest request;
    request.environment = env;
    auto plan = spec::PlanProvision(*starter, request);
    ASSERT_TRUE(plan.ok()) << env << ": " << plan.status().ToString();
    ASSERT_EQ(plan->tables.size(), 2u);
    EXPECT_EQ(plan->tables[0].name, "customers");
    EXPECT_EQ(plan->tables[1].name, "orders");
  }
}

TEST(InitCommand, RefusesToOverwriteWithoutForce) {
  CliSandbox box;
  std::string before = ReadFile(box.path("data-spec.yaml"));
  std::set<std::string> files = box.Files();
  CliResult refused = box.Run("data-cli init");
  EXPECT_NE(refused.exit_code, 0);
  ASSERT_EQ(refused.ErrLines().size(), 1u) << refused.err;
  EXPECT_TRUE(HasSubstr(refused.err, "'data-spec.yaml' already exists; pass --force"));
  EXPECT_EQ(ReadFile(box.path("data-spec.yaml")), before);
  EXPECT_EQ(box.Files(), files);

  CliResult forced = box.Run("data-cli init --force");
  ASSERT_TRUE(Succeeded(forced));
  EXPECT_NE(ReadFile(box.path("data-spec.yaml")), before);
  EXPECT_TRUE(HasSubstr(ReadFile(box.path("data-spec.yaml")), "customers:"));
  EXPECT_EQ(box.Files(), files);  // no temporary file left behind
}

TEST(InitCommand, OutputDashPrintsTheSpecAndWritesNothing) {
  CliSandbox box;
  std::set<std::string> files = box.Files();
  CliResult r = box.Run("data-cli init --output -");
  ASSERT_TRUE(Succeeded(r));
  EXPECT_TRUE(r.out.starts_with("# data-spec.yaml"));
  EXPECT_TRUE(r.err.empty()) << r.err;
  EXPECT_EQ(box.Files(), files);
  CliResult json = box.Run("data-cli init --output - --json");
  ASSERT_TRUE(Succeeded(json));
  nlohmann::json j = nlohmann::json::parse(json.out);
  EXPECT_EQ(j["output"], "-");
  EXPECT_TRUE(j["source"].is_null());
  EXPECT_EQ(j["datasets"], nlohmann::json({"customers", "orders"}));
  EXPECT_EQ(j["spec"], r.out);
}

TEST(InitCommand, OutputNamesAnotherFile) {
  CliSandbox box;
  CliResult r = box.Run("data-cli init -o starter.yaml --json");
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ(nlohmann::json::parse(r.out)["output"], "starter.yaml");
  EXPECT_TRUE(fs::exists(box.path("starter.yaml")));
  CliResult human = box.Run("data-cli init -o other.yaml");
  EXPECT_TRUE(HasSubstr(human.out, "next: data-cli provision --env local --spec other.yaml"));
  CliResult missing_dir = box.Run("data-cli init -o no/such/dir/spec.yaml");
  EXPECT_NE(missing_dir.exit_code, 0);
  EXPECT_TRUE(HasSubstr(missing_dir.err, "cannot write 'no/such/dir/spec.yaml'"));
}

TEST(InitCommand, FromSqliteRoundTripsTheSchema) {
  CliSandbox box;
  fs::create_directory(box.path("spec"));
  ASSERT_TRUE(Succeeded(box.Run("sqlite3 shop.db <<'EOF'\n" + std::string(kShopSql) + "EOF")));
  std::string db = box.path("shop.db").string();
  CliResult init = box.Run("data-cli init --from sqlite://" + db + " --output spec/data-spec.yaml");
  ASSERT_TRUE(Succeeded(init));
  EXPECT_TRUE(HasSubstr(init.out, "(4 datasets: customers, orders, products, order_items)"));
  std::string text = ReadFile(box.path("spec/data-spec.yaml"));
  EXPECT_TRUE(text.starts_with("# data-spec.yaml read from sqlite://" + db + " by"));

  CliResult provision = box.Run("data-cli --spec spec/data-spec.yaml provision --env ci --json");
  ASSERT_TRUE(Succeeded(provision)) << text;
  std::string provisioned = ProvisionedPath(provision);
  ASSERT_FALSE(provisioned.empty()) << provision.out;
  auto want = Describe(db);
  auto got = Describe(provisioned);
  ASSERT_TRUE(want.ok() && got.ok());
  ExpectSameTables(*want, *got);
  nlohmann::json j = nlohmann::json::parse(provision.out);
  EXPECT_EQ(j["tables"]["orders"], 1000);
}

TEST(InitCommand, FromSqliteIsDeterministicAndGuessesProviders) {
  CliSandbox box;
  ASSERT_TRUE(Succeeded(box.Run("sqlite3 shop.db <<'EOF'\n" + std::string(kShopSql) + "EOF")));
  CliResult a = box.Run("data-cli init --from shop.db --output -");
  CliResult b = box.Run("data-cli init --from sqlite://shop.db --output -");
  ASSERT_TRUE(Succeeded(a));
  ASSERT_TRUE(Succeeded(b));
  EXPECT_EQ(a.out, b.out);
  EXPECT_FALSE(std::regex_search(a.out, std::regex(R"(20\d\d-\d\d-\d\d)"))) << "a date";
  for (const char* line : {
           "email: {type: string, unique: true, provider: email}",
           "first_name: {type: string, provider: first_name}",
           "phone: {type: string, nullable: true, provider: phone}",
           "created_at: {type: datetime, provider: datetime}",
           "order_uuid: {type: uuid, provider: uuid}",
           "name: {type: string, provider: product_name}",
           "sku: {type: string, unique: true, provider: regex, pattern: \"[A-Z]{3}-[0-9]{6}\"}",
           "\"unit weight\": {type: float, nullable: true}",
           "- {foreign_key: customer_id, references: customers.id}",
           "- {fields: [sku], unique: true, name: products_sku_uq}",
           "- {fields: [customer_id, ordered_at], name: orders_by_customer}",
           "- {fields: [product_id]}",
       }) {
    EXPECT_TRUE(HasSubstr(a.out, line));
  }
}

// Failures print one line, exit non-zero and write no file.
TEST(InitCommand, FromErrorsAreOneLineAndWriteNothing) {
  CliSandbox box;
  ASSERT_TRUE(Succeeded(box.Run("sqlite3 empty.db 'PRAGMA user_version = 1;'")));
  int port = store::UnusedPort();
  struct Case {
    std::string from;
    std::string message;
  };
  const Case cases[] = {
      {"mongodb://localhost/app", "target scheme 'mongodb://' is not supported"},
      {"redis://localhost:6379/0", "reads the tables of a SQL database"},
      {"file:///tmp/somewhere", "reads the tables of a SQL database"},
      {"postgres://db:99999/app", "port '99999'"},
      {"mysql://tdm:secret@127.0.0.1:" + std::to_string(port) + "/", "name the database"},
      {"sqlite:///no/such/file.db", "does not exist"},
      {"empty.db", "has no tables"},
      {"postgres://tdm:s3cret-pw@127.0.0.1:" + std::to_string(port) + "/app",
       "reading postgres://"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.from);
    std::set<std::string> files = box.Files();
    CliResult r = box.Run("data-cli init --from '" + c.from + "' --output new-spec.yaml");
    EXPECT_NE(r.exit_code, 0);
    EXPECT_EQ(r.ErrLines().size(), 1u) << r.err;
    EXPECT_TRUE(HasSubstr(r.err, c.message));
    EXPECT_EQ(r.err.find("s3cret-pw"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("secret"), std::string::npos) << r.err;
    EXPECT_EQ(box.Files(), files);
  }
  CliResult json = box.Run("data-cli init --from redis://localhost/0 --output x.yaml --json");
  EXPECT_NE(json.exit_code, 0);
  nlohmann::json j = nlohmann::json::parse(json.out);
  EXPECT_EQ(j["error"]["code"], "invalid_argument");
}

TEST(InitCommand, FromRefusesAnExistingOutputBeforeReading) {
  CliSandbox box;
  std::string before = ReadFile(box.path("data-spec.yaml"));
  CliResult r = box.Run("data-cli init --from sqlite:///no/such/file.db");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(HasSubstr(r.err, "already exists"));
  EXPECT_EQ(ReadFile(box.path("data-spec.yaml")), before);
}

}  // namespace
}  // namespace tdm::cli_test
