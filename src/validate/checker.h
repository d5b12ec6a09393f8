// How the engine asks a target about its rows, whatever the target: SqlChecker runs each request
// as set-based SQL inside the database (sql_checks.cc); ScanChecker streams the rows through
// Database::Read() and evaluates the same rules in-process (scan_checks.cc).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "store/database.h"
#include "validate/rules.h"

namespace tdm::validate {

// A rule checked on every row of one table.
struct RowRule {
  enum class Kind { kRequired, kType, kPattern, kLower, kUpper, kOrder };
  Kind kind = Kind::kRequired;
  const ColumnRules* column = nullptr;
  const FieldOrder* order = nullptr;              // kOrder
  ColumnType stored = ColumnType::kString;        // the column's type in the target
  ColumnType other_stored = ColumnType::kString;  // kOrder: the other column's type
};

// Offending rows of one rule: how many, and the keys of the first few (by key order).
struct Outcome {
  int64_t count = 0;
  std::vector<std::string> keys;
};

struct TableScan {
  int64_t rows = 0;
  std::vector<Outcome> outcomes;  // one per rule, in order
};

class Checker {
 public:
  virtual ~Checker() = default;

  // One pass over `table` computing the row count and every rule. `key` is the key column whose
  // values name offending rows; empty for none (no key, or a PII key).
  virtual Result<TableScan> Scan(const TableSchema& table, const std::string& key,
                                 const std::vector<RowRule>& rules) = 0;

  // Rows of `child` whose non-NULL `fk.column` matches no `fk.parent_column` of `fk.parent`.
  virtual Result<Outcome> Orphans(const TableSchema& child, const std::string& key,
                                  const ForeignKeyRule& fk) = 0;

  // Rows of `table` that share their (all non-NULL) values of `columns` with another row.
  virtual Result<Outcome> Duplicates(const TableSchema& table, const std::string& key,
                                     const std::vector<std::string>& columns) = 0;

  // Reads 10 rows of `table`: the sample query of the performance stage.
  virtual Status SampleQuery(const TableSchema& table) = 0;

  // Bytes the namespace takes in the target, or -1 when unknown.
  virtual int64_t NamespaceBytes() = 0;
};

std::unique_ptr<Checker> MakeSqlChecker(store::Database& db, const std::string& ns,
                                        int max_examples);
std::unique_ptr<Checker> MakeScanChecker(store::Database& db, const std::string& ns,
                                         int max_examples);

// Installs the RE2-backed `regexp(pattern, value)` SQL function on every SQLite connection this
// process opens from now on (sqlite3_auto_extension); idempotent.
void InstallSqliteRegexp();

}  // namespace tdm::validate
