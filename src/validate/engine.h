// The validation engine: the four stages of the strategy's "Validation Workflow" over one
// namespace of any Database (store/database.h).
//
//   schema         tables exist; required fields hold no NULL; stored types match the spec
//                  (Describe(), and SQLite's typeof() per value, since its typing is dynamic);
//                  `pattern` regexes; `constraint` ranges; `strict` rejects extra columns.
//                  On failure: "log & reject".
//   relationships  every foreign key resolves (orphans: non-NULL child values that match no
//                  parent key); declared back-references are present.   "log & rollback"
//   consistency    row counts equal what was recorded; no duplicates on unique fields and
//                  unique indexes; dates in logical order (`constraint: ">= created_at"`).
//                  On failure: "alert"
//   performance    index build and load time (passed in by the caller), a sample query per
//                  table, memory (namespace size on disk, process peak RSS), against the
//                  strategy's thresholds. Warn only: it never fails a validation.
//
// How data enters and leaves: rules are compiled from a ResolvedSpec (rules.h); the engine runs
// them in the target and returns a ValidationReport (report.h renders it as text or JSON).
//
// Decisions (copied into the README):
// - Set-based. Where the Database speaks SQL (sql_dialect() "postgres", "mysql", "sqlite") every
//   column rule of a table is computed in ONE scan (`SUM(CASE WHEN <violation> THEN 1 END)` per
//   rule); only failing rules run a second `... LIMIT 5` query for example keys. Foreign keys are
//   `NOT EXISTS` anti-joins, duplicates `GROUP BY ... HAVING count(*) > 1`. Regexes run in the
//   database on MySQL/MariaDB (`NOT REGEXP`) and SQLite (`NOT REGEXP` backed by RE2: a `regexp()`
//   function this library installs on every SQLite connection of the process with
//   sqlite3_auto_extension, so tdm_store needs no RE2). Every pattern is compiled with RE2 first;
//   one that does not compile is a finding naming the field, not a database error. Patterns must
//   match the whole value, as in generation: they are wrapped in `^(?:...)$`.
// - PostgreSQL: a table with `pattern` rules is scanned once through the binary COPY stream
//   (Database::Read) with every row rule evaluated in-process with RE2, still one pass and no
//   per-row round trip. PostgreSQL's regex engine measured 0.3 to 1.4 us a value on 1M users
//   (`!~` with E.164's `\d{1,14}` is its slow case: 1.4 s alone), which put validation at 33% of
//   the load time; the stream does all rules in about 1 s (23%). Tables without patterns, foreign
//   keys, duplicates and example keys stay in SQL (`!~` is used by nothing else).
// - Column types on PostgreSQL and MySQL are the server's to enforce: the type rule compares
//   Describe()'s logical type with the spec's; only SQLite also checks each value (typeof(),
//   julianday() for dates, the ObjectId/UUID text forms).
// - Redis and file targets have no SQL: the same rules run in-process over Database::Read(),
//   streaming batch by batch (RE2; key sets in memory for unique and foreign-key checks).
// - A unique field or index the database enforces itself (a unique index Describe() reports on
//   exactly those columns) is not scanned for duplicates: the index already guarantees it. The
//   check still counts, with "enforced by <index>" as its evidence.
// - `now()` in constraints is the spec's pinned reference_time (the determinism contract's
//   "now"), so a dataset that validated once validates again tomorrow.
// - A back-reference (`relationships: - foreign_key: user_id, references: movies.user_id` on
//   users) means "movies.user_id points at users' key". The resolver already turns it into a
//   foreign key on movies, whose orphans the foreign-key rule reports; the back-reference rule
//   checks the referencing table and column exist in the namespace and, on backends that keep
//   constraints, that a foreign key from it to the parent was built. Parents without children
//   are not an error (a relationship's `min:` is a generation cardinality, not checked here).
// - Findings never carry a value of the data. They name table, field and rule, count the
//   offending rows and give up to 5 row keys (primary key values), except when the key column
//   itself is PII (masked, in masking policies, or named like email/phone/ssn/name): then the
//   count alone.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "spec/resolver.h"
#include "store/database.h"
#include "validate/report.h"
#include "validate/rules.h"

namespace tdm::validate {

// The strategy's performance baselines; each can be overridden.
struct Thresholds {
  double index_seconds = 30;
  double sample_query_ms = 100;
  double load_seconds = 60;
  double namespace_megabytes = 4096;  // "reasonable" memory: on-disk size of the namespace
  double peak_rss_megabytes = 4096;
};

struct ValidateOptions {
  // Row counts the execution recorded (or the spec asked for); tables missing here are not
  // count-checked.
  std::map<std::string, int64_t> expected_rows;
  std::optional<double> load_seconds;   // measured by the caller, when known
  std::optional<double> index_seconds;  // measured by the caller, when known
  Thresholds thresholds;
  bool performance = true;  // run the performance stage
  int max_examples = 5;     // row keys per failing rule
};

// Runs every stage over namespace `ns` of `db`. Errors are reserved for the target failing
// (unreachable, a query the database refused); data problems are findings in the report.
Result<ValidationReport> Validate(store::Database& db, const std::string& ns,
                                  const std::vector<TableRules>& rules,
                                  const ValidateOptions& options);

// CompileRules, then Validate.
Result<ValidationReport> Validate(store::Database& db, const std::string& ns,
                                  const spec::ResolvedSpec& spec,
                                  const std::vector<std::string>& tables,
                                  const ValidateOptions& options);

}  // namespace tdm::validate
