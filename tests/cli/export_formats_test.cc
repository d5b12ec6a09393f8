// `data-cli export` in each format: what the files look like, that other tools read them, and that
// `data-cli import` reads them back to the same rows.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "cli/cli_runner.h"

namespace tdm::cli_test {
namespace {

using nlohmann::json;

class ExportFormatsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(Succeeded(box_.Run("data-cli -q provision --env ci --dataset all --count 250")));
  }

  std::string Export(const std::string& args) {
    CliResult r = box_.Run("data-cli export " + args);
    EXPECT_TRUE(Succeeded(r));
    return r.out;
  }

  CliSandbox box_;
};

TEST_F(ExportFormatsTest, CsvHasAHeaderAndCrlfLineEnds) {
  Export("--collection users --format csv --output users.csv");
  std::string csv = ReadFile(box_.path("users.csv"));
  ASSERT_FALSE(csv.empty());
  EXPECT_EQ(csv.substr(0, csv.find('\n') + 1), "_id,name,email,phone,created_at,age\r\n");
  size_t lines = 0;
  for (size_t i = 0; i < csv.size(); ++i) {
    if (csv[i] != '\n') continue;
    ++lines;
    ASSERT_TRUE(i > 0 && csv[i - 1] == '\r') << "bare LF ending line " << lines;
  }
  EXPECT_EQ(csv.back(), '\n');
  EXPECT_EQ(lines, 1u + 250u);
}

TEST_F(ExportFormatsTest, CsvChosenFromTheOutputName) {
  Export("--collection movies --output movies.csv");
  std::string csv = ReadFile(box_.path("movies.csv"));
  EXPECT_EQ(csv.rfind("_id,title,year,", 0), 0u) << csv.substr(0, 80);
}

TEST_F(ExportFormatsTest, SqlLoadsIntoSqlite3WithTheRightRowCounts) {
  if (!Succeeded(box_.Run("command -v sqlite3"))) GTEST_SKIP() << "no sqlite3 command";
  Export("--format sql --output all.sql");
  ASSERT_TRUE(Succeeded(box_.Run("sqlite3 -bail loaded.db < all.sql")));
  CliResult counts = box_.Run(
      "sqlite3 loaded.db 'SELECT COUNT(*) FROM users; SELECT COUNT(*) FROM movies; "
      "SELECT COUNT(*) FROM movies WHERE user_id NOT IN (SELECT _id FROM users);'");
  ASSERT_TRUE(Succeeded(counts));
  EXPECT_EQ(counts.out, "250\n250\n0\n");

  Export("--collection users --format sql --output users.sql");
  ASSERT_TRUE(Succeeded(box_.Run("sqlite3 -bail users.db < users.sql")));
  CliResult users = box_.Run("sqlite3 users.db 'SELECT COUNT(DISTINCT _id) FROM users'");
  EXPECT_EQ(users.out, "250\n");
}

TEST_F(ExportFormatsTest, EjsonWrapsObjectIdsAndDates) {
  Export("--collection users --format ejson --output users.ejson");
  std::vector<std::string> lines = Lines(ReadFile(box_.path("users.ejson")));
  ASSERT_EQ(lines.size(), 250u);
  const std::regex oid("^[0-9a-f]{24}$");
  const std::regex date(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$)");
  for (const std::string& line : lines) {
    ASSERT_TRUE(HasSubstr(line, R"({"$oid":)"));
    ASSERT_TRUE(HasSubstr(line, R"({"$date":)"));
    json row = json::parse(line);
    ASSERT_TRUE(std::regex_match(row["_id"]["$oid"].get<std::string>(), oid)) << line;
    ASSERT_TRUE(std::regex_match(row["created_at"]["$date"].get<std::string>(), date)) << line;
  }
}

TEST_F(ExportFormatsTest, JsonAndJsonlHoldTheSameRows) {
  Export("--collection movies --format json --output movies.json");
  std::string jsonl = Export("--collection movies --format jsonl --output -");
  json array = json::parse(ReadFile(box_.path("movies.json")));
  std::vector<std::string> lines = Lines(jsonl);
  ASSERT_EQ(array.size(), 250u);
  ASSERT_EQ(lines.size(), 250u);
  for (size_t i = 0; i < lines.size(); ++i) ASSERT_EQ(json::parse(lines[i]), array[i]) << i;
}

