// The Database contract (store/database.h), run against every backend: SQLite and files always,
// PostgreSQL, MariaDB and Redis on the private servers of scripts/test-servers (their URLs come
// from TDM_TEST_POSTGRES_URL, TDM_TEST_MYSQL_URL and TDM_TEST_REDIS_URL; scripts/test sets them).
// A server backend whose URL is missing fails rather than skips, so a suite that did not talk to
// the real server never looks green.
#include "store/database.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include "integration/test_targets.h"

namespace tdm::store {
namespace {

TableSchema ParentSchema() {
  TableSchema t;
  t.name = "parents";
  t.columns = {{"id", ColumnType::kObjectId, false, true, true},
               {"name", ColumnType::kString, false, true, false},
               {"n", ColumnType::kInteger, false, false, false},
               {"f", ColumnType::kFloat, true, false, false},
               {"b", ColumnType::kBoolean, false, false, false},
               {"d", ColumnType::kDate, false, false, false},
               {"t", ColumnType::kDateTime, true, false, false},
               {"u", ColumnType::kUuid, false, false, false}};
  t.indexes = {{"parents_n_idx", {"n"}, false}};
  return t;
}

TableSchema ChildSchema() {
  TableSchema t;
  t.name = "children";
  t.columns = {{"id", ColumnType::kInteger, false, false, true},
               {"parent_id", ColumnType::kObjectId, false, false, false},
               {"note", ColumnType::kString, true, false, false}};
  t.foreign_keys = {{"parent_id", "parents", "id"}};
  t.indexes = {{"children_note_idx", {"note"}, false}};
  return t;
}

std::string Oid(int64_t row) {
  char buf[25];
  snprintf(buf, sizeof buf, "65a0c0de%016llx", static_cast<unsigned long long>(row));
  return buf;
}

constexpr int64_t kParents = 2500;
constexpr int64_t kChildren = 700;

// Parent row `r`: values chosen to exercise escaping, unicode, extremes and nulls.
void AppendParent(Batch& b, int64_t r) {
  b.columns[0].AppendString(Oid(r));
  std::string name = "name " + std::to_string(r);
  if (r % 7 == 0) name += " \"quoted\", comma\ttab\\back'slash";
  if (r % 11 == 0) name += " Zoë 東京 🚀";
  if (r == 3) name = "";  // the empty string is not null
  b.columns[1].AppendString(name);
  b.columns[2].AppendInt(r == 1 ? INT64_MIN + 1 : r == 2 ? INT64_MAX : r * 1000003 - 50000);
  if (r % 5 == 0) {
    b.columns[3].AppendNull();
  } else {
    b.columns[3].AppendDouble(r == 1 ? 0.1 : r == 4 ? -1.5e300 : static_cast<double>(r) / 3.0);
  }
  b.columns[4].AppendInt(r % 2);
  b.columns[5].AppendInt(r == 6 ? -719162 /* 0001-01-01 */ : 19000 + r);
  if (r % 9 == 0) {
    b.columns[6].AppendNull();
  } else {
    b.columns[6].AppendInt(1700000000123456 + r * 1000001);
  }
  char uuid[37];
  snprintf(uuid, sizeof uuid, "%08llx-1234-4abc-8def-%012llx", static_cast<unsigned long long>(r),
           static_cast<unsigned long long>(r * 31));
  b.columns[7].AppendString(uuid);
}

void AppendChild(Batch& b, int64_t r) {
  b.columns[0].AppendInt(r + 1);
  b.columns[1].AppendString(Oid((r * 37) % kParents));
  if (r % 3 == 0) {
    b.columns[2].AppendNull();
  } else {
    b.columns[2].AppendString("note-" + std::to_string(r % 50));
  }
}

Status LoadTable(Sink& sink, const TableSchema& table, int64_t rows, size_t batch_rows,
                 void (*append)(Batch&, int64_t)) {
  TDM_RETURN_IF_ERROR(sink.BeginTable(table));
  Batch batch;
  for (int64_t first = 0; first < rows; first += static_cast<int64_t>(batch_rows)) {
    size_t n = std::min<size_t>(batch_rows, static_cast<size_t>(rows - first));
    batch.Reset(table, first, n);
    for (size_t i = 0; i < n; ++i) append(batch, first + static_cast<int64_t>(i));
    TDM_RETURN_IF_ERROR(sink.Write(batch));
  }
  return sink.EndTable();
}

// Every value of a table, rendered the same way whatever the backend, in read order.
std::vector<std::string> Rows(Database& db, const std::string& ns, const std::string& table,
                              std::optional<int64_t> limit = std::nullopt,
                              const std::vector<std::string>& columns = {}) {
  auto source = db.Read(ns, {table, {}, limit, columns});
  EXPECT_TRUE(source.ok()) << source.status().ToString();
  if (!source.ok()) return {};
  std::vector<std::string> rows;
  Batch batch;
  while (true) {
    auto more = (*source)->Next(batch, 999);
    EXPECT_TRUE(more.ok()) << more.status().ToString();
    if (!more.ok() || !*more) break;
    for (size_t r = 0; r < batch.num_rows; ++r) {
      std::string row;
      for (const Column& c : batch.columns) {
        row += "|";
        if (c.IsNull(r)) {
          row += "NULL";
        } else if (c.physical() == PhysicalType::kInt64) {
          row += std::to_string(c.GetInt(r));
        } else if (c.physical() == PhysicalType::kDouble) {
          char buf[32];
          snprintf(buf, sizeof buf, "%.17g", c.GetDouble(r));
          row += buf;
        } else {
          row += c.GetString(r);
        }
      }
      rows.push_back(row);
    }
  }
  return rows;
}

std::vector<std::string> Expected(const TableSchema& table, int64_t rows,
                                  void (*append)(Batch&, int64_t)) {
  Batch batch;
  batch.Reset(table, 0, static_cast<size_t>(rows));
  for (int64_t r = 0; r < rows; ++r) append(batch, r);
  std::vector<std::string> out;
  for (size_t r = 0; r < batch.num_rows; ++r) {
    std::string row;
    for (const Column& c : batch.columns) {
      row += "|";
      if (c.IsNull(r)) {
        row += "NULL";
      } else if (c.physical() == PhysicalType::kInt64) {
        row += std::to_string(c.GetInt(r));
      } else if (c.physical() == PhysicalType::kDouble) {
        char buf[32];
        snprintf(buf, sizeof buf, "%.17g", c.GetDouble(r));
        row += buf;
      } else {
        row += c.GetString(r);
      }
    }
    out.push_back(row);
  }
  return out;
}

class DatabaseTest : public ::testing::TestWithParam<TargetKind> {
 protected:
  void SetUp() override {
    auto opened = OpenTestTarget(GetParam(), "conf");
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    target_ = opened->info;
    db_ = std::move(opened->db);
    ns_ = opened->ns;
  }

