// The file writers behind MakeFileSink (internal to store/file).
#pragma once

#include <memory>
#include <ostream>

#include "store/file/file_format.h"
#include "store/sink.h"

namespace tdm::store {

// kJson, kJsonl or kEjson.
std::unique_ptr<Sink> MakeJsonSink(FileFormat format, std::ostream& out);
// {"table": [rows...], ...}: json arrays, one per table, in an object keyed by table name.
std::unique_ptr<Sink> MakeKeyedJsonSink(std::ostream& out);
std::unique_ptr<Sink> MakeCsvSink(std::ostream& out);
std::unique_ptr<Sink> MakeSqlSink(std::ostream& out);

// The error a single-table format returns when a second table begins.
Status SecondTableError(FileFormat format, const std::string& first, const std::string& second);

}  // namespace tdm::store
