#include "store/projected_source.h"

#include <utility>

namespace tdm::store {
namespace {

class ProjectedSource final : public Source {
 public:
  ProjectedSource(std::unique_ptr<Source> inner, TableSchema schema)
      : inner_(std::move(inner)), schema_(std::move(schema)) {
    for (const ColumnSchema& c : schema_.columns)
      at_.push_back(inner_->schema().FindColumn(c.name));
  }

  const TableSchema& schema() const override { return schema_; }

  Result<bool> Next(Batch& out, size_t max_rows) override {
    TDM_ASSIGN_OR_RETURN(bool more, inner_->Next(full_, max_rows));
    out.Reset(schema_, full_.first_row, more ? full_.num_rows : 0);
    if (!more) return false;
    // Swapping keeps both batches' buffers for reuse; Reset retypes a column that moved.
    for (size_t i = 0; i < at_.size(); ++i) {
      std::swap(out.columns[i], full_.columns[static_cast<size_t>(at_[i])]);
    }
    return true;
  }

 private:
  std::unique_ptr<Source> inner_;
  TableSchema schema_;
  std::vector<int> at_;
  Batch full_;
};

}  // namespace

Result<std::unique_ptr<Source>> ProjectColumns(Result<std::unique_ptr<Source>> inner,
                                               const std::vector<std::string>& columns) {
  if (!inner.ok() || columns.empty()) return inner;
  TDM_ASSIGN_OR_RETURN(TableSchema schema, ProjectSchema((*inner)->schema(), columns));
  return std::unique_ptr<Source>(new ProjectedSource(std::move(*inner), std::move(schema)));
}

}  // namespace tdm::store
