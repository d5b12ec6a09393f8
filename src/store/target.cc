#include "store/target.h"

#include <cstdlib>

namespace tdm::store {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

struct Scheme {
  std::string_view prefix;
  TargetKind kind;
  int default_port;
};

constexpr Scheme kSchemes[] = {
    {"sqlite", TargetKind::kSqlite, 0},
    {"postgres", TargetKind::kPostgres, 5432},
    {"postgresql", TargetKind::kPostgres, 5432},
    {"mysql", TargetKind::kMysql, 3306},
    {"mariadb", TargetKind::kMysql, 3306},
    {"redis", TargetKind::kRedis, 6379},
    {"file", TargetKind::kFile, 0},
};

Status ParseAuthority(std::string_view authority, const Scheme& scheme, TargetUrl& url) {
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    size_t colon = userinfo.find(':');
    url.user = PercentDecode(userinfo.substr(0, colon));
    if (colon != std::string_view::npos) url.password = PercentDecode(userinfo.substr(colon + 1));
  }
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {  // [::1]:5432
    size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      return {StatusCode::kInvalidArgument, "unclosed '[' in the host of the target URL"};
    }
    url.host = std::string(authority.substr(1, close - 1));
    if (close + 1 < authority.size() && authority[close + 1] == ':')
      port = authority.substr(close + 2);
  } else {
    size_t colon = authority.rfind(':');
    url.host = PercentDecode(authority.substr(0, colon));
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
  }
  url.port = scheme.default_port;
  if (!port.empty()) {
    int value = 0;
    for (char c : port) {
      if (c < '0' || c > '9' || value > 65535) {
        return {StatusCode::kInvalidArgument,
                "port '" + std::string(port) + "' of the target URL is not a number 1-65535"};
      }
      value = value * 10 + (c - '0');
    }
    if (value < 1 || value > 65535) {
      return {StatusCode::kInvalidArgument,
              "port '" + std::string(port) + "' of the target URL is not a number 1-65535"};
    }
    url.port = value;
  }
  if (url.host.empty()) url.host = "127.0.0.1";
  return Status::Ok();
}

}  // namespace

std::string_view TargetKindName(TargetKind kind) {
  switch (kind) {
    case TargetKind::kSqlite:
      return "sqlite";
    case TargetKind::kPostgres:
      return "postgres";
    case TargetKind::kMysql:
      return "mysql";
    case TargetKind::kRedis:
      return "redis";
    case TargetKind::kFile:
      return "file";
  }
  return "sqlite";
}

std::string TargetUrl::Param(std::string_view key, std::string_view fallback) const {
  for (const auto& [k, v] : params) {
    if (k == key) return v;
  }
  return std::string(fallback);
}

std::string TargetUrl::Redacted() const {
  std::string out(TargetKindName(kind));
  out += "://";
  if (kind == TargetKind::kSqlite || kind == TargetKind::kFile) return out + database;
  if (!user.empty() || !password.empty()) {
    out += user;
    if (!password.empty()) out += ":***";
    out += "@";
  }
  out += host.find(':') != std::string::npos ? "[" + host + "]" : host;
  out += ":" + std::to_string(port) + "/" + database;
  return out;
}

Result<std::string> ExpandEnvironment(std::string_view text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t open = text.find("${", i);
    if (open == std::string_view::npos) break;
    size_t close = text.find('}', open);
    if (close == std::string_view::npos) {
      return Status(StatusCode::kInvalidArgument, "unclosed '${' in the target URL");
    }
    out.append(text.substr(i, open - i));
    std::string name(text.substr(open + 2, close - open - 2));
    const char* value = std::getenv(name.c_str());
    if (name.empty() || value == nullptr) {
      return Status(StatusCode::kInvalidArgument,
                    "the target URL refers to ${" + name +
                        "}, which is not set in the environment; export it or write the value");
    }
    out += value;
    i = close + 1;
  }
  out.append(text.substr(i));
  return out;
}

