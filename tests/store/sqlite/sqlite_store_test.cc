#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "core/batch.h"
#include "core/time_format.h"
#include "store/sqlite/sqlite_db.h"
#include "store/sqlite/sqlite_sink.h"
#include "store/sqlite/sqlite_source.h"

namespace tdm::store {
namespace {

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("tdm_sqlite_test_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "t.db").string();
    schema_.name = "people";
    schema_.columns = {
        {"_id", ColumnType::kObjectId, false, true, true},
        {"name", ColumnType::kString, true, false, false},
        {"age", ColumnType::kInteger, false, false, false},
        {"score", ColumnType::kFloat, false, false, false},
        {"active", ColumnType::kBoolean, false, false, false},
        {"birthday", ColumnType::kDate, false, false, false},
        {"seen_at", ColumnType::kDateTime, false, false, false},
        {"token", ColumnType::kUuid, false, true, false},
    };
    schema_.indexes = {{"people_age_idx", {"age"}, false}};
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void Fill(Batch& batch, const std::string& second_id = "65a1b2c3d4e5f60718293a4c") {
    batch.Reset(schema_, 0, 2);
    auto& c = batch.columns;
    c[0].AppendString("65a1b2c3d4e5f60718293a4b");
    c[0].AppendString(second_id);
    c[1].AppendString("O'Brien, \"Zo\xc3\xab\"");
    c[1].AppendNull();
    c[2].AppendInt(31);
    c[2].AppendInt(-5);
    c[3].AppendDouble(7.0);
    c[3].AppendDouble(-0.125);
    c[4].AppendInt(1);
    c[4].AppendInt(0);
    c[5].AppendInt(*ParseDate("1969-12-31"));
    c[5].AppendInt(*ParseDate("2024-02-29"));
    c[6].AppendInt(*ParseDateTime("2024-01-02T03:04:05Z"));
    c[6].AppendInt(*ParseDateTime("2024-01-02T03:04:05.123456Z"));
    c[7].AppendString("123e4567-e89b-42d3-a456-426614174000");
    c[7].AppendString("123e4567-e89b-42d3-a456-426614174001");
  }

  Status WriteAll(const Batch& batch) {
    auto sink = OpenSqliteSink(path_, SqliteMode::kCreate);
    if (!sink.ok()) return sink.status();
    Status s = (*sink)->BeginTable(schema_);
    if (s.ok()) s = (*sink)->Write(batch);
    if (s.ok()) s = (*sink)->EndTable();
    if (s.ok()) s = (*sink)->Finish();
    if (!s.ok()) (*sink)->Abort();
    return s;
  }

  std::filesystem::path dir_;
  std::string path_;
  TableSchema schema_;
};

TEST_F(SqliteStoreTest, RoundTripsEveryType) {
  Batch batch;
  Fill(batch);
  ASSERT_TRUE(WriteAll(batch).ok());
  ASSERT_TRUE(std::filesystem::exists(path_));
  EXPECT_FALSE(std::filesystem::exists(path_ + ".partial"));

  auto source = OpenSqliteSource(path_, {"people", {}, std::nullopt, {}});
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  const TableSchema& read = (*source)->schema();
  ASSERT_EQ(read.columns.size(), schema_.columns.size());
  for (size_t i = 0; i < read.columns.size(); ++i) {
    EXPECT_EQ(read.columns[i].name, schema_.columns[i].name);
    EXPECT_EQ(read.columns[i].type, schema_.columns[i].type) << read.columns[i].name;
  }
  EXPECT_TRUE(read.columns[0].primary_key);
  EXPECT_FALSE(read.columns[1].primary_key);
  Batch out;
  auto more = (*source)->Next(out, 100);
  ASSERT_TRUE(more.ok() && *more);
  ASSERT_EQ(out.num_rows, 2u);
  EXPECT_EQ(out.columns[0].GetString(1), "65a1b2c3d4e5f60718293a4c");
  EXPECT_EQ(out.columns[1].GetString(0), "O'Brien, \"Zo\xc3\xab\"");
  EXPECT_TRUE(out.columns[1].IsNull(1));
  EXPECT_EQ(out.columns[2].GetInt(1), -5);
  EXPECT_EQ(out.columns[3].GetDouble(1), -0.125);
  EXPECT_EQ(out.columns[4].GetInt(0), 1);
  EXPECT_EQ(out.columns[5].GetInt(0), *ParseDate("1969-12-31"));
  EXPECT_EQ(out.columns[6].GetInt(1), *ParseDateTime("2024-01-02T03:04:05.123456Z"));
  auto end = (*source)->Next(out, 100);
  ASSERT_TRUE(end.ok());
  EXPECT_FALSE(*end);
}

TEST_F(SqliteStoreTest, FiltersAndLimits) {
  Batch batch;
  Fill(batch);
  ASSERT_TRUE(WriteAll(batch).ok());
  ColumnFilter age;
  age.column = "age";
  age.kind = ColumnFilter::Kind::kInteger;
  age.int_value = -5;
  auto source = OpenSqliteSource(path_, {"people", {age}, std::nullopt, {}});
  ASSERT_TRUE(source.ok());
  Batch out;
  ASSERT_TRUE(*(*source)->Next(out, 10));
  ASSERT_EQ(out.num_rows, 1u);
  EXPECT_EQ(out.columns[7].GetString(0), "123e4567-e89b-42d3-a456-426614174001");

  ColumnFilter null_name;
  null_name.column = "name";
  null_name.kind = ColumnFilter::Kind::kNull;
  auto nulls = OpenSqliteSource(path_, {"people", {null_name}, 1, {}});
  ASSERT_TRUE(nulls.ok());
  ASSERT_TRUE(*(*nulls)->Next(out, 10));
  EXPECT_EQ(out.num_rows, 1u);

  ColumnFilter typo;
  typo.column = "agee";
  auto bad = OpenSqliteSource(path_, {"people", {typo}, std::nullopt, {}});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("did you mean 'age'"), std::string::npos);
}

TEST_F(SqliteStoreTest, KeysAndIndexesExist) {
  Batch batch;
  Fill(batch);
  ASSERT_TRUE(WriteAll(batch).ok());
  auto tables = ListSqliteTables(path_);
  ASSERT_TRUE(tables.ok());
  EXPECT_EQ(*tables, std::vector<std::string>{"people"});
  auto count = CountSqliteRows(path_, "people");
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 2);
  auto db = SqliteDb::Open(path_, false, true);
  ASSERT_TRUE(db.ok());
  auto stmt = db->Prepare("SELECT name, \"unique\" FROM pragma_index_list('people') ORDER BY name");
  ASSERT_TRUE(stmt.ok());
  std::vector<std::string> indexes;
  while (sqlite3_step(stmt->get()) == SQLITE_ROW) {
    indexes.push_back(
        std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt->get(), 0))) +
        (sqlite3_column_int(stmt->get(), 1) ? ":unique" : ""));
  }
  EXPECT_EQ(indexes, (std::vector<std::string>{"people_age_idx", "people_token_key:unique",
                                               "sqlite_autoindex_people_1:unique"}));
}

