#include "store/file/file_sink.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>

#include "store/file/writers.h"

namespace tdm::store {
namespace {

namespace fs = std::filesystem;

Status IoError(const std::string& what, const std::string& path, int error) {
  return Status(StatusCode::kIoError, what + " '" + path + "': " + std::strerror(error));
}

// Creates a new, empty file named "<path>.tmp-XXXXXX"; O_EXCL makes the name ours alone, and the
// usual 0666 & ~umask mode is what the final file should have.
Result<std::string> CreateTempFile(const std::string& path) {
  static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::random_device device;
  std::minstd_rand random(device());
  for (int attempt = 0;; ++attempt) {
    std::string name = path + ".tmp-";
    for (int i = 0; i < 6; ++i) name.push_back(kChars[random() % (sizeof(kChars) - 1)]);
    int fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) {
      ::close(fd);
      return name;
    }
    if (errno != EEXIST || attempt == 100) return IoError("cannot create", name, errno);
  }
}

// The file a chain of symbolic links ends in (which need not exist yet), so that the rename
// replaces that file rather than the link.
std::string ResolveLinks(const std::string& path) {
  fs::path current = path;
  std::error_code error;
  for (int hops = 0; hops < 40 && fs::is_symlink(fs::symlink_status(current, error)); ++hops) {
    fs::path next = fs::read_symlink(current, error);
    if (error) break;
    current = next.is_absolute() ? next : current.parent_path() / next;
  }
  return current.string();
}

// Writes straight into an existing file that is not a regular one (/dev/null, a FIFO, a
// terminal): there is nothing to rename, and nothing to take back on Abort.
class DeviceFileSink final : public Sink {
 public:
  DeviceFileSink(FileFormat format, const std::string& path, const FileSinkOptions& options)
      : file_(path, std::ios::binary), inner_(MakeFileSink(format, file_, options)) {}

  bool is_open() const { return file_.is_open(); }

  Status BeginTable(const TableSchema& table) override { return inner_->BeginTable(table); }
  Status Write(const Batch& batch) override { return inner_->Write(batch); }
  Status EndTable() override { return inner_->EndTable(); }
  Status Finish() override { return inner_->Finish(); }
  void Abort() override { inner_->Abort(); }

 private:
  std::ofstream file_;
  std::unique_ptr<Sink> inner_;
};

// Owns the temporary file and the format sink writing into it.
class AtomicFileSink final : public Sink {
 public:
  AtomicFileSink(FileFormat format, std::string path, std::string temp_path,
                 const FileSinkOptions& options)
      : path_(std::move(path)),
        temp_path_(std::move(temp_path)),
        file_(temp_path_, std::ios::binary | std::ios::trunc),
        inner_(MakeFileSink(format, file_, options)) {}

  bool is_open() const { return file_.is_open(); }

  ~AtomicFileSink() override {
    if (!done_) Abort();
  }

  Status BeginTable(const TableSchema& table) override {
    return WithPath(inner_->BeginTable(table));
  }
  Status Write(const Batch& batch) override { return WithPath(inner_->Write(batch)); }
  Status EndTable() override { return WithPath(inner_->EndTable()); }

  Status Finish() override {
    if (done_) return Status(StatusCode::kFailedPrecondition, "Finish after Finish or Abort");
    Status status = WithPath(inner_->Finish());
    if (status.ok()) {
      file_.close();
      if (file_.fail()) status = IoError("cannot write", path_, errno);
    }
    if (status.ok() && std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
      status = IoError("cannot rename the output to", path_, errno);
    }
    if (!status.ok()) {
      Abort();
      return status;
    }
    done_ = true;
    return status;
  }

  void Abort() override {
    if (done_) return;
    done_ = true;
    inner_->Abort();
    file_.close();
    std::remove(temp_path_.c_str());
  }

 private:
  Status WithPath(Status status) const {
    if (status.ok() || status.code() != StatusCode::kIoError) return status;
    return status.WithContext(path_);
  }

  std::string path_;
  std::string temp_path_;
  std::ofstream file_;
  std::unique_ptr<Sink> inner_;
  bool done_ = false;
};

}  // namespace

Status SecondTableError(FileFormat format, const std::string& first, const std::string& second) {
  return Status(StatusCode::kFailedPrecondition,
                std::string(FileFormatName(format)) + " output holds one table ('" + first +
                    "'); write '" + second + "' to a file of its own");
}

std::unique_ptr<Sink> MakeFileSink(FileFormat format, std::ostream& out,
                                   const FileSinkOptions& options) {
  if (format == FileFormat::kJson && options.json_keyed_by_table) return MakeKeyedJsonSink(out);
  switch (format) {
    case FileFormat::kJson:
    case FileFormat::kJsonl:
    case FileFormat::kEjson:
      return MakeJsonSink(format, out);
    case FileFormat::kCsv:
      return MakeCsvSink(out);
    case FileFormat::kSql:
      return MakeSqlSink(out);
  }
  return MakeJsonSink(format, out);
}

Result<std::unique_ptr<Sink>> MakeFileSinkForPath(FileFormat format, const std::string& path,
                                                  const FileSinkOptions& options) {
  if (path == "-") return MakeFileSink(format, std::cout, options);
  std::error_code error;
  fs::file_status status = fs::status(path, error);
  if (fs::exists(status) && !fs::is_regular_file(status)) {
    if (fs::is_directory(status)) {
      return Status(StatusCode::kInvalidArgument, "'" + path + "' is a directory");
    }
    auto sink = std::make_unique<DeviceFileSink>(format, path, options);
    if (!sink->is_open()) return IoError("cannot open", path, errno);
    return std::unique_ptr<Sink>(std::move(sink));
  }
  std::string target = ResolveLinks(path);
  TDM_ASSIGN_OR_RETURN(std::string temp_path, CreateTempFile(target));
  auto sink = std::make_unique<AtomicFileSink>(format, target, temp_path, options);
  if (!sink->is_open()) {
    sink->Abort();
    return IoError("cannot open", temp_path, errno);
  }
  return std::unique_ptr<Sink>(std::move(sink));
}

}  // namespace tdm::store
