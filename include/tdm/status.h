// Status and Result<T>: the one error type that crosses tdm's module boundaries.
//
// A Status carries a code (mapped to the CLI's exit status), a message written for the user, and an
// optional location (spec file:line:col). Messages never contain raw values of PII fields: callers
// name fields and counts only.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace tdm {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // bad command-line or API input
  kSpecError,        // the spec (YAML) is malformed or impossible
  kNotFound,         // an execution, table, file or dataset does not exist
  kIoError,          // a file could not be read or written
  kDatabaseError,    // a target database refused an operation
  kFailedPrecondition,
  kUnavailable,    // a server cannot be reached or refused the credentials
  kUnimplemented,  // the backend has no such operation
  kInternal,
};

// Where in a spec file an error was found; line and column are 1-based.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  std::string ToString() const;
};

class Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}
  Status(StatusCode code, std::string message, SourceLocation where)
      : code_(code), message_(std::move(message)), where_(std::move(where)) {}

  static Status Ok() { return {}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::optional<SourceLocation>& where() const { return where_; }

  // "file:line:col: message" when a location is known, else the message alone.
  std::string ToString() const;

  // Prepends context ("loading users: ...") and keeps code and location.
  Status WithContext(const std::string& context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::optional<SourceLocation> where_;
};

// Process exit status for a code: 0 success, 2 usage/spec errors, 3 not found, 1 anything else.
int ExitCodeFor(StatusCode code);

// "invalid_argument", "spec_error", ...: the code's name in machine-readable output.
const char* StatusCodeName(StatusCode code);

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  Result(Status status) : value_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!std::get<Status>(value_).ok());
  }

  bool ok() const { return std::holds_alternative<T>(value_); }
  const Status& status() const {
    static const Status kOkStatus;
    return ok() ? kOkStatus : std::get<Status>(value_);
  }
  T& value() & { return std::get<T>(value_); }
  const T& value() const& { return std::get<T>(value_); }
  T&& value() && { return std::get<T>(std::move(value_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> value_;
};

}  // namespace tdm

#define TDM_CONCAT_INNER(a, b) a##b
#define TDM_CONCAT(a, b) TDM_CONCAT_INNER(a, b)

#define TDM_RETURN_IF_ERROR(expr)              \
  do {                                         \
    ::tdm::Status tdm_status_ = (expr);        \
    if (!tdm_status_.ok()) return tdm_status_; \
  } while (false)

#define TDM_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return tmp.status();             \
  lhs = std::move(tmp).value()

#define TDM_ASSIGN_OR_RETURN(lhs, expr) \
  TDM_ASSIGN_OR_RETURN_IMPL(TDM_CONCAT(tdm_result_, __LINE__), lhs, expr)
