#include "store/file/file_delete.h"

#include <unistd.h>

#include <algorithm>
#include <bit>
#include <filesystem>

#include "core/suggest.h"
#include "store/file/file_sink.h"
#include "store/file/file_source.h"
#include "store/file/filtered_source.h"
#include "store/file/namespace_manifest.h"

namespace tdm::store {
namespace {

namespace fs = std::filesystem;

constexpr size_t kBatchRows = 4096;

bool SameRow(const Batch& a, size_t ra, const Batch& b, size_t rb) {
  for (size_t c = 0; c < a.columns.size(); ++c) {
    const Column& x = a.columns[c];
    const Column& y = b.columns[c];
    if (x.IsNull(ra) || y.IsNull(rb)) {
      if (x.IsNull(ra) != y.IsNull(rb)) return false;
      continue;
    }
    switch (x.physical()) {
      case PhysicalType::kInt64:
        if (x.GetInt(ra) != y.GetInt(rb)) return false;
        break;
      case PhysicalType::kDouble:
        // FilterRows copies doubles bit for bit; comparing bits also pairs NaN with itself.
        if (std::bit_cast<uint64_t>(x.GetDouble(ra)) != std::bit_cast<uint64_t>(y.GetDouble(rb))) {
          return false;
        }
        break;
      case PhysicalType::kString:
        if (x.GetString(ra) != y.GetString(rb)) return false;
        break;
    }
  }
  return true;
}

// Replaces `<ns>/schema.json` by rename, so a crash leaves the old or the new manifest.
Status ReplaceManifest(const std::string& ns, const NamespaceManifest& manifest) {
  std::error_code ec;
  fs::path scratch = fs::path(ns) / (".tdm_delete-" + std::to_string(::getpid()));
  fs::create_directory(scratch, ec);
  if (ec) return Status(StatusCode::kIoError, "cannot create '" + scratch.string() + "'");
  Status written = WriteManifest(scratch.string(), manifest);
  if (written.ok()) {
    fs::rename(scratch / kManifestFile, fs::path(ns) / kManifestFile, ec);
    if (ec) {
      written = Status(StatusCode::kIoError,
                       "cannot replace the manifest of '" + ns + "': " + ec.message());
    }
  }
  fs::remove_all(scratch, ec);
  return written;
}

}  // namespace

Status MarkMatchingRows(
    Source& all, Source& matching,
    const std::function<Status(const Batch&, const std::vector<uint8_t>&)>& batch) {
  Batch rows;
  Batch wanted;
  size_t cursor = 0;
  bool wanted_done = false;
  std::vector<uint8_t> mask;
  while (true) {
    TDM_ASSIGN_OR_RETURN(bool more, all.Next(rows, kBatchRows));
    if (rows.num_rows == 0 && !more) break;
    mask.assign(rows.num_rows, 0);
    for (size_t r = 0; r < rows.num_rows; ++r) {
      if (cursor == wanted.num_rows && !wanted_done) {
        TDM_ASSIGN_OR_RETURN(bool again, matching.Next(wanted, kBatchRows));
        cursor = 0;
        wanted_done = !again && wanted.num_rows == 0;
      }
      if (cursor < wanted.num_rows && SameRow(rows, r, wanted, cursor)) {
        mask[r] = 1;
        ++cursor;
      }
    }
    TDM_RETURN_IF_ERROR(batch(rows, mask));
    if (!more) break;
  }
  if (cursor < wanted.num_rows) {
    return Status(StatusCode::kInternal,
                  "a filtered row of '" + all.schema().name + "' was not found in the table");
  }
  return Status::Ok();
}

Result<int64_t> DeleteFileRows(const std::string& ns, const std::string& table,
                               std::vector<ColumnFilter> filters) {
  TDM_ASSIGN_OR_RETURN(NamespaceManifest manifest, ReadManifest(ns));
  size_t index = manifest.tables.size();
  std::vector<std::string> names;
  for (size_t i = 0; i < manifest.tables.size(); ++i) {
    if (manifest.tables[i].name == table) index = i;
    names.push_back(manifest.tables[i].name);
  }
  if (index == manifest.tables.size()) {
    return Status(StatusCode::kNotFound,
                  "no table '" + table + "' in '" + ns + "'" + DidYouMean(table, names));
  }
  const TableSchema& schema = manifest.tables[index];
  TDM_RETURN_IF_ERROR(ResolveFilters(schema, filters));
  std::string path = (fs::path(ns) / TableFileName(table, manifest.format)).string();

  TDM_ASSIGN_OR_RETURN(std::unique_ptr<Source> all,
                       OpenFileSourceWithSchema(path, schema, manifest.format));
  TDM_ASSIGN_OR_RETURN(std::unique_ptr<Source> unfiltered,
                       OpenFileSourceWithSchema(path, schema, manifest.format));
  TDM_ASSIGN_OR_RETURN(std::unique_ptr<Source> matching,
                       FilterRows(std::move(unfiltered), filters, std::nullopt));
  // The sink writes "<path>.tmp-XXXXXX" and renames it over `path` only in Finish.
  TDM_ASSIGN_OR_RETURN(std::unique_ptr<Sink> sink, MakeFileSinkForPath(manifest.format, path));
  TDM_RETURN_IF_ERROR(sink->BeginTable(schema));
  int64_t deleted = 0;
  Batch kept;
  std::vector<uint8_t> keep;
  Status walked =
      MarkMatchingRows(*all, *matching, [&](const Batch& rows, const std::vector<uint8_t>& mask) {
        keep.resize(mask.size());
        for (size_t r = 0; r < mask.size(); ++r) {
          keep[r] = mask[r] ? 0 : 1;
          deleted += mask[r];
        }
        kept.KeepRowsOf(rows, keep);
        return kept.num_rows == 0 ? Status::Ok() : sink->Write(kept);
      });
  all.reset();
  matching.reset();
  if (walked.ok()) walked = sink->EndTable();
  if (!walked.ok() || deleted == 0) {
    sink->Abort();
    TDM_RETURN_IF_ERROR(walked.WithContext("deleting rows of '" + table + "' in '" + ns + "'"));
    return int64_t{0};
  }
  TDM_RETURN_IF_ERROR(sink->Finish());
  manifest.rows[index] = std::max<int64_t>(0, manifest.rows[index] - deleted);
  TDM_RETURN_IF_ERROR(ReplaceManifest(ns, manifest));
  return deleted;
}

}  // namespace tdm::store
