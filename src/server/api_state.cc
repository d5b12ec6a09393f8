#include <utility>

#include "provision/lifecycle.h"
#include "server/api.h"

namespace tdm::server {

ApiReply ErrorReply(int http_code, const std::string& code, const std::string& message) {
  ApiReply reply;
  reply.code = http_code;
  reply.body = {{"error", {{"code", code}, {"message", message}}}};
  return reply;
}

ApiReply ErrorReply(const Status& status) {
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kSpecError:
      return ErrorReply(400, std::string(StatusCodeName(status.code())), status.message());
    case StatusCode::kNotFound:
      return ErrorReply(404, "not_found", status.message());
    case StatusCode::kFailedPrecondition:
      return ErrorReply(409, "conflict", status.message());
    case StatusCode::kUnavailable:
      return ErrorReply(503, "unavailable",
                        "a database the server needs cannot be reached; retry later");
    default:
      // The text of a database or internal error can quote data: the category only.
      return ErrorReply(500, "internal",
                        "the server could not complete the request (" +
                            std::string(StatusCodeName(status.code())) + ")");
  }
}

ApiState::ApiState(ServerOptions options, spec::ResolvedSpec spec, provision::Registry registry)
    : options_(std::move(options)),
      spec_(std::move(spec)),
      audit_(std::make_unique<AuditWriter>(options_.state_dir)),
      queue_(std::make_unique<JobQueue>(options_.workers, options_.queue)) {
  registries_.push_back(std::make_unique<provision::Registry>(std::move(registry)));
}

Result<std::unique_ptr<provision::Registry>> ApiState::LeaseRegistry() {
  {
    std::lock_guard lock(registries_mutex_);
    if (!registries_.empty()) {
      auto registry = std::move(registries_.back());
      registries_.pop_back();
      return registry;
    }
  }
  TDM_ASSIGN_OR_RETURN(provision::Registry opened, provision::Registry::Open(options_.state_dir));
  return std::make_unique<provision::Registry>(std::move(opened));
}

void ApiState::ReturnRegistry(std::unique_ptr<provision::Registry> registry) {
  std::lock_guard lock(registries_mutex_);
  registries_.push_back(std::move(registry));
}

Result<std::unique_ptr<ApiState>> OpenApiState(ServerOptions options, spec::ResolvedSpec spec) {
  TDM_ASSIGN_OR_RETURN(provision::Registry registry, provision::Registry::Open(options.state_dir));
  TDM_RETURN_IF_ERROR(provision::RecoverInterrupted(registry));
  std::optional<TokenStore> tokens;
  if (!options.no_auth) {
    TDM_ASSIGN_OR_RETURN(tokens, TokenStore::Open(options.state_dir));
  }
  auto state = std::make_unique<ApiState>(std::move(options), std::move(spec), std::move(registry));
  state->tokens_ = std::move(tokens);
  return state;
}

std::shared_ptr<ProvisionWait> ApiState::AddWait(const std::string& id) {
  auto wait = std::make_shared<ProvisionWait>();
  std::lock_guard lock(waits_mutex_);
  waits_[id] = wait;
  return wait;
}

std::shared_ptr<ProvisionWait> ApiState::FindWait(const std::string& id) {
  std::lock_guard lock(waits_mutex_);
  auto it = waits_.find(id);
  return it == waits_.end() ? nullptr : it->second;
}

void ApiState::FinishWait(const std::string& id, bool ready, const Status& error) {
  std::shared_ptr<ProvisionWait> wait;
  {
    std::lock_guard lock(waits_mutex_);
    auto it = waits_.find(id);
    if (it == waits_.end()) return;
    wait = it->second;
    waits_.erase(it);
  }
  {
    std::lock_guard lock(wait->mutex);
    wait->done = true;
    wait->ready = ready;
    wait->error = error;
  }
  wait->done_signal.notify_all();
}

std::shared_ptr<const StatusSnapshot> ApiState::Snapshot(const std::string& id,
                                                         const std::string& updated_at) {
  std::lock_guard lock(snapshots_mutex_);
  auto it = snapshots_.find(id);
  if (it == snapshots_.end() || it->second->updated_at != updated_at) return nullptr;
  return it->second;
}

void ApiState::KeepSnapshot(const std::string& id, std::shared_ptr<const StatusSnapshot> snapshot) {
  std::lock_guard lock(snapshots_mutex_);
  snapshots_[id] = std::move(snapshot);
}

void ApiState::Shutdown() {
  queue_->Shutdown();
  audit_->Flush();
}

}  // namespace tdm::server
