#include "store/postgres/postgres_conn.h"

#include <algorithm>
#include <utility>

namespace tdm::store::pg {
namespace {

void IgnoreNotice(void*, const char*) {}

// libpq's messages end in a newline and may span lines ("FATAL:  ...\n\tIs the server
// running...?\n"); one line reads better in a Status.
std::string OneLine(std::string_view message) {
  std::string out;
  size_t start = 0;
  while (start < message.size()) {
    size_t end = std::min(message.find('\n', start), message.size());
    std::string_view line = message.substr(start, end - start);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    if (!line.empty()) {
      if (!out.empty()) out += "; ";
      out += line;
    }
    start = end + 1;
  }
  return out;
}

bool IsKnownKeyword(std::string_view keyword) {
  PQconninfoOption* options = PQconndefaults();
  bool known = false;
  for (PQconninfoOption* o = options; o != nullptr && o->keyword != nullptr; ++o) {
    known = known || keyword == o->keyword;
  }
  PQconninfoFree(options);
  return known;
}

}  // namespace

PgResult& PgResult::operator=(PgResult&& other) noexcept {
  std::swap(result_, other.result_);
  return *this;
}

PgResult::~PgResult() {
  if (result_ != nullptr) PQclear(result_);
}

bool PgResult::ok() const {
  if (result_ == nullptr) return false;
  switch (PQresultStatus(result_)) {
    case PGRES_COMMAND_OK:
    case PGRES_TUPLES_OK:
    case PGRES_COPY_IN:
    case PGRES_COPY_OUT:
    case PGRES_SINGLE_TUPLE:
      return true;
    default:
      return false;
  }
}

std::string_view PgResult::sqlstate() const {
  const char* state = result_ ? PQresultErrorField(result_, PG_DIAG_SQLSTATE) : nullptr;
  return state ? state : "";
}

PgConn::PgConn(PgConn&& other) noexcept
    : conn_(std::exchange(other.conn_, nullptr)),
      dbname_(std::move(other.dbname_)),
      settings_(std::move(other.settings_)),
      url_(std::move(other.url_)) {}

PgConn& PgConn::operator=(PgConn&& other) noexcept {
  if (this != &other) {
    Close();
    conn_ = std::exchange(other.conn_, nullptr);
    dbname_ = std::move(other.dbname_);
    settings_ = std::move(other.settings_);
    url_ = std::move(other.url_);
  }
  return *this;
}

PgConn::~PgConn() { Close(); }

void PgConn::Close() {
  if (conn_ != nullptr) PQfinish(conn_);
  conn_ = nullptr;
}

// How long a connection may take to be set up. A refused connection fails at once; this bounds
// an unreachable host, and must leave room for a server busy with many provisions at once (a
// loaded 2-core CI machine took over 5 s to start a backend).
constexpr const char* kConnectTimeoutSeconds = "20";

Result<PgConn> PgConn::Connect(const TargetUrl& url, const std::string& dbname,
                               std::string_view settings) {
  std::vector<std::pair<std::string, std::string>> keywords = {
      {"host", url.host},          {"port", std::to_string(url.port)},
      {"dbname", dbname},          {"connect_timeout", kConnectTimeoutSeconds},
      {"application_name", "tdm"}, {"client_encoding", "UTF8"},
  };
  if (!url.user.empty()) keywords.emplace_back("user", url.user);
  if (!url.password.empty()) keywords.emplace_back("password", url.password);
  std::string options(settings);
  for (const auto& [key, value] : url.params) {
    if (key == "dbname") continue;  // the namespace decides the database
    if (!IsKnownKeyword(key)) {
      return Status(StatusCode::kInvalidArgument,
                    "the target URL's parameter '" + key + "' is not a libpq connection keyword");
    }
    if (key == "options") {
      options += (options.empty() ? "" : " ") + value;
      continue;
    }
    auto same = std::find_if(keywords.begin(), keywords.end(),
                             [&](const auto& kv) { return kv.first == key; });
    if (same != keywords.end()) {
      same->second = value;
    } else {
      keywords.emplace_back(key, value);
    }
  }
  if (!options.empty()) keywords.emplace_back("options", options);

  std::vector<const char*> names;
  std::vector<const char*> values;
  for (const auto& [key, value] : keywords) {
    names.push_back(key.c_str());
    values.push_back(value.c_str());
  }
  names.push_back(nullptr);
  values.push_back(nullptr);

  PgConn conn;
  conn.conn_ = PQconnectdbParams(names.data(), values.data(), /*expand_dbname=*/0);
  conn.dbname_ = dbname;
  conn.settings_ = std::string(settings);
  conn.url_ = url;
  if (conn.conn_ == nullptr) {
    return Status(StatusCode::kUnavailable, "cannot connect: libpq is out of memory");
  }
  if (PQstatus(conn.conn_) != CONNECTION_OK) {
    TargetUrl shown = url;
    shown.database = dbname;
    return Status(StatusCode::kUnavailable,
                  "cannot connect to " + shown.Redacted() + ": " +
                      RedactSecrets(OneLine(PQerrorMessage(conn.conn_)), url));
  }
  PQsetNoticeProcessor(conn.conn_, IgnoreNotice, nullptr);
  return conn;
}

Status PgConn::EnsureOpen() {
  if (conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK) return Status::Ok();
  TDM_ASSIGN_OR_RETURN(PgConn fresh, Connect(url_, dbname_, settings_));
  *this = std::move(fresh);
  return Status::Ok();
}

Status PgConn::Exec(const std::string& sql, const std::string& purpose) const {
  PgResult result(PQexec(conn_, sql.c_str()));
  if (result.ok()) return Status::Ok();
  return ErrorOf(result.get(), purpose);
}

PgResult PgConn::Run(const std::string& sql, const std::vector<std::string>& params) const {
  if (params.empty()) return PgResult(PQexec(conn_, sql.c_str()));
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const std::string& p : params) values.push_back(p.c_str());
  return PgResult(PQexecParams(conn_, sql.c_str(), static_cast<int>(params.size()), nullptr,
                               values.data(), nullptr, nullptr, /*resultFormat=*/0));
}

Result<PgResult> PgConn::Query(const std::string& sql, const std::vector<std::string>& params,
                               const std::string& purpose) const {
  PgResult result = Run(sql, params);
  if (!result.ok()) return ErrorOf(result.get(), purpose);
  return result;
}

Status PgConn::ErrorOf(const PGresult* result, const std::string& purpose, StatusCode code) const {
  const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  if (primary == nullptr) {
    // No server error: the connection itself failed (server gone, network down).
    if (conn_ == nullptr || PQstatus(conn_) == CONNECTION_BAD) code = StatusCode::kUnavailable;
    std::string message = conn_ ? OneLine(PQerrorMessage(conn_)) : "";
    if (message.empty()) message = "the server returned no result";
    return {code, purpose + ": " + RedactSecrets(message, url_)};
  }
  std::string message = primary;
  const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
  if (state != nullptr && state[0] == '2' && state[1] == '2') {
    // Data exceptions quote the offending input after ": " ("invalid input syntax for type
    // uuid: \"...\""); keep the part that names the problem.
    size_t colon = message.find(": ");
    if (colon != std::string::npos) message.resize(colon);
  }
  return {code, purpose + ": " + RedactSecrets(message, url_)};
}

}  // namespace tdm::store::pg
