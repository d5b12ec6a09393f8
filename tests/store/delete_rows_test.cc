// Database::DeleteRows on the embedded backends (SQLite files and file directories): what only
// they can get wrong. The contract on every backend is tests/integration/gdpr_test.cc.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "store/database.h"

namespace tdm::store {
namespace {

namespace fs = std::filesystem;

// Rows `i` in [0, rows): tag = "t<i % 3>", and every row of tag t0 appears twice (identical), so a
// table without a primary key holds duplicates.
TableSchema Events() {
  TableSchema t;
  t.name = "events";
  t.columns = {{"tag", ColumnType::kString, false, false, false},
               {"n", ColumnType::kInteger, false, false, false},
               {"note", ColumnType::kString, true, false, false}};
  return t;
}

struct Row {
  std::string tag;
  int64_t n;
  bool null_note;
};

std::vector<Row> EventRows() {
  std::vector<Row> rows;
  for (int64_t i = 0; i < 30; ++i) {
    Row row{"t" + std::to_string(i % 3), i % 5, i % 4 == 0};
    rows.push_back(row);
    if (i % 3 == 0) rows.push_back(row);
  }
  return rows;
}

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class DeleteRowsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    dir_ =
        fs::temp_directory_path() / ("tdm-delete-" + GetParam() + "-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::string url = GetParam() == "sqlite" ? "sqlite://" + dir_.string()
                                             : "file://" + dir_.string() + "?format=" + GetParam();
    auto target = ParseTarget(url);
    ASSERT_TRUE(target.ok()) << target.status().ToString();
    auto db = OpenDatabase(*target);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(*db);
    ns_ = (dir_ / (GetParam() == "sqlite" ? "ns.db" : "ns")).string();
    auto sink = db_->Create(ns_);
    ASSERT_TRUE(sink.ok()) << sink.status().ToString();
    Batch b;
    b.Reset(schema_, 0, 0);
    for (const Row& row : rows_) {
      b.columns[0].AppendString(row.tag);
      b.columns[1].AppendInt(row.n);
      if (row.null_note) {
        b.columns[2].AppendNull();
      } else {
        b.columns[2].AppendString("note, \"quoted\"\n" + row.tag);
      }
    }
    b.num_rows = rows_.size();
    ASSERT_TRUE((*sink)->BeginTable(schema_).ok());
    ASSERT_TRUE((*sink)->Write(b).ok());
    ASSERT_TRUE((*sink)->EndTable().ok());
    ASSERT_TRUE((*sink)->Finish().ok());
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::vector<Row> Remaining() {
    std::vector<Row> out;
    auto source = db_->Read(ns_, {"events", {}, std::nullopt, {}});
    EXPECT_TRUE(source.ok()) << source.status().ToString();
    if (!source.ok()) return out;
    Batch batch;
    while (true) {
      auto more = (*source)->Next(batch, 7);
      EXPECT_TRUE(more.ok()) << more.status().ToString();
      for (size_t r = 0; r < batch.num_rows; ++r) {
        out.push_back({std::string(batch.columns[0].GetString(r)), batch.columns[1].GetInt(r),
                       batch.columns[2].IsNull(r)});
      }
      if (!more.ok() || !*more) break;
    }
    return out;
  }

  static ColumnFilter Filter(const std::string& column, const std::string& text) {
    ColumnFilter f;
    f.column = column;
    f.text = text;
    return f;
  }

  fs::path dir_;
  std::unique_ptr<Database> db_;
  std::string ns_;
  TableSchema schema_ = Events();
  std::vector<Row> rows_ = EventRows();
};

TEST_P(DeleteRowsTest, DuplicateRowsGoTogetherAndTheRestKeepTheirOrder) {
  auto n = db_->DeleteRows(ns_, "events", {Filter("tag", "t0"), Filter("n", "3")});
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  std::vector<Row> expected;
  int64_t gone = 0;
  for (const Row& row : rows_) {
    if (row.tag == "t0" && row.n == 3) {
      ++gone;
    } else {
      expected.push_back(row);
    }
  }
  ASSERT_GE(gone, 2);  // duplicates were involved
  EXPECT_EQ(*n, gone);
  std::vector<Row> left = Remaining();
  ASSERT_EQ(left.size(), expected.size());
  for (size_t i = 0; i < left.size(); ++i) {
    EXPECT_EQ(left[i].tag, expected[i].tag) << i;
    EXPECT_EQ(left[i].n, expected[i].n) << i;
    EXPECT_EQ(left[i].null_note, expected[i].null_note) << i;
  }
  auto count = db_->CountRows(ns_, "events");  // the file backend answers from its manifest
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, static_cast<int64_t>(expected.size()));
}

TEST_P(DeleteRowsTest, NoMatchLeavesTheStorageUntouched) {
  fs::path file = GetParam() == "sqlite" ? fs::path(ns_) : fs::path(ns_) / ("events." + GetParam());
  std::string before = Slurp(file);
  auto n = db_->DeleteRows(ns_, "events", {Filter("tag", "t9")});
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 0);
  EXPECT_EQ(Slurp(file), before);
  // No temporary file is left beside the table.
  for (const auto& entry : fs::directory_iterator(file.parent_path())) {
    EXPECT_EQ(entry.path().filename().string().find(".tmp"), std::string::npos) << entry.path();
  }
}

TEST_P(DeleteRowsTest, NullFilterAndMissingNamespace) {
  ColumnFilter null_note;
  null_note.column = "note";
  null_note.kind = ColumnFilter::Kind::kNull;
  auto n = db_->DeleteRows(ns_, "events", {null_note});
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  int64_t nulls = 0;
  for (const Row& row : rows_) nulls += row.null_note;
  EXPECT_EQ(*n, nulls);
  for (const Row& row : Remaining()) EXPECT_FALSE(row.null_note);
  auto missing = db_->DeleteRows((dir_ / "nope").string(), "events", {});
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound) << missing.status().ToString();
}

INSTANTIATE_TEST_SUITE_P(Embedded, DeleteRowsTest,
                         ::testing::Values("sqlite", "jsonl", "csv", "json", "ejson"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace tdm::store
