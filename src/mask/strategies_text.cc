// hash, redact, null and partial: the strategies that need no generator or cipher.
#include <charconv>
#include <cstring>

#include "core/time_format.h"
#include "mask/keyed_hash.h"
#include "mask/strategy.h"

namespace tdm::mask {
namespace {

bool IsAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

Status Unsupported(const MaskRule& rule, const ColumnSchema& column, std::string_view instead) {
  return {StatusCode::kSpecError, "'" + rule.strategy + "' cannot mask column '" + column.name +
                                      "' of type " + std::string(ColumnTypeName(column.type)) +
                                      "; " + std::string(instead)};
}

// Replaces every letter and digit of `text` except the last `shown` by what `fill(i)` gives for
// the i-th hidden one (its index among the hidden characters), keeping everything else.
template <typename Fill>
void MaskKeepingLast(std::string_view text, int shown, Fill fill, std::string& out) {
  size_t alnum = 0;
  for (char c : text) alnum += IsAlnum(c) ? 1 : 0;
  size_t hide = alnum > static_cast<size_t>(shown) ? alnum - static_cast<size_t>(shown) : 0;
  size_t seen = 0;
  for (char c : text) {
    if (IsAlnum(c) && seen < hide) {
      out.push_back(fill(seen, c));
      ++seen;
    } else {
      out.push_back(c);
    }
  }
}

class HashMasker : public ColumnMasker {
 public:
  HashMasker(const MaskRule& rule, ColumnType type, bool keep_last)
      : hash_(rule.key), rule_(rule), type_(type), keep_last_(keep_last) {}

  Status Mask(const Column& in, size_t rows, Column& out) override {
    for (size_t r = 0; r < rows; ++r) {
      if (CopyNull(in, r, out)) continue;
      scratch_.clear();
      AppendCanonical(in, r, scratch_);
      Digest d = hash_.Mac(scratch_);
      if (type_ == ColumnType::kInteger) {
        out.AppendInt(static_cast<int64_t>(First64(d) >> 1));
        continue;
      }
      std::string& arena = out.arena();
      if (keep_last_) {
        // A consistent pseudonym in the original's layout: hidden digits become digits of the
        // digest, hidden letters letters of it, and the last characters stay as they were.
        MaskKeepingLast(
            scratch_, rule_.show_last,
            [&](size_t i, char c) {
              uint8_t b = d[i % d.size()] ^ static_cast<uint8_t>(i / d.size() * 131);
              if (c >= '0' && c <= '9') return static_cast<char>('0' + b % 10);
              return static_cast<char>((c >= 'a' ? 'a' : 'A') + b % 26);
            },
            arena);
      } else if (type_ == ColumnType::kUuid) {
        d[6] = static_cast<uint8_t>((d[6] & 0x0f) | 0x40);  // version 4
        d[8] = static_cast<uint8_t>((d[8] & 0x3f) | 0x80);  // RFC 4122 variant
        std::string hex;
        AppendHex(d, 16, hex);
        arena.append(hex, 0, 8).append("-").append(hex, 8, 4).append("-").append(hex, 12, 4);
        arena.append("-").append(hex, 16, 4).append("-").append(hex, 20, 12);
      } else if (type_ == ColumnType::kObjectId) {
        AppendHex(d, 12, arena);
      } else {
        size_t chars = rule_.length > 0 ? static_cast<size_t>(rule_.length) : 64;
        size_t start = arena.size();
        AppendHex(d, (chars + 1) / 2, arena);
        arena.resize(start + chars);
      }
      out.CommitString();
    }
    return Status::Ok();
  }

 private:
  KeyedHash hash_;
  MaskRule rule_;
  ColumnType type_;
  bool keep_last_;
  std::string scratch_;
};

Result<std::unique_ptr<ColumnMasker>> MakeHash(const MaskRule& rule, const ColumnSchema& column) {
  bool keep_last = rule.show_last > 0 && column.type == ColumnType::kString;
  switch (column.type) {
    case ColumnType::kString:
    case ColumnType::kUuid:
    case ColumnType::kObjectId:
    case ColumnType::kInteger:
      break;
    default:
      return Unsupported(rule, column, "use noise for numbers and dates");
  }
  if (rule.length < 0 || rule.length > 64) {
    return Status(StatusCode::kSpecError, "hash `length` must be between 1 and 64");
  }
  if ((column.unique || column.primary_key) && rule.length > 0 && rule.length < 16) {
    return Status(StatusCode::kSpecError,
                  "column '" + column.name + "' is unique; a hash shorter than 16 characters " +
                      "could repeat values, so set `length:` to 16 or more");
  }
  return std::unique_ptr<ColumnMasker>(new HashMasker(rule, column.type, keep_last));
}

class ConstantMasker : public ColumnMasker {
 public:
  ConstantMasker(ColumnType type, std::string text, int64_t integer, double real, bool null)
      : type_(type), text_(std::move(text)), integer_(integer), real_(real), null_(null) {}

