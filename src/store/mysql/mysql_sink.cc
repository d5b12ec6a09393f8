#include "store/mysql/mysql_sink.h"

#include <errmsg.h>
#include <mysqld_error.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "core/time_format.h"
#include "store/mysql/mysql_catalog.h"
#include "store/mysql/mysql_conn.h"
#include "store/mysql/mysql_types.h"

namespace tdm::store {
namespace {

constexpr size_t kLoadChunkBytes = 16 << 20;
constexpr size_t kMaxNameBytes = 64;

// Index and constraint names longer than the server's 64 bytes keep a prefix and a hash of the
// whole, so distinct long names stay distinct.
std::string ShortName(const std::string& name) {
  if (name.size() <= kMaxNameBytes) return name;
  uint32_t hash = 2166136261u;
  for (unsigned char c : name) hash = (hash ^ c) * 16777619u;
  char suffix[10];
  std::snprintf(suffix, sizeof suffix, "_%08x", hash);
  return name.substr(0, kMaxNameBytes - 9) + suffix;
}

// Whether a column needs a bounded type because a key, index or foreign key covers it.
bool IsIndexed(const TableSchema& table, const ColumnSchema& column) {
  if (column.primary_key || column.unique) return true;
  for (const IndexSchema& i : table.indexes) {
    if (std::find(i.columns.begin(), i.columns.end(), column.name) != i.columns.end()) return true;
  }
  return std::any_of(table.foreign_keys.begin(), table.foreign_keys.end(),
                     [&](const ForeignKeySchema& fk) { return fk.column == column.name; });
}

// Unique columns without a declared single-column unique index get one named <table>_<col>_key.
std::vector<IndexSchema> KeyIndexes(const TableSchema& table) {
  std::vector<IndexSchema> keys;
  for (const ColumnSchema& c : table.columns) {
    if (c.primary_key || !c.unique) continue;
    bool declared = false;
    for (const IndexSchema& i : table.indexes) {
      declared = declared || (i.unique && i.columns.size() == 1 && i.columns[0] == c.name);
    }
    if (!declared) keys.push_back({table.name + "_" + c.name + "_key", {c.name}, true});
  }
  return keys;
}

void AppendInt(int64_t v, std::string& out) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

void AppendDouble(double v, std::string& out) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);  // shortest round-trip form
  out.append(buf, end);
}

// LOAD DATA's default escaping (ESCAPED BY '\\'): the escape character, the field and line
// terminators and NUL are written as two-character sequences; \N alone is NULL.
void AppendTsvText(std::string_view s, std::string& out) {
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char escaped;
    switch (s[i]) {
      case '\\':
        escaped = '\\';
        break;
      case '\t':
        escaped = 't';
        break;
      case '\n':
        escaped = 'n';
        break;
      case '\0':
        escaped = '0';
        break;
      default:
        continue;
    }
    out.append(s.data() + run, i - run);
    out.push_back('\\');
    out.push_back(escaped);
    run = i + 1;
  }
  out.append(s.data() + run, s.size() - run);
}

// The in-memory "file" a LOAD DATA LOCAL statement reads (mysql_set_local_infile_handler).
struct Feed {
  const char* data = nullptr;
  size_t size = 0;
  size_t pos = 0;
};

int FeedInit(void** state, const char* /*file*/, void* userdata) {
  *state = userdata;
  return static_cast<Feed*>(userdata)->data == nullptr ? 1 : 0;
}

int FeedRead(void* state, char* buf, unsigned int size) {
  auto* feed = static_cast<Feed*>(state);
  size_t n = std::min<size_t>(size, feed->size - feed->pos);
  std::memcpy(buf, feed->data + feed->pos, n);
  feed->pos += n;
  return static_cast<int>(n);
}

void FeedEnd(void* /*state*/) {}

int FeedError(void* /*state*/, char* message, unsigned int size) {
  std::snprintf(message, size, "tdm had no rows ready for the server");
  return CR_UNKNOWN_ERROR;
}

