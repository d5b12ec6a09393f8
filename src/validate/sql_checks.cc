// SqlChecker: every check as set-based SQL in the target's own dialect. One scan per table
// computes the row count and every row rule (`SUM(CASE WHEN <violation> ...)`); only rules that
// fail run a second, `LIMIT`ed query for example keys. Foreign keys are NOT EXISTS anti-joins,
// duplicates GROUP BY ... HAVING count(*) > 1. No statement carries a value of the data: the
// literals are the spec's own bounds and patterns.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/time_format.h"
#include "validate/checker.h"

namespace tdm::validate {
namespace {

enum class Dialect { kPostgres, kMysql, kSqlite };

class SqlChecker final : public Checker {
 public:
  SqlChecker(store::Database& db, std::string ns, int max_examples)
      : db_(db), ns_(std::move(ns)), max_examples_(max_examples) {
    std::string_view d = db.sql_dialect();
    dialect_ = d == "postgres" ? Dialect::kPostgres
               : d == "mysql"  ? Dialect::kMysql
                               : Dialect::kSqlite;
    if (dialect_ == Dialect::kSqlite) InstallSqliteRegexp();
  }

  Result<TableScan> Scan(const TableSchema& table, const std::string& key,
                         const std::vector<RowRule>& rules) override {
    std::vector<std::string> predicates;
    std::string sql = "SELECT count(*)";
    for (const RowRule& rule : rules) {
      predicates.push_back(Violation(rule));
      sql += ", SUM(CASE WHEN " + predicates.back() + " THEN 1 ELSE 0 END)";
    }
    sql += " FROM " + Quote(table.name);
    TDM_ASSIGN_OR_RETURN(store::SqlRows rows, Query(sql, 1, "scanning table '" + table.name + "'"));
    TableScan scan;
    scan.rows = Cell(rows, 0, 0);
    for (size_t i = 0; i < rules.size(); ++i) {
      Outcome o;
      o.count = Cell(rows, 0, i + 1);
      if (o.count > 0 && !key.empty()) {
        TDM_ASSIGN_OR_RETURN(o.keys, Keys(Quote(table.name), key, predicates[i], table.name));
      }
      scan.outcomes.push_back(std::move(o));
    }
    return scan;
  }

  Result<Outcome> Orphans(const TableSchema& child, const std::string& key,
                          const ForeignKeyRule& fk) override {
    std::string c = "c." + Quote(fk.column);
    std::string where = c + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " + Quote(fk.parent) +
                        " p WHERE p." + Quote(fk.parent_column) + " = " + c + ")";
    std::string from = Quote(child.name) + " c";
    TDM_ASSIGN_OR_RETURN(store::SqlRows rows,
                         Query("SELECT count(*) FROM " + from + " WHERE " + where, 1,
                               "checking foreign key " + child.name + "." + fk.column));
    Outcome o;
    o.count = Cell(rows, 0, 0);
    if (o.count > 0 && !key.empty()) {
      TDM_ASSIGN_OR_RETURN(o.keys, Keys(from, "c." + Quote(key), where, child.name, true));
    }
    return o;
  }

  Result<Outcome> Duplicates(const TableSchema& table, const std::string& key,
                             const std::vector<std::string>& columns) override {
    std::string list;
    std::string not_null;
    for (const std::string& c : columns) {
      list += (list.empty() ? "" : ", ") + Quote(c);
      not_null += (not_null.empty() ? "" : " AND ") + Quote(c) + " IS NOT NULL";
    }
    std::string groups = "SELECT " + list + ", count(*) AS n FROM " + Quote(table.name) +
                         " WHERE " + not_null + " GROUP BY " + list + " HAVING count(*) > 1";
    std::string what = "looking for duplicates in " + table.name + " (" + list + ")";
    TDM_ASSIGN_OR_RETURN(store::SqlRows rows,
                         Query("SELECT COALESCE(SUM(n), 0) FROM (" + groups + ") d", 1, what));
    Outcome o;
    o.count = Cell(rows, 0, 0);
    if (o.count > 0 && !key.empty()) {
      // The rows of duplicated groups, named by key: the duplicated values (often PII, such as
      // an email) are never read back.
      std::string join;
      for (const std::string& c : columns) {
        join += (join.empty() ? "" : " AND ") + ("t." + Quote(c)) + " = g." + Quote(c);
      }
      std::string sql = "SELECT t." + Quote(key) + " FROM " + Quote(table.name) + " t JOIN (" +
                        groups + ") g ON " + join + " ORDER BY t." + Quote(key) + " LIMIT " +
                        std::to_string(max_examples_);
      TDM_ASSIGN_OR_RETURN(store::SqlRows keys, Query(sql, max_examples_, what));
      for (const auto& row : keys) o.keys.push_back(row[0].value_or("NULL"));
    }
    return o;
  }

