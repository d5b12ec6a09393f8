#include "gen/permutation.h"

#include "gen/rng.h"

namespace tdm::gen {

KeyedPermutation::KeyedPermutation(uint64_t domain_size, uint64_t key)
    : domain_size_(domain_size == 0 ? 1 : domain_size) {
  int bits = 2;
  while (bits < 64 && (uint64_t{1} << bits) < domain_size_) bits += 2;
  half_bits_ = bits / 2;
  half_mask_ = (uint64_t{1} << half_bits_) - 1;
  uint64_t k = key;
  for (uint64_t& rk : round_keys_) {
    k = Mix64(k + 0x9e3779b97f4a7c15ULL);
    rk = k;
  }
}

uint64_t KeyedPermutation::Encrypt(uint64_t x) const {
  uint64_t left = x >> half_bits_;
  uint64_t right = x & half_mask_;
  for (uint64_t rk : round_keys_) {
    uint64_t f = Mix64(right ^ rk) & half_mask_;
    uint64_t next_right = left ^ f;
    left = right;
    right = next_right;
  }
  return (left << half_bits_) | right;
}

uint64_t KeyedPermutation::Apply(uint64_t x) const {
  uint64_t y = Encrypt(x);
  while (y >= domain_size_) y = Encrypt(y);
  return y;
}

}  // namespace tdm::gen
