// Reader for JSON arrays of objects, JSON Lines and MongoDB Extended JSON.
//
// A hand-written scanner finds where each top-level object starts and ends (tracking lines), and
// nlohmann::json parses that one object, so a file of any size streams in constant memory and
// every error names the line of the record it is in.
#include <algorithm>
#include <charconv>
#include <limits>
#include <nlohmann/json.hpp>

#include "core/time_format.h"
#include "store/file/record_reader.h"
#include "store/file/value_format.h"

namespace tdm::store {
namespace {

using Json = nlohmann::ordered_json;

bool ParseInt(const Json& value, int64_t& out) {
  if (value.is_number_integer()) {
    out = value.get<int64_t>();
    return true;
  }
  if (!value.is_string()) return false;
  const auto& s = value.get_ref<const std::string&>();
  return std::from_chars(s.data(), s.data() + s.size(), out).ec == std::errc() &&
         std::to_string(out) == s;
}

// {"$date": "<ISO>" | {"$numberLong": "<ms>"} | <ms>}. Instants at midnight UTC count as dates,
// which is how the ejson writer stores date columns.
bool ClassifyEjsonDate(const Json& value, Cell& cell) {
  int64_t micros = 0;
  if (value.is_string()) {
    auto parsed = ParseDateTime(value.get_ref<const std::string&>());
    if (!parsed) return false;
    micros = *parsed;
  } else {
    int64_t millis = 0;
    const Json& ms = value.is_object() && value.size() == 1 && value.contains("$numberLong")
                         ? value["$numberLong"]
                         : value;
    if (!ParseInt(ms, millis)) return false;
    micros = millis * 1000;
  }
  cell.text = FormatDateTime(micros);
  if (micros % kMicrosPerDay == 0) {
    cell.kind = ValueKind::kDate;
    cell.number = micros / kMicrosPerDay;
  } else {
    cell.kind = ValueKind::kDateTime;
    cell.number = micros;
  }
  return true;
}

// The Extended JSON wrappers tdm understands; false leaves the object to be stored as text.
bool ClassifyEjson(const Json& object, Cell& cell) {
  if (object.size() != 1) return false;
  auto entry = object.begin();
  const std::string& key = entry.key();
  const Json& value = entry.value();
  if (key == "$oid" && value.is_string()) {
    std::string id = value.get<std::string>();
    std::transform(id.begin(), id.end(), id.begin(),
                   [](char c) { return c >= 'A' && c <= 'F' ? static_cast<char>(c + 32) : c; });
    ClassifyString(id, cell);
    return cell.kind == ValueKind::kObjectId;
  }
  if (key == "$date") return ClassifyEjsonDate(value, cell);
  if ((key == "$numberLong" || key == "$numberInt") && ParseInt(value, cell.number)) {
    cell.kind = ValueKind::kInteger;
    cell.text = std::to_string(cell.number);
    return true;
  }
  if (key == "$numberDouble" && value.is_string()) {
    const auto& s = value.get_ref<const std::string&>();
    if (s == "NaN" || s == "Infinity" || s == "-Infinity") {
      cell.kind = ValueKind::kFloat;
      cell.real = s == "NaN"        ? std::numeric_limits<double>::quiet_NaN()
                  : s == "Infinity" ? std::numeric_limits<double>::infinity()
                                    : -std::numeric_limits<double>::infinity();
      cell.text = s;
      return true;
    }
    Cell number;
    ClassifyCsvText(s, number);
    if (number.kind != ValueKind::kFloat && number.kind != ValueKind::kInteger) return false;
    cell.kind = ValueKind::kFloat;
    cell.real = number.kind == ValueKind::kFloat ? number.real : static_cast<double>(number.number);
    cell.text = s;
    return true;
  }
  return false;
}

void ClassifyJson(const Json& value, Cell& cell) {
  switch (value.type()) {
    case Json::value_t::null:
      cell.kind = ValueKind::kNull;
      return;
    case Json::value_t::boolean:
      cell.kind = ValueKind::kBoolean;
      cell.number = value.get<bool>() ? 1 : 0;
      cell.text = cell.number != 0 ? "true" : "false";
      return;
    case Json::value_t::number_integer:
      cell.kind = ValueKind::kInteger;
      cell.number = value.get<int64_t>();
      cell.text = std::to_string(cell.number);
      return;
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      if (value.is_number_unsigned() && value.get<uint64_t>() <= INT64_MAX) {
        cell.kind = ValueKind::kInteger;
        cell.number = value.get<int64_t>();
        cell.text = std::to_string(cell.number);
        return;
      }
      cell.kind = ValueKind::kFloat;
      cell.real = value.get<double>();
      cell.text.clear();
      AppendDouble(cell.real, cell.text);
      return;
    case Json::value_t::string:
      ClassifyString(value.get_ref<const std::string&>(), cell);
      return;
    case Json::value_t::object:
      if (ClassifyEjson(value, cell)) return;
      [[fallthrough]];
    default:  // arrays and other nested documents are kept as their JSON text
      cell.kind = ValueKind::kText;
      cell.text = value.dump();
      return;
  }
}

// nlohmann's message without the "last read: '...'" part, which would echo the data.
std::string DescribeParseError(const nlohmann::json::parse_error& error) {
  std::string message = error.what();
  size_t start = message.find("syntax error");
  message = start == std::string::npos ? "invalid JSON" : "invalid JSON: " + message.substr(start);
  size_t last_read = message.find("; last read");
  if (last_read != std::string::npos) {
    size_t expected = message.find("; expected", last_read);
    message.erase(last_read,
                  expected == std::string::npos ? std::string::npos : expected - last_read);
  }
  return message;
}

class JsonRecordReader final : public RecordReader {
 public:
  JsonRecordReader(std::istream& in, std::string file) : chars_(in), file_(std::move(file)) {}