TEST_F(ExportFormatsTest, StandardOutputCarriesOnlyTheData) {
  // Notes and the "Exported ..." summary must not mix into data written to '-'.
  std::string jsonl = Export("--collection users --format jsonl --output -");
  for (const std::string& line : Lines(jsonl)) {
    ASSERT_TRUE(json::parse(line, nullptr, false).is_object()) << line;
  }
}

TEST_F(ExportFormatsTest, EveryImportFormatReadsAnExportBackToTheSameRows) {
  const std::string original = Export("--collection users --format jsonl --output -");
  for (const std::string format : {"csv", "jsonl", "ejson", "json"}) {
    SCOPED_TRACE(format);
    const std::string file = "users." + format;
    const std::string copy = "users_" + format;
    Export("--collection users --format " + format + " --output " + file);
    CliResult r = box_.Run("data-cli import --file " + file + " --collection " + copy);
    ASSERT_TRUE(Succeeded(r));
    EXPECT_TRUE(HasSubstr(r.out, "Imported 250 rows"));
    EXPECT_EQ(Export("--collection " + copy + " --format jsonl --output -"), original);
  }
}

TEST_F(ExportFormatsTest, NoTemporaryFilesAreLeftBehind) {
  Export("--format json --output all.json");
  Export("--format sql --output all.sql");
  Export("--collection users --format csv --output users.csv");
  std::set<std::string> expected = {"all.json", "all.sql", "users.csv"};
  for (const std::string& file : box_.Files()) {
    bool example = file.find('/') == std::string::npos && fs::path(file).extension() == ".yaml";
    if (example || file.rfind(".tdm/", 0) == 0) {
      continue;
    }
    EXPECT_TRUE(expected.count(file)) << "unexpected file " << file;
  }
}

// BUG: with --format json and no --collection, export writes one object keyed by collection when
// the execution holds several collections, but a bare array (without the collection's name) when
// it holds one, although it reports "Exported all collections". A backup's shape should not
// depend on how many collections there happen to be.
TEST(ExportAllCollections, JsonIsAnObjectKeyedByCollectionEvenForOne) {
  CliSandbox box;
  ASSERT_TRUE(Succeeded(box.Run("data-cli -q provision --env ci --dataset users --count 3")));
  CliResult r = box.Run("data-cli export --format json --output backup.json");
  ASSERT_TRUE(Succeeded(r));
  EXPECT_TRUE(HasSubstr(r.out, "Exported all collections"));
  json backup = json::parse(ReadFile(box.path("backup.json")));
  ASSERT_TRUE(backup.is_object()) << backup.dump();
  EXPECT_EQ(backup["users"].size(), 3u);
}

// BUG: `generate` documents --format as "jsonl, json, csv, sql or ejson" and RunGenerate passes
// the output name to PickFormat with jsonl as the fallback, as export does, but --format defaults
// to "jsonl" rather than empty, so the name is never consulted: --output users.csv gets JSON lines.
TEST(GenerateOutput, FormatFollowsTheOutputNameLikeExport) {
  CliSandbox box;
  ASSERT_TRUE(Succeeded(box.Run("data-cli generate --dataset users --count 2 --output users.csv")));
  std::string csv = ReadFile(box.path("users.csv"));
  EXPECT_EQ(csv.rfind("_id,name,email,phone,created_at,age\r\n", 0), 0u) << csv;
}

TEST(GenerateOutput, WritesTheNamedFormat) {
  CliSandbox box;
  CliResult r = box.Run("data-cli generate --dataset users --count 2 --format csv --output -");
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ(Lines(r.out).size(), 3u);
  EXPECT_EQ(r.out.rfind("_id,name,email,phone,created_at,age\r\n", 0), 0u) << r.out;
}

}  // namespace
}  // namespace tdm::cli_test
