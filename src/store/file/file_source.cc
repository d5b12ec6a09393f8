#include "store/file/file_source.h"

#include <cerrno>
#include <cstring>
#include <deque>
#include <fstream>
#include <iostream>

#include "store/file/record_reader.h"

namespace tdm::store {
namespace {

std::string TableNameFromPath(const std::string& path) {
  size_t slash = path.find_last_of('/');
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  size_t dot = base.find_last_of('.');
  return dot == std::string::npos || dot == 0 ? base : base.substr(0, dot);
}

// Appends a cell to a column of a type known in advance. Like AppendCell, but a column stored as
// text (string, ObjectId, uuid) takes any value's text as is: what a sink wrote into such a column
// need not look like its type.
bool AppendCellAs(const Cell& cell, Column& column) {
  if (cell.kind != ValueKind::kNull && column.physical() == PhysicalType::kString) {
    column.AppendString(cell.text);
    return true;
  }
  return AppendCell(cell, column);
}

class FileTableSource final : public Source {
 public:
  FileTableSource(std::unique_ptr<std::istream> file, std::istream& in, std::string name,
                  FileFormat format)
      : file_(std::move(file)),
        name_(std::move(name)),
        reader_(format == FileFormat::kCsv ? MakeCsvRecordReader(in, name_)
                                           : MakeJsonRecordReader(in, name_)) {}

  // Reads the sample and infers the schema from it.
  Status Open(const std::string& table) {
    std::vector<ValueKind> kinds;
    std::vector<bool> nullable;
    while (sample_.size() < kSampleRecords) {
      RawRecord record;
      TDM_ASSIGN_OR_RETURN(bool more, reader_->Next(names_, record));
      if (!more) break;
      size_t columns = names_.names().size();
      // A column first seen now was missing, so null, in every record before.
      nullable.resize(columns, !sample_.empty());
      kinds.resize(columns, ValueKind::kNull);
      for (size_t c = 0; c < columns; ++c) {
        ValueKind kind = c < record.cells.size() ? record.cells[c].kind : ValueKind::kNull;
        if (kind == ValueKind::kNull) nullable[c] = true;
        kinds[c] = MergeKinds(kinds[c], kind);
      }
      sample_.push_back(std::move(record));
    }
    names_.Freeze();
    kinds.resize(names_.names().size(), ValueKind::kNull);  // e.g. a CSV header without rows
    nullable.resize(names_.names().size(), true);
    schema_.name = table;
    for (size_t c = 0; c < kinds.size(); ++c) {
      ColumnSchema column;
      column.name = names_.names()[c];
      column.type = ColumnTypeFor(kinds[c]);
      column.nullable = nullable[c] || kinds[c] == ValueKind::kNull;
      schema_.columns.push_back(std::move(column));
    }
    return Status::Ok();
  }

  // Takes `schema` instead of inferring one: fields are matched to its columns by name as the
  // reader meets them, and a field it lacks is an error.
  void UseSchema(const TableSchema& schema) {
    schema_ = schema;
    known_schema_ = true;
  }

  const TableSchema& schema() const override { return schema_; }

  Result<bool> Next(Batch& out, size_t max_rows) override {
    out.Reset(schema_, next_row_, 0);
    size_t rows = 0;
    while (rows < max_rows) {
      if (!sample_.empty()) {
        TDM_RETURN_IF_ERROR(Append(sample_.front(), out));
        sample_.pop_front();
      } else {
        if (done_) break;
        TDM_ASSIGN_OR_RETURN(bool more, reader_->Next(names_, record_));
        if (!more) {
          done_ = true;
          break;
        }
        if (known_schema_) TDM_RETURN_IF_ERROR(MapNewNames(record_.line));
        TDM_RETURN_IF_ERROR(Append(record_, out));
      }
      ++rows;
    }
    out.num_rows = rows;
    next_row_ += static_cast<int64_t>(rows);
    return rows > 0;
  }

