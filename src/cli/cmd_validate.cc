// validate: the validation engine (src/validate) over an execution or a database named by URL.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/audit_support.h"
#include "cli/commands.h"
#include "cli/mask_support.h"
#include "provision/lifecycle.h"
#include "validate/engine.h"

namespace tdm::cli {
namespace {

struct ValidateArgs {
  std::string execution_id;
  std::string target;
};

// The spec an execution was provisioned from (its recorded path), unless that file is gone.
Result<spec::ResolvedSpec> SpecOf(const Context& ctx, const provision::ExecutionRecord& record) {
  std::error_code ec;
  if (!record.spec_path.empty() && std::filesystem::is_regular_file(record.spec_path, ec)) {
    std::optional<std::string> schema;
    if (!ctx.schema_path.empty()) schema = ctx.schema_path;
    return spec::LoadAndResolve(record.spec_path, schema);
  }
  return ctx.LoadSpec();
}

Status Report(const Context& ctx, validate::ValidationReport& report, OperationAudit& audit) {
  audit.details["validation"] = validate::ToJson(report.Summary());
  if (ctx.json) {
    *ctx.out << validate::ToJson(report).dump(2) << "\n";
  } else {
    *ctx.out << "Validating " << (report.execution_id.empty() ? "" : report.execution_id + " at ")
             << report.target << "\n";
    validate::PrintReport(*ctx.out, report);
  }
  if (report.passed()) return Status::Ok();
  return {StatusCode::kFailedPrecondition,
          "validation failed: " + validate::DescribeFailure(report)};
}

Status RunValidate(const Context& ctx, const ValidateArgs& args, OperationAudit& audit) {
  if (!args.execution_id.empty() && !args.target.empty()) {
    return {StatusCode::kInvalidArgument, "give --execution-id or --target, not both"};
  }
  validate::ValidateOptions options;
  if (!args.target.empty()) {
    // A URL that names one namespace: sqlite:///path/file.db, postgres://host/db, ...
    TDM_ASSIGN_OR_RETURN(OpenedDatabase opened, OpenNamed(args.target, "--target"));
    audit.dataset_id = opened.url.Redacted();
    TDM_ASSIGN_OR_RETURN(bool exists, opened.db->Exists(opened.ns));
    if (!exists) return {StatusCode::kNotFound, opened.url.Redacted() + " does not exist"};
    TDM_ASSIGN_OR_RETURN(spec::ResolvedSpec spec, ctx.LoadSpec());
    // Check the datasets of the spec the namespace holds; when it holds none, all of them (so
    // each is reported missing).
    TDM_ASSIGN_OR_RETURN(auto present, opened.db->Describe(opened.ns));
    std::vector<std::string> tables;
    for (const auto& d : spec.datasets) {
      for (const auto& t : present) {
        if (t.name == d.name) tables.push_back(d.name);
      }
    }
    TDM_ASSIGN_OR_RETURN(validate::ValidationReport report,
                         validate::Validate(*opened.db, opened.ns, spec, tables, options));
    return Report(ctx, report, audit);
  }
  TDM_ASSIGN_OR_RETURN(provision::Registry registry, ctx.OpenRegistry());
  TDM_ASSIGN_OR_RETURN(provision::ExecutionRecord record,
                       ctx.PickExecution(registry, args.execution_id));
  audit.environment = record.environment;
  audit.dataset_id = record.id;
  TDM_ASSIGN_OR_RETURN(spec::ResolvedSpec spec, SpecOf(ctx, record));
  std::vector<std::string> tables;
  for (const auto& [name, rows] : record.tables) {
    tables.push_back(name);
    options.expected_rows[name] = rows;
  }
  // The recorded duration covers the whole provision: an upper bound of the load time.
  if (record.origin == "generated") options.load_seconds = record.duration_ms / 1000.0;
  TDM_ASSIGN_OR_RETURN(auto db, provision::OpenExecutionTarget(record));
  TDM_ASSIGN_OR_RETURN(validate::ValidationReport report,
                       validate::Validate(*db, record.ns, spec, tables, options));
  report.execution_id = record.id;
  return Report(ctx, report, audit);
}

}  // namespace

void AddValidateCommand(CLI::App& app, Context& ctx, Action& action) {
  auto args = std::make_shared<ValidateArgs>();
  CLI::App* validate = app.add_subcommand(
      "validate",
      "Check an execution's data against the spec: schema, relationships, consistency, "
      "performance (default: the newest ready execution)");
  validate->add_option("--execution-id", args->execution_id, "Execution to validate");
  validate->add_option("--target", args->target,
                       "A database to validate directly: sqlite:///path/file.db, "
                       "postgres://user@host/db, mysql://user@host/db, redis://host/0?prefix=ns, "
                       "file:///dir");
  validate->callback([&ctx, &action, args] {
    action = [&ctx, args] {
      OperationAudit audit{"data_validation", "validate"};
      return RunAudited(ctx, audit, [&] { return RunValidate(ctx, *args, audit); });
    };
  });
}

}  // namespace tdm::cli
