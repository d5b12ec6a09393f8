// `data-cli init --from` against real databases: PostgreSQL and MariaDB on the servers of
// scripts/test-servers (TDM_TEST_POSTGRES_URL, TDM_TEST_MYSQL_URL), and SQLite as the same case.
// Each test creates its own database with the server's command-line client, with a schema as an
// application's migrations write it (serial and identity keys, varchar, numeric, timestamptz,
// foreign keys, a unique index), reads it into a spec, provisions that spec with
// `provision --env ci`, and compares what Describe() reports for both. Only the database the test
// created is dropped; the servers are shared and keep running.
#include <gtest/gtest.h>
#include <unistd.h>

#include <set>
#include <string>
#include <tuple>

#include "cli/cli_runner.h"
#include "integration/test_targets.h"
#include "store/database.h"

namespace tdm::store {
namespace {

using cli_test::CliResult;
using cli_test::CliSandbox;
using cli_test::HasSubstr;
using cli_test::ReadFile;
using cli_test::Succeeded;

constexpr const char* kPostgresSql = R"sql(
CREATE TABLE customers (
  id SERIAL PRIMARY KEY,
  email VARCHAR(255) NOT NULL UNIQUE,
  first_name VARCHAR(80) NOT NULL,
  last_name VARCHAR(80) NOT NULL,
  phone VARCHAR(32),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE products (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sku VARCHAR(32) NOT NULL,
  name TEXT NOT NULL,
  price NUMERIC(10, 2) NOT NULL,
  active BOOLEAN NOT NULL DEFAULT TRUE,
  released_on DATE
);
CREATE UNIQUE INDEX products_sku_uq ON products (sku);
CREATE TABLE orders (
  id SERIAL PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers (id),
  total NUMERIC(12, 2) NOT NULL,
  status VARCHAR(16) NOT NULL DEFAULT 'pending',
  placed_at TIMESTAMPTZ NOT NULL,
  note TEXT
);
CREATE INDEX orders_customer_placed_idx ON orders (customer_id, placed_at);
CREATE TABLE order_items (
  id BIGSERIAL PRIMARY KEY,
  order_id INTEGER NOT NULL REFERENCES orders (id),
  product_id BIGINT NOT NULL REFERENCES products (id),
  quantity INTEGER NOT NULL CHECK (quantity > 0)
);
)sql";

constexpr const char* kMysqlSql = R"sql(
CREATE TABLE customers (
  id INT AUTO_INCREMENT PRIMARY KEY,
  email VARCHAR(255) NOT NULL,
  first_name VARCHAR(80) NOT NULL,
  last_name VARCHAR(80) NOT NULL,
  phone VARCHAR(32) NULL,
  created_at DATETIME NOT NULL,
  UNIQUE KEY customers_email_key (email)
) ENGINE=InnoDB;
CREATE TABLE products (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  sku VARCHAR(32) NOT NULL,
  name VARCHAR(200) NOT NULL,
  price DECIMAL(10, 2) NOT NULL,
  active BOOLEAN NOT NULL DEFAULT TRUE,
  released_on DATE NULL,
  UNIQUE KEY products_sku_uq (sku)
) ENGINE=InnoDB;
CREATE TABLE orders (
  id INT AUTO_INCREMENT PRIMARY KEY,
  customer_id INT NOT NULL,
  total DECIMAL(12, 2) NOT NULL,
  status VARCHAR(16) NOT NULL DEFAULT 'pending',
  placed_at DATETIME NOT NULL,
  note TEXT NULL,
  KEY orders_customer_placed_idx (customer_id, placed_at),
  CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)
) ENGINE=InnoDB;
CREATE TABLE order_items (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  order_id INT NOT NULL,
  product_id BIGINT NOT NULL,
  quantity INT NOT NULL,
  CONSTRAINT order_items_order_fk FOREIGN KEY (order_id) REFERENCES orders (id),
  CONSTRAINT order_items_product_fk FOREIGN KEY (product_id) REFERENCES products (id)
) ENGINE=InnoDB;
)sql";

