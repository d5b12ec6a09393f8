#include "store/database.h"

#include "store/file/file_database.h"
#include "store/mysql/mysql_database.h"
#include "store/postgres/postgres_database.h"
#include "store/redis/redis_database.h"
#include "store/sqlite/sqlite_database.h"

namespace tdm::store {

Status Database::Clone(const std::string& from, const std::string& to) {
  (void)from;
  (void)to;
  return {StatusCode::kUnimplemented,
          std::string(TargetKindName(url().kind)) + " targets have no template copy"};
}

Result<std::unique_ptr<Database>> OpenDatabase(const TargetUrl& url) {
  switch (url.kind) {
    case TargetKind::kSqlite:
      return OpenSqliteDatabase(url);
    case TargetKind::kPostgres:
      return OpenPostgresDatabase(url);
    case TargetKind::kMysql:
      return OpenMysqlDatabase(url);
    case TargetKind::kRedis:
      return OpenRedisDatabase(url);
    case TargetKind::kFile:
      return OpenFileDatabase(url);
  }
  return Status(StatusCode::kInternal, "unknown target kind");
}

}  // namespace tdm::store
