// show, export, import, generate.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/audit_support.h"
#include "cli/commands.h"
#include "cli/render.h"
#include "provision/lifecycle.h"
#include "provision/provisioner.h"
#include "store/database.h"
#include "store/file/file_format.h"
#include "store/file/file_sink.h"
#include "store/file/file_source.h"
#include "store/sqlite/sqlite_sink.h"

namespace tdm::cli {
namespace {

constexpr size_t kBatchRows = 1 << 14;

struct ShowArgs {
  std::string collection;
  int64_t limit = 10;
  std::string filter;
  std::string execution_id;
};

struct ExportArgs {
  std::string collection;
  std::string format;
  std::string output = "-";
  std::string execution_id;
};

struct ImportArgs {
  std::string file;
  std::string collection;
  std::string format;
  std::string execution_id;
};

struct GenerateArgs {
  std::string dataset;
  std::string env = "local";
  std::optional<int64_t> count;
  std::optional<uint64_t> seed;
  std::string format;
  std::string output = "-";
  int threads = 0;
  size_t batch_rows = 1 << 16;
};

Status CopyTable(store::Database& db, const std::string& ns, const std::string& table, Sink& sink) {
  TDM_ASSIGN_OR_RETURN(auto source, db.Read(ns, {table, {}, std::nullopt, {}}));
  TDM_RETURN_IF_ERROR(sink.BeginTable(source->schema()));
  Batch batch;
  while (true) {
    TDM_ASSIGN_OR_RETURN(bool more, source->Next(batch, kBatchRows));
    if (!more) break;
    TDM_RETURN_IF_ERROR(sink.Write(batch));
  }
  return sink.EndTable();
}

// The execution an operation read or wrote, for its audit event.
void DescribeExecution(const provision::ExecutionRecord& record, OperationAudit& audit) {
  audit.environment = record.environment;
  audit.dataset_id = record.id;
  audit.details["execution_id"] = record.id;
}

Status RunShow(const Context& ctx, const ShowArgs& args, OperationAudit& audit) {
  audit.dataset_id = args.execution_id;
  audit.details["collection"] = args.collection;
  if (args.limit < 0) return {StatusCode::kInvalidArgument, "--limit must not be negative"};
  TDM_ASSIGN_OR_RETURN(provision::Registry registry, ctx.OpenRegistry());
  TDM_ASSIGN_OR_RETURN(provision::ExecutionRecord record,
                       ctx.PickExecution(registry, args.execution_id, args.collection));
  DescribeExecution(record, audit);
  store::ReadQuery query{args.collection, {}, args.limit, {}};
  if (!args.filter.empty()) {
    TDM_ASSIGN_OR_RETURN(query.filters, ParseFilter(args.filter));
    // The filter's field names only: its values may be personal data.
    nlohmann::ordered_json fields = nlohmann::ordered_json::array();
    for (const auto& f : query.filters) fields.push_back(f.column);
    audit.details["filter_fields"] = fields;
  }
  TDM_ASSIGN_OR_RETURN(auto db, provision::OpenExecutionTarget(record));
  TDM_ASSIGN_OR_RETURN(auto source, db->Read(record.ns, query));
  Batch batch;
  TDM_ASSIGN_OR_RETURN(bool any, source->Next(batch, static_cast<size_t>(args.limit)));
  size_t rows = any ? batch.num_rows : 0;
  audit.details["record_count"] = static_cast<int64_t>(rows);
  if (ctx.json) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (size_t r = 0; r < rows; ++r) list.push_back(RowToJson(batch, r));
    *ctx.out << list.dump(2) << "\n";
    return Status::Ok();
  }
  std::vector<std::string> header;
  for (const ColumnSchema& c : source->schema().columns) header.push_back(c.name);
  std::vector<std::vector<std::string>> cells;
  for (size_t r = 0; r < rows; ++r) {
    std::vector<std::string> line;
    for (const Column& column : batch.columns) line.push_back(CellText(column, r));
    cells.push_back(std::move(line));
  }
  *ctx.out << args.collection << " (execution " << record.id << ", " << rows
           << (rows == 1 ? " row" : " rows") << " shown)\n";
  PrintTable(*ctx.out, header, cells);
  return Status::Ok();
}

Result<store::FileFormat> PickFormat(const std::string& format, const std::string& path,
                                     store::FileFormat fallback) {
  if (!format.empty()) return store::ParseFileFormat(format);
  if (auto from_extension = store::FormatFromExtension(path)) return *from_extension;
  return fallback;
}

Status RunExport(const Context& ctx, const ExportArgs& args, OperationAudit& audit) {
  audit.dataset_id = args.execution_id;
  audit.details["destination"] = args.output == "-" ? "stdout" : args.output;
  TDM_ASSIGN_OR_RETURN(provision::Registry registry, ctx.OpenRegistry());
  TDM_ASSIGN_OR_RETURN(provision::ExecutionRecord record,
                       ctx.PickExecution(registry, args.execution_id, args.collection));
  DescribeExecution(record, audit);
  TDM_ASSIGN_OR_RETURN(store::FileFormat format,
                       PickFormat(args.format, args.output, store::FileFormat::kJson));
  audit.details["format"] = store::FileFormatName(format);
  TDM_ASSIGN_OR_RETURN(auto db, provision::OpenExecutionTarget(record));
  std::vector<std::string> tables;
  if (!args.collection.empty()) {
    tables.push_back(args.collection);
    TDM_RETURN_IF_ERROR(db->Read(record.ns, {args.collection, {}, 0, {}}).status());
  } else {
    for (const auto& t : record.tables) tables.push_back(t.first);
  }
  // Without --collection, json is one object keyed by collection (whatever their number).
  store::FileSinkOptions options;
  options.json_keyed_by_table = args.collection.empty();
  if (tables.size() > 1 && format != store::FileFormat::kSql &&
      format != store::FileFormat::kJson) {
    return {StatusCode::kInvalidArgument,
            std::string(store::FileFormatName(format)) +
                " holds one collection per file: add --collection (or use --format json or "
                "sql for all collections)"};
  }
  audit.details["collections"] = tables;
  int64_t exported = 0;
  for (const auto& t : record.tables) {
    if (args.collection.empty() || t.first == args.collection) exported += t.second;
  }
  audit.details["record_count"] = exported;
  TDM_ASSIGN_OR_RETURN(auto sink, store::MakeFileSinkForPath(format, args.output, options));
  for (const std::string& table : tables) {
    Status copied = CopyTable(*db, record.ns, table, *sink);
    if (!copied.ok()) {
      sink->Abort();
      return copied;
    }
  }
  TDM_RETURN_IF_ERROR(sink->Finish());
  if (args.output != "-") {
    int64_t rows = 0;
    for (const auto& t : record.tables) {
      if (args.collection.empty() || t.first == args.collection) rows += t.second;
    }
    if (!ctx.json && !ctx.quiet) {
      *ctx.out << "Exported " << (args.collection.empty() ? "all collections" : args.collection)
               << " of execution " << record.id << " as " << store::FileFormatName(format) << " to "
               << args.output << "\n";
    } else if (ctx.json) {
      *ctx.out << nlohmann::ordered_json{{"execution_id", record.id},
                                         {"format", store::FileFormatName(format)},
                                         {"output", args.output},
                                         {"collections", tables}}
                      .dump(2)
               << "\n";
    }
    (void)rows;
  }
  return Status::Ok();
}

Status RunImport(const Context& ctx, const ImportArgs& args, OperationAudit& audit) {
  audit.dataset_id = args.execution_id;
  audit.details["collection"] = args.collection;
  TDM_ASSIGN_OR_RETURN(provision::Registry registry, ctx.OpenRegistry());
  TDM_ASSIGN_OR_RETURN(provision::ExecutionRecord record,
                       ctx.PickExecution(registry, args.execution_id));
  DescribeExecution(record, audit);
  std::optional<store::FileFormat> format;
  if (!args.format.empty()) {
    TDM_ASSIGN_OR_RETURN(format, store::ParseFileFormat(args.format));
  }
  for (const auto& t : record.tables) {
    if (t.first == args.collection) {
      return {StatusCode::kFailedPrecondition, "collection '" + args.collection +
                                                   "' already exists in execution " + record.id +
                                                   "; import into a new name"};
    }
  }
  TDM_ASSIGN_OR_RETURN(store::TargetUrl url, store::ParseTarget(record.target));
  if (url.kind != store::TargetKind::kSqlite) {
    return {StatusCode::kInvalidArgument,
            "import adds collections to SQLite executions; execution " + record.id + " is on " +
                std::string(store::TargetKindName(url.kind))};
  }
  TDM_ASSIGN_OR_RETURN(auto source, store::OpenFileSource(args.file, args.collection, format));
  TDM_ASSIGN_OR_RETURN(auto sink, store::OpenSqliteSink(record.ns, store::SqliteMode::kAppend));
  TableSchema schema = source->schema();
  schema.name = args.collection;
  int64_t rows = 0;
  Status status = sink->BeginTable(schema);
  Batch batch;
  while (status.ok()) {
    auto more = source->Next(batch, kBatchRows);
    if (!more.ok()) {
      status = more.status();
      break;
    }
    if (!*more) break;
    batch.schema = &schema;
    rows += static_cast<int64_t>(batch.num_rows);
    status = sink->Write(batch);
  }
  if (status.ok()) status = sink->EndTable();
  if (status.ok()) status = sink->Finish();
  if (!status.ok()) {
    sink->Abort();
    return status.WithContext("import of '" + args.file + "' rolled back");
  }
  audit.details["record_count"] = rows;
  record.tables.emplace_back(args.collection, rows);
  record.updated_at = provision::NowUtc();
  TDM_RETURN_IF_ERROR(registry.Update(record));
  if (ctx.json) {
    *ctx.out << nlohmann::ordered_json{{"execution_id", record.id},
                                       {"collection", args.collection},
                                       {"rows", rows}}
                    .dump(2)
             << "\n";
  } else {
    *ctx.out << "Imported " << WithThousands(rows) << " rows from " << args.file << " into "
             << args.collection << " (execution " << record.id << ")\n";
  }
  return Status::Ok();
}

Status RunGenerate(const Context& ctx, const GenerateArgs& args, OperationAudit& audit) {
  audit.environment = args.env;
  audit.dataset_id = args.dataset;
  audit.details["destination"] = args.output == "-" ? "stdout" : args.output;
  TDM_ASSIGN_OR_RETURN(spec::ResolvedSpec spec, ctx.LoadSpec());
  TDM_ASSIGN_OR_RETURN(store::FileFormat format,
                       PickFormat(args.format, args.output, store::FileFormat::kJsonl));
  spec::ProvisionRequest request{args.env, args.dataset, args.count, args.seed};
  TDM_ASSIGN_OR_RETURN(spec::ProvisionPlan plan, spec::PlanProvision(spec, request));
  TDM_ASSIGN_OR_RETURN(auto generators, provision::BuildGenerators(plan));
  TDM_ASSIGN_OR_RETURN(auto maskers, provision::BuildGenerationMaskers(spec, generators));
  // Parents exist only as generators: a child's keys come from them without writing them. An
  // sql script carries its parents too, or its FOREIGN KEY clauses would not load.
  std::vector<const gen::TableGenerator*> tables;
  bool with_parents = format == store::FileFormat::kSql;
  for (const auto& g : generators) {
    if (g->schema().name == args.dataset || args.dataset == "all" || with_parents) {
      tables.push_back(g.get());
    }
  }
  if (with_parents && tables.size() > 1 && args.dataset != "all") {
    ctx.Note("the sql script also creates the tables " + args.dataset +
             " references, so its foreign keys load");
  }
  if (tables.size() > 1 && format != store::FileFormat::kSql) {
    return {StatusCode::kInvalidArgument,
            "generate writes one dataset per file in this format; name it with --dataset"};
  }
  int64_t generated = 0;
  for (const auto* t : tables) {
    for (const auto& planned : plan.tables) {
      if (planned.name == t->schema().name) generated += planned.rows;
    }
  }
  audit.details["format"] = store::FileFormatName(format);
  audit.details["record_count"] = generated;
  TDM_ASSIGN_OR_RETURN(auto sink, store::MakeFileSinkForPath(format, args.output));
  provision::PipelineOptions options;
  options.threads = args.threads;
  options.batch_rows = args.batch_rows;
  options.maskers = &maskers;
  return provision::RunPipeline(tables, *sink, options);
}

}  // namespace