  Status SampleQuery(const TableSchema& table) override {
    return Query("SELECT * FROM " + Quote(table.name) + " LIMIT 10", 10,
                 "sampling table '" + table.name + "'")
        .status();
  }

  int64_t NamespaceBytes() override {
    std::string sql;
    switch (dialect_) {
      case Dialect::kPostgres:
        sql = "SELECT pg_database_size(current_database())";
        break;
      case Dialect::kMysql:
        sql =
            "SELECT COALESCE(SUM(data_length + index_length), 0) FROM information_schema.TABLES "
            "WHERE table_schema = DATABASE()";
        break;
      case Dialect::kSqlite:
        sql = "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()";
        break;
    }
    auto rows = Query(sql, 1, "measuring the namespace");
    return rows.ok() ? Cell(*rows, 0, 0) : -1;
  }

 private:
  Result<store::SqlRows> Query(const std::string& sql, int64_t max_rows, const std::string& what) {
    auto rows = db_.QuerySql(ns_, sql, max_rows);
    if (!rows.ok()) return rows.status().WithContext(what);
    return rows;
  }

  static int64_t Cell(const store::SqlRows& rows, size_t row, size_t column) {
    if (rows.size() <= row || rows[row].size() <= column || !rows[row][column]) return 0;
    const std::string& text = *rows[row][column];
    // PostgreSQL's SUM of bigint is numeric: read the integral part.
    int64_t value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
  }

  Result<std::vector<std::string>> Keys(const std::string& from, const std::string& key,
                                        const std::string& where, const std::string& table,
                                        bool key_is_expression = false) {
    std::string k = key_is_expression ? key : Quote(key);
    std::string sql = "SELECT " + k + " FROM " + from + " WHERE " + where + " ORDER BY " + k +
                      " LIMIT " + std::to_string(max_examples_);
    TDM_ASSIGN_OR_RETURN(store::SqlRows rows,
                         Query(sql, max_examples_, "listing offending rows of '" + table + "'"));
    std::vector<std::string> keys;
    for (const auto& row : rows) keys.push_back(row.empty() ? "" : row[0].value_or("NULL"));
    return keys;
  }

  std::string Quote(const std::string& name) const {
    char q = dialect_ == Dialect::kMysql ? '`' : '"';
    std::string out(1, q);
    for (char c : name) {
      out += c;
      if (c == q) out += c;
    }
    return out + q;
  }

  std::string Literal(const std::string& text) const {
    std::string out = "'";
    for (char c : text) {
      if (c == '\'') out += '\'';
      if (c == '\\' && dialect_ == Dialect::kMysql) out += '\\';
      out += c;
    }
    return out + "'";
  }

  // `column` matches no part of `pattern` (already anchored): NULL for NULL.
  std::string NotMatching(const std::string& column, const std::string& pattern) const {
    if (dialect_ == Dialect::kPostgres) return "(" + column + ")::text !~ " + Literal(pattern);
    return "NOT (" + column + " REGEXP " + Literal(pattern) + ")";
  }

  // A value of a temporal column, comparable with TemporalLiteral() of the same type.
  std::string Temporal(const std::string& column, ColumnType type) const {
    if (dialect_ == Dialect::kSqlite &&
        (type == ColumnType::kDate || type == ColumnType::kDateTime))
      return "julianday(" + column + ")";
    return column;
  }

