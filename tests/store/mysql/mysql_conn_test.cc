#include "store/mysql/mysql_conn.h"

#include <gtest/gtest.h>

namespace tdm::store {
namespace {

TEST(MysqlWithoutValues, CutsTheDuplicateValueButKeepsTheKey) {
  EXPECT_EQ(WithoutValues("Duplicate entry 'alice@example.com' for key 'users_email_key'"),
            "Duplicate entry '...' for key 'users_email_key'");
}

TEST(MysqlWithoutValues, AValueThatLooksLikeTheMessageStillDisappears) {
  EXPECT_EQ(WithoutValues("Duplicate entry 'x' for key 'k' secret' for key 'PRIMARY'"),
            "Duplicate entry '...' for key 'PRIMARY'");
}

TEST(MysqlWithoutValues, CutsConversionValuesAndKeepsTheColumn) {
  EXPECT_EQ(WithoutValues("Incorrect integer value: 'Zoë' for column `db`.`t`.`n` at row 3"),
            "Incorrect integer value: '...' for column `db`.`t`.`n` at row 3");
  EXPECT_EQ(WithoutValues("Truncated incorrect DOUBLE value: 'abc'"),
            "Truncated incorrect DOUBLE value: '...'");
}

TEST(MysqlWithoutValues, CutsTheStatementTextOfSyntaxErrors) {
  EXPECT_EQ(WithoutValues("You have an error in your SQL syntax; check the manual that "
                          "corresponds to your MariaDB server version for the right syntax to "
                          "use near 'secret value')' at line 1"),
            "You have an error in your SQL syntax; check the manual that corresponds to your "
            "MariaDB server version for the right syntax to use near '...' at line 1");
}

TEST(MysqlWithoutValues, LeavesMessagesWithoutValuesAlone) {
  std::string message = "Data too long for column 'note' at row 1";
  EXPECT_EQ(WithoutValues(message), message);
  message = "Can't create database 'tdm_x'; database exists";
  EXPECT_EQ(WithoutValues(message), message);
}

TEST(MysqlNamespace, AcceptsDatabaseNamesAndRejectsTheRest) {
  EXPECT_TRUE(CheckNamespace("tdm_20240115_abc-1$").ok());
  EXPECT_TRUE(CheckNamespace(std::string(64, 'a')).ok());
  EXPECT_EQ(CheckNamespace(std::string(65, 'a')).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckNamespace("").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckNamespace("a.b").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckNamespace("a`b").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckNamespace("a b").code(), StatusCode::kInvalidArgument);
}

TEST(MysqlQuoteName, DoublesBackticks) {
  EXPECT_EQ(QuoteName("users"), "`users`");
  EXPECT_EQ(QuoteName("we`ird"), "`we``ird`");
  EXPECT_EQ(QualifiedName("ns", "t"), "`ns`.`t`");
}

}  // namespace
}  // namespace tdm::store
