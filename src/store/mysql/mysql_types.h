// How tdm's logical column types are stored in MySQL/MariaDB, and how server types read back.
//
//   string     VARCHAR(255) when the column is in a key, an index or a foreign key (indexes need a
//              bounded length), else TEXT, widened to LONGTEXT by the sink when a value needs it;
//              utf8mb4 with the binary NO PAD collation, so comparisons and unique keys are exact
//              byte for byte ('a' and 'a ' differ, as in every other backend)
//   integer    BIGINT
//   float      DOUBLE (written in shortest round-trip form, so values come back bit-identical)
//   boolean    BOOLEAN (tinyint(1)), 0 or 1
//   date       DATE
//   datetime   DATETIME(6), in UTC (the session's time zone)
//   objectid   CHAR(24) ascii
//   uuid       UUID (MariaDB 10.7+), CHAR(36) ascii elsewhere
//
// Reading a schema tdm did not write: integer types → integer, DECIMAL/FLOAT/DOUBLE → float,
// tinyint(1) → boolean, DATETIME/TIMESTAMP → datetime, DATE → date, UUID and char(36) → uuid,
// char(24) → objectid, anything else → string (its text form).
#pragma once

#include <mysql.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/table_schema.h"

namespace tdm::store {

// What the server supports, from its version string.
struct MysqlDialect {
  bool mariadb = true;
  unsigned long version = 0;  // major * 10000 + minor * 100 + patch

  static MysqlDialect Of(MYSQL* mysql);

  // The exact (binary, NO PAD) utf8mb4 collation.
  std::string_view text_collation() const;
  bool has_uuid_type() const { return mariadb && version >= 100700; }
};

// The column definition for a logical type. `indexed`: the column is part of a key, an index or
// a foreign key.
std::string MysqlColumnType(ColumnType type, bool indexed, const MysqlDialect& dialect);

// A wider definition for a TEXT column whose values outgrew it.
std::string MysqlLongTextType(const MysqlDialect& dialect);
constexpr size_t kMysqlTextMaxBytes = 65535;

// The logical type of a server column, from information_schema.COLUMNS' DATA_TYPE and
// COLUMN_TYPE (e.g. "tinyint" and "tinyint(1)").
ColumnType ColumnTypeFromMysql(std::string_view data_type, std::string_view column_type);

// "2024-01-15 10:30:45.123456": the text a DATETIME(6) column takes and gives.
void AppendMysqlDateTime(int64_t micros, std::string& out);

}  // namespace tdm::store
