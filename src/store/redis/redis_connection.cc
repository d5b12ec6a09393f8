#include "store/redis/redis_connection.h"

#include <sys/time.h>

namespace tdm::store {
namespace {

constexpr timeval kConnectTimeout{5, 0};
// Per socket read or write; generous, since a large pipeline's replies arrive in one go.
constexpr timeval kCommandTimeout{120, 0};
constexpr char kScanCount[] = "1000";

}  // namespace

Result<RedisConnection> RedisConnection::Open(const TargetUrl& url) {
  RedisConnection connection(url);
  TDM_RETURN_IF_ERROR(connection.Reopen());
  return connection;
}

Status RedisConnection::Reopen() {
  argv_.clear();
  argv_len_.clear();
  auto refused = [&](std::string reason) {
    context_.reset();
    return Status(StatusCode::kUnavailable,
                  "cannot connect to " + url_.Redacted() + ": " + RedactSecrets(reason, url_));
  };
  context_.reset(redisConnectWithTimeout(url_.host.c_str(), url_.port, kConnectTimeout));
  if (context_ == nullptr) return refused("out of memory");
  if (context_->err != 0) return refused(context_->errstr);
  redisSetTimeout(context_.get(), kCommandTimeout);
  auto handshake = [&](std::initializer_list<std::string_view> args) -> Status {
    Result<RedisReply> reply = Run(args);
    return reply.ok() ? Status::Ok() : refused(reply.status().message());
  };
  if (!url_.password.empty()) {
    if (url_.user.empty()) {
      TDM_RETURN_IF_ERROR(handshake({"AUTH", url_.password}));
    } else {
      TDM_RETURN_IF_ERROR(handshake({"AUTH", url_.user, url_.password}));
    }
  }
  return handshake({"SELECT", url_.database});
}

Status RedisConnection::Lost() const {
  std::string reason = context_ == nullptr ? "not connected" : context_->errstr;
  return Status(StatusCode::kUnavailable,
                "lost the connection to " + url_.Redacted() + ": " + RedactSecrets(reason, url_));
}

Result<RedisReply> RedisConnection::Run(std::span<const std::string_view> args) {
  Append(args);
  TDM_ASSIGN_OR_RETURN(RedisReply reply, Receive());
  if (reply->type == REDIS_REPLY_ERROR) {
    return Status(StatusCode::kDatabaseError, RedactSecrets(std::string(ReplyText(*reply)), url_));
  }
  return reply;
}

void RedisConnection::Append(std::span<const std::string_view> args) {
  if (broken()) return;  // Receive reports it
  argv_.clear();
  argv_len_.clear();
  for (std::string_view arg : args) {
    argv_.push_back(arg.data());
    argv_len_.push_back(arg.size());
  }
  redisAppendCommandArgv(context_.get(), static_cast<int>(argv_.size()), argv_.data(),
                         argv_len_.data());
}

Result<RedisReply> RedisConnection::Receive() {
  if (broken()) return Lost();
  void* raw = nullptr;
  if (redisGetReply(context_.get(), &raw) != REDIS_OK || raw == nullptr) return Lost();
  return RedisReply(static_cast<redisReply*>(raw));
}

Status RedisConnection::Scan(const std::string& pattern,
                             const std::function<Status(const std::vector<std::string>&)>& page) {
  std::string cursor = "0";
  std::vector<std::string> keys;
  do {
    TDM_ASSIGN_OR_RETURN(RedisReply reply,
                         Run({"SCAN", cursor, "MATCH", pattern, "COUNT", kScanCount}));
    if (reply->type != REDIS_REPLY_ARRAY || reply->elements != 2 ||
        reply->element[0]->type != REDIS_REPLY_STRING ||
        reply->element[1]->type != REDIS_REPLY_ARRAY) {
      return Status(StatusCode::kDatabaseError, "SCAN returned an unexpected reply");
    }
    cursor = std::string(ReplyText(*reply->element[0]));
    const redisReply& found = *reply->element[1];
    keys.clear();
    for (size_t i = 0; i < found.elements; ++i) keys.emplace_back(ReplyText(*found.element[i]));
    if (!keys.empty()) TDM_RETURN_IF_ERROR(page(keys));
  } while (cursor != "0");
  return Status::Ok();
}

}  // namespace tdm::store