void AddDataCommands(CLI::App& app, Context& ctx, Action& action) {
  auto show = std::make_shared<ShowArgs>();
  CLI::App* s = app.add_subcommand("show", "Print rows of a collection");
  s->add_option("--collection", show->collection, "Collection (table) to show")->required();
  s->add_option("--limit", show->limit, "Rows to print")->capture_default_str();
  s->add_option("--filter", show->filter, "JSON equality filter, e.g. '{\"year\": 2024}'");
  s->add_option("--execution-id", show->execution_id, "Execution (default: the newest ready)");
  s->callback([&ctx, &action, show] {
    action = [&ctx, show] {
      OperationAudit audit{"data_access", "show_data"};
      return RunAudited(ctx, audit, [&] { return RunShow(ctx, *show, audit); });
    };
  });

  auto exp = std::make_shared<ExportArgs>();
  CLI::App* e = app.add_subcommand("export", "Write an execution's data to a file");
  e->add_option("--collection", exp->collection, "Collection to export (default: all)");
  e->add_option("--format", exp->format, "json, jsonl, csv, sql or ejson (default: from --output)");
  e->add_option("--output", exp->output, "File to write, '-' for standard output")
      ->capture_default_str();
  e->add_option("--execution-id", exp->execution_id, "Execution (default: the newest ready)");
  e->callback([&ctx, &action, exp] {
    action = [&ctx, exp] {
      OperationAudit audit{"data_export", "export_data"};
      return RunAudited(ctx, audit, [&] { return RunExport(ctx, *exp, audit); });
    };
  });

  auto imp = std::make_shared<ImportArgs>();
  CLI::App* i =
      app.add_subcommand("import", "Load a json, jsonl, csv or ejson file as a new collection");
  i->add_option("--file", imp->file, "File to read")->required();
  i->add_option("--collection", imp->collection, "Name of the new collection")->required();
  i->add_option("--format", imp->format, "json, jsonl, csv or ejson (default: from the file name)");
  i->add_option("--execution-id", imp->execution_id, "Execution (default: the newest ready)");
  i->callback([&ctx, &action, imp] {
    action = [&ctx, imp] {
      OperationAudit audit{"data_import", "import_data"};
      return RunAudited(ctx, audit, [&] { return RunImport(ctx, *imp, audit); });
    };
  });

  auto gen = std::make_shared<GenerateArgs>();
  CLI::App* g = app.add_subcommand("generate", "Stream a dataset to a file without an execution");
  g->add_option("--dataset", gen->dataset, "Dataset to generate")->required();
  g->add_option("--env", gen->env, "Environment whose volume to use")->capture_default_str();
  g->add_option("--count", gen->count, "Rows (overrides the spec's volume)");
  g->add_option("--seed", gen->seed, "Seed (overrides the spec's)");
  g->add_option("--format", gen->format,
                "jsonl, json, csv, sql or ejson (default: from --output, else jsonl)");
  g->add_option("--output", gen->output, "File to write, '-' for standard output")
      ->capture_default_str();
  g->add_option("--threads", gen->threads, "Generator threads (default: all cores)");
  g->add_option("--batch-rows", gen->batch_rows, "Rows per batch")->capture_default_str();
  g->callback([&ctx, &action, gen] {
    action = [&ctx, gen] {
      // generate writes nothing but its output: it is audited into a state dir that exists,
      // never one created for the purpose.
      OperationAudit audit{"data_generation", "generate_data"};
      audit.only_if_state_exists = true;
      return RunAudited(ctx, audit, [&] { return RunGenerate(ctx, *gen, audit); });
    };
  });
}

}  // namespace tdm::cli
