// `data-cli mask` between engines: a provisioned execution on one backend is the "production"
// database, masked into a new namespace on another. Each pair reads both sides through the store
// layer and checks the promises that must hold whatever the engines: every row arrives, masked
// columns carry no original value, unmasked columns arrive unchanged, foreign keys still resolve
// and unique columns stay unique. PostgreSQL → PostgreSQL is covered in depth by
// mask_postgres_test.cc; the servers come from scripts/test-servers (a missing one fails).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "cli/cli_runner.h"
#include "integration/test_targets.h"
#include "store/row_json.h"

namespace tdm::cli_test {
namespace {

using nlohmann::json;
using store::TargetKind;

constexpr const char* kPolicy =
    "policies:\n"
    "  pii:\n"
    "    fields: [name, email, phone]\n"
    "    name: {strategy: anonymize, faker_provider: name, salt: n1}\n"
    "    email: {strategy: hash, salt: e1}\n"
    "    phone: {strategy: redact, replacement: \"+1-555-0000\"}\n";

const std::set<std::string> kMaskedUserColumns = {"name", "email", "phone"};

struct EnginePair {
  TargetKind source;
  TargetKind target;
};

std::string KindName(TargetKind kind) { return std::string(store::TargetKindName(kind)); }

// The URL of namespace `name` on the test server (or in the temp dir) of `info`.
std::string NamespaceUrl(const store::TestTargetInfo& info, const std::string& name) {
  std::string ns = info.Namespace(name);
  switch (info.kind) {
    case TargetKind::kPostgres:
    case TargetKind::kMysql:
      return info.url.substr(0, info.url.rfind('/') + 1) + ns;
    case TargetKind::kRedis:
      return info.url + "?prefix=" + ns;
    case TargetKind::kFile:
      return "file://" + ns + "?format=jsonl";
    default:
      return "sqlite://" + ns;
  }
}

// The URL of a provisioned execution's data with the credentials of `info` (the endpoint an
// execution reports leaves the password out).
std::string ExecutionUrl(const store::TestTargetInfo& info, const std::string& endpoint) {
  switch (info.kind) {
    case TargetKind::kPostgres:
    case TargetKind::kMysql:
      return info.url.substr(0, info.url.rfind('/') + 1) + endpoint.substr(endpoint.rfind('/') + 1);
    case TargetKind::kRedis:
      return info.url + endpoint.substr(endpoint.find('?'));
    default:
      return endpoint;
  }
}

// One table read through the store layer: column names and rows of cells as text ("NULL").
struct TableRows {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;

