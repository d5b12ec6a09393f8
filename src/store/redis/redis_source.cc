#include "store/redis/redis_source.h"

#include <algorithm>

#include "store/redis/redis_layout.h"

namespace tdm::store {
namespace {

constexpr size_t kRowsPerRoundTrip = 2048;

class RedisSource final : public Source {
 public:
  RedisSource(RedisConnection redis, const std::string& ns, TableSchema table)
      : redis_(std::move(redis)),
        schema_(std::move(table)),
        ids_key_(IdsKey(ns, schema_.name)),
        row_prefix_(RowKeyPrefix(ns, schema_.name)) {}

  const TableSchema& schema() const override { return schema_; }

  Result<bool> Next(Batch& out, size_t max_rows) override {
    out.Reset(schema_, next_row_, 0);
    while (out.num_rows < max_rows) {
      if (cursor_ == rows_.size()) {
        if (done_) break;
        TDM_RETURN_IF_ERROR(Fetch(std::min(kRowsPerRoundTrip, max_rows - out.num_rows)));
        continue;
      }
      TDM_RETURN_IF_ERROR(AppendRow(rows_[cursor_++].get(), out));
      ++out.num_rows;
    }
    next_row_ += static_cast<int64_t>(out.num_rows);
    return out.num_rows > 0;
  }

 private:
  // Reads the next `count` ids and their rows into rows_.
  Status Fetch(size_t count) {
    rows_.clear();
    cursor_ = 0;
    std::string first = std::to_string(rank_);
    std::string last = std::to_string(rank_ + static_cast<int64_t>(count) - 1);
    TDM_ASSIGN_OR_RETURN(RedisReply ids, redis_.Run({"ZRANGE", ids_key_, first, last}));
    if (ids->type != REDIS_REPLY_ARRAY) return Malformed("its id set is not a sorted set");
    rank_ += static_cast<int64_t>(ids->elements);
    done_ = ids->elements < count;
    if (schema_.columns.empty()) {  // nothing to read but the number of rows
      rows_.resize(ids->elements);
      return Status::Ok();
    }
    if (args_.empty()) {
      args_ = {"HMGET", ""};
      for (const ColumnSchema& column : schema_.columns) args_.push_back(column.name);
    }
    for (size_t i = 0; i < ids->elements; ++i) {
      key_.assign(row_prefix_);
      key_.append(ReplyText(*ids->element[i]));
      args_[1] = key_;
      redis_.Append(args_);
    }
    for (size_t i = 0; i < ids->elements; ++i) {
      TDM_ASSIGN_OR_RETURN(RedisReply row, redis_.Receive());
      rows_.push_back(std::move(row));
    }
    return Status::Ok();
  }

  Status AppendRow(const redisReply* row, Batch& out) {
    if (schema_.columns.empty()) return Status::Ok();
    if (row->type != REDIS_REPLY_ARRAY || row->elements != schema_.columns.size()) {
      return Malformed(row->type == REDIS_REPLY_ERROR ? std::string(ReplyText(*row))
                                                      : "a row is not a hash");
    }
    for (size_t c = 0; c < schema_.columns.size(); ++c) {
      const redisReply& value = *row->element[c];
      if (value.type == REDIS_REPLY_NIL) {
        out.columns[c].AppendNull();
      } else if (value.type != REDIS_REPLY_STRING ||
                 !ParseRedisValue(ReplyText(value), out.columns[c])) {
        const ColumnSchema& column = schema_.columns[c];
        return Malformed("a value of '" + column.name + "' is not a valid " +
                         std::string(ColumnTypeName(column.type)));
      }
    }
    return Status::Ok();
  }

  Status Malformed(const std::string& what) const {
    return Status(StatusCode::kDatabaseError, "reading '" + schema_.name + "' from Redis: " + what);
  }

  RedisConnection redis_;
  TableSchema schema_;
  std::string ids_key_;
  std::string row_prefix_;
  int64_t rank_ = 0;              // of the next id to fetch
  std::vector<RedisReply> rows_;  // HMGET replies fetched, returned up to cursor_
  size_t cursor_ = 0;
  bool done_ = false;
  int64_t next_row_ = 0;
  std::string key_;
  std::vector<std::string_view> args_;  // HMGET <key> <column names>
};

}  // namespace

std::unique_ptr<Source> OpenRedisSource(RedisConnection redis, const std::string& ns,
                                        TableSchema table) {
  return std::make_unique<RedisSource>(std::move(redis), ns, std::move(table));
}

}  // namespace tdm::store
