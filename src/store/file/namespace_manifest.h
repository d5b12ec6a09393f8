// The layout of a file namespace: a directory holding `<table>.<format>` per table and the
// manifest `schema.json`, which records what the files alone cannot say:
//
//   {"format": "jsonl",
//    "tables": [{<table schema, store/schema_json.h>..., "rows": 2500}, ...]}   (in load order)
//
// A namespace is built in `<dir>.partial` and renamed into place when complete, so a directory
// with a manifest is always a whole namespace.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/table_schema.h"
#include "store/file/file_format.h"
#include "tdm/status.h"

namespace tdm::store {

inline constexpr char kManifestFile[] = "schema.json";
inline constexpr char kPartialSuffix[] = ".partial";

struct NamespaceManifest {
  FileFormat format = FileFormat::kJsonl;
  std::vector<TableSchema> tables;
  std::vector<int64_t> rows;  // one count per table
};

// "<table>.<format>", e.g. "users.jsonl".
std::string TableFileName(const std::string& table, FileFormat format);

// kInvalidArgument unless `table` can name a file of its own in the directory: not empty, no '/'
// or NUL, not starting with '.', and not clashing with the manifest.
Status CheckTableName(const std::string& table, FileFormat format);

// Writes `<dir>/schema.json`.
Status WriteManifest(const std::string& dir, const NamespaceManifest& manifest);

// Reads `<dir>/schema.json`: kNotFound when there is none, kDatabaseError when it is malformed.
Result<NamespaceManifest> ReadManifest(const std::string& dir);

// Renames `from` to `to` unless `to` exists (kFailedPrecondition, nothing changes); atomic where
// the file system supports it, so two renames racing for one name cannot both succeed.
Status RenameNoReplace(const std::string& from, const std::string& to);

}  // namespace tdm::store