class MysqlSink final : public Sink {
 public:
  MysqlSink(MysqlConn conn, std::string ns)
      : conn_(std::move(conn)), ns_(std::move(ns)), dialect_(MysqlDialect::Of(conn_.get())) {}

  ~MysqlSink() override {
    if (!finished_) Abort();
  }

  Status BeginTable(const TableSchema& table) override {
    if (table_ != nullptr) TDM_RETURN_IF_ERROR(EndTable());
    table_ = &table;
    next_row_ = 0;
    buffer_.clear();
    long_text_.assign(table.columns.size(), false);
    text_columns_.clear();
    std::string columns;
    std::string sql = "CREATE TABLE " + QualifiedName(ns_, table.name) + " (";
    std::string primary_key;
    for (size_t i = 0; i < table.columns.size(); ++i) {
      const ColumnSchema& c = table.columns[i];
      bool indexed = IsIndexed(table, c);
      if (c.type == ColumnType::kString && !indexed) text_columns_.push_back(i);
      sql += QuoteName(c.name) + " " + MysqlColumnType(c.type, indexed, dialect_) +
             (c.nullable && !c.primary_key ? " NULL" : " NOT NULL") + ", ";
      columns += QuoteName(c.name) + ", ";
      if (c.primary_key) primary_key += (primary_key.empty() ? "" : ", ") + QuoteName(c.name);
    }
    std::string row_column = QuoteName(kRowOrderColumn);
    columns += row_column;
    // The write-order column is indexed from the start: its values only grow, so the index
    // appends.
    sql += row_column + " BIGINT UNSIGNED NOT NULL DEFAULT 0 INVISIBLE";
    if (!primary_key.empty()) sql += ", PRIMARY KEY (" + primary_key + ")";
    sql += ", KEY " + row_column + " (" + row_column +
           ")) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=" +
           std::string(dialect_.text_collation()) + " COMMENT='" +
           std::string(kTableOrdinalComment) + std::to_string(++tables_) + "'";
    TDM_RETURN_IF_ERROR(conn_.Exec(sql, "creating table '" + table.name + "'"));
    statement_ = "LOAD DATA LOCAL INFILE 'tdm-rows' INTO TABLE " + QualifiedName(ns_, table.name) +
                 " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' "
                 "LINES TERMINATED BY '\\n' (" +
                 columns + ")";
    return Status::Ok();
  }

  Status Write(const Batch& batch) override {
    if (table_ == nullptr) return {StatusCode::kInternal, "Write outside BeginTable/EndTable"};
    TDM_RETURN_IF_ERROR(CheckValues(batch));
    for (size_t r = 0; r < batch.num_rows; ++r) {
      AppendTsvRow(batch, r);
      if (buffer_.size() >= kLoadChunkBytes) TDM_RETURN_IF_ERROR(Flush());
    }
    return Status::Ok();
  }

  Status EndTable() override {
    if (table_ == nullptr) return Status::Ok();
    TDM_RETURN_IF_ERROR(Flush());
    TDM_RETURN_IF_ERROR(AddKeys());
    table_ = nullptr;
    return Status::Ok();
  }

  Status Finish() override {
    TDM_RETURN_IF_ERROR(EndTable());
    finished_ = true;
    return Status::Ok();
  }

  void Abort() override {
    if (finished_) return;
    finished_ = true;
    std::string drop = "DROP DATABASE IF EXISTS " + QuoteName(ns_);
    if (conn_.Exec(drop, "dropping").ok()) return;
    // The load's connection may be what failed; a fresh one still cleans up.
    auto fresh = MysqlConn::Connect(conn_.url());
    if (fresh.ok()) (void)fresh->Exec(drop, "dropping");
  }

