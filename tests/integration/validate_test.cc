// The validation engine on real servers: the defects of tests/validate/sqlite_defects_test.cc
// injected into PostgreSQL and MySQL/MariaDB namespaces (set-based SQL checks), and into Redis
// (the same rules in-process). A server whose URL variable is unset is skipped.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <tuple>

#include "store/mysql/mysql_conn.h"
#include "store/postgres/postgres_conn.h"
#include "store/redis/redis_connection.h"
#include "store/redis/redis_layout.h"
#include "test_targets.h"
#include "validate/validate_fixture.h"

namespace tdm::validate_test {
namespace {

using store::TargetKind;

class ValidateServerTest : public ::testing::TestWithParam<TargetKind> {
 protected:
  void SetUp() override {
    const char* variable = store::TestServerVariable(GetParam());
    const char* url = std::getenv(variable);
    // A missing server is a failure, never a skip (scripts/test starts them).
    if (url == nullptr || *url == '\0') GTEST_FAIL() << variable << " is not set";
    url_ = url;
    fixture_ = std::make_unique<ValidateFixture>(url_);
  }

  // Runs statements inside the execution's database.
  void Exec(const std::string& sql) {
    auto parsed = store::ParseTarget(url_);
    ASSERT_TRUE(parsed.ok());
    if (GetParam() == TargetKind::kPostgres) {
      auto conn = store::pg::PgConn::Connect(*parsed, fixture_->ns());
      ASSERT_TRUE(conn.ok()) << conn.status().ToString();
      Status s = conn->Exec(sql, "injecting a defect");
      ASSERT_TRUE(s.ok()) << s.ToString();
    } else {
      store::TargetUrl at = *parsed;
      at.database = fixture_->ns();
      auto conn = store::MysqlConn::Connect(at);
      ASSERT_TRUE(conn.ok()) << conn.status().ToString();
      Status s = conn->Exec("USE `" + fixture_->ns() + "`", "choosing the namespace");
      ASSERT_TRUE(s.ok()) << s.ToString();
      s = conn->Exec("SET FOREIGN_KEY_CHECKS = 0", "injecting a defect");
      ASSERT_TRUE(s.ok()) << s.ToString();
      for (size_t start = 0; start < sql.size();) {
        size_t end = sql.find(';', start);
        std::string one = sql.substr(start, end == std::string::npos ? end : end - start);
        if (one.find_first_not_of(" \n") != std::string::npos) {
          s = conn->Exec(one, "injecting a defect");
          ASSERT_TRUE(s.ok()) << s.ToString() << " in " << one;
        }
        if (end == std::string::npos) break;
        start = end + 1;
      }
    }
  }

  std::string Key(const std::string& table, int n) {
    auto rows = fixture_->db().QuerySql(
        fixture_->ns(),
        "SELECT _id FROM " + table + " ORDER BY _id LIMIT 1 OFFSET " + std::to_string(n));
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    return rows.ok() && !rows->empty() ? rows->at(0).at(0).value_or("") : "";
  }

  bool Postgres() const { return GetParam() == TargetKind::kPostgres; }

