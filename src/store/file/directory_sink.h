// The sink behind the file backend's Create: loads a namespace directory (namespace_manifest.h),
// one file per table written by the file sinks (file_sink.h), and the manifest last.
//
// Everything goes to `<dir>.partial`, renamed to `dir` by Finish; Abort (or destroying the sink
// before Finish) removes the partial directory. A value the format cannot give back exactly fails
// the load (kInvalidArgument): NaN and infinities in json, jsonl and csv, dates and datetimes
// outside the years 0-9999 in those, and in ejson datetimes before 1970 or from 10000 on with
// sub-millisecond parts.
#pragma once

#include <memory>
#include <string>

#include "store/file/file_format.h"
#include "store/sink.h"

namespace tdm::store {

// kFailedPrecondition when `dir` exists; kInvalidArgument for kSql, which cannot be read back.
Result<std::unique_ptr<Sink>> OpenDirectorySink(const std::string& dir, FileFormat format);

}  // namespace tdm::store
