// The generation pipeline: batches of rows are generated in parallel and written in order.
//
// Each table is cut into fixed-size batches by row index. Workers fill batches independently
// (every value depends only on seed, table, column and row), and one serial stage hands them to
// the sink in row order, so the bytes written never depend on the thread count or scheduling.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "gen/table_generator.h"
#include "mask/table_masker.h"
#include "store/sink.h"

namespace tdm::provision {

struct PipelineOptions {
  int threads = 0;              // 0 = all cores
  size_t batch_rows = 1 << 16;  // rows per batch
  // Called from the writer after each batch with (table, rows written so far in it).
  std::function<void(const std::string&, int64_t)> progress;
  // Fields masked at generation (generation_masking.h): table -> masker prototype, cloned per
  // thread. Null or a missing table: written as generated.
  const std::map<std::string, std::shared_ptr<const mask::TableMasker>>* maskers = nullptr;
};

// Generates every table in order into `sink` (BeginTable/Write/EndTable per table, then Finish).
// On error the sink is aborted and the error returned.
Status RunPipeline(const std::vector<const gen::TableGenerator*>& tables, Sink& sink,
                   const PipelineOptions& options);

}  // namespace tdm::provision
