// RecordReader: the format-specific half of a file source (internal to store/file).
//
// A reader turns the bytes of one file into records of Cells, one per column, and reports errors
// as "file:line: message". Column names are numbered in order of first appearance by ColumnNames;
// the source freezes the names once it has inferred the schema, after which a new name is an error.
#pragma once

#include <istream>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/file/value_inference.h"
#include "tdm/status.h"

namespace tdm::store {

class ColumnNames {
 public:
  // The number of `name`, adding it unless frozen; -1 for a new name once frozen.
  int Find(std::string_view name) {
    auto it = index_.find(std::string(name));
    if (it != index_.end()) return it->second;
    if (frozen_) return -1;
    names_.emplace_back(name);
    index_.emplace(names_.back(), static_cast<int>(names_.size() - 1));
    return static_cast<int>(names_.size() - 1);
  }
  void Freeze() { frozen_ = true; }
  const std::vector<std::string>& names() const { return names_; }

 private:
  std::vector<std::string> names_;
  std::unordered_map<std::string, int> index_;
  bool frozen_ = false;
};

struct RawRecord {
  int line = 0;             // where the record starts, 1-based
  std::vector<Cell> cells;  // by column number; missing trailing columns are null

  // Makes every known column null, keeping the cells' text capacity.
  void Clear(size_t columns) {
    if (cells.size() < columns) cells.resize(columns);
    for (Cell& cell : cells) cell.kind = ValueKind::kNull;
  }
};

class RecordReader {
 public:
  virtual ~RecordReader() = default;
  // Reads the next record; false at the end of the file.
  virtual Result<bool> Next(ColumnNames& columns, RawRecord& record) = 0;
};

// Reads a byte stream in large chunks and counts lines, for the hand-written scanners.
class CharReader {
 public:
  static constexpr int kEnd = -1;

  explicit CharReader(std::istream& in) : in_(in), buffer_(size_t{1} << 16) {}

  int Peek() {
    if (pos_ == size_ && !Fill()) return kEnd;
    return static_cast<unsigned char>(buffer_[pos_]);
  }
  int Get() {
    int c = Peek();
    if (c != kEnd) ++pos_;
    if (c == '\n') ++line_;
    return c;
  }
  int line() const { return line_; }
  bool failed() const { return in_.bad(); }

 private:
  bool Fill() {
    in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    size_ = static_cast<size_t>(in_.gcount());
    pos_ = 0;
    return size_ > 0;
  }

  std::istream& in_;
  std::vector<char> buffer_;
  size_t pos_ = 0;
  size_t size_ = 0;
  int line_ = 1;
};

// An error at `line` of `file`, printed "file:line: message".
inline Status FileError(const std::string& file, int line, std::string message) {
  return Status(StatusCode::kInvalidArgument, std::move(message), SourceLocation{file, line, 0});
}

// A JSON array of objects or a sequence of objects (JSON Lines); Extended JSON wrappers ($oid,
// $date, $numberLong, $numberInt, $numberDouble) are understood in either. `file` names the input
// in errors.
std::unique_ptr<RecordReader> MakeJsonRecordReader(std::istream& in, std::string file);
// RFC 4180 CSV with a header line; CRLF or LF line ends, quoted fields may span lines.
std::unique_ptr<RecordReader> MakeCsvRecordReader(std::istream& in, std::string file);

}  // namespace tdm::store
