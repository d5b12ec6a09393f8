// Target URLs that name one database (mask, detect-pii, validate --target, init --from): what
// SplitDatabaseUrl connects to and which namespace it reads.
#include "store/target.h"

#include <gtest/gtest.h>

namespace tdm::store {
namespace {

NamedDatabase Split(const std::string& text) {
  auto url = ParseTarget(text);
  EXPECT_TRUE(url.ok()) << url.status().ToString();
  auto named = SplitDatabaseUrl(*url);
  EXPECT_TRUE(named.ok()) << named.status().ToString();
  return named.ok() ? *named : NamedDatabase{};
}

TEST(SplitDatabaseUrl, PostgresConnectsToTheMaintenanceDatabase) {
  NamedDatabase named = Split("postgres://u:p@127.0.0.1:5432/shop");
  EXPECT_EQ(named.ns, "shop");
  EXPECT_EQ(named.server.database, "postgres");
  EXPECT_EQ(named.server.password, "p");
}

TEST(SplitDatabaseUrl, MysqlConnectsWithoutADatabase) {
  NamedDatabase named = Split("mysql://u:p@127.0.0.1:3306/shop");
  EXPECT_EQ(named.ns, "shop");
  EXPECT_EQ(named.server.database, "");
}

TEST(SplitDatabaseUrl, RedisNamesItsDataByPrefix) {
  EXPECT_EQ(Split("redis://:p@127.0.0.1:6379/0?prefix=shop").ns, "shop");
}

// The endpoint a Redis execution reports ends its prefix with the key separator; it must work
// wherever a URL naming a database does.
TEST(SplitDatabaseUrl, RedisPrefixMayEndWithTheKeySeparator) {
  EXPECT_EQ(Split("redis://:p@127.0.0.1:6379/0?prefix=tdm_abc:").ns, "tdm_abc");
}

TEST(SplitDatabaseUrl, UrlsThatNameNoDatabaseAreErrorsThatSayWhatToAdd) {
  auto redis = SplitDatabaseUrl(*ParseTarget("redis://:secret@127.0.0.1:6379/0"));
  ASSERT_FALSE(redis.ok());
  EXPECT_NE(redis.status().message().find("?prefix="), std::string::npos);
  EXPECT_EQ(redis.status().message().find("secret"), std::string::npos);
  for (const char* text : {"redis://127.0.0.1:6379/0?prefix=:", "mysql://u@127.0.0.1:3306/"}) {
    auto named = SplitDatabaseUrl(*ParseTarget(text));
    EXPECT_FALSE(named.ok()) << text;
  }
}

}  // namespace
}  // namespace tdm::store
