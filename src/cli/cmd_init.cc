// init: a starter spec, or a spec read from a live database.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli/commands.h"
#include "spec/loader.h"
#include "spec/spec_writer.h"
#include "store/database.h"

namespace tdm::cli {
namespace {

namespace fs = std::filesystem;

// Written by `data-cli init`. Every line must keep loading and provisioning in all three
// environments (tests/cli/init_test.cc checks it).
constexpr const char* kStarterSpec =
    R"yaml(# data-spec.yaml: the test data tdm generates, one isolated database per test run.
#
#   data-cli provision --env local       generate every dataset into a new database
#   data-cli show --collection orders    look at the rows
#   data-cli providers                   every provider a field can name
#
# The same spec and seed give the same rows on every machine. To start from the tables of an
# existing database instead: data-cli init --from postgres://user@host:5432/db --force
version: "1.0"
seed: 12345  # change it for different, still reproducible, data

# Rows per dataset in each environment (a dataset's own `volume` wins) and its masking level.
environments:
  local:
    volumes: 100
    masking: aggressive
  ci:
    volumes: 1000
    masking: standard
  staging:
    volumes: 100000
    masking: standard

datasets:
  customers:
    fields:
      id: {type: integer, primary_key: true, provider: sequence}  # 1, 2, 3, ...
      full_name: {type: string, provider: full_name}
      email: {type: string, provider: email, unique: true}  # a distinct address per row
      phone: {type: string, provider: phone, nullable: 0.2}  # 20% of rows have none
      birth_date: {type: date, min: "1950-01-01", max: "2006-12-31"}
      created_at: {type: datetime, min: now-730d, max: now}  # "now" is the pinned reference_time
    indexes:
      - {fields: [created_at]}  # named customers_created_at_idx

  orders:
    volume: {local: 300, ci: 3000, staging: 300000}  # instead of the environment's volumes
    fields:
      id: {type: integer, primary_key: true, provider: sequence}
      customer_id: {type: integer}  # an existing customer's id, from the relationship below
      order_number: {type: string, provider: regex, pattern: "ORD-[0-9]{8}", unique: true}
      status:
        type: enum
        values: [pending, paid, shipped, delivered, cancelled]
        weights: [10, 15, 20, 50, 5]
      total: {type: float, min: 5, max: 2000, decimals: 2}
      is_gift: {type: boolean, true_rate: 0.1}
      ordered_at: {type: datetime, min: now-365d, max: now}
    relationships:
      # Add `min: 0, max: 5` to give each customer 0..5 orders instead of a fixed volume.
      - {foreign_key: customer_id, references: customers.id}
    indexes:
      - {fields: [customer_id, ordered_at], name: orders_by_customer}

# How personal data is masked (hash, redact, anonymize, partial, null, noise, fpe, aggregate).
masking_policies:
  email: anonymize
  phone: redact
  full_name: anonymize
)yaml";

struct InitArgs {
  std::string output;  // empty: the spec path
  std::optional<std::string> from;
  bool force = false;
};

Status AlreadyExists(const std::string& path) {
  return {StatusCode::kFailedPrecondition,
          "'" + path + "' already exists; pass --force to overwrite it, or --output FILE"};
}

Status WriteError(const std::string& path, int error) {
  return {StatusCode::kIoError, "cannot write '" + path + "': " + std::strerror(error)};
}

Status WriteAll(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return {StatusCode::kIoError, std::strerror(errno)};
    done += static_cast<size_t>(n);
  }
  return Status::Ok();
}

// Without --force the file is created exclusively, so a file that appeared meanwhile is never
// overwritten; with it, a temporary file is renamed over the old one, so readers see either.
Status WriteSpecFile(const std::string& path, const std::string& text, bool force) {
  std::string work = force ? path + ".tmp-" + std::to_string(::getpid()) : path;
  int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (force ? O_TRUNC : O_EXCL);
  int fd = ::open(work.c_str(), flags, 0644);
  if (fd < 0) return errno == EEXIST ? AlreadyExists(path) : WriteError(path, errno);
  Status written = WriteAll(fd, text);
  if (::close(fd) != 0 && written.ok()) written = {StatusCode::kIoError, std::strerror(errno)};
  std::error_code ec;
  if (written.ok() && force) {
    fs::rename(work, path, ec);
    if (ec) written = {StatusCode::kIoError, ec.message()};
  }
  if (!written.ok()) {
    fs::remove(work, ec);
    return {StatusCode::kIoError, "cannot write '" + path + "': " + written.message()};
  }
  return Status::Ok();
}

// Client libraries end messages with newlines and indented hints; the CLI prints one line.
std::string OneLine(const std::string& message) {
  std::string out;
  for (char c : message) {
    if (c == '\n' || c == '\r' || c == '\t') {
      if (!out.empty() && out.back() != ' ') out += out.back() == '.' ? " " : "; ";
      continue;
    }
    out += c;
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == ';')) out.pop_back();
  return out;
}