  void TearDown() override {
    if (db_) {
      for (const std::string& ns : created_) (void)db_->Drop(ns);
      (void)db_->Drop(ns_);
    }
  }

  // Loads both tables into `ns`.
  Status Load(const std::string& ns, size_t batch_rows = 1000) {
    TDM_ASSIGN_OR_RETURN(auto sink, db_->Create(ns));
    Status s = LoadTable(*sink, parents_, kParents, batch_rows, AppendParent);
    if (s.ok()) s = LoadTable(*sink, children_, kChildren, batch_rows, AppendChild);
    if (s.ok()) s = sink->Finish();
    if (!s.ok()) sink->Abort();
    return s;
  }

  std::string Other(const std::string& base) {
    std::string ns = target_->Namespace(base);
    (void)db_->Drop(ns);
    created_.push_back(ns);
    return ns;
  }

  Result<TestTargetInfo> target_ = Status(StatusCode::kInternal, "unset");
  std::unique_ptr<Database> db_;
  std::string ns_;
  std::vector<std::string> created_;
  TableSchema parents_ = ParentSchema();
  TableSchema children_ = ChildSchema();
};

TEST_P(DatabaseTest, RoundTripsEveryTypeInWriteOrder) {
  ASSERT_TRUE(Load(ns_).ok()) << Load(ns_).ToString();
  EXPECT_EQ(Rows(*db_, ns_, "parents"), Expected(parents_, kParents, AppendParent));
  EXPECT_EQ(Rows(*db_, ns_, "children"), Expected(children_, kChildren, AppendChild));
  auto source = db_->Read(ns_, {"parents", {}, 1, {}});
  ASSERT_TRUE(source.ok());
  ASSERT_EQ((*source)->schema().columns.size(), parents_.columns.size());
  for (size_t i = 0; i < parents_.columns.size(); ++i) {
    EXPECT_EQ((*source)->schema().columns[i].name, parents_.columns[i].name);
    EXPECT_EQ((*source)->schema().columns[i].type, parents_.columns[i].type)
        << parents_.columns[i].name;
  }
}

TEST_P(DatabaseTest, BatchSizeDoesNotChangeWhatIsStored) {
  ASSERT_TRUE(Load(ns_, 1).ok());
  std::string other = Other("conf_big");
  ASSERT_TRUE(Load(other, 65536).ok());
  EXPECT_EQ(Rows(*db_, ns_, "parents"), Rows(*db_, other, "parents"));
}

TEST_P(DatabaseTest, DescribesTablesKeysAndIndexes) {
  ASSERT_TRUE(Load(ns_).ok());
  auto tables = db_->Describe(ns_);
  ASSERT_TRUE(tables.ok()) << tables.status().ToString();
  ASSERT_EQ(tables->size(), 2u);
  const TableSchema& p = (*tables)[0];
  const TableSchema& c = (*tables)[1];
  EXPECT_EQ(p.name, "parents");
  EXPECT_EQ(c.name, "children");
  ASSERT_EQ(p.columns.size(), parents_.columns.size());
  for (size_t i = 0; i < p.columns.size(); ++i) {
    EXPECT_EQ(p.columns[i].name, parents_.columns[i].name);
    EXPECT_EQ(p.columns[i].type, parents_.columns[i].type) << p.columns[i].name;
    EXPECT_EQ(p.columns[i].primary_key, parents_.columns[i].primary_key) << p.columns[i].name;
    EXPECT_EQ(p.columns[i].nullable, parents_.columns[i].nullable) << p.columns[i].name;
  }
  EXPECT_TRUE(p.columns[1].unique);
  if (!db_->has_indexes()) return;
  ASSERT_EQ(c.foreign_keys.size(), 1u);
  EXPECT_EQ(c.foreign_keys[0].column, "parent_id");
  EXPECT_EQ(c.foreign_keys[0].ref_table, "parents");
  EXPECT_EQ(c.foreign_keys[0].ref_column, "id");
  auto has_index = [](const TableSchema& t, const std::string& column, bool unique) {
    for (const IndexSchema& i : t.indexes) {
      if (i.columns == std::vector<std::string>{column} && i.unique == unique) return true;
    }
    return false;
  };
  EXPECT_TRUE(has_index(p, "n", false));
  EXPECT_TRUE(has_index(p, "name", true));
  EXPECT_TRUE(has_index(c, "note", false));
}

TEST_P(DatabaseTest, CountsRowsAndHonoursFiltersAndLimits) {
  ASSERT_TRUE(Load(ns_).ok());
  EXPECT_EQ(*db_->CountRows(ns_, "parents"), kParents);
  EXPECT_EQ(*db_->CountRows(ns_, "children"), kChildren);
  EXPECT_EQ(Rows(*db_, ns_, "parents", 3).size(), 3u);
  ColumnFilter f;
  f.column = "note";
  f.text = "note-7";
  auto filtered = db_->Read(ns_, {"children", {f}, std::nullopt, {}});
  ASSERT_TRUE(filtered.ok()) << filtered.status().ToString();
  Batch batch;
  int64_t matched = 0;
  while (*(*filtered)->Next(batch, 100)) {
    for (size_t r = 0; r < batch.num_rows; ++r) {
      EXPECT_EQ(batch.columns[2].GetString(r), "note-7");
      ++matched;
    }
  }
  EXPECT_EQ(matched, 9);  // rows r < 700 with r % 50 == 7 and r % 3 != 0
  ColumnFilter year;
  year.column = "n";
  year.kind = ColumnFilter::Kind::kString;
  year.text = "not a number";
  EXPECT_EQ(db_->Read(ns_, {"parents", {year}, std::nullopt, {}}).status().code(),
            StatusCode::kInvalidArgument);
  auto missing = db_->Read(ns_, {"parentz", {}, std::nullopt, {}});
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("parents"), std::string::npos)
      << missing.status().ToString();
}

// A projection reads only some columns, in the table's order, with the same values in the same
// row order as a full read; an unknown column is a clear error.
TEST_P(DatabaseTest, ReadsOnlyTheColumnsAskedFor) {
  ASSERT_TRUE(Load(ns_).ok());
  auto source = db_->Read(ns_, {"parents", {}, std::nullopt, {"u", "n", "id"}});
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  std::vector<std::string> names;
  for (const ColumnSchema& c : (*source)->schema().columns) names.push_back(c.name);
  EXPECT_EQ(names, (std::vector<std::string>{"id", "n", "u"}));
  std::vector<std::string> full = Rows(*db_, ns_, "parents");
  std::vector<std::string> projected = Rows(*db_, ns_, "parents", std::nullopt, {"u", "n", "id"});
  ASSERT_EQ(projected.size(), full.size());
  for (size_t r = 0; r < full.size(); ++r) {
    std::vector<std::string> cells;
    size_t at = 1;
    while (at <= full[r].size()) {
      size_t bar = full[r].find('|', at);
      if (bar == std::string::npos) bar = full[r].size();
      cells.push_back(full[r].substr(at, bar - at));
      at = bar + 1;
    }
    ASSERT_EQ(cells.size(), 8u) << full[r];
    EXPECT_EQ(projected[r], "|" + cells[0] + "|" + cells[2] + "|" + cells[7]) << "row " << r;
  }
  auto unknown = db_->Read(ns_, {"parents", {}, std::nullopt, {"id", "nme"}});
  EXPECT_EQ(unknown.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(unknown.status().message().find("name"), std::string::npos)
      << unknown.status().ToString();
}

TEST_P(DatabaseTest, CreateRefusesAnExistingNamespaceAndKeepsIt) {
  ASSERT_TRUE(Load(ns_).ok());
  auto again = db_->Create(ns_);
  EXPECT_EQ(again.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(*db_->CountRows(ns_, "parents"), kParents);
}

TEST_P(DatabaseTest, AbortLeavesNothingBehind) {
  auto sink = db_->Create(ns_);
  ASSERT_TRUE(sink.ok()) << sink.status().ToString();
  ASSERT_TRUE(LoadTable(**sink, parents_, 100, 10, AppendParent).ok());
  (*sink)->Abort();
  EXPECT_FALSE(*db_->Exists(ns_));
  EXPECT_TRUE(db_->List(target_->Prefix())->empty());
}

TEST_P(DatabaseTest, AViolatedKeyFailsTheLoadAndAbortCleansUp) {
  auto sink = db_->Create(ns_);
  ASSERT_TRUE(sink.ok());
  TableSchema t = parents_;
  Status s = (*sink)->BeginTable(t);
  Batch batch;
  batch.Reset(t, 0, 2);
  AppendParent(batch, 1);
  AppendParent(batch, 1);  // the same primary key twice
  if (s.ok()) s = (*sink)->Write(batch);
  if (s.ok()) s = (*sink)->EndTable();
  if (s.ok()) s = (*sink)->Finish();
  if (db_->has_indexes()) {
    EXPECT_FALSE(s.ok());
  }
  if (!s.ok()) {
    (*sink)->Abort();
    EXPECT_FALSE(*db_->Exists(ns_));
  }
}

TEST_P(DatabaseTest, RenamesDropsAndLists) {
  ASSERT_TRUE(Load(ns_).ok());
  std::string moved = Other("conf_moved");
  ASSERT_TRUE(db_->Rename(ns_, moved).ok());
  EXPECT_FALSE(*db_->Exists(ns_));
  EXPECT_TRUE(*db_->Exists(moved));
  EXPECT_EQ(*db_->CountRows(moved, "children"), kChildren);
  ASSERT_TRUE(Load(ns_).ok());
  EXPECT_EQ(db_->Rename(ns_, moved).code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(*db_->Exists(ns_));
  auto listed = db_->List(target_->Prefix());
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(*listed, (std::vector<std::string>{ns_, moved}));
  ASSERT_TRUE(db_->Drop(moved).ok());
  ASSERT_TRUE(db_->Drop(moved).ok());  // idempotent
  EXPECT_FALSE(*db_->Exists(moved));
  EXPECT_EQ(db_->Describe(moved).status().code(), StatusCode::kNotFound);
}

TEST_P(DatabaseTest, CrudProbeLeavesNoTrace) {
  ASSERT_TRUE(Load(ns_).ok());
  std::vector<std::string> before = Rows(*db_, ns_, "children");
  ASSERT_TRUE(db_->Ping().ok());
  Status probe = db_->CrudProbe(ns_, children_);
  EXPECT_TRUE(probe.ok()) << probe.ToString();
  EXPECT_EQ(Rows(*db_, ns_, "children"), before);
  EXPECT_EQ(db_->Describe(ns_)->size(), 2u);
}

TEST_P(DatabaseTest, ClonesWhereTheBackendCan) {
  ASSERT_TRUE(Load(ns_).ok());
  std::string copy = Other("conf_copy");
  Status cloned = db_->Clone(ns_, copy);
  if (cloned.code() == StatusCode::kUnimplemented) {
    EXPECT_TRUE(GetParam() != TargetKind::kPostgres && GetParam() != TargetKind::kSqlite);
    return;
  }
  ASSERT_TRUE(cloned.ok()) << cloned.ToString();
  EXPECT_EQ(Rows(*db_, copy, "parents"), Rows(*db_, ns_, "parents"));
  EXPECT_EQ(db_->Clone(ns_, copy).code(), StatusCode::kFailedPrecondition);
}

TEST_P(DatabaseTest, WrongCredentialsAreAClearErrorWithoutThePassword) {
  if (GetParam() == TargetKind::kSqlite || GetParam() == TargetKind::kFile) return;
  auto url = ParseTarget(target_->url);
  ASSERT_TRUE(url.ok());
  url->password = "Wr0ngSecret";
  auto db = OpenDatabase(*url);
  Status s = db.ok() ? (*db)->Ping() : db.status();
  EXPECT_EQ(s.code(), StatusCode::kUnavailable) << s.ToString();
  EXPECT_EQ(s.ToString().find("Wr0ngSecret"), std::string::npos) << s.ToString();
}

TEST_P(DatabaseTest, AnUnreachableServerIsAClearErrorQuickly) {
  if (GetParam() == TargetKind::kSqlite || GetParam() == TargetKind::kFile) return;
  auto url = ParseTarget(target_->url);
  ASSERT_TRUE(url.ok());
  url->port = UnusedPort();
  auto started = std::chrono::steady_clock::now();
  auto db = OpenDatabase(*url);
  Status s = db.ok() ? (*db)->Ping() : db.status();
  EXPECT_EQ(s.code(), StatusCode::kUnavailable) << s.ToString();
  EXPECT_NE(s.ToString().find(std::to_string(url->port)), std::string::npos) << s.ToString();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
}

INSTANTIATE_TEST_SUITE_P(AllBackends, DatabaseTest,
                         ::testing::Values(TargetKind::kSqlite, TargetKind::kFile,
                                           TargetKind::kPostgres, TargetKind::kMysql,
                                           TargetKind::kRedis),
                         [](const auto& info) { return std::string(TargetKindName(info.param)); });

}  // namespace
}  // namespace tdm::store