  Status Mask(const Column& in, size_t rows, Column& out) override {
    for (size_t r = 0; r < rows; ++r) {
      if (null_ || in.IsNull(r)) {
        out.AppendNull();
      } else if (PhysicalTypeOf(type_) == PhysicalType::kInt64) {
        out.AppendInt(integer_);
      } else if (PhysicalTypeOf(type_) == PhysicalType::kDouble) {
        out.AppendDouble(real_);
      } else {
        out.AppendString(text_);
      }
    }
    return Status::Ok();
  }

 private:
  ColumnType type_;
  std::string text_;
  int64_t integer_;
  double real_;
  bool null_;
};

Result<std::unique_ptr<ColumnMasker>> MakeRedact(const MaskRule& rule, const ColumnSchema& column) {
  if (column.unique || column.primary_key) {
    return Status(StatusCode::kSpecError,
                  "column '" + column.name +
                      "' is unique, and redact gives every row the same value; use hash, fpe or "
                      "anonymize");
  }
  std::string text = rule.replacement.value_or("");
  int64_t integer = 0;
  double real = 0;
  auto bad = [&](std::string_view what) {
    return Status(StatusCode::kSpecError,
                  "the replacement for column '" + column.name + "' must be " + std::string(what));
  };
  switch (column.type) {
    case ColumnType::kString:
      if (!rule.replacement) text = "REDACTED";
      break;
    case ColumnType::kUuid:
      if (!rule.replacement) text = "00000000-0000-0000-0000-000000000000";
      break;
    case ColumnType::kObjectId:
      if (!rule.replacement) text = std::string(24, '0');
      break;
    case ColumnType::kInteger:
    case ColumnType::kBoolean:
      if (rule.replacement) {
        auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), integer);
        if (ec != std::errc() || p != text.data() + text.size()) return bad("an integer");
      }
      break;
    case ColumnType::kFloat:
      if (rule.replacement) {
        auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), real);
        if (ec != std::errc() || p != text.data() + text.size()) return bad("a number");
      }
      break;
    case ColumnType::kDate:
      if (rule.replacement) {
        auto days = ParseDate(text);
        if (!days) return bad("a date (YYYY-MM-DD)");
        integer = *days;
      }
      break;
    case ColumnType::kDateTime:
      if (rule.replacement) {
        auto micros = ParseDateTime(text);
        if (!micros) return bad("a datetime (YYYY-MM-DDTHH:MM:SSZ)");
        integer = *micros;
      }
      break;
  }
  return std::unique_ptr<ColumnMasker>(new ConstantMasker(column.type, text, integer, real, false));
}

Result<std::unique_ptr<ColumnMasker>> MakeNull(const MaskRule&, const ColumnSchema& column) {
  return std::unique_ptr<ColumnMasker>(new ConstantMasker(column.type, "", 0, 0, true));
}

class PartialMasker : public ColumnMasker {
 public:
  explicit PartialMasker(int shown) : shown_(shown) {}

  Status Mask(const Column& in, size_t rows, Column& out) override {
    for (size_t r = 0; r < rows; ++r) {
      if (CopyNull(in, r, out)) continue;
      MaskKeepingLast(
          in.GetString(r), shown_, [](size_t, char) { return 'x'; }, out.arena());
      out.CommitString();
    }
    return Status::Ok();
  }

 private:
  int shown_;
};

Result<std::unique_ptr<ColumnMasker>> MakePartial(const MaskRule& rule,
                                                  const ColumnSchema& column) {
  if (column.type != ColumnType::kString) {
    return Unsupported(rule, column, "partial masks text");
  }
  if (column.unique || column.primary_key) {
    return Status(StatusCode::kSpecError,
                  "column '" + column.name +
                      "' is unique, and partial keeps only its last characters, so values would "
                      "repeat; use fpe (or hash with show_last_4)");
  }
  return std::unique_ptr<ColumnMasker>(new PartialMasker(rule.show_last > 0 ? rule.show_last : 4));
}

}  // namespace

void AddTextStrategies(std::vector<Strategy>& out) {
  out.push_back(
      {"hash", "HMAC-SHA256 of the value under the rule's key, as hex", true, false, MakeHash});
  out.push_back({"redact", "one fixed replacement for every value", false, false, MakeRedact});
  out.push_back({"null", "NULL", false, true, MakeNull});
  out.push_back(
      {"partial", "x for every letter and digit but the last four", false, false, MakePartial});
}

}  // namespace tdm::mask
