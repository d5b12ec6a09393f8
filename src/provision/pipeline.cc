#include "provision/pipeline.h"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <thread>

namespace tdm::provision {
namespace {

// The masker prototype for a table's generated batches, or null.
const mask::TableMasker* MaskerFor(const gen::TableGenerator& table,
                                   const PipelineOptions& options) {
  if (options.maskers == nullptr) return nullptr;
  auto it = options.maskers->find(table.schema().name);
  return it == options.maskers->end() ? nullptr : it->second.get();
}

// Generates rows [first, first + count) into `batch`, masked when the table has masked fields.
class BatchMaker {
 public:
  BatchMaker(const gen::TableGenerator& table, const mask::TableMasker* prototype)
      : table_(table), prototype_(prototype) {}

  Status Make(int64_t first, size_t count, Batch& batch) {
    table_.Fill(first, count, batch);
    if (prototype_ == nullptr) return Status::Ok();
    if (!masker_) {
      TDM_ASSIGN_OR_RETURN(masker_, prototype_->Clone());
    }
    TDM_RETURN_IF_ERROR(masker_->Mask(batch, masked_));
    masked_.schema = &prototype_->output_schema();
    std::swap(batch, masked_);
    return Status::Ok();
  }

 private:
  const gen::TableGenerator& table_;
  const mask::TableMasker* prototype_;
  std::unique_ptr<mask::TableMasker> masker_;
  Batch masked_;
};

Status WriteTable(const gen::TableGenerator& table, Sink& sink, int threads,
                  const PipelineOptions& options) {
  const mask::TableMasker* prototype = MaskerFor(table, options);
  TDM_RETURN_IF_ERROR(
      sink.BeginTable(prototype != nullptr ? prototype->output_schema() : table.schema()));
  const int64_t total = table.num_rows();
  const int64_t step = static_cast<int64_t>(std::max<size_t>(options.batch_rows, 1));
  int64_t next = 0;
  Status status;                    // written only by the serial writer stage
  std::atomic<bool> failed{false};  // read by the input stage, which may run concurrently
  if (threads <= 1) {
    Batch batch;
    BatchMaker maker(table, prototype);
    for (; next < total && status.ok(); next += step) {
      size_t count = static_cast<size_t>(std::min(step, total - next));
      status = maker.Make(next, count, batch);
      if (status.ok()) status = sink.Write(batch);
      if (status.ok() && options.progress)
        options.progress(table.schema().name, next + static_cast<int64_t>(count));
    }
  } else {
    tbb::enumerable_thread_specific<std::unique_ptr<BatchMaker>> makers;
    std::mutex make_error_mutex;
    Status make_status;
    tbb::task_arena arena(threads);
    arena.execute([&] {
      tbb::parallel_pipeline(
          static_cast<size_t>(threads) * 2,
          tbb::make_filter<void, Batch*>(
              tbb::filter_mode::serial_in_order,
              [&](tbb::flow_control& fc) -> Batch* {
                if (next >= total || failed.load(std::memory_order_relaxed)) {
                  fc.stop();
                  return nullptr;
                }
                auto* batch = new Batch();
                batch->first_row = next;
                batch->num_rows = static_cast<size_t>(std::min(step, total - next));
                next += static_cast<int64_t>(batch->num_rows);
                return batch;
              }) &
              tbb::make_filter<Batch*, Batch*>(
                  tbb::filter_mode::parallel,
                  [&](Batch* batch) {
                    auto& maker = makers.local();
                    if (!maker) {
                      maker = std::make_unique<BatchMaker>(table, prototype);
                    }
                    Status made = maker->Make(batch->first_row, batch->num_rows, *batch);
                    if (!made.ok()) {
                      std::lock_guard lock(make_error_mutex);
                      if (make_status.ok()) make_status = made;
                      failed.store(true);
                    }
                    return batch;
                  }) &
              tbb::make_filter<Batch*, void>(tbb::filter_mode::serial_in_order, [&](Batch* batch) {
                std::unique_ptr<Batch> owned(batch);
                if (!status.ok() || failed.load()) return;
                status = sink.Write(*batch);
                if (!status.ok()) failed.store(true, std::memory_order_relaxed);
                if (status.ok() && options.progress) {
                  options.progress(table.schema().name,
                                   batch->first_row + static_cast<int64_t>(batch->num_rows));
                }
              }));
    });
    TDM_RETURN_IF_ERROR(make_status);
  }
  TDM_RETURN_IF_ERROR(status);
  return sink.EndTable();
}

}  // namespace

Status RunPipeline(const std::vector<const gen::TableGenerator*>& tables, Sink& sink,
                   const PipelineOptions& options) {
  int threads = options.threads > 0
                    ? options.threads
                    : static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  for (const gen::TableGenerator* table : tables) {
    Status status = WriteTable(*table, sink, threads, options);
    if (!status.ok()) {
      sink.Abort();
      return status;
    }
  }
  Status finished = sink.Finish();
  if (!finished.ok()) sink.Abort();
  return finished;
}

}  // namespace tdm::provision
