#include "store/file/file_database.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/suggest.h"
#include "store/file/directory_sink.h"
#include "store/file/file_delete.h"
#include "store/file/file_source.h"
#include "store/file/filtered_source.h"
#include "store/file/namespace_manifest.h"
#include "store/projected_source.h"

namespace tdm::store {
namespace {

namespace fs = std::filesystem;

Status IoError(const std::string& what, const std::string& path, const std::error_code& ec) {
  return Status(StatusCode::kIoError, what + " '" + path + "': " + ec.message());
}

// The position of `table` in the manifest, or kNotFound with a "did you mean" over the others.
Result<size_t> FindTable(const NamespaceManifest& manifest, const std::string& ns,
                         const std::string& table) {
  std::vector<std::string> names;
  for (size_t i = 0; i < manifest.tables.size(); ++i) {
    if (manifest.tables[i].name == table) return i;
    names.push_back(manifest.tables[i].name);
  }
  std::string present;
  for (const std::string& name : names) present += (present.empty() ? "" : ", ") + name;
  return Status(StatusCode::kNotFound, "no table '" + table + "' in '" + ns + "'" +
                                           DidYouMean(table, names) +
                                           (present.empty() ? "" : " (present: " + present + ")"));
}

Status WriteProbe(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return Status(StatusCode::kIoError, "cannot write the probe file '" + path + "'");
  return Status::Ok();
}

Status ExpectProbe(const std::string& path, const std::string& text) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream read;
  read << in.rdbuf();
  if (!in || read.str() != text) {
    return Status(StatusCode::kIoError, "the probe file '" + path + "' did not read back");
  }
  return Status::Ok();
}

class FileDatabase final : public Database {
 public:
  FileDatabase(TargetUrl url, FileFormat format) : url_(std::move(url)), format_(format) {}

  const TargetUrl& url() const override { return url_; }

  bool has_indexes() const override { return false; }

  Status Ping() override {
    std::error_code ec;
    fs::file_status status = fs::status(url_.database, ec);
    if (!fs::exists(status)) return Status::Ok();  // created with the first namespace
    if (!fs::is_directory(status)) {
      return Status(StatusCode::kUnavailable, "'" + url_.database + "' is not a directory");
    }
    if (::access(url_.database.c_str(), R_OK | W_OK | X_OK) != 0) {
      return Status(StatusCode::kUnavailable, "'" + url_.database + "' is not writable");
    }
    return Status::Ok();
  }

  Result<std::unique_ptr<Sink>> Create(const std::string& ns) override {
    return OpenDirectorySink(ns, format_);
  }

  Result<bool> Exists(const std::string& ns) override {
    std::error_code ec;
    return fs::exists(fs::symlink_status(ns, ec));
  }

