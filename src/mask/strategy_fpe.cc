// fpe: format-preserving encryption (FF3-1 over AES-256, see ff3.h) of identifiers.
//
// Text: the digits of a value are encrypted as one radix-10 string (in chunks of FF3-1's maximum
// length), its letters as one radix-26 string with each position's case kept, and everything else
// stays where it was. Domains smaller than FF3-1 allows (fewer than six digits) use a keyed
// permutation of the whole domain instead. Letters fewer than five are kept: they carry format
// (an IBAN's country, a prefix) rather than identity. Integers keep their sign and their number of
// digits. Each part is a bijection for a fixed layout, so distinct values stay distinct.
#include <algorithm>
#include <limits>
#include <map>

#include "mask/ff3.h"
#include "mask/keyed_hash.h"
#include "mask/strategy.h"

namespace tdm::mask {
namespace {

constexpr int64_t kPow10[] = {1,
                              10,
                              100,
                              1000,
                              10000,
                              100000,
                              1000000,
                              10000000,
                              100000000,
                              1000000000,
                              10000000000,
                              100000000000,
                              1000000000000,
                              10000000000000,
                              100000000000000,
                              1000000000000000,
                              10000000000000000,
                              100000000000000000,
                              1000000000000000000};

class FpeMasker : public ColumnMasker {
 public:
  FpeMasker(const MaskRule& rule, Ff3Cipher digits, Ff3Cipher letters, ColumnType type)
      : hash_(rule.key), digits_(std::move(digits)), letters_(std::move(letters)), type_(type) {
    Digest t = hash_.Mac("fpe-tweak", "");
    std::copy_n(t.begin(), tweak_.size(), tweak_.begin());
  }

  Status Mask(const Column& in, size_t rows, Column& out) override {
    for (size_t r = 0; r < rows; ++r) {
      if (CopyNull(in, r, out)) continue;
      if (type_ == ColumnType::kInteger) {
        TDM_ASSIGN_OR_RETURN(int64_t v, EncryptInteger(in.GetInt(r)));
        out.AppendInt(v);
        continue;
      }
      TDM_RETURN_IF_ERROR(EncryptText(in.GetString(r), out.arena()));
      out.CommitString();
    }
    return Status::Ok();
  }

 private:
  // Encrypts numerals in place: FF3-1 in chunks, or the small-domain permutation.
  Status EncryptNumerals(const Ff3Cipher& cipher, uint8_t* p, size_t n) {
    if (n < cipher.min_length()) {
      uint64_t value = 0;
      for (size_t i = 0; i < n; ++i) value = value * cipher.radix() + p[i];
      value = Permutation(cipher.radix(), n, 0)[value];
      for (size_t i = n; i-- > 0; value /= cipher.radix())
        p[i] = static_cast<uint8_t>(value % cipher.radix());
      return Status::Ok();
    }
    size_t max = cipher.max_length();
    for (size_t start = 0, chunk = 0; start < n; start += max, ++chunk) {
      size_t len = std::min(max, n - start);
      if (len < cipher.min_length()) {  // a short tail: fold it into the previous chunk's range
        start = n - cipher.min_length();
        len = cipher.min_length();
      }
      auto tweak = tweak_;
      tweak[6] ^= static_cast<uint8_t>(chunk);
      TDM_RETURN_IF_ERROR(cipher.Encrypt(tweak, p + start, len));
    }
    return Status::Ok();
  }

  Status EncryptText(std::string_view text, std::string& out) {
    digit_buf_.clear();
    letter_buf_.clear();
    for (char c : text) {
      if (c >= '0' && c <= '9') digit_buf_.push_back(static_cast<uint8_t>(c - '0'));
      if (c >= 'a' && c <= 'z') letter_buf_.push_back(static_cast<uint8_t>(c - 'a'));
      if (c >= 'A' && c <= 'Z') letter_buf_.push_back(static_cast<uint8_t>(c - 'A'));
    }
    if (!digit_buf_.empty()) {
      TDM_RETURN_IF_ERROR(EncryptNumerals(digits_, digit_buf_.data(), digit_buf_.size()));
    }
    bool letters = letter_buf_.size() >= letters_.min_length();
    if (letters) {
      TDM_RETURN_IF_ERROR(EncryptNumerals(letters_, letter_buf_.data(), letter_buf_.size()));
    }
    size_t d = 0;
    size_t l = 0;
    for (char c : text) {
      if (c >= '0' && c <= '9') {
        out.push_back(static_cast<char>('0' + digit_buf_[d++]));
      } else if (letters && c >= 'a' && c <= 'z') {
        out.push_back(static_cast<char>('a' + letter_buf_[l++]));
      } else if (letters && c >= 'A' && c <= 'Z') {
        out.push_back(static_cast<char>('A' + letter_buf_[l++]));
      } else {
        out.push_back(c);
      }
    }
    return Status::Ok();
  }