constexpr const char* kSqliteSql = R"sql(
CREATE TABLE customers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  email VARCHAR(255) NOT NULL UNIQUE,
  first_name VARCHAR(80) NOT NULL,
  last_name VARCHAR(80) NOT NULL,
  phone VARCHAR(32),
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE products (
  id INTEGER PRIMARY KEY,
  sku VARCHAR(32) NOT NULL,
  name TEXT NOT NULL,
  price NUMERIC(10, 2) NOT NULL,
  active BOOLEAN NOT NULL DEFAULT 1,
  released_on DATE
);
CREATE UNIQUE INDEX products_sku_uq ON products (sku);
CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers (id),
  total NUMERIC(12, 2) NOT NULL,
  status VARCHAR(16) NOT NULL DEFAULT 'pending',
  placed_at DATETIME NOT NULL,
  note TEXT
);
CREATE INDEX orders_customer_placed_idx ON orders (customer_id, placed_at);
CREATE TABLE order_items (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL REFERENCES orders (id),
  product_id INTEGER NOT NULL REFERENCES products (id),
  quantity INTEGER NOT NULL CHECK (quantity > 0)
);
)sql";

// `url` with its database replaced by `database`.
std::string WithDatabase(const std::string& url, const std::string& database) {
  size_t authority = url.find("://") + 3;
  size_t end = std::min(url.find('/', authority), url.find('?', authority));
  std::string query =
      url.find('?', authority) == std::string::npos ? "" : url.substr(url.find('?', authority));
  return url.substr(0, end) + "/" + database + query;
}

// The command line that runs `sql_file` (or `-e SQL`) with the server's own client.
std::string ClientCommand(TargetKind kind, const std::string& url, const std::string& database,
                          const std::string& sql_or_file, bool file) {
  if (kind == TargetKind::kPostgres) {
    return "psql -q -v ON_ERROR_STOP=1 '" + WithDatabase(url, database) + "' " +
           (file ? "-f " + sql_or_file : "-c \"" + sql_or_file + "\"");
  }
  auto parsed = ParseTarget(url);
  const TargetUrl& u = *parsed;
  return "MYSQL_PWD='" + u.password + "' mariadb --protocol=TCP -h " + u.host + " -P " +
         std::to_string(u.port) + " -u " + u.user + " " + database + " " +
         (file ? "< " + sql_or_file : "-e \"" + sql_or_file + "\"");
}

// A database of its own on the test server (or a SQLite file), dropped again at the end.
class SourceDatabase {
 public:
  SourceDatabase(CliSandbox& box, TargetKind kind) : box_(box), kind_(kind) {}
  ~SourceDatabase() {
    std::error_code ec;
    if (!info_.dir.empty()) std::filesystem::remove_all(info_.dir, ec);
    if (created_ && kind_ != TargetKind::kSqlite) {
      std::string admin = kind_ == TargetKind::kPostgres ? "postgres" : "";
      box_.Run(ClientCommand(kind_, info_.url, admin, "DROP DATABASE IF EXISTS " + name_, false));
    }
  }

  // Creates the database and its schema; returns the URL init reads.
  Result<std::string> Create() {
    TDM_ASSIGN_OR_RETURN(info_, TestTarget(kind_));
    const char* sql = kind_ == TargetKind::kPostgres ? kPostgresSql
                      : kind_ == TargetKind::kMysql  ? kMysqlSql
                                                     : kSqliteSql;
    cli_test::WriteFile(box_.path("schema.sql"), sql);
    if (kind_ == TargetKind::kSqlite) {
      name_ = info_.Namespace("init");
      CliResult r = box_.Run("sqlite3 '" + name_ + "' < schema.sql");
      if (r.exit_code != 0) return Status(StatusCode::kInternal, "sqlite3: " + r.err);
      created_ = true;
      return "sqlite://" + name_;
    }
    name_ = "tdmtest_" + std::to_string(getpid()) + "_init";
    std::string admin = kind_ == TargetKind::kPostgres ? "postgres" : "";
    for (const std::string& statement :
         {"DROP DATABASE IF EXISTS " + name_, "CREATE DATABASE " + name_}) {
      CliResult r = box_.Run(ClientCommand(kind_, info_.url, admin, statement, false));
      if (r.exit_code != 0) return Status(StatusCode::kInternal, statement + ": " + r.err);
    }
    created_ = true;
    CliResult r = box_.Run(ClientCommand(kind_, info_.url, name_, "schema.sql", true));
    if (r.exit_code != 0) return Status(StatusCode::kInternal, "schema: " + r.err);
    return WithDatabase(info_.url, name_);
  }

  // The namespace Describe() takes for this database.
  const std::string& name() const { return name_; }

 private:
  CliSandbox& box_;
  TargetKind kind_;
  TestTargetInfo info_;
  std::string name_;
  bool created_ = false;
};

using IndexKey = std::tuple<std::vector<std::string>, bool>;

// Index names differ by server (MySQL names unique keys per table, SQLite invents its own), so
// indexes compare by columns and uniqueness.
std::multiset<IndexKey> Indexes(const TableSchema& t) {
  std::multiset<IndexKey> out;
  for (const IndexSchema& i : t.indexes) out.insert({i.columns, i.unique});
  return out;
}

