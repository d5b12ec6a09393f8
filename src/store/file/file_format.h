// FileFormat: the text formats tdm writes and reads (see file_sink.h and file_source.h).
#pragma once

#include <optional>
#include <string_view>

#include "tdm/status.h"

namespace tdm::store {

enum class FileFormat {
  kJson,   // one JSON array of objects, one object a line
  kJsonl,  // one JSON object a line (JSON Lines / NDJSON)
  kCsv,    // RFC 4180 with a header line and CRLF line ends
  kSql,    // CREATE TABLE + multi-row INSERTs loadable by sqlite3 and psql
  kEjson,  // MongoDB Extended JSON (relaxed), one document a line, for mongoimport
};

// "json", "jsonl", "csv", "sql" or "ejson" (case-insensitive; "ndjson" means jsonl). The error
// lists the valid names.
Result<FileFormat> ParseFileFormat(std::string_view name);

// The canonical lowercase name, as accepted by ParseFileFormat.
std::string_view FileFormatName(FileFormat format);

// The format a file name's extension implies (.json, .jsonl/.ndjson, .csv, .sql, .ejson), or none.
std::optional<FileFormat> FormatFromExtension(std::string_view path);

}  // namespace tdm::store