 private:
  // Known schema: numbers the names the reader has met since the last call by schema column.
  Status MapNewNames(int line) {
    const std::vector<std::string>& names = names_.names();
    if (column_of_name_.size() == names.size()) return Status::Ok();
    if (name_of_column_.empty()) name_of_column_.assign(schema_.columns.size(), -1);
    for (size_t n = column_of_name_.size(); n < names.size(); ++n) {
      int column = schema_.FindColumn(names[n]);
      if (column < 0) {
        return FileError(name_, line,
                         "field '" + names[n] + "' is not a column of '" + schema_.name + "'");
      }
      column_of_name_.push_back(column);
      name_of_column_[static_cast<size_t>(column)] = static_cast<int>(n);
    }
    return Status::Ok();
  }

  // The cell of schema column `c` in `record`; null when the record has none.
  const Cell& CellOf(const RawRecord& record, size_t c) const {
    static const Cell kNull;
    size_t n = c;
    if (known_schema_) {
      if (name_of_column_.empty() || name_of_column_[c] < 0) return kNull;
      n = static_cast<size_t>(name_of_column_[c]);
    }
    return n < record.cells.size() ? record.cells[n] : kNull;
  }

  Status Append(const RawRecord& record, Batch& out) {
    for (size_t c = 0; c < schema_.columns.size(); ++c) {
      const Cell& cell = CellOf(record, c);
      bool fits =
          known_schema_ ? AppendCellAs(cell, out.columns[c]) : AppendCell(cell, out.columns[c]);
      if (!fits) {
        const ColumnSchema& column = schema_.columns[c];
        return FileError(
            name_, record.line,
            "column '" + column.name + "' holds a value that is not " +
                std::string(ColumnTypeName(column.type)) +
                (known_schema_ ? " (its type in the table's schema)"
                               : " (the type its first " + std::to_string(kSampleRecords) +
                                     " records gave it)"));
      }
    }
    return Status::Ok();
  }

  std::unique_ptr<std::istream> file_;  // null when reading standard input
  std::string name_;
  std::unique_ptr<RecordReader> reader_;
  ColumnNames names_;
  TableSchema schema_;
  std::deque<RawRecord> sample_;  // read for inference, not yet returned
  RawRecord record_;
  bool known_schema_ = false;
  std::vector<int> column_of_name_;  // known schema: name number -> schema column
  std::vector<int> name_of_column_;  // known schema: schema column -> name number, or -1
  int64_t next_row_ = 0;
  bool done_ = false;
};

// Opens the file (or standard input) for a source; the format must be known by now.
Result<std::unique_ptr<FileTableSource>> OpenTableFile(const std::string& path, FileFormat format) {
  if (format == FileFormat::kSql) {
    return Status(StatusCode::kInvalidArgument,
                  "sql files cannot be read as a table; use json, jsonl, ejson or csv");
  }
  std::unique_ptr<std::istream> file;
  std::istream* in = &std::cin;
  std::string name = "<stdin>";
  if (path != "-") {
    auto stream = std::make_unique<std::ifstream>(path, std::ios::binary);
    if (!stream->is_open()) {
      int error = errno;
      return Status(error == ENOENT ? StatusCode::kNotFound : StatusCode::kIoError,
                    "cannot open '" + path + "': " + std::strerror(error));
    }
    in = stream.get();
    file = std::move(stream);
    name = path;
  }
  return std::make_unique<FileTableSource>(std::move(file), *in, name, format);
}

}  // namespace

Result<std::unique_ptr<Source>> OpenFileSource(const std::string& path, const std::string& table,
                                               std::optional<FileFormat> format) {
  if (!format) format = FormatFromExtension(path);
  if (!format) {
    return Status(StatusCode::kInvalidArgument,
                  "cannot tell the format of '" + path + "' from its name; name the format");
  }
  TDM_ASSIGN_OR_RETURN(std::unique_ptr<FileTableSource> source, OpenTableFile(path, *format));
  std::string table_name =
      table.empty() ? TableNameFromPath(path == "-" ? "<stdin>" : path) : table;
  TDM_RETURN_IF_ERROR(source->Open(table_name));
  return std::unique_ptr<Source>(std::move(source));
}

Result<std::unique_ptr<Source>> OpenFileSourceWithSchema(const std::string& path,
                                                         const TableSchema& schema,
                                                         FileFormat format) {
  TDM_ASSIGN_OR_RETURN(std::unique_ptr<FileTableSource> source, OpenTableFile(path, format));
  source->UseSchema(schema);
  return std::unique_ptr<Source>(std::move(source));
}

}  // namespace tdm::store