  // The same number of digits, and the same sign. Cycle walking keeps the leading digit nonzero
  // (and the value inside int64), which keeps the map a bijection on each digit count.
  Result<int64_t> EncryptInteger(int64_t v) {
    if (v == std::numeric_limits<int64_t>::min()) return v;
    bool negative = v < 0;
    uint64_t size = negative ? static_cast<uint64_t>(-v) : static_cast<uint64_t>(v);
    size_t n = 1;
    while (n < 19 && size >= static_cast<uint64_t>(kPow10[n])) ++n;
    if (size >= static_cast<uint64_t>(kPow10[18])) n = 19;
    if (n == 1) return v;  // 0..9 carry no identity worth a table
    if (n < digits_.min_length()) {
      const std::vector<uint32_t>& perm = Permutation(10, n, 1);
      auto low = static_cast<uint64_t>(kPow10[n - 1]);
      auto moved = static_cast<int64_t>(low + perm[size - low]);
      return negative ? -moved : moved;
    }
    uint8_t p[19];
    for (size_t i = n; i-- > 0; size /= 10) p[i] = static_cast<uint8_t>(size % 10);
    while (true) {
      TDM_RETURN_IF_ERROR(digits_.Encrypt(tweak_, p, n));
      if (p[0] == 0) continue;
      uint64_t value = 0;
      bool fits = true;
      for (size_t i = 0; i < n; ++i) {
        if (value > (static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) - p[i]) / 10) {
          fits = false;
          break;
        }
        value = value * 10 + p[i];
      }
      if (fits) return negative ? -static_cast<int64_t>(value) : static_cast<int64_t>(value);
    }
  }

  // A keyed permutation of the radix^n values of length n (variant 1: only those without a
  // leading zero, shifted to start at 0), built once per length.
  const std::vector<uint32_t>& Permutation(unsigned radix, size_t n, int variant) {
    auto key = std::make_tuple(radix, n, variant);
    auto it = permutations_.find(key);
    if (it != permutations_.end()) return it->second;
    uint64_t size = 1;
    for (size_t i = 0; i < n; ++i) size *= radix;
    if (variant == 1) size -= size / radix;
    std::vector<uint32_t> perm(size);
    for (uint32_t i = 0; i < size; ++i) perm[i] = i;
    uint64_t state = hash_.Mac64("fpe-small", std::to_string(radix) + "/" + std::to_string(n) +
                                                  "/" + std::to_string(variant));
    for (uint64_t i = size - 1; i > 0; --i) {
      state += 0x9e3779b97f4a7c15ULL;  // splitmix64
      uint64_t z = state;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      z ^= z >> 31;
      std::swap(perm[i], perm[z % (i + 1)]);
    }
    return permutations_.emplace(key, std::move(perm)).first->second;
  }

  KeyedHash hash_;
  Ff3Cipher digits_;
  Ff3Cipher letters_;
  ColumnType type_;
  std::array<uint8_t, 7> tweak_{};
  std::vector<uint8_t> digit_buf_;
  std::vector<uint8_t> letter_buf_;
  std::map<std::tuple<unsigned, size_t, int>, std::vector<uint32_t>> permutations_;
};

Result<std::unique_ptr<ColumnMasker>> MakeFpe(const MaskRule& rule, const ColumnSchema& column) {
  if (column.type != ColumnType::kString && column.type != ColumnType::kInteger) {
    return Status(StatusCode::kSpecError, "fpe encrypts text and integers; column '" + column.name +
                                              "' is " + std::string(ColumnTypeName(column.type)));
  }
  Digest key = KeyedHash(rule.key).Mac("fpe-aes-256", "");
  std::string_view raw(reinterpret_cast<const char*>(key.data()), key.size());
  TDM_ASSIGN_OR_RETURN(Ff3Cipher digits, Ff3Cipher::Create(raw, 10));
  TDM_ASSIGN_OR_RETURN(Ff3Cipher letters, Ff3Cipher::Create(raw, 26));
  return std::unique_ptr<ColumnMasker>(
      new FpeMasker(rule, std::move(digits), std::move(letters), column.type));
}

}  // namespace

void AddFpeStrategy(std::vector<Strategy>& out) {
  out.push_back({"fpe",
                 "format-preserving encryption (FF3-1, AES-256): same shape, unique stays "
                 "unique",
                 true, false, MakeFpe});
}

}  // namespace tdm::mask