const TableSchema* FindTable(const std::vector<TableSchema>& tables, const std::string& name) {
  for (const TableSchema& t : tables) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

class InitFrom : public ::testing::TestWithParam<TargetKind> {};

TEST_P(InitFrom, ProvisionedTablesMatchTheSourceDatabase) {
  CliSandbox box;
  SourceDatabase source(box, GetParam());
  auto url = source.Create();
  ASSERT_TRUE(url.ok()) << url.status().ToString();
  std::filesystem::create_directory(box.path("spec"));
  CliResult init = box.Run("data-cli init --from '" + *url + "' --output spec/data-spec.yaml");
  ASSERT_TRUE(Succeeded(init));
  EXPECT_TRUE(HasSubstr(init.out, "(4 datasets: "));
  std::string text = ReadFile(box.path("spec/data-spec.yaml"));
  // Catalogs list tables in their own order; parents must come first whatever it is.
  auto at = [&](const std::string& dataset) { return text.find("\n  " + dataset + ":\n"); };
  EXPECT_LT(at("customers"), at("orders"));
  EXPECT_LT(at("orders"), at("order_items"));
  EXPECT_LT(at("products"), at("order_items"));
  EXPECT_NE(at("order_items"), std::string::npos);
  auto parsed = ParseTarget(*url);
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(text.starts_with("# data-spec.yaml read from " + parsed->Redacted() + " by"));
  if (!parsed->password.empty()) {
    EXPECT_EQ(text.find(":" + parsed->password + "@"), std::string::npos) << "password written";
  }
  for (const char* line :
       {"email: {type: string, unique: true, provider: email}",
        "- {foreign_key: customer_id, references: customers.id}",
        "- {fields: [customer_id, placed_at], name: orders_customer_placed_idx}"}) {
    EXPECT_TRUE(HasSubstr(text, line));
  }

  CliResult provision = box.Run("data-cli --spec spec/data-spec.yaml provision --env ci --json");
  ASSERT_TRUE(Succeeded(provision)) << text;
  nlohmann::json j = nlohmann::json::parse(provision.out);
  // The execution's own database: "endpoint", or "target" where the output has no endpoint.
  std::string target = j.value("endpoint", j.value("target", ""));
  ASSERT_TRUE(target.starts_with("sqlite://")) << provision.out;
  EXPECT_EQ(j["tables"]["order_items"], 1000);

  auto source_db = OpenDatabase(*parsed);
  ASSERT_TRUE(source_db.ok()) << source_db.status().ToString();
  auto want = (*source_db)->Describe(source.name());
  ASSERT_TRUE(want.ok()) << want.status().ToString();
  auto sqlite_url = ParseTarget(target);
  ASSERT_TRUE(sqlite_url.ok());
  auto provisioned_db = OpenDatabase(*sqlite_url);
  ASSERT_TRUE(provisioned_db.ok());
  auto got = (*provisioned_db)->Describe(sqlite_url->database);
  ASSERT_TRUE(got.ok()) << got.status().ToString();

  ASSERT_EQ(got->size(), want->size());
  for (const TableSchema& w : *want) {
    SCOPED_TRACE(w.name);
    const TableSchema* g = FindTable(*got, w.name);
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

INSTANTIATE_TEST_SUITE_P(Backends, InitFrom,
                         ::testing::Values(TargetKind::kSqlite, TargetKind::kPostgres,
                                           TargetKind::kMysql),
                         [](const ::testing::TestParamInfo<TargetKind>& info) {
                           return std::string(TargetKindName(info.param));
                         });

TEST(InitFromServer, UnreachableServerIsOneLineWithoutThePassword) {
  CliSandbox box;
  for (const char* scheme : {"postgres", "mysql"}) {
    SCOPED_TRACE(scheme);
    std::string url = std::string(scheme) +
                      "://tdm:hunter2-secret@127.0.0.1:" + std::to_string(UnusedPort()) + "/app";
    CliResult r = box.Run("data-cli init --from '" + url + "' --output spec.yaml");
    EXPECT_NE(r.exit_code, 0);
    EXPECT_EQ(r.ErrLines().size(), 1u) << r.err;
    EXPECT_TRUE(HasSubstr(r.err, "reading " + std::string(scheme) + "://tdm:***@127.0.0.1:"));
    EXPECT_EQ(r.err.find("hunter2"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(box.path("spec.yaml")));
  }
}

}  // namespace
}  // namespace tdm::store