Result<TargetUrl> ParseTarget(std::string_view text) {
  TargetUrl url;
  url.text = std::string(text);
  TDM_ASSIGN_OR_RETURN(std::string expanded, ExpandEnvironment(text));
  std::string_view s = expanded;
  size_t sep = s.find("://");
  if (sep == std::string_view::npos) {  // a plain path is a SQLite file
    if (s.empty()) return Status(StatusCode::kInvalidArgument, "the target is empty");
    url.kind = TargetKind::kSqlite;
    url.database = std::string(s);
    return url;
  }
  std::string_view name = s.substr(0, sep);
  const Scheme* scheme = nullptr;
  for (const Scheme& candidate : kSchemes) {
    if (candidate.prefix == name) scheme = &candidate;
  }
  if (scheme == nullptr) {
    std::string hint = name == "mongodb" || name == "mongodb+srv"
                           ? "; for MongoDB, export --format ejson and load it with mongoimport"
                           : "";
    return Status(StatusCode::kInvalidArgument,
                  "target scheme '" + std::string(name) +
                      "://' is not supported; use sqlite://, postgres://, mysql://, redis:// or "
                      "file://" +
                      hint);
  }
  url.kind = scheme->kind;
  std::string_view rest = s.substr(sep + 3);
  size_t question = rest.find('?');
  if (question != std::string_view::npos) {
    std::string_view query = rest.substr(question + 1);
    rest = rest.substr(0, question);
    while (!query.empty()) {
      size_t amp = query.find('&');
      std::string_view pair = query.substr(0, amp);
      size_t eq = pair.find('=');
      if (!pair.empty()) {
        url.params.emplace_back(
            PercentDecode(pair.substr(0, eq)),
            eq == std::string_view::npos ? "" : PercentDecode(pair.substr(eq + 1)));
      }
      if (amp == std::string_view::npos) break;
      query = query.substr(amp + 1);
    }
  }
  if (url.kind == TargetKind::kSqlite || url.kind == TargetKind::kFile) {
    url.database = PercentDecode(rest);
    if (url.database.empty()) {
      return Status(StatusCode::kInvalidArgument,
                    std::string(name) + ":// target needs a path, e.g. " + std::string(name) +
                        ":///tmp/tdm" + (url.kind == TargetKind::kSqlite ? "/test.db" : ""));
    }
    return url;
  }
  size_t slash = rest.find('/');
  TDM_RETURN_IF_ERROR(ParseAuthority(rest.substr(0, slash), *scheme, url));
  if (slash != std::string_view::npos) url.database = PercentDecode(rest.substr(slash + 1));
  if (url.kind == TargetKind::kPostgres && url.database.empty()) url.database = "postgres";
  if (url.kind == TargetKind::kRedis) {
    if (url.database.empty()) url.database = "0";
    for (char c : url.database) {
      if (c < '0' || c > '9') {
        return Status(StatusCode::kInvalidArgument,
                      "redis:// target's path must be a database number, e.g. redis://host:6379/0");
      }
    }
  }
  return url;
}

std::string RedactSecrets(std::string message, const TargetUrl& url) {
  if (url.password.size() >= 4) {  // shorter ones would mangle ordinary words
    for (size_t at = message.find(url.password); at != std::string::npos;
         at = message.find(url.password, at)) {
      message.replace(at, url.password.size(), "***");
      at += 3;
    }
  }
  return message;
}

Result<NamedDatabase> SplitDatabaseUrl(const TargetUrl& url) {
  NamedDatabase named{url, url.database};
  switch (url.kind) {
    case TargetKind::kPostgres:
      named.server.database = "postgres";
      break;
    case TargetKind::kMysql:
      named.server.database.clear();
      break;
    case TargetKind::kRedis:
      named.ns = url.Param("prefix");
      // An execution's endpoint shows the prefix with its key separator (`?prefix=tdm_abc:`).
      if (named.ns.ends_with(':')) named.ns.pop_back();
      if (named.ns.empty()) {
        return Status(
            StatusCode::kInvalidArgument,
            "a Redis URL names its data by key prefix: add ?prefix=NAME to " + url.Redacted());
      }
      break;
    default:
      break;
  }
  if (named.ns.empty()) {
    return Status(StatusCode::kInvalidArgument,
                  url.Redacted() + " names no database (e.g. postgres://user@host/shop)");
  }
  return named;
}

}  // namespace tdm::store
