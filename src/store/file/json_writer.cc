// JSON, JSON Lines and MongoDB Extended JSON writers: one object per row, keys in column order.
#include <cmath>
#include <string>
#include <vector>

#include "core/time_format.h"
#include "store/file/output_buffer.h"
#include "store/file/value_format.h"
#include "store/file/writers.h"

namespace tdm::store {
namespace {

// 10000-01-01T00:00:00Z: Extended JSON writes dates from 1970 up to here as ISO text.
constexpr int64_t kYear10000Micros = 253402300800LL * kMicrosPerSecond;

void AppendEjsonDate(int64_t micros, std::string& out) {
  if (micros >= 0 && micros < kYear10000Micros) {
    out.append(R"({"$date":")");
    AppendDateTime(micros, out);
    out.append("\"}");
    return;
  }
  int64_t millis = micros / 1000 - (micros % 1000 < 0 ? 1 : 0);
  out.append(R"({"$date":{"$numberLong":")");
  AppendInt(millis, out);
  out.append("\"}}");
}

void AppendNonFinite(double value, bool ejson, std::string& out) {
  if (!ejson) {
    out.append("null");  // plain JSON has no NaN or infinity
  } else if (std::isnan(value)) {
    out.append(R"({"$numberDouble":"NaN"})");
  } else {
    out.append(value > 0 ? R"({"$numberDouble":"Infinity"})" : R"({"$numberDouble":"-Infinity"})");
  }
}

void AppendValue(const Column& column, size_t row, bool ejson, std::string& out) {
  switch (column.type()) {
    case ColumnType::kString:
    case ColumnType::kUuid:
      AppendJsonString(column.GetString(row), out);
      return;
    case ColumnType::kObjectId:
      if (ejson) out.append(R"({"$oid":)");
      AppendJsonString(column.GetString(row), out);
      if (ejson) out.push_back('}');
      return;
    case ColumnType::kInteger:
      AppendInt(column.GetInt(row), out);
      return;
    case ColumnType::kFloat: {
      double value = column.GetDouble(row);
      if (std::isfinite(value)) {
        AppendDouble(value, out);
      } else {
        AppendNonFinite(value, ejson, out);
      }
      return;
    }
    case ColumnType::kBoolean:
      out.append(column.GetInt(row) != 0 ? "true" : "false");
      return;
    case ColumnType::kDate:
      if (ejson) {
        AppendEjsonDate(column.GetInt(row) * kMicrosPerDay, out);
      } else {
        out.push_back('"');
        AppendDate(column.GetInt(row), out);
        out.push_back('"');
      }
      return;
    case ColumnType::kDateTime:
      if (ejson) {
        AppendEjsonDate(column.GetInt(row), out);
      } else {
        out.push_back('"');
        AppendDateTime(column.GetInt(row), out);
        out.push_back('"');
      }
      return;
  }
}

class JsonSink final : public Sink {
 public:
  JsonSink(FileFormat format, std::ostream& out) : format_(format), buffer_(out) {}

  Status BeginTable(const TableSchema& table) override {
    if (began_) return SecondTableError(format_, table_name_, table.name);
    began_ = true;
    table_name_ = table.name;
    // Each key with the punctuation before it, so a row is a run of plain appends.
    keys_.clear();
    for (const ColumnSchema& column : table.columns) {
      std::string key = keys_.empty() ? "{" : ",";
      AppendJsonString(column.name, key);
      key.push_back(':');
      keys_.push_back(std::move(key));
    }
    if (format_ == FileFormat::kJson) buffer_.text().push_back('[');
    in_table_ = true;
    return Status::Ok();
  }

  Status Write(const Batch& batch) override {
    if (!in_table_) return Status(StatusCode::kFailedPrecondition, "Write before BeginTable");
    const bool ejson = format_ == FileFormat::kEjson;
    const bool array = format_ == FileFormat::kJson;
    std::string& out = buffer_.text();
    for (size_t row = 0; row < batch.num_rows; ++row) {
      if (array) out.append(rows_ == 0 ? "\n" : ",\n");
      for (size_t c = 0; c < keys_.size(); ++c) {
        out.append(keys_[c]);
        const Column& column = batch.columns[c];
        if (column.IsNull(row)) {
          out.append("null");
        } else {
          AppendValue(column, row, ejson, out);
        }
      }
      out.append(keys_.empty() ? "{}" : "}");
      if (!array) out.push_back('\n');
      ++rows_;
      TDM_RETURN_IF_ERROR(buffer_.MaybeFlush());
    }
    return Status::Ok();
  }

  Status EndTable() override {
    if (!in_table_) return Status(StatusCode::kFailedPrecondition, "EndTable before BeginTable");
    in_table_ = false;
    if (format_ == FileFormat::kJson) buffer_.text().append(rows_ == 0 ? "]\n" : "\n]\n");
    return buffer_.MaybeFlush();
  }

  Status Finish() override { return buffer_.Flush(); }
  void Abort() override { buffer_.Discard(); }

 private:
  FileFormat format_;
  OutputBuffer buffer_;
  bool began_ = false;
  std::string table_name_;
  std::vector<std::string> keys_;
  bool in_table_ = false;
  int64_t rows_ = 0;
};

// Each table is a json array written by its own JsonSink, behind `"name": `, inside one object.
class KeyedJsonSink final : public Sink {
 public:
  explicit KeyedJsonSink(std::ostream& out) : out_(out) {}

  Status BeginTable(const TableSchema& table) override {
    std::string key = tables_ == 0 ? "{\n" : ",\n";
    AppendJsonString(table.name, key);
    key.append(": ");
    out_.write(key.data(), static_cast<std::streamsize>(key.size()));
    ++tables_;
    inner_ = std::make_unique<JsonSink>(FileFormat::kJson, out_);
    return inner_->BeginTable(table);
  }
  Status Write(const Batch& batch) override { return inner_->Write(batch); }
  Status EndTable() override {
    TDM_RETURN_IF_ERROR(inner_->EndTable());
    return inner_->Finish();  // its bytes reach out_ before the next key
  }
  Status Finish() override {
    out_ << (tables_ == 0 ? "{}\n" : "}\n");
    out_.flush();
    if (!out_) return Status(StatusCode::kIoError, "write failed");
    return Status::Ok();
  }
  void Abort() override {
    if (inner_) inner_->Abort();
  }

 private:
  std::ostream& out_;
  std::unique_ptr<JsonSink> inner_;
  int tables_ = 0;
};

}  // namespace

std::unique_ptr<Sink> MakeKeyedJsonSink(std::ostream& out) {
  return std::make_unique<KeyedJsonSink>(out);
}

std::unique_ptr<Sink> MakeJsonSink(FileFormat format, std::ostream& out) {
  return std::make_unique<JsonSink>(format, out);
}

}  // namespace tdm::store