 private:
  // Values the server would refuse or silently change are caught before they are sent: floats
  // that are not finite, and TEXT values longer than TEXT holds (the column is widened).
  Status CheckValues(const Batch& batch) {
    for (size_t c = 0; c < batch.columns.size(); ++c) {
      const Column& column = batch.columns[c];
      if (column.type() != ColumnType::kFloat) continue;
      for (size_t r = 0; r < batch.num_rows; ++r) {
        if (!column.IsNull(r) && !std::isfinite(column.GetDouble(r))) {
          return {StatusCode::kInvalidArgument,
                  "column '" + table_->columns[c].name + "' of '" + table_->name +
                      "' holds a float that is not finite, which MySQL cannot store"};
        }
      }
    }
    for (size_t c : text_columns_) {
      if (long_text_[c]) continue;
      const Column& column = batch.columns[c];
      for (size_t r = 0; r < batch.num_rows; ++r) {
        if (column.IsNull(r) || column.GetString(r).size() <= kMysqlTextMaxBytes) continue;
        TDM_RETURN_IF_ERROR(Flush());
        const ColumnSchema& schema = table_->columns[c];
        TDM_RETURN_IF_ERROR(
            conn_.Exec("ALTER TABLE " + QualifiedName(ns_, table_->name) + " MODIFY " +
                           QuoteName(schema.name) + " " + MysqlLongTextType(dialect_) +
                           (schema.nullable ? " NULL" : " NOT NULL"),
                       "widening column '" + schema.name + "' of '" + table_->name + "'"));
        long_text_[c] = true;
        break;
      }
    }
    return Status::Ok();
  }

  void AppendTsvRow(const Batch& batch, size_t r) {
    for (const Column& column : batch.columns) {
      if (column.IsNull(r)) {
        buffer_ += "\\N\t";
        continue;
      }
      switch (column.type()) {
        case ColumnType::kInteger:
          AppendInt(column.GetInt(r), buffer_);
          break;
        case ColumnType::kBoolean:
          buffer_.push_back(column.GetInt(r) != 0 ? '1' : '0');
          break;
        case ColumnType::kFloat:
          AppendDouble(column.GetDouble(r), buffer_);
          break;
        case ColumnType::kDate:
          AppendDate(column.GetInt(r), buffer_);
          break;
        case ColumnType::kDateTime:
          AppendMysqlDateTime(column.GetInt(r), buffer_);
          break;
        default:
          AppendTsvText(column.GetString(r), buffer_);
      }
      buffer_.push_back('\t');
    }
    AppendInt(next_row_++, buffer_);
    buffer_.push_back('\n');
  }

  // Sends the buffered rows as one LOAD DATA statement.
  Status Flush() {
    if (buffer_.empty()) return Status::Ok();
    std::string what = "loading '" + table_->name + "'";
    feed_ = {buffer_.data(), buffer_.size(), 0};
    mysql_set_local_infile_handler(conn_.get(), FeedInit, FeedRead, FeedEnd, FeedError, &feed_);
    Status loaded = conn_.Exec(statement_, what);
    feed_ = {};
    buffer_.clear();
    TDM_RETURN_IF_ERROR(loaded);
    // LOAD DATA LOCAL turns rejected rows (duplicate keys, bad values) into warnings and skips
    // them, since the server cannot stop the client mid-file; any warning fails the load.
    if (mysql_warning_count(conn_.get()) == 0) return Status::Ok();
    TDM_ASSIGN_OR_RETURN(std::vector<MysqlRow> warnings, conn_.Query("SHOW WARNINGS", what));
    for (const MysqlRow& w : warnings) {
      if (w.size() < 3 || (w[0] && *w[0] == "Note")) continue;
      return {StatusCode::kDatabaseError, what + ": " + WithoutValues(w[2].value_or("rejected"))};
    }
    return Status::Ok();
  }

