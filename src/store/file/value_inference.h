// What a value read from a text file is, and which column type a run of such values asks for.
//
// The file readers turn every JSON value or CSV field into a Cell: its kind, its numeric payload
// and its text. A column's type is the merge of its cells' kinds over a sample of records; later
// cells are then appended to a Column of that type (a string column takes any value's text).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/batch.h"

namespace tdm::store {

// Ordered from narrow to wide only loosely; MergeKinds holds the rules.
enum class ValueKind {
  kNull,
  kBoolean,
  kInteger,
  kFloat,
  kObjectId,
  kUuid,
  kDate,
  kDateTime,
  kText
};

struct Cell {
  ValueKind kind = ValueKind::kNull;
  int64_t number = 0;  // boolean 0/1, integer, date (days) or datetime (µs)
  double real = 0;     // float
  std::string text;    // the value as text, for every kind but kNull
};

// The kind a column holding both kinds has: int + float = float, date + datetime = datetime, null
// adds nothing, anything else mixed is text.
ValueKind MergeKinds(ValueKind a, ValueKind b);

// kNull (a column never seen with a value) becomes kString.
ColumnType ColumnTypeFor(ValueKind kind);

// A string: 24 lowercase hex digits = ObjectId, 8-4-4-4-12 hex = uuid, YYYY-MM-DD = date, an ISO
// datetime = datetime, anything else text.
void ClassifyString(std::string_view text, Cell& cell);

// An unquoted CSV field: empty = null, true/false, JSON-style integers and numbers (no leading
// zeros or '+', so "007" stays text), else as ClassifyString.
void ClassifyCsvText(std::string_view text, Cell& cell);

// Appends the cell to a column of the type inferred before; false when the cell does not fit it
// (e.g. text in an integer column).
bool AppendCell(const Cell& cell, Column& column);

}  // namespace tdm::store
