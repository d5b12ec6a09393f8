// File sources: read a table back from JSON, JSON Lines, Extended JSON or CSV text.
//
// The schema is inferred from the first kSampleRecords records: columns in order of first
// appearance; a column's type is what all its sampled values agree on (integers -> integer, any
// number -> float, true/false -> boolean, 24 lowercase hex digits or {"$oid"} -> ObjectId,
// canonical uuid -> uuid, YYYY-MM-DD -> date, ISO datetime -> datetime, {"$date"} -> datetime, or
// date when every sampled instant is at midnight UTC, anything else or mixed -> string); a column
// null or missing in any sampled record is nullable. CSV fields are typed by their text the same
// way (an unquoted empty field is NULL, "" an empty string). Only names and types are inferred:
// no keys, uniqueness or indexes.
//
// Records after the sample must fit the inferred schema: a value of another type (text in an
// integer column) or a field not seen in the sample fails with "file:line: ..." (kInvalidArgument).
// Errors name columns and lines, never values.
//
// When the schema is known (the file backend keeps it in schema.json), OpenFileSourceWithSchema
// skips the inference and reads every value as its declared type.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "store/file/file_format.h"
#include "store/sink.h"

namespace tdm::store {

inline constexpr size_t kSampleRecords = 1000;

// Opens `path` ("-" = standard input, which needs an explicit format) as a source of table `table`
// (empty = the file name without its extension). Without `format`, the extension decides.
// json, jsonl and ejson files are read alike: a JSON array of objects or a sequence of objects,
// with Extended JSON wrappers ($oid, $date, $numberLong, $numberInt, $numberDouble) understood in
// all three. kSql cannot be read (kInvalidArgument); a missing file is kNotFound.
Result<std::unique_ptr<Source>> OpenFileSource(const std::string& path, const std::string& table,
                                               std::optional<FileFormat> format);

// Opens `path` as table `schema`, as a file sink wrote it in `format`: nothing is inferred. Fields
// are matched to the schema's columns by name (a missing one is null) and each value is read as
// its column's type, so every value comes back as the sink was given it (a string column keeps
// "2024-01-01" as text). A field the schema lacks, or a value not of its column's type, fails with
// "file:line: ..." (kInvalidArgument).
Result<std::unique_ptr<Source>> OpenFileSourceWithSchema(const std::string& path,
                                                         const TableSchema& schema,
                                                         FileFormat format);

}  // namespace tdm::store
