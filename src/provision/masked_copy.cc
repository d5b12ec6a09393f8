#include "provision/masked_copy.h"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "core/suggest.h"

namespace tdm::provision {
namespace {

std::string Field(const std::string& table, const std::string& column) {
  return table + "." + column;
}

bool SameRule(const mask::MaskRule& a, const mask::MaskRule& b) {
  return a.strategy == b.strategy && a.key == b.key && a.provider == b.provider &&
         a.locale == b.locale && a.replacement == b.replacement && a.show_last == b.show_last &&
         a.length == b.length && a.spread == b.spread && a.max_days == b.max_days;
}

// Picks the tables to copy; foreign keys to tables left out are dropped (with a note).
Result<std::vector<TableSchema>> ChooseTables(std::vector<TableSchema> all,
                                              const MaskedCopyOptions& options,
                                              std::vector<std::string>& notes) {
  if (options.tables.empty()) return all;
  std::vector<std::string> names;
  for (const TableSchema& t : all) names.push_back(t.name);
  for (const std::string& wanted : options.tables) {
    if (std::find(names.begin(), names.end(), wanted) == names.end()) {
      return Status(StatusCode::kNotFound,
                    "the source has no table '" + wanted + "'" + DidYouMean(wanted, names));
    }
  }
  std::vector<TableSchema> chosen;
  for (TableSchema& t : all) {
    if (std::find(options.tables.begin(), options.tables.end(), t.name) == options.tables.end()) {
      continue;
    }
    std::erase_if(t.foreign_keys, [&](const ForeignKeySchema& fk) {
      bool kept = std::find(options.tables.begin(), options.tables.end(), fk.ref_table) !=
                  options.tables.end();
      if (!kept) {
        notes.push_back("the foreign key " + Field(t.name, fk.column) + " -> " + fk.ref_table +
                        " is not copied: " + fk.ref_table + " is not among --tables");
      }
      return !kept;
    });
    chosen.push_back(std::move(t));
  }
  return chosen;
}

// A foreign key and the key it points at must be masked alike, or the join breaks: the key's
// rule wins, and a rule on the foreign key alone is carried over to the key.
void AlignForeignKeys(std::vector<TableCopy>& tables, std::vector<std::string>& notes) {
  std::map<std::string, std::pair<size_t, size_t>> where;
  for (size_t t = 0; t < tables.size(); ++t) {
    for (size_t c = 0; c < tables[t].source.columns.size(); ++c) {
      where[Field(tables[t].source.name, tables[t].source.columns[c].name)] = {t, c};
    }
  }
  for (bool changed = true; changed;) {
    changed = false;
    for (TableCopy& child : tables) {
      for (const ForeignKeySchema& fk : child.source.foreign_keys) {
        auto ref = where.find(Field(fk.ref_table, fk.ref_column));
        int c = child.source.FindColumn(fk.column);
        if (ref == where.end() || c < 0) continue;
        auto& mine = child.rules[static_cast<size_t>(c)];
        auto& theirs = tables[ref->second.first].rules[ref->second.second];
        std::string from = Field(child.source.name, fk.column);
        std::string to = Field(fk.ref_table, fk.ref_column);
        if (theirs && (!mine || !SameRule(*mine, *theirs))) {
          if (mine) notes.push_back(from + " is masked like " + to + ", the key it points at");
          mine = theirs;
          changed = true;
        } else if (mine && !theirs) {
          notes.push_back(to + " is masked like " + from + ", which points at it");
          theirs = mine;
          changed = true;
        }
      }
    }
  }
}

Status FailClosed(const std::vector<TableCopy>& tables,
                  const std::vector<mask::ColumnFinding>& findings,
                  const MaskedCopyOptions& options, std::vector<std::string>& notes) {
  std::map<std::string, const mask::ColumnFinding*> by_field;
  for (const mask::ColumnFinding& f : findings) by_field[Field(f.table, f.column)] = &f;
  for (const std::string& allowed : options.allow_unmasked) {
    if (!by_field.contains(allowed)) {
      std::vector<std::string> names;
      for (const auto& [name, f] : by_field) names.push_back(name);
      return {StatusCode::kInvalidArgument, "--allow-unmasked names '" + allowed +
                                                "', which is not a column of the source" +
                                                DidYouMean(allowed, names)};
    }
  }
  std::vector<std::string> uncovered;
  for (const TableCopy& t : tables) {
    for (size_t c = 0; c < t.source.columns.size(); ++c) {
      std::string field = Field(t.source.name, t.source.columns[c].name);
      const mask::ColumnFinding* f = by_field[field];
      if (t.rules[c] || f == nullptr || f->level != mask::Sensitivity::kRed) continue;
      if (std::find(options.allow_unmasked.begin(), options.allow_unmasked.end(), field) !=
          options.allow_unmasked.end()) {
        notes.push_back(field + " is detected red (" + f->kind + ") and copied unmasked, as " +
                        "--allow-unmasked asks");
        continue;
      }
      uncovered.push_back(field + " (" + f->kind + ", suggested: " + f->strategy + ")");
    }
  }
  if (uncovered.empty()) return Status::Ok();
  std::string list;
  for (const std::string& u : uncovered) list += (list.empty() ? "" : ", ") + u;
  return {StatusCode::kFailedPrecondition,
          std::to_string(uncovered.size()) +
              " column(s) detected as PII have no masking rule: " + list +
              ". Nothing was written. Add rules to the masking policy (data-cli detect-pii "
              "--output masking-policies.yaml suggests them), or copy them unmasked on purpose "
              "with --allow-unmasked TABLE.COLUMN"};
}

// Tables with `aggregate` rules become their summary; nothing may keep pointing at them.
Status PlanAggregates(std::vector<TableCopy>& tables) {
  for (TableCopy& t : tables) {
    for (size_t c = 0; c < t.rules.size(); ++c) {
      if (t.rules[c] && t.rules[c]->strategy == "aggregate") {
        t.aggregated.push_back(t.source.columns[c].name);
        t.rules[c].reset();
      }
    }
    if (t.aggregated.empty()) continue;
    TDM_ASSIGN_OR_RETURN(mask::TableAggregator agg,
                         mask::TableAggregator::Create(t.source, t.aggregated));
    t.target = agg.output_schema();
    for (const TableCopy& other : tables) {
      for (const ForeignKeySchema& fk : other.source.foreign_keys) {
        if (fk.ref_table == t.source.name && &other != &t) {
          return {StatusCode::kSpecError,
                  Field(other.source.name, fk.column) + " points at " + t.source.name +
                      ", which aggregate replaces by its summary; aggregate " + other.source.name +
                      " too, or leave it out with --tables"};
        }
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<mask::ColumnFinding>> DetectPii(store::Database& source, const std::string& ns,
                                                   const std::vector<TableSchema>& tables,
                                                   int64_t sample_rows) {
  std::vector<mask::ColumnFinding> findings;
  for (const TableSchema& t : tables) {
    TDM_ASSIGN_OR_RETURN(auto reader, source.Read(ns, {t.name, {}, sample_rows, {}}));
    Batch sample;
    TDM_ASSIGN_OR_RETURN(bool any, reader->Next(sample, static_cast<size_t>(sample_rows)));
    if (!any) sample.Reset(t, 0, 0);
    sample.schema = &t;
    auto table_findings = mask::ClassifyTable(t, sample);
    findings.insert(findings.end(), table_findings.begin(), table_findings.end());
  }
  return findings;
}

Result<MaskedCopyPlan> PlanMaskedCopy(store::Database& source, const std::string& ns,
                                      const mask::MaskingPolicy& policy,
                                      const MaskedCopyOptions& options) {
  MaskedCopyPlan plan;
  TDM_ASSIGN_OR_RETURN(std::vector<TableSchema> described, source.Describe(ns));
  if (described.empty()) {
    return Status(StatusCode::kNotFound, "the source '" + ns + "' has no tables to copy");
  }
  TDM_ASSIGN_OR_RETURN(std::vector<TableSchema> tables,
                       ChooseTables(std::move(described), options, plan.notes));
  TDM_ASSIGN_OR_RETURN(std::vector<std::string> unmatched, policy.CheckColumns(tables));
  for (const std::string& name : unmatched) {
    plan.notes.push_back("the masking rule '" + name + "' matches no column of the source");
  }
  TDM_ASSIGN_OR_RETURN(plan.findings, DetectPii(source, ns, tables, options.sample_rows));

  size_t f = 0;
  for (const TableSchema& t : tables) {
    TableCopy copy{t, t, {}, {}};
    for (const ColumnSchema& c : t.columns) {
      const mask::ColumnFinding& finding = plan.findings[f++];
      TDM_ASSIGN_OR_RETURN(
          auto rule, policy.For(t.name, c.name, std::string(mask::SensitivityName(finding.level))));
      // anonymize without a provider fakes what the detector says the column holds.
      if (rule && rule->strategy == "anonymize" && rule->provider.empty()) {
        rule->provider = finding.provider;
      }
      copy.rules.push_back(std::move(rule));
    }
    plan.tables.push_back(std::move(copy));
  }
  AlignForeignKeys(plan.tables, plan.notes);
  TDM_RETURN_IF_ERROR(FailClosed(plan.tables, plan.findings, options, plan.notes));
  TDM_RETURN_IF_ERROR(PlanAggregates(plan.tables));
  for (TableCopy& t : plan.tables) {
    if (!t.aggregated.empty()) continue;
    TDM_ASSIGN_OR_RETURN(auto masker, mask::TableMasker::Create(t.source, t.rules));
    t.target = masker->output_schema();
  }
  if (!options.subset.empty()) {
    std::vector<TableSchema> schemas;
    for (const TableCopy& t : plan.tables) schemas.push_back(t.source);
    TDM_ASSIGN_OR_RETURN(SubsetSelection subset, SelectSubset(source, ns, schemas, options.subset));
    plan.subset = std::move(subset);
  }
  return plan;
}

namespace {

struct Token {
  Batch read;
  Batch kept;
  Batch masked;
  Batch* ready = nullptr;
};

Result<int64_t> CopyAggregated(const TableCopy& t, Source& reader, Sink& sink,
                               const MaskedCopyPlan& plan, const MaskedCopyOptions& options) {
  TDM_ASSIGN_OR_RETURN(mask::TableAggregator agg,
                       mask::TableAggregator::Create(t.source, t.aggregated));
  Token token;
  while (true) {
    TDM_ASSIGN_OR_RETURN(bool more, reader.Next(token.read, options.batch_rows));
    if (!more) break;
    token.read.schema = &t.source;
    if (plan.subset) {
      std::vector<uint8_t> keep;
      plan.subset->Keep(token.read, keep);
      token.kept.KeepRowsOf(token.read, keep);
      agg.Add(token.kept);
    } else {
      agg.Add(token.read);
    }
  }
  agg.Finish(token.masked);
  token.masked.schema = &t.target;
  TDM_RETURN_IF_ERROR(sink.Write(token.masked));
  return 1;
}

Result<int64_t> CopyTable(const TableCopy& t, Source& reader, Sink& sink,
                          const MaskedCopyPlan& plan, const MaskedCopyOptions& options,
                          int threads) {
  TDM_ASSIGN_OR_RETURN(auto prototype, mask::TableMasker::Create(t.source, t.rules));
  int64_t written = 0;
  Status status;
  // Reads and filters one batch into `token`; false at the end.
  auto read = [&](Token& token) -> Result<bool> {
    while (true) {
      TDM_ASSIGN_OR_RETURN(bool more, reader.Next(token.read, options.batch_rows));
      if (!more) return false;
      token.read.schema = &t.source;
      token.ready = &token.read;
      if (!plan.subset) return true;
      std::vector<uint8_t> keep;
      plan.subset->Keep(token.read, keep);
      token.kept.KeepRowsOf(token.read, keep);
      token.ready = &token.kept;
      if (token.kept.num_rows > 0) return true;
    }
  };
  auto write = [&](Token& token) -> Status {
    TDM_RETURN_IF_ERROR(sink.Write(token.masked));
    written += static_cast<int64_t>(token.masked.num_rows);
    if (options.progress) options.progress(t.source.name, written);
    return Status::Ok();
  };
  if (threads <= 1) {
    Token token;
    while (true) {
      TDM_ASSIGN_OR_RETURN(bool more, read(token));
      if (!more) break;
      TDM_RETURN_IF_ERROR(prototype->Mask(*token.ready, token.masked));
      TDM_RETURN_IF_ERROR(write(token));
    }
    return written;
  }
  tbb::enumerable_thread_specific<std::unique_ptr<mask::TableMasker>> maskers;
  // Tokens are reused, so batches keep their capacity from one round to the next.
  std::vector<std::unique_ptr<Token>> tokens;
  std::vector<Token*> free_tokens;
  std::mutex free_mutex;
  for (int i = 0; i < threads * 2; ++i) {
    tokens.push_back(std::make_unique<Token>());
    free_tokens.push_back(tokens.back().get());
  }
  auto take = [&] {
    std::lock_guard lock(free_mutex);
    Token* t = free_tokens.back();
    free_tokens.pop_back();
    return t;
  };
  auto give_back = [&](Token* t) {
    std::lock_guard lock(free_mutex);
    free_tokens.push_back(t);
  };
  std::atomic<bool> failed{false};
  Status read_status;
  std::mutex mask_error_mutex;
  Status mask_status;
  tbb::task_arena arena(threads);
  arena.execute([&] {
    tbb::parallel_pipeline(
        static_cast<size_t>(threads) * 2,
        tbb::make_filter<void, Token*>(tbb::filter_mode::serial_in_order,
                                       [&](tbb::flow_control& fc) -> Token* {
                                         Token* token = take();
                                         auto more =
                                             failed.load() ? Result<bool>(false) : read(*token);
                                         if (!more.ok()) {
                                           read_status = more.status();
                                           failed.store(true);
                                         }
                                         if (!more.ok() || !*more) {
                                           give_back(token);
                                           fc.stop();
                                           return nullptr;
                                         }
                                         return token;
                                       }) &
            tbb::make_filter<Token*, Token*>(tbb::filter_mode::parallel,
                                             [&](Token* token) {
                                               auto& masker = maskers.local();
                                               Status s;
                                               if (!masker) {
                                                 auto cloned = prototype->Clone();
                                                 if (cloned.ok()) masker = std::move(*cloned);
                                                 s = cloned.status();
                                               }
                                               if (s.ok())
                                                 s = masker->Mask(*token->ready, token->masked);
                                               if (!s.ok()) {
                                                 std::lock_guard lock(mask_error_mutex);
                                                 if (mask_status.ok()) mask_status = s;
                                                 failed.store(true);
                                               }
                                               return token;
                                             }) &
            tbb::make_filter<Token*, void>(tbb::filter_mode::serial_in_order, [&](Token* token) {
              if (status.ok() && !failed.load()) {
                status = write(*token);
                if (!status.ok()) failed.store(true);
              }
              give_back(token);
            }));
  });
  TDM_RETURN_IF_ERROR(read_status);
  TDM_RETURN_IF_ERROR(mask_status);
  TDM_RETURN_IF_ERROR(status);
  return written;
}

Status CopyAll(const MaskedCopyPlan& plan, store::Database& source, const std::string& ns,
               Sink& sink, const MaskedCopyOptions& options, MaskedCopyResult& result) {
  int threads = options.threads > 0
                    ? options.threads
                    : static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  for (const TableCopy& t : plan.tables) {
    TDM_ASSIGN_OR_RETURN(auto reader, source.Read(ns, {t.source.name, {}, std::nullopt, {}}));
    TDM_RETURN_IF_ERROR(sink.BeginTable(t.target));
    auto rows = t.aggregated.empty() ? CopyTable(t, *reader, sink, plan, options, threads)
                                     : CopyAggregated(t, *reader, sink, plan, options);
    if (!rows.ok()) return rows.status().WithContext("copying table " + t.source.name);
    TDM_RETURN_IF_ERROR(sink.EndTable());
    result.tables.emplace_back(t.source.name, *rows);
    for (const std::string& column : t.aggregated) {
      result.actions.push_back({"aggregate", Field(t.source.name, column), *rows});
    }
    for (size_t c = 0; c < t.rules.size(); ++c) {
      if (!t.rules[c]) continue;
      result.actions.push_back(
          {t.rules[c]->strategy, Field(t.source.name, t.source.columns[c].name), *rows});
    }
  }
  return sink.Finish();
}

}  // namespace

Result<MaskedCopyResult> RunMaskedCopy(const MaskedCopyPlan& plan, store::Database& source,
                                       const std::string& ns, Sink& sink,
                                       const MaskedCopyOptions& options) {
  MaskedCopyResult result;
  Status status = CopyAll(plan, source, ns, sink, options, result);
  if (!status.ok()) {
    sink.Abort();
    return status;
  }
  return result;
}

}  // namespace tdm::provision
