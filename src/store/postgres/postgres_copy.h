// COPY's binary format, both ways, over tdm's columnar batches.
//
// The stream is a 19-byte header, then per row an int16 field count and per field an int32 byte
// length (-1 for NULL) followed by the value in its type's binary form (postgres_types.h), then an
// int16 -1 trailer. The sink encodes batches into it; the reader decodes rows of
// `COPY (SELECT ...) TO STDOUT (FORMAT binary)` whose columns are cast with PgReadCast. Encoding
// and decoding work column by column over whole batches, without allocating per value.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

#include "core/batch.h"
#include "tdm/status.h"

namespace tdm::store::pg {

// A growable byte buffer that hands out raw space, so encoders write without per-field bounds
// checks or zero-filling.
class CopyBuffer {
 public:
  const char* data() const { return data_.get(); }
  size_t size() const { return size_; }
  void Clear() { size_ = 0; }
  // Space for `bytes` more bytes at the end; Commit(end) then marks what was written.
  char* Reserve(size_t bytes);
  void Commit(const char* end) { size_ = static_cast<size_t>(end - data_.get()); }

 private:
  std::unique_ptr<char[]> data_;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

void AppendCopyHeader(CopyBuffer& out);
void AppendCopyTrailer(CopyBuffer& out);

// Encodes rows of `batch` from `first` on until the batch ends or `out` holds at least
// `flush_bytes`; returns the next row to encode. A UUID column holding something that is not a
// UUID, or a date or datetime outside PostgreSQL's range, is kInvalidArgument naming the column.
Result<size_t> EncodeCopyRows(const Batch& batch, size_t first, size_t flush_bytes,
                              CopyBuffer& out);

// The length of the header at the start of `data`, 0 when more bytes are needed, or an error
// when `data` is not a binary COPY stream.
Result<size_t> ParseCopyHeader(std::string_view data);

enum class CopyRow { kRow, kNeedMore, kEnd };

// Decodes the row at the start of `data` into `out` (one value per column, by the columns' types)
// and sets `consumed`. kNeedMore (nothing appended) when `data` holds no whole row; kEnd at the
// trailer.
Result<CopyRow> DecodeCopyRow(std::string_view data, Batch& out, size_t& consumed);

}  // namespace tdm::store::pg
