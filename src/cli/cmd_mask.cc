// mask, detect-pii: masked copies of databases and the PII detector.
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "audit/audit_log.h"
#include "cli/audit_support.h"
#include "cli/commands.h"
#include "cli/mask_support.h"
#include "cli/progress.h"
#include "cli/render.h"
#include "provision/masked_copy.h"
#include "provision/registry.h"
#include "spec/loader.h"

namespace tdm::cli {
namespace {

namespace fs = std::filesystem;

struct MaskArgs {
  std::string source;
  std::string target;
  std::string policies;
  std::vector<std::string> tables;
  std::vector<std::string> allow_unmasked;
  std::string subset;
  int64_t sample = 1000;
  int threads = 0;
};

struct DetectArgs {
  std::string source;
  int64_t sample = 1000;
  std::string output;
  std::vector<std::string> tables;
};

Status RunMask(const Context& ctx, const MaskArgs& args, OperationAudit& audit) {
  auto started = std::chrono::steady_clock::now();
  TDM_ASSIGN_OR_RETURN(LoadedPolicy loaded, LoadPolicy(ctx, args.policies));
  provision::MaskedCopyOptions options;
  options.tables = args.tables;
  options.allow_unmasked = args.allow_unmasked;
  options.sample_rows = args.sample;
  options.threads = args.threads;
  if (!args.subset.empty()) {
    TDM_ASSIGN_OR_RETURN(options.subset, provision::ParseSubset(args.subset));
  }
  TDM_ASSIGN_OR_RETURN(OpenedDatabase source, OpenNamed(args.source, "--source"));
  TDM_ASSIGN_OR_RETURN(bool source_exists, source.db->Exists(source.ns));
  if (!source_exists) {
    return {StatusCode::kNotFound, "the source " + source.url.Redacted() + " does not exist"};
  }
  TDM_ASSIGN_OR_RETURN(OpenedDatabase target, OpenNamed(args.target, "--target"));
  audit.dataset_id = target.url.Redacted();
  TDM_ASSIGN_OR_RETURN(bool target_exists, target.db->Exists(target.ns));
  if (target_exists) {
    return {StatusCode::kFailedPrecondition,
            "the target " + target.url.Redacted() +
                " already exists; mask writes into a new database only (drop it, or name "
                "another)"};
  }
  TDM_ASSIGN_OR_RETURN(provision::MaskedCopyPlan plan,
                       provision::PlanMaskedCopy(*source.db, source.ns, loaded.policy, options));
  for (const std::string& note : plan.notes) ctx.Note(note);

  int64_t total = 0;
  for (const auto& t : plan.tables) {
    auto rows = source.db->CountRows(source.ns, t.source.name);
    total += rows.ok() ? *rows : 0;
  }
  ProgressBar bar(total, !ctx.json && !ctx.quiet);
  int64_t done_before = 0;
  std::string current;
  int64_t current_rows = 0;
  options.progress = [&](const std::string& table, int64_t rows) {
    if (table != current) {
      done_before += current_rows;
      current = table;
    }
    current_rows = rows;
    bar.Update(table, done_before + rows);
  };
  auto result = [&]() -> Result<provision::MaskedCopyResult> {
    TDM_ASSIGN_OR_RETURN(auto sink, target.db->Create(target.ns));
    return provision::RunMaskedCopy(plan, *source.db, source.ns, *sink, options);
  }();
  bar.Finish();
  auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::steady_clock::now() - started)
                     .count();
  MaskEvent event{"mask_copy", "", target.url.Redacted(), result.ok(), plan, {}};
  if (result.ok()) event.actions = result->actions;
  Status audited = WriteMaskAudit(ctx, loaded, event);
  audit.written = audited.ok();
  if (!result.ok()) {
    return result.status().WithContext("masked copy into " + target.url.Redacted() +
                                       " failed and was rolled back");
  }
  if (!audited.ok()) ctx.Note("the masked copy is complete, but " + audited.ToString());

