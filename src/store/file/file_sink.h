// File sinks: tables written as JSON, JSON Lines, CSV, SQL or MongoDB Extended JSON text.
//
// Batches enter through the Sink interface (store/sink.h) and leave as bytes that depend only on
// the rows: the same dataset always gives the same file. Each format, in short:
//   json   "[\n{...},\n{...}\n]\n", one object a line ("[]\n" for no rows)
//   jsonl  one object a line: {"_id":"...","age":31}  (keys in column order, no spaces)
//   ejson  like jsonl, with ObjectIds as {"$oid":"..."} and dates and datetimes as
//          {"$date":"2024-01-02T00:00:00Z"} (relaxed Extended JSON, loadable by mongoimport;
//          instants before 1970 or from year 10000 on use {"$date":{"$numberLong":"<ms>"}})
//   csv    RFC 4180: header line, CRLF line ends, fields quoted only when needed; NULL is an
//          empty field and an empty string is ""
//   sql    BEGIN; CREATE TABLE IF NOT EXISTS, INSERTs of up to 500 rows, CREATE INDEX; COMMIT;
//          loadable by both sqlite3 and psql (see sql_writer.cc for the types and literals)
// In the JSON formats dates are "YYYY-MM-DD", datetimes ISO-8601 UTC ("...T03:04:05Z", with
// ".ffffff" only when needed), floats the shortest text that reads back the same (integral ones as
// "7.0"), NULL null, and non-finite floats null (ejson: {"$numberDouble":"NaN"}). Strings are
// escaped per JSON with UTF-8 kept as is.
//
// json, jsonl, ejson and csv hold exactly one table: a second BeginTable fails with
// kFailedPrecondition, so callers write one file per table. An sql stream holds any number of
// tables, in the order given (parents before children, for the foreign keys).
#pragma once

#include <memory>
#include <ostream>
#include <string>

#include "store/file/file_format.h"
#include "store/sink.h"

namespace tdm::store {

// A sink writing to `out`, which must outlive it. Output is buffered and reaches `out` in chunks
// and at Finish; Abort drops what has not reached `out` yet (it cannot take back earlier chunks).
struct FileSinkOptions {
  // json only: write every table into one object keyed by table name,
  // {"users": [...], "movies": [...]}, even when there is one table.
  bool json_keyed_by_table = false;
};

std::unique_ptr<Sink> MakeFileSink(FileFormat format, std::ostream& out,
                                   const FileSinkOptions& options = {});

// A sink writing the file at `path` ("-" = standard output). The data goes to a temporary file
// "<path>.tmp-XXXXXX" beside it, renamed to `path` by Finish; Abort, a failed Finish or destroying
// the sink before Finish removes it, so a failed export never leaves a file behind. Fails with
// kIoError when the temporary file cannot be created.
Result<std::unique_ptr<Sink>> MakeFileSinkForPath(FileFormat format, const std::string& path,
                                                  const FileSinkOptions& options = {});

}  // namespace tdm::store
