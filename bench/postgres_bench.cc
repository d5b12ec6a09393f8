// PostgreSQL loading and copying, on the server named by TDM_TEST_POSTGRES_URL (bench/run starts
// the private test servers when it is unset):
//
//   BM_UsersCsvCopy        the yardstick: the users rows pre-rendered as CSV in memory, loaded by
//                          a plain `COPY users FROM STDIN (FORMAT csv)` into the same table, with
//                          the same primary key and unique constraint added after the load.
//   BM_UsersPostgresSink   the same rows, as generated batches in memory, through the backend's
//                          sink (Database::Create ... Finish). `of_csv_copy` is its rate over the
//                          yardstick's, measured in the same run; the target is >= 0.8.
//   BM_CloneUsers          Database::Clone of a 100,000-row users database (target < 1 s).
//
// Each load goes into a fresh database, whose creation is timed in both loads. Rows are generated
// before the clock starts, so the figures are loading alone.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "bench_util.h"
#include "core/time_format.h"
#include "store/database.h"
#include "store/postgres/postgres_conn.h"
#include "store/postgres/postgres_sink.h"
#include "store/postgres/postgres_types.h"

namespace tdm::bench {
namespace {

constexpr int64_t kLoadRows = 1'000'000;
constexpr int64_t kCloneRows = 100'000;
constexpr size_t kBatchRows = 1 << 16;
constexpr size_t kCsvChunkBytes = 256 << 10;

struct UsersRows {
  TableSchema schema;
  std::vector<Batch> batches;
};

UsersRows Generate(int64_t rows) {
  auto plan = UsersPlan(rows);
  auto generators = Generators(plan);
  const gen::TableGenerator& users = *generators.back();
  UsersRows out{users.schema(), {}};
  for (int64_t first = 0; first < rows; first += kBatchRows) {
    size_t count = static_cast<size_t>(std::min<int64_t>(kBatchRows, rows - first));
    users.Fill(first, count, out.batches.emplace_back());
  }
  for (Batch& b : out.batches) b.schema = &out.schema;
  return out;
}

const UsersRows& LoadRows() {
  static const UsersRows rows = Generate(kLoadRows);
  return rows;
}

void AppendCsvValue(const Column& column, size_t r, std::string& out) {
  if (column.IsNull(r)) return;  // an unquoted empty field is NULL
  switch (column.type()) {
    case ColumnType::kInteger:
      out += std::to_string(column.GetInt(r));
      return;
    case ColumnType::kBoolean:
      out += column.GetInt(r) ? "t" : "f";
      return;
    case ColumnType::kFloat: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.17g", column.GetDouble(r));
      out += buf;
      return;
    }
    case ColumnType::kDate:
      AppendDate(column.GetInt(r), out);
      return;
    case ColumnType::kDateTime:
      AppendDateTime(column.GetInt(r), out);
      return;
    default: {
      std::string_view s = column.GetString(r);
      if (!s.empty() && s.find_first_of(",\"\r\n") == std::string_view::npos) {
        out += s;
        return;
      }
      out += '"';
      for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
      out += '"';
    }
  }
}

std::vector<std::string> RenderCsv(const UsersRows& rows) {
  std::vector<std::string> chunks(1);
  for (const Batch& b : rows.batches) {
    for (size_t r = 0; r < b.num_rows; ++r) {
      if (chunks.back().size() >= kCsvChunkBytes) chunks.emplace_back();
      std::string& out = chunks.back();
      for (size_t c = 0; c < b.columns.size(); ++c) {
        if (c > 0) out += ',';
        AppendCsvValue(b.columns[c], r, out);
      }
      out += '\n';
    }
  }
  return chunks;
}

Result<store::TargetUrl> ServerUrl() {
  const char* text = std::getenv("TDM_TEST_POSTGRES_URL");
  if (text == nullptr || *text == '\0') {
    return Status(StatusCode::kFailedPrecondition,
                  "TDM_TEST_POSTGRES_URL is not set (bench/run starts the test servers)");
  }
  return store::ParseTarget(text);
}

std::string BenchNamespace(const std::string& base) {
  return "tdmbench_" + std::to_string(getpid()) + "_" + base;
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

Status LoadWithSink(store::Database& db, const std::string& ns, const UsersRows& rows) {
  TDM_ASSIGN_OR_RETURN(auto sink, db.Create(ns));
  Status s = sink->BeginTable(rows.schema);
  for (size_t i = 0; s.ok() && i < rows.batches.size(); ++i) s = sink->Write(rows.batches[i]);
  if (s.ok()) s = sink->EndTable();
  if (s.ok()) s = sink->Finish();
  if (!s.ok()) sink->Abort();
  return s;
}

// What the sink does, spelt out with a CSV COPY and the same session settings.
Status LoadWithCsvCopy(const store::TargetUrl& url, store::pg::PgConn& admin, const std::string& ns,
                       const UsersRows& rows, const std::vector<std::string>& csv) {
  using store::pg::QuoteIdentifier;
  TDM_RETURN_IF_ERROR(admin.Exec("CREATE DATABASE " + QuoteIdentifier(ns), "creating " + ns));
  TDM_ASSIGN_OR_RETURN(auto conn,
                       store::pg::PgConn::Connect(url, ns, store::pg::kLoadSessionSettings));
  std::string create = "CREATE TABLE users (";
  std::string primary;
  std::vector<std::string> unique;
  for (const ColumnSchema& c : rows.schema.columns) {
    create += (create.back() == '(' ? "" : ", ") + QuoteIdentifier(c.name) + " " +
              std::string(store::pg::PgTypeName(c.type)) + (c.nullable ? "" : " NOT NULL");
    if (c.primary_key) primary = QuoteIdentifier(c.name);
    if (c.unique && !c.primary_key) unique.push_back(QuoteIdentifier(c.name));
  }
  TDM_RETURN_IF_ERROR(conn.Exec("BEGIN; " + create + ")", "creating users"));
  store::pg::PgResult copy = conn.Run("COPY users FROM STDIN (FORMAT csv)");
  if (PQresultStatus(copy.get()) != PGRES_COPY_IN) return conn.ErrorOf(copy.get(), "COPY");
  for (const std::string& chunk : csv) {
    if (PQputCopyData(conn.get(), chunk.data(), static_cast<int>(chunk.size())) != 1) {
      return conn.ErrorOf(nullptr, "COPY");
    }
  }
  if (PQputCopyEnd(conn.get(), nullptr) != 1) return conn.ErrorOf(nullptr, "COPY");
  for (store::pg::PgResult r(PQgetResult(conn.get())); r.get() != nullptr;
       r = store::pg::PgResult(PQgetResult(conn.get()))) {
    if (!r.ok()) return conn.ErrorOf(r.get(), "COPY");
  }
  if (!primary.empty()) {
    TDM_RETURN_IF_ERROR(conn.Exec("ALTER TABLE users ADD PRIMARY KEY (" + primary + ")", "pk"));
  }
  for (const std::string& c : unique) {
    TDM_RETURN_IF_ERROR(conn.Exec("ALTER TABLE users ADD UNIQUE (" + c + ")", "unique"));
  }
  return conn.Exec("COMMIT", "commit");
}

double csv_copy_rows_per_second = 0;

void BM_UsersCsvCopy(benchmark::State& state) {
  auto url = ServerUrl();
  auto admin = url.ok() ? store::pg::PgConn::Connect(*url, url->database) : url.status();
  if (!admin.ok()) {
    state.SkipWithError(admin.status().ToString().c_str());
    return;
  }
  const UsersRows& rows = LoadRows();
  const std::vector<std::string> csv = RenderCsv(rows);
  const std::string ns = BenchNamespace("csv");
  const std::string drop = "DROP DATABASE IF EXISTS " + store::pg::QuoteIdentifier(ns);
  double total = 0;
  for (auto _ : state) {
    (void)admin->Exec(drop, "dropping");
    auto start = std::chrono::steady_clock::now();
    Status s = LoadWithCsvCopy(*url, *admin, ns, rows, csv);
    double seconds = SecondsSince(start);
    if (!s.ok()) {
      state.SkipWithError(s.ToString().c_str());
      break;
    }
    state.SetIterationTime(seconds);
    total += seconds;
  }
  (void)admin->Exec(drop, "dropping");
  state.SetItemsProcessed(state.iterations() * kLoadRows);
  if (total > 0)
    csv_copy_rows_per_second = static_cast<double>(state.iterations()) * kLoadRows / total;
}
BENCHMARK(BM_UsersCsvCopy)->Unit(benchmark::kMillisecond)->UseManualTime()->Iterations(3);

void BM_UsersPostgresSink(benchmark::State& state) {
  auto url = ServerUrl();
  auto db = url.ok() ? store::OpenDatabase(*url) : url.status();
  if (!db.ok()) {
    state.SkipWithError(db.status().ToString().c_str());
    return;
  }
  const UsersRows& rows = LoadRows();
  const std::string ns = BenchNamespace("sink");
  double total = 0;
  for (auto _ : state) {
    (void)(*db)->Drop(ns);
    auto start = std::chrono::steady_clock::now();
    Status s = LoadWithSink(**db, ns, rows);
    double seconds = SecondsSince(start);
    if (!s.ok()) {
      state.SkipWithError(s.ToString().c_str());
      break;
    }
    state.SetIterationTime(seconds);
    total += seconds;
  }
  (void)(*db)->Drop(ns);
  state.SetItemsProcessed(state.iterations() * kLoadRows);
  if (total > 0 && csv_copy_rows_per_second > 0) {
    double rate = static_cast<double>(state.iterations()) * kLoadRows / total;
    state.counters["of_csv_copy"] = rate / csv_copy_rows_per_second;
  }
}
BENCHMARK(BM_UsersPostgresSink)->Unit(benchmark::kMillisecond)->UseManualTime()->Iterations(3);

void BM_CloneUsers(benchmark::State& state) {
  auto url = ServerUrl();
  auto db = url.ok() ? store::OpenDatabase(*url) : url.status();
  if (!db.ok()) {
    state.SkipWithError(db.status().ToString().c_str());
    return;
  }
  const std::string from = BenchNamespace("template");
  const std::string to = BenchNamespace("clone");
  (void)(*db)->Drop(from);
  Status loaded = LoadWithSink(**db, from, Generate(kCloneRows));
  if (!loaded.ok()) {
    state.SkipWithError(loaded.ToString().c_str());
    return;
  }
  for (auto _ : state) {
    (void)(*db)->Drop(to);
    auto start = std::chrono::steady_clock::now();
    Status s = (*db)->Clone(from, to);
    double seconds = SecondsSince(start);
    if (!s.ok()) {
      state.SkipWithError(s.ToString().c_str());
      break;
    }
    state.SetIterationTime(seconds);
  }
  (void)(*db)->Drop(to);
  (void)(*db)->Drop(from);
}
BENCHMARK(BM_CloneUsers)->Unit(benchmark::kMillisecond)->UseManualTime()->Iterations(5);

}  // namespace
}  // namespace tdm::bench
