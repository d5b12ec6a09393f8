// Referentially complete subsets: which rows of a source database a smaller copy keeps
// (`data-cli provision --from URL --subset 'users:1000'`).
//
// SelectSubset reads the key columns of the source namespace (through store::Database, before the
// copy starts) and computes a SubsetSelection: per table, the kept values of the columns other
// tables reference. The copy then streams every table source -> Keep -> mask -> sink as usual; Keep
// decides row by row from those key sets, so memory is bounded by the kept keys, never by the rows
// being copied.
//
// What a subset keeps (a product decision; tests/provision/subset_test.cc pins it down):
//
//  1. Roots. A root table `t:N` keeps its first N rows in primary-key order: integer-like keys
//     (integers, dates, datetimes, booleans) numerically, text keys (strings, ObjectIds, UUIDs)
//     bytewise. Readers return rows in storage order, which is not key order on every backend, so
//     the N smallest keys are chosen explicitly. Fewer than N rows: all of them.
//  2. Upward closure. Every row a kept row references through a foreign key is kept, transitively
//     and including self-references (staff.manager_id -> staff.id keeps the whole chain of
//     managers), until nothing new is reached. The tables a foreign-key path leads to from a root
//     ("reached" tables, e.g. the customers of chosen orders) keep exactly those rows and nothing
//     else: a reached table none of whose rows is referenced keeps no rows. A root table that is
//     also reached keeps its N rows plus the referenced ones.
//  3. Everything else, parents first. A table that is neither a root nor reached keeps the rows
//     whose foreign keys all resolve to kept rows (a NULL foreign key counts as resolved): the
//     orders of the chosen users, the lines of those orders. A table with no foreign-key path to
//     a filtered table (products, lookup tables, unrelated tables) keeps every row, and its rows
//     never make anyone else's rows go. Self-references of a filtered table: a row whose
//     self-reference points at a dropped row is dropped too, repeatedly until stable (a reply
//     to a dropped comment goes, and so do the replies to it).
//  4. Cycles between different tables are handled like self-references. In the closure (2) they
//     are followed until nothing new is reached. Among filtered tables (3), the foreign key that
//     closes the cycle (pointing at a table later in the parents-first order) is checked once its
//     parent is known, and the tables on the cycle are filtered again until no row is dropped.
//
// Result: the subset holds the chosen rows, everything they reference, and every other row whose
// parents are all in the subset, so every foreign key of the copy resolves (as far as it resolved
// in the source). Foreign keys to tables missing from `tables` are ignored.
//
// Cost: a root table is read twice, every other table with a foreign-key path to a root or reached
// table once (a table with a self-reference is held in memory by its key columns while it is
// processed), tables on a cycle once more per round; tables kept whole are only counted.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/batch.h"
#include "core/table_schema.h"
#include "store/database.h"
#include "tdm/status.h"

namespace tdm::provision {

struct SubsetRoot {
  std::string table;
  int64_t rows = 0;
};

// Parses "users:1000" or "users:1000,orders:50" (whitespace around names, numbers and commas is
// allowed). kInvalidArgument says which entry is wrong: a missing table name or row count, a count
// that is not a whole number above zero, or a table listed twice.
Result<std::vector<SubsetRoot>> ParseSubset(std::string_view text);

struct SubsetState;  // the kept keys per table (subset.cc)

// Which rows of each table a referentially complete subset keeps. Immutable once computed: Keep
// may be called from several threads at once, and copies share the key sets.
class SubsetSelection {
 public:
  // Sets keep[r] (keep is resized to batch.num_rows) to 1 when row r of `batch` is kept, else 0.
  // `batch` is a batch of table batch.schema->name read from the namespace the selection was
  // computed on; a table the selection does not know keeps no rows.
  void Keep(const Batch& batch, std::vector<uint8_t>& keep) const;

  // Rows kept of `table`, as computed (0 for a table the selection does not know).
  int64_t KeptRows(const std::string& table) const;

 private:
  friend Result<SubsetSelection> SelectSubset(store::Database& db, const std::string& ns,
                                              const std::vector<TableSchema>& tables,
                                              const std::vector<SubsetRoot>& roots);
  explicit SubsetSelection(std::shared_ptr<const SubsetState> state);

  std::shared_ptr<const SubsetState> state_;
};

// Reads the key columns it needs of `tables` (as Describe(ns) returned them) from `db`/`ns` and
// computes the selection for `roots`. kInvalidArgument, naming the root: a table not in `tables`
// (with "did you mean"), a table listed twice, a table without a single-column integer or text
// primary key, rows <= 0; also a foreign key naming a column that does not exist. Read errors
// come back as the store reported them, with the table as context.
Result<SubsetSelection> SelectSubset(store::Database& db, const std::string& ns,
                                     const std::vector<TableSchema>& tables,
                                     const std::vector<SubsetRoot>& roots);

}  // namespace tdm::provision
