// Provisioning into SQLite is deterministic: two provisions of the same spec, with different
// thread counts and batch sizes, hold the same tables with the same rows in the same order.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <map>
#include <string>
#include <vector>

#include "provision/provisioner.h"
#include "provision/registry.h"
#include "provision/spec_outputs.h"
#include "store/sqlite/sqlite_sink.h"

namespace tdm::provision {
namespace {

using testing::LoadSpec;
using testing::Options;
using testing::PlanFor;
using testing::Sha256Hex;
using testing::SourcePath;
using testing::TempDir;

struct TableDigest {
  std::string sql;  // the CREATE TABLE statement
  int64_t rows = 0;
  std::string sha256;  // of every value, typed, in rowid order

  bool operator==(const TableDigest&) const = default;
};

// Every table of a SQLite database, by name.
std::map<std::string, TableDigest> DigestDatabase(const std::string& path) {
  std::map<std::string, TableDigest> tables;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << "cannot open " << path << ": " << sqlite3_errmsg(db);
    sqlite3_close(db);
    return tables;
  }
  auto query = [&](const std::string& sql, auto&& per_row) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db);
      return;
    }
    while (sqlite3_step(stmt) == SQLITE_ROW) per_row(stmt);
    sqlite3_finalize(stmt);
  };
  query("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name",
        [&](sqlite3_stmt* stmt) {
          tables[reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0))].sql =
              reinterpret_cast<const char*>(sqlite3_column_text(stmt, 1));
        });
  for (auto& [name, digest] : tables) {
    std::string values;
    query("SELECT * FROM \"" + name + "\" ORDER BY rowid", [&](sqlite3_stmt* stmt) {
      ++digest.rows;
      for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
        int type = sqlite3_column_type(stmt, c);
        values += std::to_string(type) + ":";
        if (type != SQLITE_NULL) {
          const void* bytes =
              type == SQLITE_BLOB ? sqlite3_column_blob(stmt, c) : sqlite3_column_text(stmt, c);
          values.append(static_cast<const char*>(bytes),
                        static_cast<size_t>(sqlite3_column_bytes(stmt, c)));
        }
        values += '\x1f';
      }
      values += '\x1e';
    });
    digest.sha256 = Sha256Hex(values);
  }
  sqlite3_close(db);
  return tables;
}

void ProvisionInto(const spec::ProvisionPlan& plan, const std::string& path,
                   const PipelineOptions& options) {
  auto tables = BuildGenerators(plan);
  ASSERT_TRUE(tables.ok()) << tables.status().ToString();
  std::vector<const gen::TableGenerator*> order;
  for (const auto& t : *tables) order.push_back(t.get());
  auto sink = store::OpenSqliteSink(path, store::SqliteMode::kCreate);
  ASSERT_TRUE(sink.ok()) << sink.status().ToString();
  Status status = RunPipeline(order, **sink, options);
  ASSERT_TRUE(status.ok()) << status.ToString();
}

TEST(SqliteDeterminism, TwoProvisionsHoldTheSameRows) {
  for (const char* spec_file : {"examples/data-spec.yaml", "tests/golden/all_providers.yaml"}) {
    SCOPED_TRACE(spec_file);
    auto spec = LoadSpec(SourcePath(spec_file));
    ASSERT_TRUE(spec);
    auto plan = PlanFor(*spec, "ci");
    ASSERT_TRUE(plan);
    TempDir dir;
    std::string first = (dir.path() / "first.db").string();
    std::string second = (dir.path() / "second.db").string();
    ProvisionInto(*plan, first, Options(1, 1000));
    ProvisionInto(*plan, second, Options(4, 77));
    std::map<std::string, TableDigest> a = DigestDatabase(first);
    std::map<std::string, TableDigest> b = DigestDatabase(second);
    ASSERT_EQ(a.size(), plan->tables.size());
    for (const gen::DatasetPlan& t : plan->tables) {
      ASSERT_TRUE(a.count(t.name)) << t.name;
      EXPECT_EQ(a[t.name].rows, t.rows) << t.name;
    }
    for (const auto& [name, digest] : a) {
      ASSERT_TRUE(b.count(name)) << name;
      EXPECT_EQ(digest.sql, b[name].sql) << name;
      EXPECT_EQ(digest.rows, b[name].rows) << name;
      EXPECT_EQ(digest.sha256, b[name].sha256) << name;
    }
  }
}

TEST(SqliteDeterminism, ProvisionTwiceThroughTheRegistryGivesTheSameTables) {
  TempDir state;
  auto registry = Registry::Open((state.path() / "state").string());
  ASSERT_TRUE(registry.ok()) << registry.status().ToString();
  std::string spec_path = SourcePath("examples/data-spec.yaml");
  auto spec = LoadSpec(spec_path);
  ASSERT_TRUE(spec);
  spec::ProvisionRequest request;
  request.environment = "ci";
  std::vector<std::map<std::string, TableDigest>> digests;
  std::vector<std::string> versions;
  for (int run = 0; run < 2; ++run) {
    ProvisionOptions options;
    options.execution_id = "golden-run-" + std::to_string(run);
    options.target = (state.path() / ("run" + std::to_string(run) + ".db")).string();
    options.pipeline = Options(run == 0 ? 1 : 3, run == 0 ? 65536 : 333);
    auto outcome = Provision(*spec, spec_path, request, *registry, options);
    ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
    EXPECT_EQ(outcome->record.status, "ready");
    versions.push_back(outcome->record.dataset_version);
    digests.push_back(DigestDatabase(outcome->record.ns));
  }
  EXPECT_EQ(versions[0], versions[1]);
  ASSERT_EQ(digests[0].size(), 2u);
  EXPECT_TRUE(digests[0] == digests[1]);
  EXPECT_EQ(digests[0]["users"].rows, 1000);
  EXPECT_EQ(digests[0]["movies"].rows, 1000);
}

}  // namespace
}  // namespace tdm::provision
