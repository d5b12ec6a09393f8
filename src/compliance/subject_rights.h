// GDPR subject rights over provisioned executions: find one person's rows (right of access) and
// erase them (right to erasure), together with every row that references them through a foreign
// key, so no orphan is left behind.
//
// A subject is named by an email address or an id:
//   - an email (the text holds '@') matches every column the PII detector takes for an email by
//     its name (mask/pii_detect.h), compared case-insensitively (ASCII): mail systems treat
//     "Ann@X.org" and "ann@x.org" as one mailbox, and an erasure that missed a row because of
//     letter case would be the worse failure;
//   - any subject also matches primary keys exactly (text keys, and integer keys when the subject
//     is a whole number) of the tables that describe people, those with an email column (every
//     table when none has one): an id is a person's, and orders.id = 4 is not person 4.
// From the rows found, foreign keys are followed from parent to child, recursively, using the
// schema recorded for the execution (the registry keeps what was loaded). Deletion runs children
// first (the reverse of the load order), so databases that enforce keys never refuse it.
//
// The subject itself never appears in a Status or a log: callers print SubjectHash() instead.
// Only FindSubject's `rows` (the export of `gdpr access`) hold personal data, by design.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/table_schema.h"
#include "store/database.h"

namespace tdm::compliance {

// The first 16 hex digits of SHA-256 over the subject (lower-cased when it is an email): enough to
// tell requests apart in the audit log without it being a copy of the address.
std::string SubjectHash(const std::string& subject);

// The columns of `table` an email subject is looked up in.
std::vector<std::string> EmailColumns(const TableSchema& table);

// The rows one selection (table + equality filters) found.
struct SubjectSelection {
  std::string table;
  std::vector<store::ColumnFilter> filters;
};

struct SubjectTable {
  std::string table;
  int64_t rows = 0;                          // distinct rows found
  std::vector<nlohmann::ordered_json> data;  // the rows themselves, when asked for
};

struct SubjectFindings {
  std::vector<SubjectTable> tables;          // tables with rows, in load order
  std::vector<SubjectSelection> selections;  // in discovery order (parents before children)
  int64_t total_rows() const;
};

// Finds the subject's rows in namespace `ns` of `db`, whose tables are `schema` (load order).
// `keep_rows` fills SubjectTable::data.
Result<SubjectFindings> FindSubject(store::Database& db, const std::string& ns,
                                    const std::vector<TableSchema>& schema,
                                    const std::string& subject, bool keep_rows);

// Deletes what FindSubject found, children first; returns rows deleted per table (load order,
// tables with no deletion left out).
Result<std::vector<std::pair<std::string, int64_t>>> EraseSubject(
    store::Database& db, const std::string& ns, const std::vector<TableSchema>& schema,
    const SubjectFindings& found);

}  // namespace tdm::compliance