  Status Drop(const std::string& ns) override {
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(ns, ec))) return Status::Ok();
    // Only a namespace is removed, never a directory that merely has its name; the manifest goes
    // last, so an interrupted Drop can be run again.
    if (!fs::is_regular_file(fs::path(ns) / kManifestFile, ec)) {
      return Status(
          StatusCode::kFailedPrecondition,
          "'" + ns + "' is not a tdm namespace (it has no " + kManifestFile + "); not removing it");
    }
    for (const auto& entry : fs::directory_iterator(ns, ec)) {
      if (entry.path().filename() == kManifestFile) continue;
      fs::remove_all(entry.path(), ec);
      if (ec) return IoError("cannot remove", entry.path().string(), ec);
    }
    if (ec) return IoError("cannot list", ns, ec);
    fs::remove(fs::path(ns) / kManifestFile, ec);
    if (!ec) fs::remove(ns, ec);
    if (ec) return IoError("cannot remove", ns, ec);
    return Status::Ok();
  }

  Status Rename(const std::string& from, const std::string& to) override {
    TDM_RETURN_IF_ERROR(ReadManifest(from).status());
    std::error_code ec;
    fs::path parent = fs::path(to).parent_path();
    if (!parent.empty()) fs::create_directories(parent, ec);
    return RenameNoReplace(from, to);
  }

  Status Clone(const std::string& from, const std::string& to) override {
    TDM_RETURN_IF_ERROR(ReadManifest(from).status());
    std::error_code ec;
    if (fs::exists(fs::symlink_status(to, ec))) {
      return Status(StatusCode::kFailedPrecondition, "'" + to + "' already exists");
    }
    std::string work = to + kPartialSuffix;
    fs::remove_all(work, ec);
    fs::copy(from, work, fs::copy_options::recursive, ec);
    Status status = ec ? IoError("cannot copy", from, ec) : RenameNoReplace(work, to);
    if (!status.ok()) fs::remove_all(work, ec);
    return status;
  }

  Result<std::vector<std::string>> List(std::string_view prefix) override {
    fs::path p{std::string(prefix)};
    fs::path dir = p.has_filename() ? p.parent_path() : p;
    std::string start = p.has_filename() ? p.filename().string() : "";
    if (dir.empty()) dir = ".";
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      std::string name = entry.path().filename().string();
      if (name.rfind(start, 0) != 0 || name.ends_with(kPartialSuffix)) continue;
      if (!fs::is_regular_file(entry.path() / kManifestFile, ec)) continue;
      names.push_back((dir / name).string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  Result<std::vector<TableSchema>> Describe(const std::string& ns) override {
    TDM_ASSIGN_OR_RETURN(NamespaceManifest manifest, ReadManifest(ns));
    return std::move(manifest.tables);
  }

  Result<std::unique_ptr<Source>> Read(const std::string& ns, const ReadQuery& query) override {
    return ProjectColumns(ReadRows(ns, query), query.columns);
  }

  // Every column of the rows `query` selects.
  Result<std::unique_ptr<Source>> ReadRows(const std::string& ns, const ReadQuery& query) {
    TDM_ASSIGN_OR_RETURN(NamespaceManifest manifest, ReadManifest(ns));
    TDM_ASSIGN_OR_RETURN(size_t index, FindTable(manifest, ns, query.table));
    const TableSchema& table = manifest.tables[index];
    std::vector<ColumnFilter> filters = query.filters;
    TDM_RETURN_IF_ERROR(ResolveFilters(table, filters));
    std::string path = (fs::path(ns) / TableFileName(table.name, manifest.format)).string();
    TDM_ASSIGN_OR_RETURN(std::unique_ptr<Source> source,
                         OpenFileSourceWithSchema(path, table, manifest.format));
    return FilterRows(std::move(source), filters, query.limit);
  }

  Result<int64_t> CountRows(const std::string& ns, const std::string& table) override {
    TDM_ASSIGN_OR_RETURN(NamespaceManifest manifest, ReadManifest(ns));
    TDM_ASSIGN_OR_RETURN(size_t index, FindTable(manifest, ns, table));
    return manifest.rows[index];
  }

  // A probe file in the namespace is written, read, rewritten and deleted; the table's file must
  // be readable (its first row parses) and writable. The table file itself is not rewritten:
  // unlike a database row, a row of a file cannot be rewritten in place.
  Status CrudProbe(const std::string& ns, const TableSchema& table) override {
    TDM_ASSIGN_OR_RETURN(NamespaceManifest manifest, ReadManifest(ns));
    std::string probe = (fs::path(ns) / (".tdm_probe-" + std::to_string(::getpid()))).string();
    Status status = WriteProbe(probe, "probe");
    if (status.ok()) status = ExpectProbe(probe, "probe");
    if (status.ok()) status = WriteProbe(probe, "probed");
    if (status.ok()) status = ExpectProbe(probe, "probed");
    std::error_code ec;
    fs::remove(probe, ec);
    TDM_RETURN_IF_ERROR(status);
    if (ec) return IoError("cannot delete the probe file", probe, ec);
    TDM_ASSIGN_OR_RETURN(std::unique_ptr<Source> source, Read(ns, {table.name, {}, 1, {}}));
    Batch first;
    TDM_RETURN_IF_ERROR(source->Next(first, 1).status());
    std::string path = (fs::path(ns) / TableFileName(table.name, manifest.format)).string();
    if (::access(path.c_str(), W_OK) != 0) {
      return Status(StatusCode::kIoError, "'" + path + "' is not writable");
    }
    return Status::Ok();
  }

  Result<int64_t> DeleteRows(const std::string& ns, const std::string& table,
                             const std::vector<ColumnFilter>& filters) override {
    return DeleteFileRows(ns, table, filters);
  }

  std::string Endpoint(const std::string& ns) const override { return "file://" + ns; }

 private:
  TargetUrl url_;
  FileFormat format_;
};

}  // namespace

Result<std::unique_ptr<Database>> OpenFileDatabase(const TargetUrl& url) {
  TDM_ASSIGN_OR_RETURN(FileFormat format, ParseFileFormat(url.Param("format", "jsonl")));
  if (format == FileFormat::kSql) {
    return Status(StatusCode::kInvalidArgument,
                  "file targets cannot use format=sql: sql files cannot be read back as tables; "
                  "use jsonl, json, csv or ejson (or export to sql instead)");
  }
  return std::unique_ptr<Database>(new FileDatabase(url, format));
}

}  // namespace tdm::store
