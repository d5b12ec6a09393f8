// RedisConnection: one hiredis connection to the database a redis:// target names.
//
// Open connects (5 s timeout), authenticates and selects the database; a server that cannot be
// reached or refuses the credentials is kUnavailable, with the URL redacted. Commands either run
// one at a time (Run) or are pipelined: Append queues any number, Receive reads their replies in
// order. A connection that lost its socket reports kUnavailable from then on; Reopen replaces it.
#pragma once

#include <hiredis/hiredis.h>

#include <functional>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/target.h"
#include "tdm/status.h"

namespace tdm::store {

struct RedisReplyDeleter {
  void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
using RedisReply = std::unique_ptr<redisReply, RedisReplyDeleter>;

inline std::string_view ReplyText(const redisReply& reply) { return {reply.str, reply.len}; }

class RedisConnection {
 public:
  static Result<RedisConnection> Open(const TargetUrl& url);

  RedisConnection(RedisConnection&&) = default;
  RedisConnection& operator=(RedisConnection&&) = default;

  const TargetUrl& url() const { return url_; }
  bool broken() const { return context_ == nullptr || context_->err != 0; }

  // Connects again when the socket was lost.
  Status Reopen();

  // Runs one command and waits for its reply; an error reply is kDatabaseError with its text.
  Result<RedisReply> Run(std::span<const std::string_view> args);
  Result<RedisReply> Run(std::initializer_list<std::string_view> args) {
    return Run(std::span<const std::string_view>(args.begin(), args.size()));
  }

  // Queues a command without waiting; its reply comes from Receive, in order. Arguments are copied.
  void Append(std::span<const std::string_view> args);
  void Append(std::initializer_list<std::string_view> args) {
    Append(std::span<const std::string_view>(args.begin(), args.size()));
  }
  // The next queued command's reply, error replies included (the caller decides what they mean).
  Result<RedisReply> Receive();

  // Calls `page` with each batch of keys matching the glob `pattern` (SCAN; a key may come twice).
  Status Scan(const std::string& pattern,
              const std::function<Status(const std::vector<std::string>&)>& page);

 private:
  struct ContextDeleter {
    void operator()(redisContext* context) const { redisFree(context); }
  };

  explicit RedisConnection(const TargetUrl& url) : url_(url) {}
  Status Lost() const;

  TargetUrl url_;
  std::unique_ptr<redisContext, ContextDeleter> context_;
  std::vector<const char*> argv_;
  std::vector<size_t> argv_len_;
};

}  // namespace tdm::store