  if (ctx.json) {
    nlohmann::ordered_json tables = nlohmann::ordered_json::array();
    for (const auto& [name, rows] : result->tables)
      tables.push_back({{"name", name}, {"rows", rows}});
    *ctx.out << nlohmann::ordered_json{{"source", source.url.Redacted()},
                                       {"target", target.url.Redacted()},
                                       {"tables", tables},
                                       {"actions", ActionsJson(result->actions)},
                                       {"notes", plan.notes},
                                       {"duration_ms", elapsed}}
                    .dump(2)
             << "\n";
    return Status::Ok();
  }
  int64_t rows = 0;
  for (const auto& t : result->tables) rows += t.second;
  *ctx.out << "Masked copy of " << source.url.Redacted() << " into " << target.url.Redacted()
           << ": " << WithThousands(rows) << " rows in " << result->tables.size() << " tables, "
           << result->actions.size() << " columns masked, " << elapsed << " ms\n";
  std::vector<std::vector<std::string>> cells;
  for (const auto& a : result->actions) {
    cells.push_back({a.field, a.strategy, WithThousands(a.record_count)});
  }
  if (!cells.empty()) PrintTable(*ctx.out, {"column", "strategy", "rows"}, cells);
  return Status::Ok();
}

Status RunDetect(const Context& ctx, const DetectArgs& args, OperationAudit& audit) {
  if (args.sample < 1) return {StatusCode::kInvalidArgument, "--sample must be at least 1"};
  TDM_ASSIGN_OR_RETURN(OpenedDatabase source, OpenNamed(args.source, "--source"));
  TDM_ASSIGN_OR_RETURN(bool exists, source.db->Exists(source.ns));
  if (!exists) {
    return {StatusCode::kNotFound, "the source " + source.url.Redacted() + " does not exist"};
  }
  audit.dataset_id = source.url.Redacted();
  TDM_ASSIGN_OR_RETURN(std::vector<TableSchema> tables, source.db->Describe(source.ns));
  if (!args.tables.empty()) {
    std::erase_if(tables, [&](const TableSchema& t) {
      return std::find(args.tables.begin(), args.tables.end(), t.name) == args.tables.end();
    });
  }
  TDM_ASSIGN_OR_RETURN(auto findings,
                       provision::DetectPii(*source.db, source.ns, tables, args.sample));
  if (!args.output.empty()) {
    TDM_RETURN_IF_ERROR(WriteSuggestedPolicy(args.output, source.url.Redacted(), findings));
    ctx.Note("wrote a suggested masking policy to " + args.output + "; review it before use");
  }
  std::map<std::string, int> summary = {{"red", 0}, {"yellow", 0}, {"green", 0}};
  for (const auto& f : findings) ++summary[std::string(mask::SensitivityName(f.level))];
  audit.details["columns_red"] = summary["red"];
  audit.details["columns_yellow"] = summary["yellow"];
  audit.details["columns_green"] = summary["green"];
  if (ctx.json) {
    nlohmann::ordered_json columns = nlohmann::ordered_json::array();
    for (const auto& f : findings) {
      columns.push_back({{"table", f.table},
                         {"column", f.column},
                         {"classification", mask::SensitivityName(f.level)},
                         {"kind", f.kind},
                         {"reason", f.reason},
                         {"confidence", f.confidence},
                         {"strategy", f.strategy},
                         {"provider", f.provider}});
    }
    *ctx.out << nlohmann::ordered_json{{"source", source.url.Redacted()},
                                       {"columns", columns},
                                       {"summary",
                                        {{"red", summary["red"]},
                                         {"yellow", summary["yellow"]},
                                         {"green", summary["green"]}}}}
                    .dump(2)
             << "\n";
    return Status::Ok();
  }
  std::vector<std::vector<std::string>> cells;
  for (const auto& f : findings) {
    std::string level(mask::SensitivityName(f.level));
    cells.push_back(
        {f.table + "." + f.column, level, f.kind,
         f.level == mask::Sensitivity::kGreen ? "" : fmt::format("{:.2f}", f.confidence),
         f.strategy, f.reason});
  }
  PrintTable(*ctx.out, {"column", "class", "kind", "conf", "strategy", "reason"}, cells, 70);
  *ctx.out << summary["red"] << " red, " << summary["yellow"] << " yellow, " << summary["green"]
           << " green\n";
  return Status::Ok();
}

}  // namespace

void AddMaskCommands(CLI::App& app, Context& ctx, Action& action) {
  auto mask = std::make_shared<MaskArgs>();
  CLI::App* m = app.add_subcommand(
      "mask", "Copy a database into a new one, masking PII per the masking policies");
  m->add_option("--source", mask->source, "Database to copy, e.g. postgres://user@host/prod")
      ->required();
  m->add_option("--target", mask->target,
                "New database to create, e.g. postgres://user@host/prod_masked")
      ->required();
  m->add_option("--policies", mask->policies,
                "Masking policy file (default: masking-policies.yaml beside the spec)");
  m->add_option("--tables", mask->tables, "Copy only these tables")->delimiter(',');
  m->add_option("--allow-unmasked", mask->allow_unmasked,
                "TABLE.COLUMN detected as PII to copy unmasked on purpose")
      ->delimiter(',');
  m->add_option("--subset", mask->subset,
                "Referentially complete subset, e.g. 'customers:1000' (the first rows by key, "
                "every row they reference, and their children)");
  m->add_option("--sample", mask->sample, "Rows per table the PII detector reads")
      ->capture_default_str();
  m->add_option("--threads", mask->threads, "Masking threads (default: all cores)");
  m->callback([&ctx, &action, mask] {
    action = [&ctx, mask] {
      // A copy that got as far as masking writes its own data_masking event; this one records
      // the runs that stopped before (bad policy, missing source, existing target).
      OperationAudit audit{"data_masking", "mask_copy"};
      return RunAudited(ctx, audit, [&] { return RunMask(ctx, *mask, audit); });
    };
  });

  auto detect = std::make_shared<DetectArgs>();
  CLI::App* d = app.add_subcommand(
      "detect-pii", "Classify every column of a database red / yellow / green and suggest rules");
  d->add_option("--source", detect->source, "Database to inspect")->required();
  d->add_option("--sample", detect->sample, "Rows per table to look at")->capture_default_str();
  d->add_option("--output", detect->output, "Write a suggested masking-policies.yaml here");
  d->add_option("--tables", detect->tables, "Only these tables")->delimiter(',');
  d->callback([&ctx, &action, detect] {
    action = [&ctx, detect] {
      OperationAudit audit{"data_access", "detect_pii"};
      return RunAudited(ctx, audit, [&] { return RunDetect(ctx, *detect, audit); });
    };
  });
}

}  // namespace tdm::cli
