// The validation engine over SQLite namespaces: a clean provision passes; each defect injected
// with plain SQL is reported precisely (stage, table, field, rule, the offending row's key) and
// fails the validation.
#include <gtest/gtest.h>

#include "store/sqlite/sqlite_db.h"
#include "validate/report.h"
#include "validate_fixture.h"

namespace tdm::validate_test {
namespace {

class SqliteDefectsTest : public ::testing::Test {
 protected:
  void SetUp() override { fixture_ = std::make_unique<ValidateFixture>(""); }

  void Exec(const std::string& sql) {
    auto db = store::SqliteDb::Open(fixture_->ns(), false);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    Status s = db->Exec(sql);
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  // The key of the n-th user (by key order).
  std::string UserKey(int n, const std::string& table = "users") {
    auto rows = fixture_->db().QuerySql(
        fixture_->ns(),
        "SELECT _id FROM " + table + " ORDER BY _id LIMIT 1 OFFSET " + std::to_string(n));
    EXPECT_TRUE(rows.ok() && rows->size() == 1);
    return rows.ok() && !rows->empty() ? rows->at(0).at(0).value_or("") : "";
  }

  void ExpectFinding(const std::string& stage, const std::string& table, const std::string& field,
                     const std::string& rule, const std::string& key, int64_t count = 1) {
    validate::ValidationReport report = fixture_->Validate();
    const validate::Finding* f = FindFinding(report, stage, table, field, rule);
    ASSERT_NE(f, nullptr) << validate::ToJson(report).dump(2);
    EXPECT_EQ(f->count, count);
    if (!key.empty()) {
      EXPECT_NE(std::find(f->row_keys.begin(), f->row_keys.end(), key), f->row_keys.end())
          << validate::ToJson(report).dump(2);
    }
    EXPECT_FALSE(report.Stage(stage)->passed);
    EXPECT_FALSE(report.passed());
    last_ = report;
  }

  std::unique_ptr<ValidateFixture> fixture_;
  validate::ValidationReport last_;
};

TEST_F(SqliteDefectsTest, CleanProvisionPasses) {
  EXPECT_EQ(fixture_->provision_summary().schema_validation, "passed");
  EXPECT_EQ(fixture_->provision_summary().referential_integrity, "passed");
  EXPECT_EQ(fixture_->provision_summary().data_consistency, "passed");
  validate::ValidationReport report = fixture_->Validate();
  EXPECT_TRUE(report.passed()) << validate::ToJson(report).dump(2);
  ASSERT_EQ(report.stages.size(), 4u);
  for (const auto& s : report.stages) {
    EXPECT_TRUE(s.passed) << s.name;
    EXPECT_GT(s.checks, 0) << s.name;
  }
  EXPECT_EQ(report.Stage("schema")->action, "log & reject");
  EXPECT_EQ(report.Stage("relationships")->action, "log & rollback");
  EXPECT_EQ(report.Stage("consistency")->action, "alert");
}

TEST_F(SqliteDefectsTest, TextInIntegerColumnIsATypeFinding) {
  std::string key = UserKey(3);
  Exec("UPDATE users SET age = 'forty' WHERE _id = '" + key + "'");
  ExpectFinding("schema", "users", "age", "type integer", key);
  // Not also a range finding: SQLite orders text above numbers.
  EXPECT_EQ(FindFinding(last_, "schema", "users", "age", "constraint > 0 AND < 150"), nullptr);
}

TEST_F(SqliteDefectsTest, MalformedObjectIdIsATypeFinding) {
  std::string key = UserKey(0, "movies");
  std::string bad = "ZZ" + key.substr(2);
  Exec("UPDATE movies SET _id = '" + bad + "' WHERE _id = '" + key + "'");
  ExpectFinding("schema", "movies", "_id", "type ObjectId", bad);
}

TEST_F(SqliteDefectsTest, PatternMissNamesTheRowButNotTheValue) {
  std::string key = UserKey(4);
  Exec("UPDATE users SET name = 'Zed Secret99' WHERE _id = '" + key + "'");
  ExpectFinding("schema", "users", "name", "pattern ^[A-Za-z ]+$", key);
  std::string json = validate::ToJson(last_).dump();
  EXPECT_EQ(json.find("Zed Secret99"), std::string::npos) << json;
}

TEST_F(SqliteDefectsTest, PhoneOutsideE164IsReported) {
  std::string key = UserKey(5);
  Exec("UPDATE users SET phone = '+0 555 123' WHERE _id = '" + key + "'");
  ExpectFinding("schema", "users", "phone", "pattern ^\\+?[1-9]\\d{1,14}$", key);
  EXPECT_EQ(validate::ToJson(last_).dump().find("+0 555 123"), std::string::npos);
}

TEST_F(SqliteDefectsTest, BrokenRangeConstraint) {
  std::string key = UserKey(6);
  Exec("UPDATE users SET age = 150 WHERE _id = '" + key + "'");
  ExpectFinding("schema", "users", "age", "constraint > 0 AND < 150", key);
  std::string movie = UserKey(2, "movies");
  Exec("UPDATE movies SET year = 1899 WHERE _id = '" + movie + "'");
  ExpectFinding("schema", "movies", "year", "constraint >= 1900 AND <= 2100", movie);
}

TEST_F(SqliteDefectsTest, DateInTheFutureBreaksNow) {
  std::string key = UserKey(7);
  Exec(
      "UPDATE users SET created_at = '2999-01-01T00:00:00Z', updated_at = "
      "'2999-02-01T00:00:00Z' WHERE _id = '" +
      key + "'");
  ExpectFinding("schema", "users", "created_at", "constraint < now()", key);
}

TEST_F(SqliteDefectsTest, OrphanForeignKey) {
  std::string movie = UserKey(10, "movies");
  Exec(
      "PRAGMA foreign_keys = OFF; UPDATE movies SET user_id = 'ffffffffffffffffffffffff' "
      "WHERE _id = '" +
      movie + "'");
  ExpectFinding("relationships", "movies", "user_id", "foreign_key users._id", movie);
  EXPECT_TRUE(last_.Stage("schema")->passed);
}

TEST_F(SqliteDefectsTest, DuplicateOnUniqueFieldWithoutItsIndex) {
  // SQLite keeps the UNIQUE constraint's index; rebuild the table without it, as a target that
  // lost its index would be.
  Exec(
      "PRAGMA foreign_keys = OFF; CREATE TABLE u2 AS SELECT * FROM users; DROP TABLE users; "
      "ALTER TABLE u2 RENAME TO users;");
  std::string a = UserKey(1);
  std::string b = UserKey(2);
  Exec("UPDATE users SET email = (SELECT email FROM users WHERE _id = '" + a + "') WHERE _id = '" +
       b + "'");
  validate::ValidationReport report = fixture_->Validate();
  const validate::Finding* f = FindFinding(report, "consistency", "users", "email", "unique");
  ASSERT_NE(f, nullptr) << validate::ToJson(report).dump(2);
  EXPECT_EQ(f->count, 2);
  EXPECT_EQ(f->row_keys, (std::vector<std::string>{a, b}));
  EXPECT_FALSE(report.passed());
}

TEST_F(SqliteDefectsTest, DatesOutOfOrder) {
  std::string key = UserKey(8);
  Exec("UPDATE users SET updated_at = '2019-06-01T00:00:00Z' WHERE _id = '" + key + "'");
  ExpectFinding("consistency", "users", "updated_at", "constraint >= created_at", key);
  EXPECT_TRUE(last_.Stage("schema")->passed) << validate::ToJson(last_).dump(2);
}

TEST_F(SqliteDefectsTest, ExtraColumnUnderStrict) {
  Exec("ALTER TABLE users ADD COLUMN nickname TEXT");
  ExpectFinding("schema", "users", "nickname", "strict", "");
  // movies is not strict: an extra column there is fine.
  Exec("ALTER TABLE movies ADD COLUMN notes TEXT");
  EXPECT_EQ(FindFinding(fixture_->Validate(), "schema", "movies", "notes", "strict"), nullptr);
}

TEST_F(SqliteDefectsTest, NullInRequiredField) {
  // The column is NOT NULL in the table; rebuild it without, as a hand-made target would be.
  Exec(
      "PRAGMA foreign_keys = OFF; CREATE TABLE u2 AS SELECT * FROM users; DROP TABLE users; "
      "ALTER TABLE u2 RENAME TO users;");
  std::string key = UserKey(9);
  Exec("UPDATE users SET phone = NULL WHERE _id = '" + key + "'");
  ExpectFinding("schema", "users", "phone", "required", key);
}

TEST_F(SqliteDefectsTest, RowCountMismatch) {
  Exec("PRAGMA foreign_keys = OFF; DELETE FROM movies WHERE _id = '" + UserKey(0, "movies") + "'");
  validate::ValidationReport report = fixture_->Validate();
  const validate::Finding* f = FindFinding(report, "consistency", "movies", "", "row count");
  ASSERT_NE(f, nullptr) << validate::ToJson(report).dump(2);
  EXPECT_EQ(f->message, "79 rows, expected 80");
  EXPECT_FALSE(report.passed());
}

TEST_F(SqliteDefectsTest, MissingTable) {
  Exec("PRAGMA foreign_keys = OFF; DROP TABLE movies");
  validate::ValidationReport report = fixture_->Validate();
  EXPECT_NE(FindFinding(report, "schema", "movies", "", "table exists"), nullptr);
  EXPECT_NE(
      FindFinding(report, "relationships", "movies", "user_id", "back_reference movies.user_id"),
      nullptr)
      << validate::ToJson(report).dump(2);
}

TEST_F(SqliteDefectsTest, PiiKeyShowsCountOnly) {
  // A table keyed by email: the key is PII, so findings carry counts and no keys.
  validate::TableRules rules;
  rules.table = "users";
  rules.key = "email";
  rules.key_is_pii = true;
  validate::ColumnRules name;
  name.field = "name";
  name.pattern = "[0-9]+";
  rules.columns.push_back(name);
  auto report = validate::Validate(fixture_->db(), fixture_->ns(), {rules}, {});
  ASSERT_TRUE(report.ok());
  const validate::Finding* f = FindFinding(*report, "schema", "users", "name", "pattern [0-9]+");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->count, 50);
  EXPECT_TRUE(f->row_keys.empty());
  EXPECT_EQ(validate::ToJson(*report).dump().find("@"), std::string::npos);
}

TEST_F(SqliteDefectsTest, PatternThatDoesNotCompileIsAFinding) {
  validate::TableRules rules;
  rules.table = "users";
  validate::ColumnRules name;
  name.field = "name";
  name.pattern = "([a-z";
  rules.columns.push_back(name);
  auto report = validate::Validate(fixture_->db(), fixture_->ns(), {rules}, {});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  const validate::Finding* f = FindFinding(*report, "schema", "users", "name", "pattern ([a-z");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->message.find("does not compile"), std::string::npos);
}

}  // namespace
}  // namespace tdm::validate_test
