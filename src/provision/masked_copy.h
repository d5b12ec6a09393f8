// Masked copies: a source database streamed table by table through the maskers into a sink.
//
// PlanMaskedCopy does everything that can reject the copy before a byte is written: it reads the
// source's schema, samples every table for the PII detector, resolves each column's rule, makes
// foreign keys follow the rule of the key they point at (so joins survive masking), builds every
// masker (type, uniqueness and key checks), computes the subset, and fails closed: a column
// detected red that no rule covers stops the plan, unless it is explicitly allowed.
//
// RunMaskedCopy then streams: one reader, maskers in parallel (one TableMasker per thread), and
// one writer that keeps the source's row order, so the bytes written do not depend on the thread
// count. The caller owns the sink and aborts it on error.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "mask/pii_detect.h"
#include "mask/policy.h"
#include "mask/table_masker.h"
#include "provision/subset.h"
#include "store/database.h"

namespace tdm::provision {

struct MaskedCopyOptions {
  std::vector<std::string> tables;          // copy only these (empty: all)
  std::vector<std::string> allow_unmasked;  // "table.column" detected red, copied on purpose
  std::vector<SubsetRoot> subset;           // empty: every row
  int64_t sample_rows = 1000;               // rows per table the detector looks at
  int threads = 0;                          // 0: all cores
  size_t batch_rows = 1 << 14;
  std::function<void(const std::string&, int64_t)> progress;  // (table, rows written)
};

struct TableCopy {
  TableSchema source;
  TableSchema target;  // what the sink receives
  std::vector<std::optional<mask::MaskRule>> rules;
  std::vector<std::string> aggregated;  // columns summarised (the table becomes one row)
};

struct MaskedCopyPlan {
  std::vector<TableCopy> tables;
  std::vector<mask::ColumnFinding> findings;
  std::vector<std::string> notes;  // decisions the user should see
  std::optional<SubsetSelection> subset;
};

// What one masked column went through, for the report and the audit event.
struct MaskAction {
  std::string strategy;
  std::string field;  // table.column
  int64_t record_count = 0;
};

struct MaskedCopyResult {
  std::vector<std::pair<std::string, int64_t>> tables;  // rows written per table
  std::vector<MaskAction> actions;
};

Result<MaskedCopyPlan> PlanMaskedCopy(store::Database& source, const std::string& ns,
                                      const mask::MaskingPolicy& policy,
                                      const MaskedCopyOptions& options);

// Writes every planned table into `sink` (BeginTable/Write/EndTable each, then Finish). On error
// the sink is aborted.
Result<MaskedCopyResult> RunMaskedCopy(const MaskedCopyPlan& plan, store::Database& source,
                                       const std::string& ns, Sink& sink,
                                       const MaskedCopyOptions& options);

// Samples every table of `ns` and classifies its columns (detect-pii).
Result<std::vector<mask::ColumnFinding>> DetectPii(store::Database& source, const std::string& ns,
                                                   const std::vector<TableSchema>& tables,
                                                   int64_t sample_rows);

}  // namespace tdm::provision