  size_t Index(const std::string& column) const {
    for (size_t i = 0; i < columns.size(); ++i) {
      if (columns[i] == column) return i;
    }
    ADD_FAILURE() << "no column " << column;
    return 0;
  }
  // Rows by the value of `key`.
  std::map<std::string, std::vector<std::string>> By(const std::string& key) const {
    std::map<std::string, std::vector<std::string>> by;
    size_t k = Index(key);
    for (const auto& row : rows) by[row[k]] = row;
    return by;
  }
};

// Opens the database a namespace URL names and reads `table` whole.
TableRows ReadTable(const std::string& url_text, const std::string& table) {
  TableRows out;
  auto url = store::ParseTarget(url_text);
  EXPECT_TRUE(url.ok()) << url.status().ToString();
  if (!url.ok()) return out;
  auto named = store::SplitDatabaseUrl(*url);
  EXPECT_TRUE(named.ok()) << named.status().ToString();
  if (!named.ok()) return out;
  auto db = store::OpenDatabase(named->server);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  if (!db.ok()) return out;
  auto source = (*db)->Read(named->ns, {table, {}, std::nullopt, {}});
  EXPECT_TRUE(source.ok()) << url_text << " " << table << ": " << source.status().ToString();
  if (!source.ok()) return out;
  for (const auto& column : (*source)->schema().columns) out.columns.push_back(column.name);
  Batch batch;
  while (true) {
    auto more = (*source)->Next(batch, 1000);
    EXPECT_TRUE(more.ok()) << more.status().ToString();
    if (!more.ok() || !*more) break;
    for (size_t r = 0; r < batch.num_rows; ++r) {
      std::vector<std::string>& row = out.rows.emplace_back();
      for (const Column& c : batch.columns) {
        row.push_back(c.IsNull(r) ? "NULL" : store::CellText(c, r));
      }
    }
  }
  return out;
}

void DropNamespace(const std::string& url_text) {
  auto url = store::ParseTarget(url_text);
  if (!url.ok()) return;
  auto named = store::SplitDatabaseUrl(*url);
  if (!named.ok()) return;
  auto db = store::OpenDatabase(named->server);
  if (db.ok()) (void)(*db)->Drop(named->ns);
}

class MaskEngines : public ::testing::TestWithParam<EnginePair> {};

TEST_P(MaskEngines, MaskedCopyKeepsRowsKeysAndUnmaskedValuesAndLeavesNoOriginal) {
  const EnginePair pair = GetParam();
  auto source_info = store::TestTarget(pair.source);
  ASSERT_TRUE(source_info.ok()) << source_info.status().ToString();
  auto target_info = store::TestTarget(pair.target);
  ASSERT_TRUE(target_info.ok()) << target_info.status().ToString();
  const std::string tag = KindName(pair.source) + "_to_" + KindName(pair.target);
  const std::string target = NamespaceUrl(*target_info, "masked_" + tag);
  DropNamespace(target);

  CliSandbox box;
  WriteFile(box.path("policy.yaml"), kPolicy);
  const std::string id = "src" + std::to_string(getpid()) + "_" + tag;
  // Whatever happens, the source execution and the target go.
  struct Cleanup {
    CliSandbox& box;
    std::string id, target;
    std::vector<std::string> dirs;
    ~Cleanup() {
      DropNamespace(target);
      box.Run("data-cli cleanup --execution-id " + id);
      for (const std::string& dir : dirs) {
        if (!dir.empty()) std::filesystem::remove_all(dir);
      }
    }
  } cleanup{box, id, target, {source_info->dir, target_info->dir}};
  CliResult provisioned = box.Run("data-cli provision --env ci --execution-id " + id +
                                  " --target '" + source_info->url + "' --json");
  ASSERT_TRUE(Succeeded(provisioned)) << provisioned.err;
  const std::string source =
      ExecutionUrl(*source_info, json::parse(provisioned.out)["endpoint"].get<std::string>());

  CliResult masked = box.Run("data-cli mask --source '" + source + "' --target '" + target +
                             "' --policies policy.yaml --json");
  ASSERT_TRUE(Succeeded(masked)) << masked.err;

  for (const char* table : {"users", "movies"}) {
    TableRows from = ReadTable(source, table);
    TableRows to = ReadTable(target, table);
    ASSERT_EQ(to.rows.size(), from.rows.size()) << table;
    ASSERT_GT(from.rows.size(), 0u) << table;
    EXPECT_EQ(std::set<std::string>(to.columns.begin(), to.columns.end()),
              std::set<std::string>(from.columns.begin(), from.columns.end()))
        << table;

    // Every unmasked cell arrives as it was (rows matched by primary key).
    auto before = from.By("_id");
    auto after = to.By("_id");
    ASSERT_EQ(after.size(), before.size()) << table;
    bool users = std::string(table) == "users";
    int compared = 0;
    for (const auto& [key, row] : before) {
      auto it = after.find(key);
      ASSERT_NE(it, after.end()) << table << " lost row " << key;
      for (size_t c = 0; c < from.columns.size(); ++c) {
        if (users && kMaskedUserColumns.contains(from.columns[c])) continue;
        EXPECT_EQ(it->second[to.Index(from.columns[c])], row[c])
            << table << "." << from.columns[c] << " of " << key;
        ++compared;
      }
    }
    EXPECT_GT(compared, 0);
  }

  // Masked columns: no original email or phone anywhere in the target, and names replaced. (The
  // source was generated from the same name lists the anonymizer draws from, so a name may
  // coincide with another row's; the shop database of mask_postgres_test.cc rules that out.)
  TableRows from = ReadTable(source, "users");
  std::set<std::string> originals;
  for (const char* column : {"email", "phone"}) {
    for (const auto& row : from.rows) originals.insert(row[from.Index(column)]);
  }
  for (const char* table : {"users", "movies"}) {
    for (const auto& row : ReadTable(target, table).rows) {
      for (const std::string& cell : row) {
        EXPECT_FALSE(originals.contains(cell)) << table << " holds an original email or phone";
      }
    }
  }
  TableRows to = ReadTable(target, "users");
  auto original = from.By("_id");
  std::set<std::string> emails;
  size_t renamed = 0;
  for (const auto& row : to.rows) {
    emails.insert(row[to.Index("email")]);
    EXPECT_EQ(row[to.Index("phone")], "+1-555-0000");
    const auto& was = original[row[to.Index("_id")]];
    renamed += row[to.Index("name")] != was[from.Index("name")] ? 1 : 0;
  }
  EXPECT_EQ(emails.size(), to.rows.size());
  EXPECT_GE(renamed * 100, to.rows.size() * 99) << "names left as they were";

  // Every movie's user is still there.
  auto users = to.By("_id");
  TableRows movies = ReadTable(target, "movies");
  for (const auto& row : movies.rows) {
    EXPECT_TRUE(users.contains(row[movies.Index("user_id")])) << row[movies.Index("user_id")];
  }
}

INSTANTIATE_TEST_SUITE_P(Pairs, MaskEngines,
                         ::testing::Values(EnginePair{TargetKind::kPostgres, TargetKind::kMysql},
                                           EnginePair{TargetKind::kMysql, TargetKind::kPostgres},
                                           EnginePair{TargetKind::kSqlite, TargetKind::kPostgres},
                                           EnginePair{TargetKind::kPostgres, TargetKind::kSqlite},
                                           EnginePair{TargetKind::kMysql, TargetKind::kSqlite},
                                           EnginePair{TargetKind::kSqlite, TargetKind::kMysql},
                                           EnginePair{TargetKind::kPostgres, TargetKind::kRedis},
                                           EnginePair{TargetKind::kRedis, TargetKind::kPostgres},
                                           EnginePair{TargetKind::kMysql, TargetKind::kFile},
                                           EnginePair{TargetKind::kFile, TargetKind::kSqlite}),
                         [](const ::testing::TestParamInfo<EnginePair>& info) {
                           return KindName(info.param.source) + "_to_" +
                                  KindName(info.param.target);
                         });

}  // namespace
}  // namespace tdm::cli_test
