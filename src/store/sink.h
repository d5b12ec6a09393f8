// Sink and Source: the two ends of every data path (see DESIGN.md, "The pipeline").
//
// A Sink receives one table at a time: BeginTable, any number of Write calls with batches of that
// table in row order, EndTable; then Finish once after the last table. Abort discards everything
// the sink wrote (a half-written target is never left behind); it is safe to call at any point,
// also after a failed call. Sinks are used from one thread; the pipeline serialises writes.
//
// A Source yields batches front to back (database and file readers). Generators are random-access
// and are driven by the pipeline directly (gen/table_generator.h).
#pragma once

#include "core/batch.h"
#include "core/table_schema.h"
#include "tdm/status.h"

namespace tdm {

class Sink {
 public:
  virtual ~Sink() = default;

  virtual Status BeginTable(const TableSchema& table) = 0;
  virtual Status Write(const Batch& batch) = 0;
  virtual Status EndTable() = 0;
  virtual Status Finish() = 0;
  virtual void Abort() = 0;
};

class Source {
 public:
  virtual ~Source() = default;

  virtual const TableSchema& schema() const = 0;
  // Fills `out` with up to max_rows rows; returns false at the end (and leaves `out` empty).
  virtual Result<bool> Next(Batch& out, size_t max_rows) = 0;
};

}  // namespace tdm
