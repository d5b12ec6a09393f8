// The spec writer: data-spec.yaml text from table schemas, the loader's way back.
//
// `data-cli init --from URL` describes a live database (store::Database::Describe) and hands its
// tables here. The text that comes back loads with LoadDataSpec and provisions tables with the
// same columns, types, primary keys, unique columns, nullability, foreign keys and indexes, as far
// as the spec can hold them. What it cannot hold (self-references, foreign-key cycles, composite
// primary keys, one-to-one foreign keys, expression indexes, unique combinations of columns) is
// left out with a comment at that spot and a note, never silently.
//
// The text depends only on the tables and the source name: no date, no host-specific ordering, so
// the same database always gives the same bytes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/table_schema.h"
#include "spec/provider_guess.h"
#include "tdm/status.h"

namespace tdm::spec {

struct WrittenSpec {
  std::string yaml;
  std::vector<std::string> datasets;  // in the order written: parents before children
  std::vector<std::string> notes;     // what was left out or changed, one sentence each
};

// A spec with one dataset per table (foreign-key order, otherwise the order given), environments
// local/ci/staging, and masking policies for columns that hold personal data. `source` names where
// the tables came from in the header comment; pass a redacted URL, never one with a password.
// kInvalidArgument when there are no tables or two share a name.
Result<WrittenSpec> WriteSpec(const std::vector<TableSchema>& tables, std::string_view source);

// `text` as a YAML scalar: plain when a YAML reader gives back the same string, double-quoted
// with escapes otherwise (spaces, punctuation, leading digits, words such as `yes` or `null`).
std::string YamlScalar(std::string_view text);

}  // namespace tdm::spec
