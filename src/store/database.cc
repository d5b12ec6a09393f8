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

Result<SqlRows> Database::QuerySql(const std::string& ns, const std::string& sql,
                                   int64_t max_rows) {
  (void)ns;
  (void)sql;
  (void)max_rows;
  return Status(StatusCode::kUnimplemented,
                std::string(TargetKindName(url().kind)) + " targets do not speak SQL");
}

Result<int64_t> Database::DeleteRows(const std::string& ns, const std::string& table,
                                     const std::vector<ColumnFilter>& filters) {
  (void)ns;
  (void)filters;
  return Status(StatusCode::kUnimplemented, std::string(TargetKindName(url().kind)) +
                                                " targets cannot delete rows of '" + table + "'");
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
