// SQLite's `X REGEXP Y` calls a user function regexp(Y, X) that SQLite itself does not provide.
// This one is RE2 (linear time, the syntax patterns are checked with), installed on every
// connection through sqlite3_auto_extension so the store layer stays free of RE2. The compiled
// pattern is cached per statement with sqlite3_set_auxdata: a scan compiles it once.
#include <re2/re2.h>
#include <sqlite3.h>

#include <mutex>

#include "validate/checker.h"

namespace tdm::validate {
namespace {

void DeletePattern(void* p) { delete static_cast<re2::RE2*>(p); }

void Regexp(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (argc != 2 || sqlite3_value_type(argv[0]) == SQLITE_NULL ||
      sqlite3_value_type(argv[1]) == SQLITE_NULL) {
    sqlite3_result_null(ctx);
    return;
  }
  auto* re = static_cast<re2::RE2*>(sqlite3_get_auxdata(ctx, 0));
  if (re == nullptr) {
    const char* pattern = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
    re2::RE2::Options options;
    options.set_log_errors(false);
    re = new re2::RE2(pattern == nullptr ? "" : pattern, options);
    if (!re->ok()) {
      std::string error = "regexp: the pattern does not compile: " + re->error();
      delete re;
      sqlite3_result_error(ctx, error.c_str(), -1);
      return;
    }
    sqlite3_set_auxdata(ctx, 0, re, DeletePattern);
    re = static_cast<re2::RE2*>(sqlite3_get_auxdata(ctx, 0));
    if (re == nullptr) {  // SQLite may drop auxdata at once; compile again for this call only
      sqlite3_result_error(ctx, "regexp: cannot keep the compiled pattern", -1);
      return;
    }
  }
  const char* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[1]));
  int size = sqlite3_value_bytes(argv[1]);
  sqlite3_result_int(ctx, re2::RE2::PartialMatch(re2::StringPiece(text, size), *re) ? 1 : 0);
}

int RegisterRegexp(sqlite3* db, const char** /*error*/, const sqlite3_api_routines* /*api*/) {
  return sqlite3_create_function(db, "regexp", 2,
                                 SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                                 Regexp, nullptr, nullptr);
}

}  // namespace

void InstallSqliteRegexp() {
  static std::once_flag once;
  std::call_once(once,
                 [] { sqlite3_auto_extension(reinterpret_cast<void (*)()>(RegisterRegexp)); });
}

}  // namespace tdm::validate