TEST_F(SqliteStoreTest, DuplicateKeyFailsAndLeavesNothing) {
  Batch batch;
  Fill(batch, "65a1b2c3d4e5f60718293a4b");  // both rows share an _id
  Status s = WriteAll(batch);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kDatabaseError);
  EXPECT_FALSE(std::filesystem::exists(path_));
  EXPECT_FALSE(std::filesystem::exists(path_ + ".partial"));
}

TEST_F(SqliteStoreTest, RefusesToOverwrite) {
  Batch batch;
  Fill(batch);
  ASSERT_TRUE(WriteAll(batch).ok());
  auto again = OpenSqliteSink(path_, SqliteMode::kCreate);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kFailedPrecondition);
}

TEST_F(SqliteStoreTest, AppendAbortRollsBack) {
  Batch batch;
  Fill(batch);
  ASSERT_TRUE(WriteAll(batch).ok());
  auto sink = OpenSqliteSink(path_, SqliteMode::kAppend);
  ASSERT_TRUE(sink.ok());
  TableSchema copy = schema_;
  copy.name = "people_copy";
  copy.indexes.clear();
  ASSERT_TRUE((*sink)->BeginTable(copy).ok());
  ASSERT_TRUE((*sink)->Write(batch).ok());
  (*sink)->Abort();
  auto tables = ListSqliteTables(path_);
  ASSERT_TRUE(tables.ok());
  EXPECT_EQ(*tables, std::vector<std::string>{"people"});
}

TEST_F(SqliteStoreTest, UnknownTableSuggestsName) {
  Batch batch;
  Fill(batch);
  ASSERT_TRUE(WriteAll(batch).ok());
  auto source = OpenSqliteSource(path_, {"peple", {}, std::nullopt, {}});
  ASSERT_FALSE(source.ok());
  EXPECT_EQ(source.status().code(), StatusCode::kNotFound);
  EXPECT_NE(source.status().message().find("did you mean 'people'"), std::string::npos);
}

// SQLite lets a foreign key name only the parent table; the key then points at the parent's
// primary key, and the schema reads back that way instead of failing.
TEST_F(SqliteStoreTest, AForeignKeyWithoutAColumnPointsAtThePrimaryKey) {
  auto db = SqliteDb::Open(path_, /*create=*/true);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  ASSERT_TRUE(db->Exec("CREATE TABLE customers (code TEXT PRIMARY KEY, name TEXT);"
                       "CREATE TABLE orders (id INTEGER PRIMARY KEY, "
                       "customer TEXT REFERENCES customers)")
                  .ok());
  auto schema = ReadSqliteSchema(*db, "orders");
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  ASSERT_EQ(schema->foreign_keys.size(), 1U);
  EXPECT_EQ(schema->foreign_keys[0].column, "customer");
  EXPECT_EQ(schema->foreign_keys[0].ref_table, "customers");
  EXPECT_EQ(schema->foreign_keys[0].ref_column, "code");
}

}  // namespace
}  // namespace tdm::store
