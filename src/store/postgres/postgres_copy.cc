#include "store/postgres/postgres_copy.h"

#include <algorithm>
#include <climits>
#include <cstring>
#include <string>

#include "store/postgres/postgres_types.h"

namespace tdm::store::pg {
namespace {

constexpr char kSignature[] = "PGCOPY\n\377\r\n";  // 11 bytes with its terminating NUL
constexpr size_t kSignatureBytes = 11;
constexpr uint32_t kNullLength = 0xFFFFFFFFu;
constexpr size_t kMaxFieldBytes = 0x3FFFFFFF;  // PostgreSQL's 1 GB limit on one value

bool IsText(ColumnType type) {
  return type == ColumnType::kString || type == ColumnType::kObjectId;
}

// Bytes of one non-null field of a fixed-width type, its length word included (text: the word).
size_t FixedFieldBytes(ColumnType type) {
  switch (type) {
    case ColumnType::kInteger:
    case ColumnType::kFloat:
    case ColumnType::kDateTime:
      return 4 + 8;
    case ColumnType::kBoolean:
      return 4 + 1;
    case ColumnType::kDate:
      return 4 + 4;
    case ColumnType::kUuid:
      return 4 + 16;
    case ColumnType::kString:
    case ColumnType::kObjectId:
      return 4;
  }
  return 4;
}

std::string ColumnName(const Batch& batch, size_t c) {
  if (batch.schema != nullptr && c < batch.schema->columns.size()) {
    return "column '" + batch.schema->columns[c].name + "'" +
           (batch.schema->name.empty() ? "" : " of '" + batch.schema->name + "'");
  }
  return "column " + std::to_string(c + 1);
}

Status BadValue(const Batch& batch, size_t c, size_t row, const std::string& what) {
  return {StatusCode::kInvalidArgument,
          ColumnName(batch, c) + " holds " + what + " at row " +
              std::to_string(batch.first_row + static_cast<int64_t>(row) + 1)};
}

}  // namespace

char* CopyBuffer::Reserve(size_t bytes) {
  if (size_ + bytes > capacity_) {
    size_t capacity = std::max<size_t>({capacity_ * 2, size_ + bytes, 1 << 16});
    std::unique_ptr<char[]> grown(new char[capacity]);
    if (size_ > 0) std::memcpy(grown.get(), data_.get(), size_);
    data_ = std::move(grown);
    capacity_ = capacity;
  }
  return data_.get() + size_;
}

void AppendCopyHeader(CopyBuffer& out) {
  char* p = out.Reserve(kSignatureBytes + 8);
  std::memcpy(p, kSignature, kSignatureBytes);
  PutBigEndian32(p + kSignatureBytes, 0);      // flags: no OIDs
  PutBigEndian32(p + kSignatureBytes + 4, 0);  // no header extension
  out.Commit(p + kSignatureBytes + 8);
}

void AppendCopyTrailer(CopyBuffer& out) {
  char* p = out.Reserve(2);
  PutBigEndian16(p, 0xFFFF);
  out.Commit(p + 2);
}

Result<size_t> EncodeCopyRows(const Batch& batch, size_t first, size_t flush_bytes,
                              CopyBuffer& out) {
  const size_t num_columns = batch.columns.size();
  size_t fixed_bytes = 2;
  bool has_text = false;
  for (const Column& column : batch.columns) {
    fixed_bytes += FixedFieldBytes(column.type());
    has_text = has_text || IsText(column.type());
  }
  size_t r = first;
  for (; r < batch.num_rows && out.size() < flush_bytes; ++r) {
    size_t row_bytes = fixed_bytes;
    if (has_text) {
      for (const Column& column : batch.columns) {
        if (IsText(column.type())) row_bytes += column.GetString(r).size();
      }
    }
    char* p = out.Reserve(row_bytes);
    PutBigEndian16(p, static_cast<uint16_t>(num_columns));
    p += 2;
    for (size_t c = 0; c < num_columns; ++c) {
      const Column& column = batch.columns[c];
      if (column.IsNull(r)) {
        PutBigEndian32(p, kNullLength);
        p += 4;
        continue;
      }
      switch (column.type()) {
        case ColumnType::kInteger:
          PutBigEndian32(p, 8);
          PutBigEndian64(p + 4, static_cast<uint64_t>(column.GetInt(r)));
          p += 12;
          break;
        case ColumnType::kFloat: {
          uint64_t bits;
          double value = column.GetDouble(r);
          std::memcpy(&bits, &value, sizeof bits);
          PutBigEndian32(p, 8);
          PutBigEndian64(p + 4, bits);
          p += 12;
          break;
        }
        case ColumnType::kBoolean:
          PutBigEndian32(p, 1);
          p[4] = column.GetInt(r) != 0 ? 1 : 0;
          p += 5;
          break;
        case ColumnType::kDate: {
          // INT32_MIN and INT32_MAX are PostgreSQL's -infinity and infinity.
          int64_t days = column.GetInt(r) - kEpochOffsetDays;
          if (days <= INT32_MIN || days >= INT32_MAX) {
            return BadValue(batch, c, r, "a date outside PostgreSQL's range");
          }
          PutBigEndian32(p, 4);
          PutBigEndian32(p + 4, static_cast<uint32_t>(static_cast<int32_t>(days)));
          p += 8;
          break;
        }
        case ColumnType::kDateTime: {
          int64_t micros;
          if (__builtin_sub_overflow(column.GetInt(r), kEpochOffsetMicros, &micros) ||
              micros == INT64_MIN || micros == INT64_MAX) {
            return BadValue(batch, c, r, "a datetime outside PostgreSQL's range");
          }
          PutBigEndian32(p, 8);
          PutBigEndian64(p + 4, static_cast<uint64_t>(micros));
          p += 12;
          break;
        }
        case ColumnType::kUuid: {
          uint8_t bytes[16];
          if (!ParseUuid(column.GetString(r), bytes)) {
            return BadValue(batch, c, r, "a value that is not a UUID");
          }
          PutBigEndian32(p, 16);
          std::memcpy(p + 4, bytes, 16);
          p += 20;
          break;
        }
        case ColumnType::kString:
        case ColumnType::kObjectId: {
          std::string_view s = column.GetString(r);
          if (s.size() > kMaxFieldBytes) return BadValue(batch, c, r, "a value over 1 GB");
          PutBigEndian32(p, static_cast<uint32_t>(s.size()));
          std::memcpy(p + 4, s.data(), s.size());
          p += 4 + s.size();
          break;
        }
      }
    }
    out.Commit(p);
  }
  return r;
}

Result<size_t> ParseCopyHeader(std::string_view data) {
  size_t signature = std::min(data.size(), kSignatureBytes);
  if (data.substr(0, signature) != std::string_view(kSignature, signature)) {
    return Status(StatusCode::kDatabaseError, "the server's COPY output is not in binary format");
  }
  const size_t fixed = kSignatureBytes + 8;
  if (data.size() < fixed) return size_t{0};
  size_t extension = GetBigEndian32(data.data() + kSignatureBytes + 4);
  if (data.size() < fixed + extension) return size_t{0};
  return fixed + extension;
}

Result<CopyRow> DecodeCopyRow(std::string_view data, Batch& out, size_t& consumed) {
  if (data.size() < 2) return CopyRow::kNeedMore;
  auto fields = static_cast<int16_t>(GetBigEndian16(data.data()));
  if (fields == -1) {
    consumed = 2;
    return CopyRow::kEnd;
  }
  if (fields < 0 || static_cast<size_t>(fields) != out.columns.size()) {
    return Status(StatusCode::kDatabaseError, "the server sent rows of " + std::to_string(fields) +
                                                  " fields, expected " +
                                                  std::to_string(out.columns.size()));
  }
  // Find the row's end first, so a partial row appends nothing.
  size_t end = 2;
  for (int16_t f = 0; f < fields; ++f) {
    if (end + 4 > data.size()) return CopyRow::kNeedMore;
    auto length = static_cast<int32_t>(GetBigEndian32(data.data() + end));
    end += 4 + static_cast<size_t>(std::max(length, 0));
    if (end > data.size()) return CopyRow::kNeedMore;
  }
  consumed = end;

  const char* p = data.data() + 2;
  for (Column& column : out.columns) {
    auto length = static_cast<int32_t>(GetBigEndian32(p));
    p += 4;
    if (length < 0) {
      column.AppendNull();
      continue;
    }
    size_t expected = FixedFieldBytes(column.type()) - 4;
    if (!IsText(column.type()) && static_cast<size_t>(length) != expected) {
      return Status(StatusCode::kDatabaseError,
                    "the server sent a " + std::to_string(length) + "-byte " +
                        std::string(ColumnTypeName(column.type())) + " value, expected " +
                        std::to_string(expected) + " bytes");
    }
    switch (column.type()) {
      case ColumnType::kInteger:
        column.AppendInt(static_cast<int64_t>(GetBigEndian64(p)));
        break;
      case ColumnType::kFloat: {
        uint64_t bits = GetBigEndian64(p);
        double value;
        std::memcpy(&value, &bits, sizeof value);
        column.AppendDouble(value);
        break;
      }
      case ColumnType::kBoolean:
        column.AppendInt(*p != 0 ? 1 : 0);
        break;
      case ColumnType::kDate:
        column.AppendInt(static_cast<int32_t>(GetBigEndian32(p)) + kEpochOffsetDays);
        break;
      case ColumnType::kDateTime: {
        // -infinity and infinity stay at the ends of the range instead of overflowing.
        auto micros = static_cast<int64_t>(GetBigEndian64(p));
        int64_t shifted;
        if (__builtin_add_overflow(micros, kEpochOffsetMicros, &shifted)) shifted = INT64_MAX;
        column.AppendInt(micros == INT64_MIN ? INT64_MIN : shifted);
        break;
      }
      case ColumnType::kUuid:
        AppendUuid(reinterpret_cast<const uint8_t*>(p), column.arena());
        column.CommitString();
        break;
      case ColumnType::kString:
      case ColumnType::kObjectId:
        column.AppendString(std::string_view(p, static_cast<size_t>(length)));
        break;
    }
    p += length;
  }
  return CopyRow::kRow;
}

}  // namespace tdm::store::pg
