#include "store/mysql/mysql_types.h"

#include <gtest/gtest.h>

#include "core/time_format.h"

namespace tdm::store {
namespace {

TEST(MysqlTypes, EveryWrittenTypeReadsBackAsItself) {
  // What information_schema.COLUMNS reports for the definitions MysqlColumnType writes.
  struct Case {
    ColumnType type;
    const char* data_type;
    const char* column_type;
  };
  const Case cases[] = {
      {ColumnType::kString, "varchar", "varchar(255)"},
      {ColumnType::kString, "text", "text"},
      {ColumnType::kString, "longtext", "longtext"},
      {ColumnType::kInteger, "bigint", "bigint(20)"},
      {ColumnType::kFloat, "double", "double"},
      {ColumnType::kBoolean, "tinyint", "tinyint(1)"},
      {ColumnType::kDate, "date", "date"},
      {ColumnType::kDateTime, "datetime", "datetime(6)"},
      {ColumnType::kObjectId, "char", "char(24)"},
      {ColumnType::kUuid, "uuid", "uuid"},
      {ColumnType::kUuid, "char", "char(36)"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ColumnTypeFromMysql(c.data_type, c.column_type), c.type) << c.column_type;
  }
}

TEST(MysqlTypes, ForeignTypesMapSensibly) {
  EXPECT_EQ(ColumnTypeFromMysql("int", "int(11) unsigned"), ColumnType::kInteger);
  EXPECT_EQ(ColumnTypeFromMysql("SMALLINT", "SMALLINT(6)"), ColumnType::kInteger);
  EXPECT_EQ(ColumnTypeFromMysql("tinyint", "tinyint(4)"), ColumnType::kInteger);
  EXPECT_EQ(ColumnTypeFromMysql("decimal", "decimal(10,2)"), ColumnType::kFloat);
  EXPECT_EQ(ColumnTypeFromMysql("float", "float"), ColumnType::kFloat);
  EXPECT_EQ(ColumnTypeFromMysql("timestamp", "timestamp"), ColumnType::kDateTime);
  EXPECT_EQ(ColumnTypeFromMysql("char", "char(10)"), ColumnType::kString);
  EXPECT_EQ(ColumnTypeFromMysql("enum", "enum('a','b')"), ColumnType::kString);
  EXPECT_EQ(ColumnTypeFromMysql("json", "longtext"), ColumnType::kString);
  EXPECT_EQ(ColumnTypeFromMysql("time", "time"), ColumnType::kString);
}

TEST(MysqlTypes, KeyStringsAreBoundedAndExact) {
  MysqlDialect maria{true, 101100};
  EXPECT_EQ(MysqlColumnType(ColumnType::kString, true, maria),
            "VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin");
  EXPECT_EQ(MysqlColumnType(ColumnType::kString, false, maria),
            "TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin");
  EXPECT_EQ(MysqlColumnType(ColumnType::kUuid, false, maria), "UUID");
  MysqlDialect mysql8{false, 80036};
  EXPECT_EQ(MysqlColumnType(ColumnType::kUuid, false, mysql8),
            "CHAR(36) CHARACTER SET ascii COLLATE ascii_bin");
  EXPECT_EQ(mysql8.text_collation(), "utf8mb4_0900_bin");
}

TEST(MysqlTypes, DateTimesUseTheServersTextForm) {
  std::string out;
  AppendMysqlDateTime(0, out);
  EXPECT_EQ(out, "1970-01-01 00:00:00");
  out.clear();
  AppendMysqlDateTime(1700000000123456, out);
  EXPECT_EQ(out, "2023-11-14 22:13:20.123456");
  EXPECT_EQ(ParseDateTime(out), 1700000000123456);
  out.clear();
  AppendMysqlDateTime(-719162 * kMicrosPerDay + 1, out);
  EXPECT_EQ(out, "0001-01-01 00:00:00.000001");
}

}  // namespace
}  // namespace tdm::store