  Result<bool> Next(ColumnNames& columns, RawRecord& record) override {
    if (state_ == State::kStart) {
      if (chars_.Peek() == 0xEF) {  // a UTF-8 byte order mark
        for (int i = 0; i < 3; ++i) chars_.Get();
      }
      SkipSpace();
      array_ = chars_.Peek() == '[';
      if (array_) chars_.Get();
      state_ = State::kFirst;
    }
    if (state_ == State::kDone) return false;
    SkipSpace();
    if (array_) {
      int c = chars_.Peek();
      if (c == ']') return CloseArray();
      if (state_ == State::kAfterRecord) {
        if (c != ',') {
          return Error(c == CharReader::kEnd ? "the array is not closed with ']'"
                                             : "expected ',' or ']' after a record");
        }
        chars_.Get();
        SkipSpace();
      }
    }
    int c = chars_.Peek();
    if (c == CharReader::kEnd) {
      if (chars_.failed()) return Error("reading the file failed");
      if (array_) return Error("the array is not closed with ']'");
      state_ = State::kDone;
      return false;
    }
    record.line = chars_.line();
    if (c != '{') return Error("expected an object");
    TDM_RETURN_IF_ERROR(ScanObject(record.line));
    TDM_RETURN_IF_ERROR(Convert(columns, record));
    state_ = State::kAfterRecord;
    return true;
  }

 private:
  enum class State { kStart, kFirst, kAfterRecord, kDone };

  Status Error(std::string message, int line = 0) const {
    return FileError(file_, line > 0 ? line : chars_.line(), std::move(message));
  }

  void SkipSpace() {
    for (int c = chars_.Peek(); c == ' ' || c == '\t' || c == '\r' || c == '\n';
         c = chars_.Peek()) {
      chars_.Get();
    }
  }

  Result<bool> CloseArray() {
    chars_.Get();
    state_ = State::kDone;
    SkipSpace();
    if (chars_.Peek() != CharReader::kEnd) return Error("unexpected text after the closing ']'");
    return false;
  }

  // Copies one object's text into text_, following strings and nesting to find its end.
  Status ScanObject(int start_line) {
    text_.clear();
    int depth = 0;
    bool in_string = false;
    bool escaped = false;
    do {
      int c = chars_.Get();
      if (c == CharReader::kEnd) return Error("the object never ends (end of file)", start_line);
      text_.push_back(static_cast<char>(c));
      if (in_string) {
        if (escaped) {
          escaped = false;
        } else if (c == '\\') {
          escaped = true;
        } else if (c == '"') {
          in_string = false;
        }
      } else if (c == '"') {
        in_string = true;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        --depth;
      }
    } while (depth > 0);
    return Status::Ok();
  }

  Status Convert(ColumnNames& columns, RawRecord& record) {
    Json object;
    try {
      object = Json::parse(text_);
    } catch (const nlohmann::json::parse_error& error) {
      size_t end = std::min<size_t>(error.byte > 0 ? error.byte - 1 : 0, text_.size());
      auto newlines = std::count(text_.begin(), text_.begin() + static_cast<ptrdiff_t>(end), '\n');
      return Error(DescribeParseError(error), record.line + static_cast<int>(newlines));
    } catch (const nlohmann::json::exception&) {  // e.g. a number beyond double's range
      return Error("invalid JSON: a number is out of range", record.line);
    }
    record.Clear(columns.names().size());
    for (const auto& [key, value] : object.items()) {
      int column = columns.Find(key);
      if (column < 0) {
        return Error("field '" + key + "' is not in the records the schema was inferred from",
                     record.line);
      }
      if (static_cast<size_t>(column) >= record.cells.size()) record.cells.resize(column + 1);
      ClassifyJson(value, record.cells[column]);
    }
    return Status::Ok();
  }

  CharReader chars_;
  std::string file_;
  std::string text_;
  bool array_ = false;
  State state_ = State::kStart;
};

}  // namespace

std::unique_ptr<RecordReader> MakeJsonRecordReader(std::istream& in, std::string file) {
  return std::make_unique<JsonRecordReader>(in, std::move(file));
}

}  // namespace tdm::store
