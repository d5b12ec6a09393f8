// RFC 4180 CSV writer: a header line, then one line per row, CRLF line ends.
//
// NULL is an empty field and an empty string is "" (as PostgreSQL's COPY ... CSV does), so the
// two survive a round trip. Non-finite floats have no CSV spelling here and are written as NULL.
#include <cmath>
#include <string>
#include <vector>

#include "core/time_format.h"
#include "store/file/output_buffer.h"
#include "store/file/value_format.h"
#include "store/file/writers.h"

namespace tdm::store {
namespace {

void AppendValue(const Column& column, size_t row, std::string& out) {
  switch (column.type()) {
    case ColumnType::kString:
    case ColumnType::kObjectId:
    case ColumnType::kUuid:
      AppendCsvField(column.GetString(row), out);
      return;
    case ColumnType::kInteger:
      AppendInt(column.GetInt(row), out);
      return;
    case ColumnType::kFloat:
      if (std::isfinite(column.GetDouble(row))) AppendDouble(column.GetDouble(row), out);
      return;
    case ColumnType::kBoolean:
      out.append(column.GetInt(row) != 0 ? "true" : "false");
      return;
    case ColumnType::kDate:
      AppendDate(column.GetInt(row), out);
      return;
    case ColumnType::kDateTime:
      AppendDateTime(column.GetInt(row), out);
      return;
  }
}

class CsvSink final : public Sink {
 public:
  explicit CsvSink(std::ostream& out) : buffer_(out) {}

  Status BeginTable(const TableSchema& table) override {
    if (began_) return SecondTableError(FileFormat::kCsv, table_name_, table.name);
    began_ = true;
    in_table_ = true;
    table_name_ = table.name;
    std::string& out = buffer_.text();
    for (size_t c = 0; c < table.columns.size(); ++c) {
      if (c > 0) out.push_back(',');
      AppendCsvField(table.columns[c].name, out);
    }
    out.append("\r\n");
    return Status::Ok();
  }

  Status Write(const Batch& batch) override {
    if (!in_table_) return Status(StatusCode::kFailedPrecondition, "Write before BeginTable");
    std::string& out = buffer_.text();
    for (size_t row = 0; row < batch.num_rows; ++row) {
      for (size_t c = 0; c < batch.columns.size(); ++c) {
        if (c > 0) out.push_back(',');
        if (!batch.columns[c].IsNull(row)) AppendValue(batch.columns[c], row, out);
      }
      out.append("\r\n");
      TDM_RETURN_IF_ERROR(buffer_.MaybeFlush());
    }
    return Status::Ok();
  }

  Status EndTable() override {
    if (!in_table_) return Status(StatusCode::kFailedPrecondition, "EndTable before BeginTable");
    in_table_ = false;
    return buffer_.MaybeFlush();
  }

  Status Finish() override { return buffer_.Flush(); }
  void Abort() override { buffer_.Discard(); }

 private:
  OutputBuffer buffer_;
  bool began_ = false;
  bool in_table_ = false;
  std::string table_name_;
};

}  // namespace

std::unique_ptr<Sink> MakeCsvSink(std::ostream& out) { return std::make_unique<CsvSink>(out); }

}  // namespace tdm::store
