#include "store/redis/redis_database.h"

#include <algorithm>

#include "store/file/filtered_source.h"
#include "store/projected_source.h"
#include "store/redis/redis_connection.h"
#include "store/redis/redis_delete.h"
#include "store/redis/redis_layout.h"
#include "store/redis/redis_namespace.h"
#include "store/redis/redis_sink.h"
#include "store/redis/redis_source.h"

namespace tdm::store {
namespace {

constexpr char kProbeField[] = "probe";

bool IsInteger(const redisReply& reply, long long value) {
  return reply.type == REDIS_REPLY_INTEGER && reply.integer == value;
}

class RedisDatabase final : public Database {
 public:
  explicit RedisDatabase(RedisConnection redis) : redis_(std::move(redis)) {}

  const TargetUrl& url() const override { return redis_.url(); }

  bool has_indexes() const override { return false; }

  Status Ping() override {
    TDM_RETURN_IF_ERROR(Reconnect());
    return redis_.Run({"PING"}).status();
  }

  Result<std::unique_ptr<Sink>> Create(const std::string& ns) override {
    TDM_RETURN_IF_ERROR(CheckNamespaceName(ns));
    TDM_ASSIGN_OR_RETURN(RedisConnection redis, RedisConnection::Open(url()));
    return OpenRedisSink(std::move(redis), ns);
  }

  Result<bool> Exists(const std::string& ns) override {
    TDM_RETURN_IF_ERROR(CheckNamespaceName(ns));
    TDM_RETURN_IF_ERROR(Reconnect());
    TDM_ASSIGN_OR_RETURN(RedisReply reply, redis_.Run({"EXISTS", MetaKey(ns)}));
    return IsInteger(*reply, 1);
  }

  Status Drop(const std::string& ns) override {
    TDM_RETURN_IF_ERROR(Reconnect());
    return DeleteNamespaceKeys(redis_, ns);
  }

  // The meta key moves first: RENAMENX claims `to` atomically, so a namespace that appeared
  // meanwhile is never overwritten. The row keys follow, a SCAN page per pipeline.
  Status Rename(const std::string& from, const std::string& to) override {
    TDM_RETURN_IF_ERROR(CheckNamespaceName(from));
    TDM_RETURN_IF_ERROR(CheckNamespaceName(to));
    TDM_RETURN_IF_ERROR(Reconnect());
    TDM_ASSIGN_OR_RETURN(bool target_exists, Exists(to));
    if (target_exists) return AlreadyExists(to);
    TDM_ASSIGN_OR_RETURN(bool source_exists, Exists(from));
    if (!source_exists) {
      return Status(StatusCode::kNotFound, "namespace '" + from + "' does not exist");
    }
    TDM_ASSIGN_OR_RETURN(RedisReply meta, redis_.Run({"RENAMENX", MetaKey(from), MetaKey(to)}));
    if (!IsInteger(*meta, 1)) return AlreadyExists(to);
    int64_t clashes = 0;
    Status status = redis_.Scan(EscapeGlob(from) + ":*", [&](const std::vector<std::string>& keys) {
      for (const std::string& key : keys) {
        redis_.Append({"RENAMENX", key, to + key.substr(from.size())});
      }
      Status first;
      for (size_t i = 0; i < keys.size(); ++i) {
        TDM_ASSIGN_OR_RETURN(RedisReply reply, redis_.Receive());
        if (reply->type == REDIS_REPLY_ERROR && first.ok()) {
          first = Status(StatusCode::kDatabaseError, std::string(ReplyText(*reply)));
        } else if (IsInteger(*reply, 0)) {
          ++clashes;
        }
      }
      return first;
    });
    if (status.ok() && clashes > 0) {
      status =
          Status(StatusCode::kDatabaseError, std::to_string(clashes) +
                                                 " keys were left behind because keys of the same "
                                                 "name already existed under the new name");
    }
    if (!status.ok()) return status.WithContext("renaming '" + from + "' to '" + to + "'");
    return Status::Ok();
  }

  Result<std::vector<std::string>> List(std::string_view prefix) override {
    TDM_RETURN_IF_ERROR(Reconnect());
    constexpr std::string_view kSuffix = ":_meta";
    std::vector<std::string> names;
    TDM_RETURN_IF_ERROR(redis_.Scan(EscapeGlob(prefix) + "*" + std::string(kSuffix),
                                    [&](const std::vector<std::string>& keys) {
                                      for (const std::string& key : keys) {
                                        std::string ns = key.substr(0, key.size() - kSuffix.size());
                                        if (CheckNamespaceName(ns).ok())
                                          names.push_back(std::move(ns));  // not a row key
                                      }
                                      return Status::Ok();
                                    }));
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());  // SCAN may repeat keys
    return names;
  }

  Result<std::vector<TableSchema>> Describe(const std::string& ns) override {
    TDM_RETURN_IF_ERROR(CheckNamespaceName(ns));
    TDM_RETURN_IF_ERROR(Reconnect());
    TDM_ASSIGN_OR_RETURN(RedisNamespace space, ReadNamespace(redis_, ns));
    return std::move(space.tables);
  }

  Result<std::unique_ptr<Source>> Read(const std::string& ns, const ReadQuery& query) override {
    return ProjectColumns(ReadRows(ns, query), query.columns);
  }

