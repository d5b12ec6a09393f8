// The kinds of personal data the PII detector reports, and what each one implies.
//
// One table gives every kind its sensitivity, suggested masking strategy (and provider, for
// anonymize), the column types it can be stored as, and the plural noun reasons use ("200/200
// sampled values are email addresses"). pii_detect.cc reads nothing about a kind from anywhere
// else, so adding a kind is one row here plus its name hints (pii_name_hints.cc).
#pragma once

#include <cstdint>
#include <string_view>

#include "core/table_schema.h"
#include "mask/pii_detect.h"

namespace tdm::mask::pii {

struct PiiKind {
  std::string_view name;  // "email": ColumnFinding::kind
  Sensitivity level;
  std::string_view strategy;  // ColumnFinding::strategy
  std::string_view provider;  // the tdm provider anonymize draws from; empty for other strategies
  std::string_view noun;      // "email addresses"
  uint32_t types;             // one bit per ColumnType the kind can be stored as
  bool personal;              // belongs to one person: a table with it is a people table
};

// The kind named `name`, or nullptr.
const PiiKind* FindKind(std::string_view name);

// Whether a column of `type` can hold `kind` ("email" cannot be an integer or a boolean).
bool StoredAs(const PiiKind& kind, ColumnType type);

}  // namespace tdm::mask::pii
