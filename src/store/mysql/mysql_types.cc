#include "store/mysql/mysql_types.h"

#include <algorithm>
#include <cctype>

#include "core/time_format.h"

namespace tdm::store {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

MysqlDialect MysqlDialect::Of(MYSQL* mysql) {
  MysqlDialect dialect;
  const char* info = mysql_get_server_info(mysql);
  dialect.mariadb = info != nullptr && std::string_view(info).find("MariaDB") != std::string::npos;
  dialect.version = mysql_get_server_version(mysql);
  return dialect;
}

std::string_view MysqlDialect::text_collation() const {
  if (mariadb) return "utf8mb4_nopad_bin";
  return version >= 80000 ? "utf8mb4_0900_bin" : "utf8mb4_bin";
}

std::string MysqlColumnType(ColumnType type, bool indexed, const MysqlDialect& dialect) {
  switch (type) {
    case ColumnType::kString:
      return std::string(indexed ? "VARCHAR(255)" : "TEXT") + " CHARACTER SET utf8mb4 COLLATE " +
             std::string(dialect.text_collation());
    case ColumnType::kInteger:
      return "BIGINT";
    case ColumnType::kFloat:
      return "DOUBLE";
    case ColumnType::kBoolean:
      return "BOOLEAN";
    case ColumnType::kDate:
      return "DATE";
    case ColumnType::kDateTime:
      return "DATETIME(6)";
    case ColumnType::kObjectId:
      return "CHAR(24) CHARACTER SET ascii COLLATE ascii_bin";
    case ColumnType::kUuid:
      return dialect.has_uuid_type() ? "UUID" : "CHAR(36) CHARACTER SET ascii COLLATE ascii_bin";
  }
  return "TEXT";
}

std::string MysqlLongTextType(const MysqlDialect& dialect) {
  return "LONGTEXT CHARACTER SET utf8mb4 COLLATE " + std::string(dialect.text_collation());
}

ColumnType ColumnTypeFromMysql(std::string_view data_type, std::string_view column_type) {
  std::string data = Lower(data_type);
  std::string column = Lower(column_type);
  if (column.starts_with("tinyint(1)")) return ColumnType::kBoolean;
  if (data == "tinyint" || data == "smallint" || data == "mediumint" || data == "int" ||
      data == "integer" || data == "bigint" || data == "year") {
    return ColumnType::kInteger;
  }
  if (data == "decimal" || data == "numeric" || data == "float" || data == "double" ||
      data == "real") {
    return ColumnType::kFloat;
  }
  if (data == "date") return ColumnType::kDate;
  if (data == "datetime" || data == "timestamp") return ColumnType::kDateTime;
  if (data == "uuid" || column == "char(36)") return ColumnType::kUuid;
  if (column == "char(24)") return ColumnType::kObjectId;
  return ColumnType::kString;
}

void AppendMysqlDateTime(int64_t micros, std::string& out) {
  size_t start = out.size();
  AppendDateTime(micros, out);  // ISO 8601: YYYY-MM-DDTHH:MM:SS[.ffffff]Z
  size_t t = out.find('T', start);
  if (t != std::string::npos) out[t] = ' ';
  if (!out.empty() && out.back() == 'Z') out.pop_back();
}

}  // namespace tdm::store
