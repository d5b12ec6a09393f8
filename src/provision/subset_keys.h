// The key sets a subset is computed with (subset.h): kept values of one column, the n smallest
// keys of a root, and row numbers by value for tables held in memory. Integer-like values are
// compared as int64, text as its bytes. Internal to subset.cc.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <functional>
#include <optional>
#include <queue>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/batch.h"

namespace tdm::provision::subset_keys {

struct TextHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// Calls fn(int64_t) or fn(std::string_view) with the comparable form of a non-null value:
// integer-like values as themselves, text as its bytes. Doubles only appear in odd schemas: an
// integral one matches the integer, any other its shortest decimal text.
template <typename Fn>
auto VisitKey(const Column& column, size_t row, Fn&& fn) {
  if (column.physical() == PhysicalType::kInt64) return fn(column.GetInt(row));
  if (column.physical() == PhysicalType::kString) return fn(column.GetString(row));
  double d = column.GetDouble(row);
  if (std::trunc(d) == d && std::fabs(d) < 9.2e18) return fn(static_cast<int64_t>(d));
  char text[32];
  char* end = std::to_chars(text, text + sizeof text, d).ptr;
  return fn(std::string_view(text, static_cast<size_t>(end - text)));
}

inline const Column* ColumnNamed(const Batch& batch, const std::string& name) {
  int c = batch.schema->FindColumn(name);
  return c < 0 ? nullptr : &batch.columns[static_cast<size_t>(c)];
}

// Row numbers by the value of one column, for rows held in memory.
class KeyIndex {
 public:
  void Add(const Column& column, size_t row) {
    if (column.IsNull(row)) return;
    VisitKey(column, row, [&](auto key) { Put(key, row); });
  }
  // The row whose indexed value equals the value at `row` of `column` (not null).
  std::optional<size_t> Find(const Column& column, size_t row) const {
    return VisitKey(column, row, [&](auto key) { return Get(key); });
  }

 private:
  void Put(int64_t key, size_t row) { ints_.emplace(key, row); }
  void Put(std::string_view key, size_t row) { texts_.emplace(std::string(key), row); }
  template <typename Map, typename Key>
  static std::optional<size_t> Lookup(const Map& map, const Key& key) {
    auto it = map.find(key);
    return it == map.end() ? std::nullopt : std::optional<size_t>(it->second);
  }
  std::optional<size_t> Get(int64_t key) const { return Lookup(ints_, key); }
  std::optional<size_t> Get(std::string_view key) const { return Lookup(texts_, key); }

  std::unordered_map<int64_t, size_t> ints_;
  std::unordered_map<std::string, size_t, TextHash, std::equal_to<>> texts_;
};

// Keeps the n smallest values offered.
template <typename T>
class Smallest {
 public:
  explicit Smallest(size_t n) : n_(n) {}
  template <typename V>
  void Offer(const V& value) {
    if (heap_.size() == n_ && !(value < heap_.top())) return;
    heap_.emplace(value);
    if (heap_.size() > n_) heap_.pop();
  }
  std::priority_queue<T>& heap() { return heap_; }

 private:
  size_t n_;
  std::priority_queue<T> heap_;
};

// The kept values of one column of one table.
class KeySet {
 public:
  // Adds the value at `row` (a null is ignored); true when it was not there yet.
  bool Insert(const Column& column, size_t row) {
    if (column.IsNull(row)) return false;
    return VisitKey(column, row, [this](auto key) { return Add(key); });
  }
  // Whether the value at `row` (not null) is kept.
  bool Contains(const Column& column, size_t row) const {
    return VisitKey(column, row, [this](auto key) { return Has(key); });
  }
  bool Add(int64_t key) { return ints_.insert(key).second; }
  bool Add(std::string_view key) { return !Has(key) && texts_.emplace(key).second; }

 private:
  bool Has(int64_t key) const { return ints_.contains(key); }
  bool Has(std::string_view key) const { return texts_.contains(key); }

  std::unordered_set<int64_t> ints_;
  std::unordered_set<std::string, TextHash, std::equal_to<>> texts_;
};

}  // namespace tdm::provision::subset_keys
