// compliance report, retention enforce and gdpr access/erase end to end on the seed's examples
// (SQLite executions in a sandbox). Expectations come from SQL over the execution databases, read
// before and after each command.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"

namespace tdm::cli_test {
namespace {

using nlohmann::json;

// One SQL query's rows as text (NULL as ""), through the SQLite C API.
std::vector<std::vector<std::string>> Query(const fs::path& db, const std::string& sql) {
  std::vector<std::vector<std::string>> rows;
  sqlite3* handle = nullptr;
  if (sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << "cannot open " << db;
    sqlite3_close(handle);
    return rows;
  }
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(handle, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << sqlite3_errmsg(handle) << " in " << sql;
  } else {
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
        const unsigned char* text = sqlite3_column_text(stmt, c);
        row.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
      }
      rows.push_back(std::move(row));
    }
  }
  sqlite3_finalize(stmt);
  sqlite3_close(handle);
  return rows;
}

int64_t Count(const fs::path& db, const std::string& sql) {
  auto rows = Query(db, sql);
  return rows.empty() ? -1 : std::stoll(rows[0][0]);
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}
std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
  return s;
}

fs::path Db(CliSandbox& box, const std::string& id) {
  return box.path(".tdm/executions/" + id + ".db");
}

TEST(GdprCli, AccessThenEraseRemovesTheSubjectAndItsMoviesEverywhereAndNothingElse) {
  CliSandbox box;
  ASSERT_TRUE(Succeeded(box.Run("data-cli provision --env ci --execution-id job-ci --json")));
  ASSERT_TRUE(Succeeded(box.Run("data-cli provision --env local --execution-id job-local --json")));
  // The user of the local execution (prefix-stable: also in ci) with the most movies there.
  auto top = Query(Db(box, "job-local"),
                   "SELECT u.email FROM users u JOIN movies m ON m.user_id = u._id "
                   "GROUP BY u._id ORDER BY count(*) DESC, u._id LIMIT 1");
  ASSERT_EQ(top.size(), 1u);
  const std::string email = top[0][0];
  std::map<std::string, std::pair<int64_t, int64_t>> before;  // users, movies
  std::map<std::string, int64_t> subject_movies;
  for (const std::string id : {"job-ci", "job-local"}) {
    fs::path db = Db(box, id);
    before[id] = {Count(db, "SELECT count(*) FROM users"),
                  Count(db, "SELECT count(*) FROM movies")};
    subject_movies[id] = Count(db,
                               "SELECT count(*) FROM movies m JOIN users u ON m.user_id = "
                               "u._id WHERE lower(u.email) = lower('" +
                                   email + "')");
    ASSERT_EQ(Count(db, "SELECT count(*) FROM users WHERE email = '" + email + "'"), 1) << id;
  }
  ASSERT_GT(subject_movies["job-local"], 0);
  std::string all_stderr;

  CliResult access =
      box.Run("data-cli gdpr access --subject '" + email + "' --output subject.json");
  ASSERT_TRUE(Succeeded(access));
  all_stderr += access.err;
  EXPECT_EQ(Lower(access.out).find(Lower(email)), std::string::npos) << access.out;
  struct stat st {};
  ASSERT_EQ(stat(box.path("subject.json").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  json exported = json::parse(ReadFile(box.path("subject.json")));
  int64_t exported_total = 0;
  for (const json& e : exported["executions"]) {
    std::string id = e["execution_id"];
    for (const json& t : e["tables"]) {
      if (t["table"] == "users") {
        ASSERT_EQ(t["rows"].size(), 1u);
        EXPECT_EQ(t["rows"][0]["email"], email);
      } else {
        EXPECT_EQ(t["table"], "movies");
        EXPECT_EQ(static_cast<int64_t>(t["rows"].size()), subject_movies[id]) << id;
      }
      exported_total += static_cast<int64_t>(t["rows"].size());
    }
  }
  EXPECT_EQ(exported["total_rows"], exported_total);
  EXPECT_EQ(exported_total, 2 + subject_movies["job-ci"] + subject_movies["job-local"]);

  // A dry run in another letter case finds the same rows and deletes none.
  CliResult dry = box.Run("data-cli gdpr erase --subject '" + Upper(email) + "' --dry-run --json");
  ASSERT_TRUE(Succeeded(dry));
  all_stderr += dry.err;
  EXPECT_EQ(json::parse(dry.out)["total_rows"], exported_total) << dry.out;
  EXPECT_EQ(Count(Db(box, "job-ci"), "SELECT count(*) FROM users"), before["job-ci"].first);

  CliResult erase = box.Run("data-cli gdpr erase --subject '" + Upper(email) + "' --json");
  ASSERT_TRUE(Succeeded(erase));
  all_stderr += erase.err;
  json erased = json::parse(erase.out);
  EXPECT_EQ(erased["total_rows"], exported_total);
  EXPECT_EQ(erased["subject_hash"].get<std::string>().size(), 16u);
  EXPECT_EQ(Lower(erase.out).find(Lower(email)), std::string::npos);
  for (const json& e : erased["executions"]) {
    std::string id = e["execution_id"];
    std::map<std::string, int64_t> deleted;
    for (const json& t : e["tables"]) deleted[t["table"]] = t["rows_deleted"];
    EXPECT_EQ(deleted["users"], 1) << id;
    EXPECT_EQ(deleted["movies"], subject_movies[id]) << id;
    fs::path db = Db(box, id);
    EXPECT_EQ(Count(db, "SELECT count(*) FROM users"), before[id].first - 1) << id;
    EXPECT_EQ(Count(db, "SELECT count(*) FROM movies"), before[id].second - subject_movies[id]);
    EXPECT_EQ(Count(db, "SELECT count(*) FROM users WHERE lower(email) = lower('" + email + "')"),
              0);
    EXPECT_EQ(Count(db,
                    "SELECT count(*) FROM movies WHERE user_id NOT IN (SELECT _id FROM "
                    "users)"),
              0)
        << "orphaned movies in " << id;
    // The registry's row counts follow.
    json record = FindExecution(Executions(box), id);
    EXPECT_EQ(record["tables"]["users"], before[id].first - 1);
  }
  EXPECT_EQ(erased["executions"].size(), 2u);

  // Nothing left to erase; the subject never reached the audit log or stderr.
  CliResult again = box.Run("data-cli gdpr erase --subject '" + email + "' --json");
  ASSERT_TRUE(Succeeded(again));
  EXPECT_EQ(json::parse(again.out)["total_rows"], 0);
  std::string audit = ReadFile(box.path(".tdm/audit.jsonl"));
  EXPECT_EQ(Lower(audit).find(Lower(email)), std::string::npos);
  EXPECT_TRUE(HasSubstr(audit, erased["subject_hash"].get<std::string>()));
  EXPECT_TRUE(HasSubstr(audit, "gdpr_erase"));
  EXPECT_TRUE(HasSubstr(audit, "gdpr_access"));
  EXPECT_EQ(Lower(all_stderr + again.err).find(Lower(email)), std::string::npos);
}

TEST(GdprCli, AccessIsRefusedWhenThePolicyTurnsTheRightOff) {
  CliSandbox box;
  ASSERT_TRUE(Succeeded(box.Run("data-cli provision --env local --json")));
  std::string policy = ReadFile(box.path("masking-policies.yaml"));
  size_t at = policy.find("right_to_access: true");
  ASSERT_NE(at, std::string::npos);
  policy.replace(at, std::string("right_to_access: true").size(), "right_to_access: false");
  WriteFile(box.path("masking-policies.yaml"), policy);
  CliResult r = box.Run("data-cli gdpr access --subject someone@example.com");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(HasSubstr(r.err, "right_to_access"));
  EXPECT_EQ(r.err.find("someone@example.com"), std::string::npos);
}

TEST(ComplianceCli, ReportsInJsonMarkdownAndOneSelfContainedHtmlFile) {
  CliSandbox box;
  ASSERT_TRUE(Succeeded(box.Run("data-cli provision --env local --json")));
  CliResult r = box.Run("data-cli compliance report --format json");
  ASSERT_TRUE(Succeeded(r));
  json report = json::parse(r.out);
  EXPECT_EQ(report["summary"]["live_executions"], 1);
  EXPECT_EQ(report["summary"]["datasets"], 2);
  json users;
  for (const json& d : report["classifications"]) {
    if (d["dataset"] == "users") users = d;
  }
  ASSERT_TRUE(users.is_object()) << report["classifications"].dump();
  EXPECT_NE(std::find(users["red"].begin(), users["red"].end(), "email"), users["red"].end());
  // Every gap is a red field without a rule, and every such field is a gap.
  std::set<std::string> gaps;
  for (const json& g : report["masking"]["gaps"]) gaps.insert(g.get<std::string>());
  for (const json& f : report["masking"]["fields"]) {
    bool gap = f["classification"] == "red" && !f["masked"].get<bool>();
    EXPECT_EQ(gaps.count(f["field"].get<std::string>()) == 1, gap) << f.dump();
  }
  EXPECT_EQ(report["summary"]["masking_gaps"], gaps.size());
  bool found = false;
  for (const json& s : report["regulations"]) {
    if (s["regulation"] == "GDPR" && s["setting"] == "right_to_deletion") {
      EXPECT_EQ(s["status"], "holds");
      found = true;
    }
  }
  EXPECT_TRUE(found);
  // No value of a PII column appears: take one generated email and look for it.
  auto emails = Query(
      box.path(".tdm/executions/" + Executions(box)[0]["execution_id"].get<std::string>() + ".db"),
      "SELECT email FROM users LIMIT 1");
  ASSERT_EQ(emails.size(), 1u);
  EXPECT_EQ(r.out.find(emails[0][0]), std::string::npos);

  CliResult md = box.Run("data-cli compliance report --format md");
  ASSERT_TRUE(Succeeded(md));
  EXPECT_TRUE(HasSubstr(md.out, "# Compliance report"));
  EXPECT_TRUE(HasSubstr(md.out, "## Regulatory settings"));
  for (const std::string& gap : gaps) EXPECT_TRUE(HasSubstr(md.out, "`" + gap + "`"));

  CliResult html = box.Run("data-cli compliance report --format html --output report.html");
  ASSERT_TRUE(Succeeded(html));
  std::string page = ReadFile(box.path("report.html"));
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(page.find("http://"), std::string::npos);
  EXPECT_EQ(page.find("https://"), std::string::npos);
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_TRUE(HasSubstr(page, "<svg"));
  EXPECT_TRUE(HasSubstr(page, "</html>"));

  CliResult bad = box.Run("data-cli compliance report --format pdf");
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_TRUE(HasSubstr(bad.err, "--format"));
}

TEST(RetentionCli, DeletesExecutionsOlderThanTheRetentionAndAuditsIt) {
  CliSandbox box;
  ASSERT_TRUE(Succeeded(box.Run("data-cli provision --env local --execution-id old-one --json")));
  ASSERT_TRUE(Succeeded(box.Run("data-cli provision --env local --execution-id new-one --json")));
  ASSERT_TRUE(Succeeded(box.Run("data-cli provision --env local --execution-id recent --json")));
  fs::path registry = box.path(".tdm/registry.db");
  // 40 days old (the policy keeps 30), and 3 days old.
  Query(registry,
        "UPDATE executions SET created_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', "
        "'-40 days') WHERE id = 'old-one'");
  Query(registry,
        "UPDATE executions SET created_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', "
        "'-3 days') WHERE id = 'recent'");

  json report = json::parse(box.Run("data-cli compliance report").out);
  ASSERT_EQ(report["retention"]["violations"].size(), 1u);
  EXPECT_EQ(report["retention"]["violations"][0]["execution_id"], "old-one");

  CliResult dry = box.Run("data-cli retention enforce --dry-run --json");
  ASSERT_TRUE(Succeeded(dry));
  json planned = json::parse(dry.out);
  EXPECT_EQ(planned["retention_days"], 30);
  ASSERT_EQ(planned["executions"].size(), 1u);
  EXPECT_EQ(planned["executions"][0]["action"], "would_delete");
  EXPECT_TRUE(fs::exists(Db(box, "old-one")));

  CliResult run = box.Run("data-cli retention enforce --json");
  ASSERT_TRUE(Succeeded(run));
  json done = json::parse(run.out);
  ASSERT_EQ(done["executions"].size(), 1u);
  EXPECT_EQ(done["executions"][0]["execution_id"], "old-one");
  EXPECT_EQ(done["executions"][0]["action"], "deleted");
  EXPECT_EQ(done["archives"]["found"], 0);
  EXPECT_TRUE(done["audit_log"].contains("events_pruned"));
  EXPECT_FALSE(fs::exists(Db(box, "old-one")));
  EXPECT_TRUE(fs::exists(Db(box, "new-one")));
  json executions = Executions(box);
  EXPECT_EQ(FindExecution(executions, "old-one")["status"], "cleaned");
  EXPECT_EQ(FindExecution(executions, "new-one")["status"], "ready");
  EXPECT_EQ(FindExecution(executions, "recent")["status"], "ready");
  EXPECT_TRUE(HasSubstr(ReadFile(box.path(".tdm/audit.jsonl")), "retention_enforcement"));
  report = json::parse(box.Run("data-cli compliance report").out);
  EXPECT_TRUE(report["retention"]["violations"].empty());

  // --days overrides the policy.
  CliResult shorter = box.Run("data-cli retention enforce --days 2 --json");
  ASSERT_TRUE(Succeeded(shorter));
  json second = json::parse(shorter.out);
  ASSERT_EQ(second["executions"].size(), 1u);
  EXPECT_EQ(second["executions"][0]["execution_id"], "recent");
  EXPECT_EQ(FindExecution(Executions(box), "new-one")["status"], "ready");
}

}  // namespace
}  // namespace tdm::cli_test