  std::string url_;
  std::unique_ptr<ValidateFixture> fixture_;
};

TEST_P(ValidateServerTest, CleanProvisionPasses) {
  EXPECT_EQ(fixture_->provision_summary().schema_validation, "passed");
  auto report = fixture_->Validate();
  EXPECT_TRUE(report.passed()) << validate::ToJson(report).dump(2);
}

TEST_P(ValidateServerTest, EveryDefectIsReported) {
  std::string name_key = Key("users", 1);
  std::string age_key = Key("users", 2);
  std::string null_key = Key("users", 3);
  std::string order_key = Key("users", 4);
  std::string dup_a = Key("users", 5);
  std::string dup_b = Key("users", 6);
  std::string movie_orphan = Key("movies", 1);
  std::string movie_year = Key("movies", 2);
  std::string gone = Key("movies", 3);
  auto q = [&](const std::string& k) { return "'" + k + "'"; };
  std::string unique_drop =
      Postgres() ? "DO $$DECLARE c text; BEGIN FOR c IN SELECT conname FROM pg_constraint WHERE "
                   "conrelid = 'users'::regclass AND contype = 'u' LOOP EXECUTE 'ALTER TABLE "
                   "users DROP CONSTRAINT ' || quote_ident(c); END LOOP; END$$;"
                 : "";
  if (!Postgres()) {
    auto rows = fixture_->db().QuerySql(
        fixture_->ns(),
        "SELECT DISTINCT index_name FROM information_schema.statistics WHERE table_schema = "
        "DATABASE() AND table_name = 'users' AND non_unique = 0 AND index_name <> 'PRIMARY'");
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    for (const auto& r : *rows) unique_drop += "DROP INDEX `" + *r[0] + "` ON users;";
  }
  std::string fk_drop =
      Postgres() ? "ALTER TABLE movies DROP CONSTRAINT IF EXISTS movies_user_id_fkey;"
                   "DO $$DECLARE c text; BEGIN FOR c IN SELECT conname FROM pg_constraint WHERE "
                   "conrelid = 'movies'::regclass AND contype = 'f' LOOP EXECUTE 'ALTER TABLE "
                   "movies DROP CONSTRAINT ' || quote_ident(c); END LOOP; END$$;"
                 : "";
  std::string phone_nullable = Postgres() ? "ALTER TABLE users ALTER COLUMN phone DROP NOT NULL;"
                                          : "ALTER TABLE users MODIFY phone TEXT NULL;";
  Exec(unique_drop + fk_drop + phone_nullable +
       "UPDATE users SET name = 'Secret Agent 99' WHERE _id = " + q(name_key) + ";" +
       "UPDATE users SET age = 151 WHERE _id = " + q(age_key) + ";" +
       "UPDATE users SET phone = NULL WHERE _id = " + q(null_key) + ";" +
       "UPDATE users SET updated_at = created_at - INTERVAL '1' DAY WHERE _id = " + q(order_key) +
       ";" + "UPDATE users SET email = (SELECT e FROM (SELECT email AS e FROM users WHERE _id = " +
       q(dup_a) + ") x) WHERE _id = " + q(dup_b) + ";" +
       "UPDATE movies SET user_id = 'ffffffffffffffffffffffff' WHERE _id = " + q(movie_orphan) +
       ";" + "UPDATE movies SET year = 2101 WHERE _id = " + q(movie_year) + ";" +
       "DELETE FROM movies WHERE _id = " + q(gone) + ";" +
       "ALTER TABLE users ADD COLUMN nickname TEXT;");
  auto report = fixture_->Validate();
  std::string json = validate::ToJson(report).dump(2);
  EXPECT_FALSE(report.passed());
  struct Expect {
    const char* stage;
    const char* table;
    const char* field;
    std::string rule;
    std::string key;
  };
  for (const Expect& e : std::vector<Expect>{
           {"schema", "users", "name", "pattern ^[A-Za-z ]+$", name_key},
           {"schema", "users", "age", "constraint > 0 AND < 150", age_key},
           {"schema", "users", "phone", "required", null_key},
           {"schema", "users", "nickname", "strict", ""},
           {"schema", "movies", "year", "constraint >= 1900 AND <= 2100", movie_year},
           {"relationships", "movies", "user_id", "foreign_key users._id", movie_orphan},
           {"consistency", "users", "updated_at", "constraint >= created_at", order_key},
           {"consistency", "users", "email", "unique", dup_b},
           {"consistency", "movies", "", "row count", ""},
       }) {
    SCOPED_TRACE(std::string(e.stage) + " " + e.table + "." + e.field + " " + e.rule);
    const validate::Finding* f = FindFinding(report, e.stage, e.table, e.field, e.rule);
    ASSERT_NE(f, nullptr) << json;
    if (!e.key.empty()) {
      EXPECT_NE(std::find(f->row_keys.begin(), f->row_keys.end(), e.key), f->row_keys.end())
          << json;
    }
  }
  EXPECT_EQ(json.find("Secret Agent 99"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Servers, ValidateServerTest,
                         ::testing::Values(TargetKind::kPostgres, TargetKind::kMysql),
                         [](const auto& info) {
                           return std::string(info.param == TargetKind::kPostgres ? "Postgres"
                                                                                  : "Mysql");
                         });

}  // namespace
}  // namespace tdm::validate_test

namespace tdm::validate_test {
namespace {

// Redis has no SQL: the same rules run in-process over Database::Read().
TEST(ValidateRedisTest, InProcessRulesFindPatternRangeAndOrphans) {
  const char* url = std::getenv("TDM_TEST_REDIS_URL");
  if (url == nullptr || *url == '\0') GTEST_FAIL() << "TDM_TEST_REDIS_URL is not set";
  ValidateFixture fixture(url);
  EXPECT_TRUE(fixture.Validate().passed()) << validate::ToJson(fixture.Validate()).dump(2);
  auto parsed = store::ParseTarget(url);
  ASSERT_TRUE(parsed.ok());
  auto conn = store::RedisConnection::Open(*parsed);
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  // The smallest keys, as findings list them.
  auto first_key = [&](const std::string& table) {
    std::vector<std::string> ids;
    auto source = fixture.db().Read(fixture.ns(), {table, {}, std::nullopt, {}});
    EXPECT_TRUE(source.ok());
    Batch b;
    while (source.ok()) {
      auto more = (*source)->Next(b, 1024);
      if (!more.ok() || !*more) break;
      int c = (*source)->schema().FindColumn("_id");
      for (size_t r = 0; r < b.num_rows; ++r) {
        ids.emplace_back(b.columns[static_cast<size_t>(c)].GetString(r));
      }
    }
    return *std::min_element(ids.begin(), ids.end());
  };
  std::string user = first_key("users");
  std::string movie = first_key("movies");
  auto set = [&](const std::string& table, const std::string& id, const std::string& field,
                 const std::string& value) {
    std::string key = store::RowKeyPrefix(fixture.ns(), table) + id;
    auto reply = conn->Run({"HSET", key, field, value});
    ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  };
  set("users", user, "name", "Secret Agent 99");
  set("users", user, "age", "200");
  set("movies", movie, "user_id", "ffffffffffffffffffffffff");
  auto report = fixture.Validate();
  std::string json = validate::ToJson(report).dump(2);
  for (auto [stage, table, field, rule] :
       std::vector<std::tuple<std::string, std::string, std::string, std::string>>{
           {"schema", "users", "name", "pattern ^[A-Za-z ]+$"},
           {"schema", "users", "age", "constraint > 0 AND < 150"},
           {"relationships", "movies", "user_id", "foreign_key users._id"}}) {
    const validate::Finding* f = FindFinding(report, stage, table, field, rule);
    ASSERT_NE(f, nullptr) << rule << "\n" << json;
    EXPECT_EQ(f->count, 1) << rule;
    ASSERT_EQ(f->row_keys.size(), 1u) << rule;
    EXPECT_EQ(f->row_keys[0], table == "users" ? user : movie);
  }
  EXPECT_EQ(json.find("Secret Agent 99"), std::string::npos);
}

}  // namespace
}  // namespace tdm::validate_test
