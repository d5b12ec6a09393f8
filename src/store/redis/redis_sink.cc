#include "store/redis/redis_sink.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "store/redis/redis_layout.h"
#include "store/redis/redis_namespace.h"
#include "store/schema_json.h"

namespace tdm::store {
namespace {

// Rows whose commands are queued before their replies are read: large enough that round trips
// do not matter, small enough that the buffers stay at a few megabytes.
constexpr size_t kRowsPerRoundTrip = 4096;

class RedisSink final : public Sink {
 public:
  RedisSink(RedisConnection redis, std::string ns) : redis_(std::move(redis)), ns_(std::move(ns)) {}

  ~RedisSink() override {
    if (!done_) Abort();
  }

  Status BeginTable(const TableSchema& table) override {
    if (table_) return Status(StatusCode::kFailedPrecondition, "BeginTable before EndTable");
    TDM_RETURN_IF_ERROR(CheckTableName(table.name));
    for (const std::string& name : tables_) {
      if (name == table.name) {
        return Status(StatusCode::kInvalidArgument, "table '" + table.name + "' is loaded twice");
      }
    }
    primary_key_ = -1;
    for (size_t c = 0; c < table.columns.size(); ++c) {
      if (!table.columns[c].primary_key) continue;
      if (primary_key_ >= 0) {
        return Status(StatusCode::kInvalidArgument,
                      "table '" + table.name +
                          "' has a primary key of several columns; Redis keys each row by one");
      }
      primary_key_ = static_cast<int>(c);
    }
    tables_.push_back(table.name);
    std::string schema = SchemaToJson(table).dump();
    std::string names = nlohmann::json(tables_).dump();
    TDM_RETURN_IF_ERROR(Context(redis_
                                    .Run({"HSET", MetaKey(ns_), kTablesField, names,
                                          kSchemaFieldPrefix + table.name, schema})
                                    .status()));
    table_ = &table;
    ids_key_ = IdsKey(ns_, table.name);
    row_prefix_ = RowKeyPrefix(ns_, table.name);
    rows_ = 0;
    chunk_first_ = 0;
    return Status::Ok();
  }

  Status Write(const Batch& batch) override {
    if (!table_) return Status(StatusCode::kFailedPrecondition, "Write before BeginTable");
    for (size_t r = 0; r < batch.num_rows; ++r) {
      TDM_RETURN_IF_ERROR(QueueRow(batch, r));
      if (chunk_id_ends_.size() == kRowsPerRoundTrip) TDM_RETURN_IF_ERROR(Flush());
    }
    return Status::Ok();
  }

  Status EndTable() override {
    if (!table_) return Status(StatusCode::kFailedPrecondition, "EndTable before BeginTable");
    TDM_RETURN_IF_ERROR(Flush());
    table_ = nullptr;
    return Status::Ok();
  }

  Status Finish() override {
    if (done_) return Status(StatusCode::kFailedPrecondition, "Finish after Finish or Abort");
    if (table_) return Status(StatusCode::kFailedPrecondition, "Finish before EndTable");
    TDM_RETURN_IF_ERROR(
        Context(redis_.Run({"HSET", MetaKey(ns_), kStateField, kStateReady}).status()));
    done_ = true;
    return Status::Ok();
  }

  void Abort() override {
    if (done_) return;
    done_ = true;
    // Replies still owed to queued commands would be read as answers to the deletes; a new
    // connection has none. Abort cannot report a failure: the namespace then stays visible (its
    // state "loading"), and Drop removes it.
    if ((pending_hsets_ > 0 || redis_.broken()) && !redis_.Reopen().ok()) return;
    pending_hsets_ = 0;
    (void)DeleteNamespaceKeys(redis_, ns_);
  }

 private:
  // Queues HSET of the row's non-null values and adds its id to the chunk's ZADD.
  Status QueueRow(const Batch& batch, size_t r) {
    key_.assign(row_prefix_);
    if (primary_key_ >= 0) {
      const Column& key = batch.columns[static_cast<size_t>(primary_key_)];
      if (key.IsNull(r)) {
        return Status(StatusCode::kInvalidArgument, "row " + std::to_string(rows_ + 1) + " of '" +
                                                        table_->name +
                                                        "' has no primary key value");
      }
      AppendRedisValue(key, r, key_);
    } else {
      char buf[24];
      key_.append(buf, std::to_chars(buf, buf + sizeof buf, rows_ + 1).ptr);
    }
    chunk_ids_.append(key_, row_prefix_.size());
    chunk_id_ends_.push_back(chunk_ids_.size());

    values_.clear();
    ends_.clear();
    for (const Column& column : batch.columns) {
      if (!column.IsNull(r)) AppendRedisValue(column, r, values_);
      ends_.push_back(column.IsNull(r) ? kNull : values_.size());
    }
    args_.assign({"HSET", key_});
    size_t start = 0;
    for (size_t c = 0; c < ends_.size() && c < table_->columns.size(); ++c) {
      if (ends_[c] == kNull) continue;
      args_.push_back(table_->columns[c].name);
      args_.emplace_back(values_.data() + start, ends_[c] - start);
      start = ends_[c];
    }
    if (args_.size() > 2) {  // a row of nulls has no hash; reading it gives nulls all the same
      redis_.Append(args_);
      ++pending_hsets_;
    }
    ++rows_;
    return Status::Ok();
  }

