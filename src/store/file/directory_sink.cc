#include "store/file/directory_sink.h"

#include <cmath>
#include <filesystem>

#include "core/time_format.h"
#include "store/file/file_sink.h"
#include "store/file/namespace_manifest.h"

namespace tdm::store {
namespace {

namespace fs = std::filesystem;

const int64_t kFirstDay = DaysFromCivil({0, 1, 1});  // what ParseDate reads back
const int64_t kLastDay = DaysFromCivil({9999, 12, 31});
const int64_t kYear10000Micros = (kLastDay + 1) * kMicrosPerDay;  // ejson's ISO text ends here

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

// Why `column` (of a batch in `format`) holds a value that would not read back as itself, or "".
std::string UnstorableValue(const Column& column, FileFormat format) {
  const bool ejson = format == FileFormat::kEjson;
  ColumnType type = column.type();
  if (type != ColumnType::kFloat && type != ColumnType::kDate && type != ColumnType::kDateTime) {
    return "";
  }
  for (size_t r = 0; r < column.size(); ++r) {
    if (column.IsNull(r)) continue;
    switch (type) {
      case ColumnType::kFloat:
        if (!ejson && !std::isfinite(column.GetDouble(r))) return "NaN or an infinity";
        break;
      case ColumnType::kDate:
        if (!ejson && (column.GetInt(r) < kFirstDay || column.GetInt(r) > kLastDay)) {
          return "a date outside the years 0-9999";
        }
        break;
      case ColumnType::kDateTime: {
        int64_t micros = column.GetInt(r);
        if (ejson) {
          bool iso = micros >= 0 && micros < kYear10000Micros;
          if (!iso && micros % 1000 != 0) {
            return "a datetime before 1970 or from 10000 on with sub-millisecond digits";
          }
        } else {
          int64_t day = FloorDiv(micros, kMicrosPerDay);
          if (day < kFirstDay || day > kLastDay) return "a datetime outside the years 0-9999";
        }
        break;
      }
      default:
        break;
    }
  }
  return "";
}

class DirectorySink final : public Sink {
 public:
  DirectorySink(std::string dir, std::string partial, FileFormat format)
      : dir_(std::move(dir)), partial_(std::move(partial)) {
    manifest_.format = format;
  }

  ~DirectorySink() override {
    if (!done_) Abort();
  }

  Status BeginTable(const TableSchema& table) override {
    if (table_) return Status(StatusCode::kFailedPrecondition, "BeginTable before EndTable");
    TDM_RETURN_IF_ERROR(CheckTableName(table.name, manifest_.format));
    for (const TableSchema& loaded : manifest_.tables) {
      if (loaded.name == table.name) {
        return Status(StatusCode::kInvalidArgument, "table '" + table.name + "' is loaded twice");
      }
    }
    std::string path = (fs::path(partial_) / TableFileName(table.name, manifest_.format)).string();
    TDM_ASSIGN_OR_RETURN(file_, MakeFileSinkForPath(manifest_.format, path));
    TDM_RETURN_IF_ERROR(file_->BeginTable(table));
    table_ = &table;
    manifest_.tables.push_back(table);
    manifest_.rows.push_back(0);
    return Status::Ok();
  }

  Status Write(const Batch& batch) override {
    if (!table_) return Status(StatusCode::kFailedPrecondition, "Write before BeginTable");
    for (size_t c = 0; c < batch.columns.size() && c < table_->columns.size(); ++c) {
      std::string why = UnstorableValue(batch.columns[c], manifest_.format);
      if (!why.empty()) {
        return Status(StatusCode::kInvalidArgument,
                      "column '" + table_->columns[c].name + "' of '" + table_->name + "' holds " +
                          why + ", which " + std::string(FileFormatName(manifest_.format)) +
                          " files cannot give back exactly" +
                          (manifest_.format == FileFormat::kEjson ? "" : "; use format=ejson"));
      }
    }
    TDM_RETURN_IF_ERROR(file_->Write(batch));
    manifest_.rows.back() += static_cast<int64_t>(batch.num_rows);
    return Status::Ok();
  }

  Status EndTable() override {
    if (!table_) return Status(StatusCode::kFailedPrecondition, "EndTable before BeginTable");
    TDM_RETURN_IF_ERROR(file_->EndTable());
    TDM_RETURN_IF_ERROR(file_->Finish());  // the table's file is complete and in place
    file_.reset();
    table_ = nullptr;
    return Status::Ok();
  }

  Status Finish() override {
    if (done_) return Status(StatusCode::kFailedPrecondition, "Finish after Finish or Abort");
    if (table_) return Status(StatusCode::kFailedPrecondition, "Finish before EndTable");
    Status status = WriteManifest(partial_, manifest_);
    if (status.ok()) status = RenameNoReplace(partial_, dir_);
    if (!status.ok()) {
      Abort();
      return status;
    }
    done_ = true;
    return Status::Ok();
  }

  void Abort() override {
    if (done_) return;
    done_ = true;
    if (file_) file_->Abort();
    file_.reset();
    std::error_code ec;
    fs::remove_all(partial_, ec);
  }

 private:
  std::string dir_;
  std::string partial_;
  NamespaceManifest manifest_;
  std::unique_ptr<Sink> file_;          // the current table's file
  const TableSchema* table_ = nullptr;  // between BeginTable and EndTable
  bool done_ = false;
};

}  // namespace

Result<std::unique_ptr<Sink>> OpenDirectorySink(const std::string& dir, FileFormat format) {
  if (format == FileFormat::kSql) {
    return Status(StatusCode::kInvalidArgument,
                  "file targets cannot hold sql files, which cannot be read back; use "
                  "format=jsonl, json, csv or ejson");
  }
  if (dir.empty()) return Status(StatusCode::kInvalidArgument, "the namespace path is empty");
  std::error_code ec;
  if (fs::exists(fs::symlink_status(dir, ec))) {
    return Status(StatusCode::kFailedPrecondition,
                  "'" + dir + "' already exists; refusing to overwrite it");
  }
  std::string partial = dir + kPartialSuffix;
  fs::path parent = fs::path(dir).parent_path();
  if (!parent.empty()) fs::create_directories(parent, ec);
  fs::remove_all(partial, ec);  // left by a crash
  if (!fs::create_directory(partial, ec) || ec) {
    return Status(StatusCode::kIoError,
                  "cannot create '" + partial + "': " + (ec ? ec.message() : "it exists"));
  }
  return std::unique_ptr<Sink>(new DirectorySink(dir, partial, format));
}

}  // namespace tdm::store
