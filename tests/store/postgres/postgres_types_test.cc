// Type mapping, quoting and SQL building of the PostgreSQL backend, without a server.
#include "store/postgres/postgres_types.h"

#include <gtest/gtest.h>

#include "store/postgres/postgres_source.h"

namespace tdm::store::pg {
namespace {

TEST(PostgresTypesTest, EveryLogicalTypeReadsBackAsItself) {
  // What the sink declares, as the catalog then reports it (typname, atttypmod).
  struct Stored {
    ColumnType type;
    const char* typname;
    int typmod;
  };
  for (Stored s : {Stored{ColumnType::kString, "text", -1},
                   {ColumnType::kInteger, "int8", -1},
                   {ColumnType::kFloat, "float8", -1},
                   {ColumnType::kBoolean, "bool", -1},
                   {ColumnType::kDate, "date", -1},
                   {ColumnType::kDateTime, "timestamptz", -1},
                   {ColumnType::kObjectId, "bpchar", 28},
                   {ColumnType::kUuid, "uuid", -1}}) {
    EXPECT_EQ(ColumnTypeFromPg(s.typname, s.typmod), s.type) << PgTypeName(s.type);
  }
  EXPECT_EQ(PgTypeName(ColumnType::kObjectId), "char(24)");
  EXPECT_EQ(PgTypeName(ColumnType::kDateTime), "timestamptz");
}

TEST(PostgresTypesTest, ForeignTypesMapToTheClosestLogicalType) {
  EXPECT_EQ(ColumnTypeFromPg("int4", -1), ColumnType::kInteger);
  EXPECT_EQ(ColumnTypeFromPg("int2", -1), ColumnType::kInteger);
  EXPECT_EQ(ColumnTypeFromPg("numeric", 655366), ColumnType::kFloat);
  EXPECT_EQ(ColumnTypeFromPg("float4", -1), ColumnType::kFloat);
  EXPECT_EQ(ColumnTypeFromPg("timestamp", -1), ColumnType::kDateTime);
  EXPECT_EQ(ColumnTypeFromPg("varchar", 259), ColumnType::kString);
  EXPECT_EQ(ColumnTypeFromPg("bpchar", 14), ColumnType::kString);
  EXPECT_EQ(ColumnTypeFromPg("jsonb", -1), ColumnType::kString);
}

TEST(PostgresTypesTest, QuotesIdentifiersAndLiterals) {
  EXPECT_EQ(QuoteIdentifier("users"), "\"users\"");
  EXPECT_EQ(QuoteIdentifier("we\"ird name"), "\"we\"\"ird name\"");
  EXPECT_EQ(QuoteLiteral("it's a \\ test"), "E'it''s a \\\\ test'");
  EXPECT_EQ(LikePrefixPattern("tdm_a%b\\"), "tdm\\_a\\%b\\\\%");
}

TEST(PostgresTypesTest, NamesOverSixtyThreeBytesAreRejected) {
  EXPECT_EQ(IdentifierProblem(std::string(63, 'a')), "");
  EXPECT_NE(IdentifierProblem(std::string(64, 'a')), "");
  EXPECT_NE(IdentifierProblem(""), "");
  EXPECT_NE(IdentifierProblem(std::string("a\0b", 3)), "");
}

TEST(PostgresTypesTest, ParsesAndFormatsUuids) {
  uint8_t bytes[16];
  ASSERT_TRUE(ParseUuid("0123ABCD-4567-89ab-cdef-0123456789AB", bytes));
  std::string text;
  AppendUuid(bytes, text);
  EXPECT_EQ(text, "0123abcd-4567-89ab-cdef-0123456789ab");
  EXPECT_FALSE(ParseUuid("0123abcd-4567-89ab-cdef-0123456789a", bytes));
  EXPECT_FALSE(ParseUuid("0123abcd-4567-89ab-cdef-0123456789abc", bytes));
  EXPECT_FALSE(ParseUuid("0123abcd-4567-89ab-cdef-0123456789ag", bytes));
}

TEST(PostgresTypesTest, ReadSqlCastsColumnsAndEscapesFilterValues) {
  TableSchema t;
  t.name = "people";
  t.columns = {{"_id", ColumnType::kObjectId, false, true, true},
               {"name", ColumnType::kString, true, false, false},
               {"age", ColumnType::kInteger, false, false, false},
               {"born", ColumnType::kDate, false, false, false}};
  ColumnFilter name;
  name.column = "name";
  name.text = "O'Brien\\";
  ColumnFilter age;
  age.column = "age";
  age.text = "42";
  ColumnFilter born;
  born.column = "born";
  born.text = "1990-05-01";
  auto sql = ReadSql(t, {"people", {name, age, born}, 10, {}});
  ASSERT_TRUE(sql.ok()) << sql.status().ToString();
  EXPECT_EQ(*sql,
            "COPY (SELECT \"_id\"::text, \"name\"::text, \"age\"::int8, \"born\"::date FROM "
            "\"people\" WHERE \"name\"::text = E'O''Brien\\\\' AND \"age\" = 42 AND "
            "\"born\" = '1990-05-01'::date LIMIT 10) TO STDOUT (FORMAT binary)");
  age.text = "9223372036854775807";
  EXPECT_NE(ReadSql(t, {"people", {age}, std::nullopt, {}})->find("\"age\" = 9223372036854775807"),
            std::string::npos);
  age.text = "42.5";
  EXPECT_NE(ReadSql(t, {"people", {age}, std::nullopt, {}})->find("\"age\" = '42.5'::float8"),
            std::string::npos);
  born.text = "yesterday";
  EXPECT_EQ(ReadSql(t, {"people", {born}, std::nullopt, {}}).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tdm::store::pg