  // The id of the chunk's row `i`.
  std::string_view ChunkId(size_t i) const {
    size_t begin = i == 0 ? 0 : chunk_id_ends_[i - 1];
    return std::string_view(chunk_ids_).substr(begin, chunk_id_ends_[i] - begin);
  }

  // Queues one ZADD NX of the chunk's ids (scored by row index) and reads every reply owed; the
  // first failure is the result. Fewer ids added than sent means a primary key repeats.
  Status Flush() {
    size_t count = chunk_id_ends_.size();
    if (count > 0) {
      scores_.clear();
      std::vector<size_t> score_ends;
      score_ends.reserve(count);
      for (size_t i = 0; i < count; ++i) {
        char buf[24];
        scores_.append(
            buf, std::to_chars(buf, buf + sizeof buf, chunk_first_ + static_cast<int64_t>(i)).ptr);
        score_ends.push_back(scores_.size());
      }
      args_.assign({"ZADD", ids_key_, "NX"});
      for (size_t i = 0; i < count; ++i) {
        size_t begin = i == 0 ? 0 : score_ends[i - 1];
        args_.push_back(std::string_view(scores_).substr(begin, score_ends[i] - begin));
        args_.push_back(ChunkId(i));
      }
      redis_.Append(args_);
    }
    Status first;
    for (size_t i = 0; i < pending_hsets_ + (count > 0 ? 1 : 0); ++i) {
      Result<RedisReply> reply = redis_.Receive();
      if (!reply.ok()) return Context(reply.status());  // the connection, and the rest, are gone
      const redisReply& r = **reply;
      if (!first.ok()) continue;
      if (r.type == REDIS_REPLY_ERROR) {
        first = Context(Status(StatusCode::kDatabaseError, std::string(ReplyText(r))));
      } else if (i == pending_hsets_ && r.type == REDIS_REPLY_INTEGER &&
                 r.integer != static_cast<long long>(count)) {
        first = RepeatedKey();
      }
    }
    pending_hsets_ = 0;
    chunk_first_ = rows_;
    chunk_ids_.clear();
    chunk_id_ends_.clear();
    return first;
  }

  // Names the first row of the chunk whose id already had another row's score.
  Status RepeatedKey() {
    for (size_t i = 0; i < chunk_id_ends_.size(); ++i) {
      redis_.Append({"ZSCORE", ids_key_, ChunkId(i)});
    }
    int64_t repeated = -1;
    for (size_t i = 0; i < chunk_id_ends_.size(); ++i) {
      Result<RedisReply> reply = redis_.Receive();
      if (!reply.ok()) return Context(reply.status());
      int64_t row = chunk_first_ + static_cast<int64_t>(i);
      if (repeated < 0 && ReplyText(**reply) != std::to_string(row)) repeated = row;
    }
    return Status(StatusCode::kInvalidArgument,
                  (repeated < 0 ? "a row" : "row " + std::to_string(repeated + 1)) + " of '" +
                      table_->name + "' repeats the primary key of an earlier row");
  }

  Status Context(const Status& status) const {
    if (status.ok()) return status;
    return status.WithContext("loading Redis namespace '" + ns_ + "'");
  }

  static constexpr size_t kNull = static_cast<size_t>(-1);

  RedisConnection redis_;
  std::string ns_;
  std::vector<std::string> tables_;     // begun so far, in order
  const TableSchema* table_ = nullptr;  // between BeginTable and EndTable
  int primary_key_ = -1;                // column, or -1 for row numbers
  std::string ids_key_;
  std::string row_prefix_;
  int64_t rows_ = 0;          // rows of the current table so far
  size_t pending_hsets_ = 0;  // HSETs queued whose replies are not read yet
  int64_t chunk_first_ = 0;   // the first row whose id is not in the ids set yet
  std::string chunk_ids_;     // the ids of the rows from chunk_first_ on, back to back
  std::vector<size_t> chunk_id_ends_;
  std::string scores_;
  std::string key_;           // the current row's key
  std::string values_;        // the current row's values, back to back
  std::vector<size_t> ends_;  // per column: end of its value in values_, or kNull
  std::vector<std::string_view> args_;
  bool done_ = false;
};

}  // namespace

Result<std::unique_ptr<Sink>> OpenRedisSink(RedisConnection redis, const std::string& ns) {
  TDM_RETURN_IF_ERROR(CheckNamespaceName(ns));
  std::string meta = MetaKey(ns);
  TDM_ASSIGN_OR_RETURN(RedisReply claimed, redis.Run({"HSETNX", meta, kStateField, kStateLoading}));
  if (claimed->type != REDIS_REPLY_INTEGER || claimed->integer != 1) {
    return Status(StatusCode::kFailedPrecondition,
                  "Redis namespace '" + ns + "' already exists; refusing to overwrite it");
  }
  auto sink = std::make_unique<RedisSink>(std::move(redis), ns);
  return std::unique_ptr<Sink>(std::move(sink));
}

}  // namespace tdm::store
