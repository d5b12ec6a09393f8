// KeyedPermutation: a bijection on [0, n) chosen by a key, computed without tables.
//
// Unique columns take their value from the permuted row index, so rows stay unique whichever shard
// or batch produces them and no "seen" set is needed. A balanced Feistel network permutes the
// smallest power of four covering n; values that land outside [0, n) are re-encrypted (cycle
// walking) until they fall inside, which takes fewer than four rounds on average.
#pragma once

#include <cstdint>

namespace tdm::gen {

class KeyedPermutation {
 public:
  KeyedPermutation() = default;
  KeyedPermutation(uint64_t domain_size, uint64_t key);

  uint64_t domain_size() const { return domain_size_; }

  // The image of x, for x < domain_size().
  uint64_t Apply(uint64_t x) const;

 private:
  uint64_t Encrypt(uint64_t x) const;

  uint64_t domain_size_ = 1;
  int half_bits_ = 1;
  uint64_t half_mask_ = 1;
  uint64_t round_keys_[4] = {};
};

}  // namespace tdm::gen
