// OutputBuffer: the writers' staging area between formatted text and an std::ostream.
//
// Writers append a row at a time to text() and call MaybeFlush() after each row; the buffer goes
// to the stream in chunks of about kChunkBytes, so the stream sees few, large writes.
#pragma once

#include <ostream>
#include <string>

#include "tdm/status.h"

namespace tdm::store {

class OutputBuffer {
 public:
  static constexpr size_t kChunkBytes = size_t{1} << 20;

  explicit OutputBuffer(std::ostream& out) : out_(out) { text_.reserve(kChunkBytes + (64 << 10)); }

  std::string& text() { return text_; }

  Status MaybeFlush() { return text_.size() >= kChunkBytes ? Flush() : Status::Ok(); }

  // Hands the buffered text to the stream and flushes the stream.
  Status Flush() {
    if (!text_.empty()) out_.write(text_.data(), static_cast<std::streamsize>(text_.size()));
    text_.clear();
    out_.flush();
    if (!out_) return Status(StatusCode::kIoError, "writing the output failed");
    return Status::Ok();
  }

  // Drops what has not reached the stream yet.
  void Discard() { text_.clear(); }

 private:
  std::ostream& out_;
  std::string text_;
};

}  // namespace tdm::store