  // Every column of the rows `query` selects.
  Result<std::unique_ptr<Source>> ReadRows(const std::string& ns, const ReadQuery& query) {
    TDM_RETURN_IF_ERROR(CheckNamespaceName(ns));
    TDM_RETURN_IF_ERROR(Reconnect());
    TDM_ASSIGN_OR_RETURN(RedisNamespace space, ReadNamespace(redis_, ns));
    TDM_ASSIGN_OR_RETURN(size_t index, FindTable(space, ns, query.table));
    std::vector<ColumnFilter> filters = query.filters;
    TDM_RETURN_IF_ERROR(ResolveFilters(space.tables[index], filters));
    TDM_ASSIGN_OR_RETURN(RedisConnection redis, RedisConnection::Open(url()));
    return FilterRows(OpenRedisSource(std::move(redis), ns, std::move(space.tables[index])),
                      filters, query.limit);
  }

  Result<int64_t> CountRows(const std::string& ns, const std::string& table) override {
    TDM_RETURN_IF_ERROR(CheckNamespaceName(ns));
    TDM_RETURN_IF_ERROR(Reconnect());
    TDM_ASSIGN_OR_RETURN(RedisNamespace space, ReadNamespace(redis_, ns));
    TDM_RETURN_IF_ERROR(FindTable(space, ns, table).status());
    TDM_ASSIGN_OR_RETURN(RedisReply count, redis_.Run({"ZCARD", IdsKey(ns, table)}));
    return static_cast<int64_t>(count->integer);
  }

  // A probe hash is written, read, updated and deleted; then the first row of `table` is read and
  // written back with its own values (HSET reports no new field when nothing changed).
  Status CrudProbe(const std::string& ns, const TableSchema& table) override {
    TDM_RETURN_IF_ERROR(CheckNamespaceName(ns));
    TDM_RETURN_IF_ERROR(Reconnect());
    TDM_ASSIGN_OR_RETURN(RedisNamespace space, ReadNamespace(redis_, ns));
    TDM_RETURN_IF_ERROR(FindTable(space, ns, table.name).status());
    std::string probe = ProbeKey(ns);
    Status status = redis_.Run({"HSET", probe, kProbeField, "probe"}).status();
    if (status.ok()) {
      Result<RedisReply> read = redis_.Run({"HGET", probe, kProbeField});
      status = read.status();
      if (status.ok() && ReplyText(**read) != "probe") {
        status = Status(StatusCode::kDatabaseError, "the probe key did not read back");
      }
    }
    if (status.ok()) status = redis_.Run({"HSET", probe, kProbeField, "probed"}).status();
    Status deleted = redis_.Run({"DEL", probe}).status();
    TDM_RETURN_IF_ERROR(status.WithContext("probing '" + ns + "'"));
    TDM_RETURN_IF_ERROR(deleted.WithContext("probing '" + ns + "'"));

    TDM_ASSIGN_OR_RETURN(RedisReply first,
                         redis_.Run({"ZRANGE", IdsKey(ns, table.name), "0", "0"}));
    if (first->type != REDIS_REPLY_ARRAY || first->elements == 0) return Status::Ok();
    std::string key = RowKeyPrefix(ns, table.name) + std::string(ReplyText(*first->element[0]));
    TDM_ASSIGN_OR_RETURN(RedisReply row, redis_.Run({"HGETALL", key}));
    if (row->type != REDIS_REPLY_ARRAY || row->elements == 0) return Status::Ok();
    std::vector<std::string_view> args = {"HSET", key};
    for (size_t i = 0; i < row->elements; ++i) args.push_back(ReplyText(*row->element[i]));
    TDM_ASSIGN_OR_RETURN(RedisReply rewritten, redis_.Run(args));
    if (!IsInteger(*rewritten, 0)) {
      return Status(StatusCode::kDatabaseError,
                    "rewriting the first row of '" + table.name + "' added fields");
    }
    return Status::Ok();
  }

  Result<int64_t> DeleteRows(const std::string& ns, const std::string& table,
                             const std::vector<ColumnFilter>& filters) override {
    TDM_RETURN_IF_ERROR(Reconnect());
    return DeleteRedisRows(redis_, ns, table, filters);
  }

  std::string Endpoint(const std::string& ns) const override {
    const TargetUrl& u = url();
    std::string host = u.host.find(':') != std::string::npos ? "[" + u.host + "]" : u.host;
    return "redis://" + host + ":" + std::to_string(u.port) + "/" + u.database + "?prefix=" + ns +
           ":";
  }

 private:
  Status Reconnect() { return redis_.broken() ? redis_.Reopen() : Status::Ok(); }

  static Status AlreadyExists(const std::string& ns) {
    return Status(StatusCode::kFailedPrecondition, "Redis namespace '" + ns + "' already exists");
  }

  RedisConnection redis_;
};

}  // namespace

Result<std::unique_ptr<Database>> OpenRedisDatabase(const TargetUrl& url) {
  TDM_ASSIGN_OR_RETURN(RedisConnection redis, RedisConnection::Open(url));
  return std::unique_ptr<Database>(new RedisDatabase(std::move(redis)));
}

}  // namespace tdm::store