// The tables of the database `url` names.
Result<std::vector<TableSchema>> ReadTables(const store::TargetUrl& url) {
  if (url.kind == store::TargetKind::kRedis || url.kind == store::TargetKind::kFile) {
    return Status(StatusCode::kInvalidArgument,
                  "init --from reads the tables of a SQL database (sqlite://, postgres:// or "
                  "mysql://); " +
                      std::string(store::TargetKindName(url.kind)) +
                      ":// targets have no schema to introspect");
  }
  if (url.database.empty()) {
    return Status(StatusCode::kInvalidArgument, "name the database to read in the URL: " +
                                                    std::string(store::TargetKindName(url.kind)) +
                                                    "://user@host:port/DATABASE");
  }
  TDM_ASSIGN_OR_RETURN(std::unique_ptr<store::Database> db, store::OpenDatabase(url));
  TDM_ASSIGN_OR_RETURN(std::vector<TableSchema> tables, db->Describe(url.database));
  if (tables.empty()) {
    return Status(StatusCode::kNotFound,
                  "the database has no tables; create its schema first, or run 'data-cli init' "
                  "without --from for a starter spec");
  }
  return tables;
}

// The spec must load and plan in every environment it names, or init has a bug to report.
Status CheckLoads(const std::string& path, const std::string& text) {
  Status checked = [&]() -> Status {
    spec::SpecFiles files;
    TDM_ASSIGN_OR_RETURN(files.data_spec, spec::ParseDataSpec(path, text));
    TDM_ASSIGN_OR_RETURN(spec::ResolvedSpec resolved, spec::Resolve(files));
    for (const spec::ResolvedEnvironment& env : resolved.environments) {
      spec::ProvisionRequest request;
      request.environment = env.name;
      TDM_RETURN_IF_ERROR(spec::PlanProvision(resolved, request).status());
    }
    return Status::Ok();
  }();
  if (checked.ok()) return checked;
  return {StatusCode::kInternal,
          "the spec init wrote does not load, so it was not saved (a bug; please report it): " +
              checked.ToString()};
}

Status RunInit(const Context& ctx, const InitArgs& args) {
  std::string output = args.output.empty() ? ctx.spec_path : args.output;
  bool to_stdout = output == "-";
  std::error_code ec;
  if (!to_stdout && !args.force && fs::exists(output, ec)) return AlreadyExists(output);
  if (!to_stdout && fs::is_directory(output, ec)) {
    return {StatusCode::kInvalidArgument, "'" + output + "' is a directory; name a file"};
  }
  std::string text = kStarterSpec;
  std::vector<std::string> datasets = {"customers", "orders"};
  std::vector<std::string> notes;
  std::string source;
  if (args.from) {
    TDM_ASSIGN_OR_RETURN(store::TargetUrl url, store::ParseTarget(*args.from));
    source = url.Redacted();
    auto tables = ReadTables(url);
    if (!tables.ok()) {
      const Status& s = tables.status();
      return {s.code(),
              "reading " + source + ": " + OneLine(store::RedactSecrets(s.message(), url))};
    }
    TDM_ASSIGN_OR_RETURN(spec::WrittenSpec written, spec::WriteSpec(*tables, source));
    text = std::move(written.yaml);
    datasets = std::move(written.datasets);
    notes = std::move(written.notes);
  }
  TDM_RETURN_IF_ERROR(CheckLoads(to_stdout ? "<stdout>" : output, text));
  if (!to_stdout) TDM_RETURN_IF_ERROR(WriteSpecFile(output, text, args.force));

  if (ctx.json) {
    nlohmann::ordered_json j = {{"output", output},
                                {"source", source.empty() ? nullptr : nlohmann::json(source)},
                                {"datasets", datasets},
                                {"notes", notes}};
    if (to_stdout) j["spec"] = text;
    *ctx.out << j.dump(2) << "\n";
    return Status::Ok();
  }
  for (const std::string& note : notes) ctx.Note(note);
  if (to_stdout) {
    *ctx.out << text;
    return Status::Ok();
  }
  if (!ctx.quiet) {
    std::string list;
    for (const std::string& d : datasets) list += (list.empty() ? "" : ", ") + d;
    *ctx.out << "Wrote " << output << " (" << datasets.size()
             << (datasets.size() == 1 ? " dataset: " : " datasets: ") << list << ")\n"
             << "next: data-cli provision --env local"
             << (output == ctx.spec_path ? "" : " --spec " + output) << "\n";
  }
  return Status::Ok();
}

}  // namespace

void AddInitCommands(CLI::App& app, Context& ctx, Action& action) {
  auto args = std::make_shared<InitArgs>();
  CLI::App* init = app.add_subcommand(
      "init", "Write a starter data spec, or one read from an existing database's tables");
  init->add_option("--output,-o", args->output,
                   "File to write, or - for stdout (default: the spec path: --spec, $TDM_SPEC "
                   "or ./data-spec.yaml)");
  init->add_option("--from", args->from,
                   "Read the tables of this database: sqlite:///path.db, "
                   "postgres://user@host:port/db or mysql://user@host:port/db");
  init->add_flag("--force", args->force, "Overwrite the output file if it exists");
  init->callback([&ctx, &action, args] { action = [&ctx, args] { return RunInit(ctx, *args); }; });
}

}  // namespace tdm::cli