  std::string BoundLiteral(double value, ColumnType type) const {
    if (type == ColumnType::kDate || type == ColumnType::kDateTime) {
      auto v = static_cast<int64_t>(value);
      std::string text = type == ColumnType::kDate ? FormatDate(v) : FormatDateTime(v);
      switch (dialect_) {
        case Dialect::kPostgres:
          return (type == ColumnType::kDate ? "DATE " : "TIMESTAMPTZ ") + Literal(text);
        case Dialect::kMysql:
          if (type == ColumnType::kDateTime) {
            // DATETIME(6) holds UTC wall time without a zone.
            text = text.substr(0, text.size() - 1);
            std::replace(text.begin(), text.end(), 'T', ' ');
          }
          return Literal(text);
        case Dialect::kSqlite:
          return "julianday(" + Literal(text) + ")";
      }
    }
    if (type == ColumnType::kInteger && value == std::floor(value)) {
      return std::to_string(static_cast<int64_t>(value));
    }
    return fmt::format("{}", value);
  }

  // A predicate true exactly for the rows that break `rule`.
  std::string Violation(const RowRule& rule) const {
    std::string c = Quote(rule.column->field);
    switch (rule.kind) {
      case RowRule::Kind::kRequired:
        return c + " IS NULL";
      case RowRule::Kind::kType:
        return TypeViolation(c, rule.column->type);
      case RowRule::Kind::kPattern:
        return c + " IS NOT NULL AND " + NotMatching(c, AnchoredPattern(*rule.column->pattern));
      case RowRule::Kind::kLower:
      case RowRule::Kind::kUpper: {
        bool lower = rule.kind == RowRule::Kind::kLower;
        const RangeBound& b = lower ? *rule.column->lower : *rule.column->upper;
        std::string op = lower ? (b.inclusive ? " < " : " <= ") : (b.inclusive ? " > " : " >= ");
        // SQLite compares text above every number: a text in a number column is a type
        // finding, not also a range one.
        bool numeric =
            rule.column->type == ColumnType::kInteger || rule.column->type == ColumnType::kFloat;
        std::string guard = dialect_ == Dialect::kSqlite && numeric
                                ? "typeof(" + c + ") IN ('integer', 'real') AND "
                                : "";
        return guard + Temporal(c, rule.column->type) + op +
               BoundLiteral(b.value, rule.column->type);
      }
      case RowRule::Kind::kOrder: {
        std::string o = Quote(rule.order->other);
        return c + " IS NOT NULL AND " + o + " IS NOT NULL AND NOT (" + Temporal(c, rule.stored) +
               " " + rule.order->op + " " + Temporal(o, rule.other_stored) + ")";
      }
    }
    return "FALSE";
  }

  // Values that are not of the declared type. PostgreSQL and MySQL enforce column types (checked
  // with Describe()); SQLite stores any value in any column, so its values are looked at.
  std::string TypeViolation(const std::string& c, ColumnType type) const {
    const char* uuid =
        "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
    // The server checks its own column types (char(24), uuid, ...); a per-value look would
    // cost a regex per row for nothing the type does not already promise.
    if (dialect_ != Dialect::kSqlite) return "1 = 0";
    std::string t = "typeof(" + c + ")";
    switch (type) {
      case ColumnType::kInteger:
        return t + " NOT IN ('integer', 'null')";
      case ColumnType::kBoolean:
        return t + " NOT IN ('integer', 'null') OR " + c + " NOT IN (0, 1)";
      case ColumnType::kFloat:
        return t + " NOT IN ('real', 'integer', 'null')";
      case ColumnType::kDate:
      case ColumnType::kDateTime:
        return t + " NOT IN ('text', 'null') OR (" + t + " = 'text' AND julianday(" + c +
               ") IS NULL)";
      case ColumnType::kObjectId:
        // 24 lowercase hex digits, with built-ins: cheaper than a regex call per row.
        return t + " NOT IN ('text', 'null') OR (" + t + " = 'text' AND (length(" + c +
               ") <> 24 OR ltrim(" + c + ", '0123456789abcdef') <> ''))";
      case ColumnType::kUuid:
        return t + " NOT IN ('text', 'null') OR (" + t + " = 'text' AND " + NotMatching(c, uuid) +
               ")";
      case ColumnType::kString:
        return t + " NOT IN ('text', 'null')";
    }
    return "1 = 0";
  }

  store::Database& db_;
  std::string ns_;
  int max_examples_;
  Dialect dialect_;
};

}  // namespace

std::unique_ptr<Checker> MakeSqlChecker(store::Database& db, const std::string& ns,
                                        int max_examples) {
  return std::make_unique<SqlChecker>(db, ns, max_examples);
}

}  // namespace tdm::validate