  // Unique keys, declared indexes and foreign keys in one ALTER TABLE: InnoDB builds all the
  // indexes from one scan of the loaded rows. With foreign_key_checks off (set for the session)
  // the foreign keys are added in place without a table copy, and checked here instead.
  Status AddKeys() {
    const TableSchema& t = *table_;
    std::vector<IndexSchema> indexes = KeyIndexes(t);
    indexes.insert(indexes.end(), t.indexes.begin(), t.indexes.end());
    std::string alter;
    for (const IndexSchema& index : indexes) {
      std::string name = index.name;
      if (name.empty()) {  // a name the server would otherwise choose differently per version
        name = t.name;
        for (const std::string& column : index.columns) name += "_" + column;
        name += index.unique ? "_key" : "_idx";
      }
      alter += alter.empty() ? "" : ", ";
      alter += std::string(index.unique ? "ADD UNIQUE KEY " : "ADD KEY ") +
               QuoteName(ShortName(name)) + " (";
      for (size_t i = 0; i < index.columns.size(); ++i) {
        alter += (i ? ", " : "") + QuoteName(index.columns[i]);
      }
      alter += ")";
    }
    for (const ForeignKeySchema& fk : t.foreign_keys) {
      alter += alter.empty() ? "" : ", ";
      alter += "ADD CONSTRAINT " + QuoteName(ShortName(t.name + "_" + fk.column + "_fkey")) +
               " FOREIGN KEY (" + QuoteName(fk.column) + ") REFERENCES " +
               QualifiedName(ns_, fk.ref_table) + " (" + QuoteName(fk.ref_column) + ")";
    }
    if (alter.empty()) return Status::Ok();
    TDM_RETURN_IF_ERROR(conn_.Exec("ALTER TABLE " + QualifiedName(ns_, t.name) + " " + alter,
                                   "adding the keys and indexes of '" + t.name + "'"));
    for (const ForeignKeySchema& fk : t.foreign_keys) {
      std::string what = "checking foreign key '" + fk.column + "' of '" + t.name + "'";
      TDM_ASSIGN_OR_RETURN(
          std::vector<MysqlRow> orphans,
          conn_.Query("SELECT 1 FROM " + QualifiedName(ns_, t.name) + " c WHERE c." +
                          QuoteName(fk.column) + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " +
                          QualifiedName(ns_, fk.ref_table) + " p WHERE p." +
                          QuoteName(fk.ref_column) + " = c." + QuoteName(fk.column) + ") LIMIT 1",
                      what));
      if (!orphans.empty()) {
        return {StatusCode::kDatabaseError, what + ": some rows reference values that '" +
                                                fk.ref_table + "." + fk.ref_column +
                                                "' does not hold"};
      }
    }
    return Status::Ok();
  }

  MysqlConn conn_;
  std::string ns_;
  MysqlDialect dialect_;
  const TableSchema* table_ = nullptr;
  int tables_ = 0;
  int64_t next_row_ = 0;
  std::string statement_;  // the table's LOAD DATA statement
  std::string buffer_;
  Feed feed_;
  std::vector<size_t> text_columns_;  // string columns stored as TEXT
  std::vector<bool> long_text_;       // per column: widened to LONGTEXT
  bool finished_ = false;
};

}  // namespace

Result<std::unique_ptr<Sink>> OpenMysqlSink(const TargetUrl& url, const std::string& ns) {
  TDM_RETURN_IF_ERROR(CheckNamespace(ns));
  TDM_ASSIGN_OR_RETURN(MysqlConn conn, MysqlConn::Connect(url, /*local_infile=*/true));
  MysqlDialect dialect = MysqlDialect::Of(conn.get());
  TDM_RETURN_IF_ERROR(conn.Exec("SET SESSION foreign_key_checks = 0", "setting up the load"));
  Status created =
      conn.Exec("CREATE DATABASE " + QuoteName(ns) + " CHARACTER SET utf8mb4 COLLATE " +
                    std::string(dialect.text_collation()),
                "creating database '" + ns + "'");
  if (!created.ok()) {
    if (conn.error_code() == ER_DB_CREATE_EXISTS) {
      return Status(StatusCode::kFailedPrecondition,
                    "database '" + ns + "' already exists; refusing to overwrite it");
    }
    return created;
  }
  // From here on the sink owns the database, and Abort() drops it.
  auto sink = std::make_unique<MysqlSink>(std::move(conn), ns);
  return std::unique_ptr<Sink>(std::move(sink));
}

}  // namespace tdm::store
