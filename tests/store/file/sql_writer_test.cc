#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "sample_table.h"

namespace tdm::store {
namespace {

using testing::PeopleSchema;
using testing::ReadFile;
using testing::WritePeople;
using testing::WriteTempFile;

TEST(SqlWriter, WritesCreateTableAndInsertsInOneTransaction) {
  EXPECT_EQ(WritePeople(FileFormat::kSql),
            R"(BEGIN;
CREATE TABLE IF NOT EXISTS "people" (
  "_id" CHAR(24) NOT NULL,
  "name" TEXT,
  "age" BIGINT NOT NULL,
  "score" DOUBLE PRECISION NOT NULL,
  "active" BOOLEAN NOT NULL,
  "birthday" DATE,
  "created_at" TIMESTAMP NOT NULL,
  "token" TEXT,
  PRIMARY KEY ("_id")
);
INSERT INTO "people" ("_id","name","age","score","active","birthday","created_at","token") VALUES
('65a1b2c3d4e5f60718293a4b','Zoë "Z", the
first',31,7.0,TRUE,'1990-05-17','2024-01-02 03:04:05','123e4567-e89b-12d3-a456-426614174000'),
('65a1b2c3d4e5f60718293a4c',NULL,-5,0.1,FALSE,NULL,'2024-01-02 03:04:05.123456',NULL),
('65a1b2c3d4e5f60718293a4d','plain',0,-1234.5678,TRUE,'1969-12-31','1970-01-01 00:00:00','00000000-0000-4000-8000-00000000000a');
COMMIT;
)");
}

// Two tables with a foreign key, a unique column, an index, 1201 rows (three INSERTs) and a string
// that needs its quote doubled.
std::string WriteShop() {
  TableSchema customers;
  customers.name = "customers";
  customers.columns = {{"id", ColumnType::kInteger, false, false, true},
                       {"email", ColumnType::kString, false, true, false}};
  TableSchema orders;
  orders.name = "orders";
  orders.columns = {{"id", ColumnType::kInteger, false, false, true},
                    {"customer_id", ColumnType::kInteger},
                    {"note", ColumnType::kString, true}};
  orders.foreign_keys = {{"customer_id", "customers", "id"}};
  orders.indexes = {{"orders_customer_idx", {"customer_id"}, false}, {"", {"id", "note"}, true}};

  std::ostringstream out;
  auto sink = MakeFileSink(FileFormat::kSql, out);
  Batch batch;
  EXPECT_TRUE(sink->BeginTable(customers).ok());
  batch.Reset(customers, 0, 2);
  batch.columns[0].AppendInt(1);
  batch.columns[0].AppendInt(2);
  batch.columns[1].AppendString("o'brien@example.com");
  batch.columns[1].AppendString("ann@example.com");
  EXPECT_TRUE(sink->Write(batch).ok());
  EXPECT_TRUE(sink->EndTable().ok());
  EXPECT_TRUE(sink->BeginTable(orders).ok());
  for (int64_t first = 0; first < 1201; first += 400) {
    size_t rows = first + 400 <= 1201 ? 400 : 1201 - first;
    batch.Reset(orders, first, rows);
    for (size_t r = 0; r < rows; ++r) {
      batch.columns[0].AppendInt(first + static_cast<int64_t>(r));
      batch.columns[1].AppendInt(1 + (first + static_cast<int64_t>(r)) % 2);
      if (r % 3 == 0) {
        batch.columns[2].AppendNull();
      } else {
        batch.columns[2].AppendString("it's #" + std::to_string(r));
      }
    }
    EXPECT_TRUE(sink->Write(batch).ok());
  }
  EXPECT_TRUE(sink->EndTable().ok());
  EXPECT_TRUE(sink->Finish().ok());
  return out.str();
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

TEST(SqlWriter, DeclaresKeysAndIndexesAndSplitsInserts) {
  std::string sql = WriteShop();
  EXPECT_NE(sql.find("CREATE TABLE IF NOT EXISTS \"customers\" (\n"
                     "  \"id\" BIGINT NOT NULL,\n"
                     "  \"email\" TEXT NOT NULL UNIQUE,\n"
                     "  PRIMARY KEY (\"id\")\n"
                     ");\n"),
            std::string::npos)
      << sql.substr(0, 300);
  EXPECT_NE(sql.find("  FOREIGN KEY (\"customer_id\") REFERENCES \"customers\" (\"id\")\n);\n"),
            std::string::npos);
  EXPECT_NE(sql.find("'o''brien@example.com'"), std::string::npos);
  EXPECT_EQ(Count(sql, "INSERT INTO \"orders\""), 3u);
  EXPECT_EQ(Count(sql, "INSERT INTO \"customers\""), 1u);
  EXPECT_EQ(Count(sql, "BEGIN;"), 1u);
  EXPECT_TRUE(sql.ends_with(
      "CREATE INDEX IF NOT EXISTS \"orders_customer_idx\" ON \"orders\" (\"customer_id\");\n"
      "CREATE UNIQUE INDEX IF NOT EXISTS \"orders_id_note_idx\" ON \"orders\" (\"id\",\"note\");\n"
      "COMMIT;\n"));
}

std::string RunShell(const std::string& command) {
  std::string output = (testing::ScratchDir() / "command.out").string();
  int rc = std::system((command + " > " + output + " 2>&1").c_str());
  std::string text = ReadFile(output);
  std::remove(output.c_str());
  return rc == 0 ? text : "exit " + std::to_string(rc) + ": " + text;
}

TEST(SqlWriter, LoadsIntoSqlite) {
  if (std::system("command -v sqlite3 > /dev/null 2>&1") != 0) GTEST_SKIP() << "no sqlite3";
  std::string db = (testing::ScratchDir() / "loaded.db").string();
  std::remove(db.c_str());
  std::string shop = WriteTempFile("shop.sql", WriteShop());
  std::string people = WriteTempFile("people.sql", WritePeople(FileFormat::kSql));
  EXPECT_EQ(RunShell("sqlite3 -bail " + db + " < " + shop), "");
  EXPECT_EQ(RunShell("sqlite3 -bail " + db + " < " + people), "");
  EXPECT_EQ(RunShell("sqlite3 " + db +
                     " 'PRAGMA foreign_key_check; SELECT count(*), count(note) FROM orders;"
                     " SELECT email FROM customers WHERE id = 1;'"),
            "1201|798\no'brien@example.com\n");
  EXPECT_EQ(
      RunShell("sqlite3 " + db +
               " \"SELECT name, typeof(active), active, datetime(created_at), score FROM people"
               " ORDER BY _id\""),
      "Zo\xc3\xab \"Z\", the\nfirst|integer|1|2024-01-02 03:04:05|7.0\n"
      "|integer|0|2024-01-02 03:04:05|0.1\n"
      "plain|integer|1|1970-01-01 00:00:00|-1234.5678\n");
  std::remove(db.c_str());
}

}  // namespace
}  // namespace tdm::store
