// RFC 4180 CSV reader: header line, quoted fields (which may hold commas, quotes and line breaks),
// CRLF or LF line ends. Quoting is syntax only, with one exception: an unquoted empty field is
// NULL and a quoted one ("") an empty string. Every other field is typed by its text
// (value_inference.h).
#include <string>
#include <vector>

#include "store/file/record_reader.h"

namespace tdm::store {
namespace {

struct Field {
  std::string text;
  bool quoted = false;
};

class CsvRecordReader final : public RecordReader {
 public:
  CsvRecordReader(std::istream& in, std::string file) : chars_(in), file_(std::move(file)) {}

  Result<bool> Next(ColumnNames& columns, RawRecord& record) override {
    if (!header_read_) TDM_RETURN_IF_ERROR(ReadHeader(columns));
    bool more = true;
    do {
      TDM_ASSIGN_OR_RETURN(more, ReadRow(record.line));
    } while (more && IsBlankLine() && column_ids_.size() > 1);  // tolerated, as most tools do
    if (!more) return false;
    if (count_ != column_ids_.size()) {
      return FileError(file_, record.line,
                       "expected " + std::to_string(column_ids_.size()) + " fields, found " +
                           std::to_string(count_));
    }
    record.Clear(columns.names().size());
    for (size_t i = 0; i < count_; ++i) {
      Cell& cell = record.cells[column_ids_[i]];
      if (fields_[i].quoted && fields_[i].text.empty()) {
        ClassifyString("", cell);
      } else {
        ClassifyCsvText(fields_[i].text, cell);
      }
    }
    return true;
  }

 private:
  Status ReadHeader(ColumnNames& columns) {
    header_read_ = true;
    if (chars_.Peek() == 0xEF) {  // a UTF-8 byte order mark
      for (int i = 0; i < 3; ++i) chars_.Get();
    }
    int line = 0;
    TDM_ASSIGN_OR_RETURN(bool found, ReadRow(line));
    if (!found) return FileError(file_, 1, "the file is empty; expected a header line");
    for (size_t i = 0; i < count_; ++i) {
      const Field& field = fields_[i];
      size_t known = columns.names().size();
      int id = columns.Find(field.text);
      if (id >= 0 && static_cast<size_t>(id) < known) {
        return FileError(file_, line, "column '" + field.text + "' appears twice in the header");
      }
      column_ids_.push_back(id);
    }
    return Status::Ok();
  }

  // Reads one record into fields_; false at the end of the file.
  Result<bool> ReadRow(int& line) {
    count_ = 0;
    line = chars_.line();
    if (chars_.Peek() == CharReader::kEnd) {
      if (chars_.failed()) return FileError(file_, line, "reading the file failed");
      return false;
    }
    while (true) {
      Field& field = NextField();
      if (chars_.Peek() == '"') {
        TDM_RETURN_IF_ERROR(ReadQuoted(field));
      } else {
        for (int c = chars_.Peek(); c != ',' && c != '\r' && c != '\n' && c != CharReader::kEnd;
             c = chars_.Peek()) {
          if (c == '"') {
            return FileError(file_, chars_.line(), "a quote inside an unquoted field");
          }
          field.text.push_back(static_cast<char>(chars_.Get()));
        }
      }
      int c = chars_.Get();
      if (c == ',') continue;
      if (c == '\r' && chars_.Peek() == '\n') chars_.Get();
      return true;  // end of line or of file
    }
  }

  Status ReadQuoted(Field& field) {
    int start = chars_.line();
    field.quoted = true;
    chars_.Get();
    while (true) {
      int c = chars_.Get();
      if (c == CharReader::kEnd) {
        return FileError(file_, start, "a quoted field is not closed before the end of the file");
      }
      if (c == '"') {
        if (chars_.Peek() != '"') break;
        chars_.Get();
      }
      field.text.push_back(static_cast<char>(c));
    }
    int next = chars_.Peek();
    if (next != ',' && next != '\r' && next != '\n' && next != CharReader::kEnd) {
      return FileError(file_, chars_.line(), "expected ',' or a line end after a closing quote");
    }
    return Status::Ok();
  }

  // The next slot of fields_, reusing the string capacity of earlier rows.
  Field& NextField() {
    if (count_ == fields_.size()) fields_.emplace_back();
    Field& field = fields_[count_++];
    field.text.clear();
    field.quoted = false;
    return field;
  }

  bool IsBlankLine() const { return count_ == 1 && !fields_[0].quoted && fields_[0].text.empty(); }

  CharReader chars_;
  std::string file_;
  bool header_read_ = false;
  std::vector<int> column_ids_;  // header position -> column number
  std::vector<Field> fields_;    // the first count_ hold the current row
  size_t count_ = 0;
};

}  // namespace

std::unique_ptr<RecordReader> MakeCsvRecordReader(std::istream& in, std::string file) {
  return std::make_unique<CsvRecordReader>(in, std::move(file));
}

}  // namespace tdm::store
