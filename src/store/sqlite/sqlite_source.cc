#include "store/sqlite/sqlite_source.h"

#include "core/suggest.h"
#include "core/time_format.h"
#include "store/sqlite/sqlite_db.h"

namespace tdm::store {
namespace {

Result<TableSchema> SchemaOf(const SqliteDb& db, const std::string& table) {
  TableSchema schema;
  schema.name = table;
  TDM_ASSIGN_OR_RETURN(SqliteStatement info,
                       db.Prepare("PRAGMA table_info(" + QuoteIdentifier(table) + ")"));
  while (sqlite3_step(info.get()) == SQLITE_ROW) {
    ColumnSchema column;
    column.name = reinterpret_cast<const char*>(sqlite3_column_text(info.get(), 1));
    const unsigned char* declared = sqlite3_column_text(info.get(), 2);
    column.type = ColumnTypeFromSqlite(declared ? reinterpret_cast<const char*>(declared) : "");
    column.nullable = sqlite3_column_int(info.get(), 3) == 0;
    column.primary_key = sqlite3_column_int(info.get(), 5) != 0;
    column.nullable = column.nullable && !column.primary_key;
    schema.columns.push_back(std::move(column));
  }
  if (schema.columns.empty()) {
    std::vector<std::string> tables;
    TDM_ASSIGN_OR_RETURN(SqliteStatement list,
                         db.Prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name "
                                    "NOT LIKE 'sqlite_%' ORDER BY rowid"));
    while (sqlite3_step(list.get()) == SQLITE_ROW) {
      tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(list.get(), 0)));
    }
    std::string names;
    for (const std::string& t : tables) names += (names.empty() ? "" : ", ") + t;
    return Status(StatusCode::kNotFound, "no collection '" + table + "'" +
                                             DidYouMean(table, tables) +
                                             (names.empty() ? "" : " (present: " + names + ")"));
  }
  TDM_ASSIGN_OR_RETURN(SqliteStatement fks,
                       db.Prepare("PRAGMA foreign_key_list(" + QuoteIdentifier(table) + ")"));
  auto text = [&](int column) {
    const unsigned char* value = sqlite3_column_text(fks.get(), column);
    return value ? std::string(reinterpret_cast<const char*>(value)) : std::string();
  };
  while (sqlite3_step(fks.get()) == SQLITE_ROW) {
    schema.foreign_keys.push_back({text(3), text(2), text(4)});
  }
  // `REFERENCES parent` with no column points at the parent's primary key.
  for (ForeignKeySchema& fk : schema.foreign_keys) {
    if (!fk.ref_column.empty() || fk.ref_table == table) continue;
    auto parent = ReadSqliteSchema(db, fk.ref_table);
    if (!parent.ok()) continue;
    for (const ColumnSchema& c : parent->columns) {
      if (c.primary_key) fk.ref_column = c.name;
    }
  }
  for (ForeignKeySchema& fk : schema.foreign_keys) {
    if (!fk.ref_column.empty() || fk.ref_table != table) continue;
    for (const ColumnSchema& c : schema.columns) {
      if (c.primary_key) fk.ref_column = c.name;
    }
  }
  return schema;
}

class SqliteSource final : public Source {
 public:
  SqliteSource(SqliteDb db, TableSchema schema, SqliteStatement select)
      : db_(std::move(db)), schema_(std::move(schema)), select_(std::move(select)) {}

  const TableSchema& schema() const override { return schema_; }

  Result<bool> Next(Batch& out, size_t max_rows) override {
    out.Reset(schema_, next_row_, 0);
    if (done_) return false;
    size_t rows = 0;
    while (rows < max_rows) {
      int rc = sqlite3_step(select_.get());
      if (rc == SQLITE_DONE) {
        done_ = true;
        break;
      }
      if (rc != SQLITE_ROW) return db_.Error("reading '" + schema_.name + "'");
      for (size_t c = 0; c < schema_.columns.size(); ++c) {
        TDM_RETURN_IF_ERROR(ReadValue(static_cast<int>(c), out.columns[c]));
      }
      ++rows;
    }
    out.num_rows = rows;
    next_row_ += static_cast<int64_t>(rows);
    return rows > 0;
  }

 private:
  Status ReadValue(int c, Column& column) {
    sqlite3_stmt* s = select_.get();
    if (sqlite3_column_type(s, c) == SQLITE_NULL) {
      column.AppendNull();
      return Status::Ok();
    }
    switch (column.type()) {
      case ColumnType::kInteger:
      case ColumnType::kBoolean:
        column.AppendInt(sqlite3_column_int64(s, c));
        return Status::Ok();
      case ColumnType::kFloat:
        column.AppendDouble(sqlite3_column_double(s, c));
        return Status::Ok();
      case ColumnType::kDate:
      case ColumnType::kDateTime: {
        std::string_view text(reinterpret_cast<const char*>(sqlite3_column_text(s, c)),
                              static_cast<size_t>(sqlite3_column_bytes(s, c)));
        auto value = column.type() == ColumnType::kDate ? ParseDate(text) : ParseDateTime(text);
        if (!value) {
          return {StatusCode::kDatabaseError,
                  "column '" + schema_.columns[static_cast<size_t>(c)].name + "' of '" +
                      schema_.name + "' holds a value that is not a valid " +
                      std::string(ColumnTypeName(column.type()))};
        }
        column.AppendInt(*value);
        return Status::Ok();
      }
      default:
        column.AppendString(
            std::string_view(reinterpret_cast<const char*>(sqlite3_column_text(s, c)),
                             static_cast<size_t>(sqlite3_column_bytes(s, c))));
        return Status::Ok();
    }
  }

  SqliteDb db_;
  TableSchema schema_;
  SqliteStatement select_;
  int64_t next_row_ = 0;
  bool done_ = false;
};

}  // namespace

Result<TableSchema> ReadSqliteSchema(const SqliteDb& db, const std::string& table) {
  return SchemaOf(db, table);
}

Result<TableSchema> ReadSqliteSchema(const std::string& path, const std::string& table) {
  TDM_ASSIGN_OR_RETURN(SqliteDb db, SqliteDb::Open(path, false, true));
  return SchemaOf(db, table);
}

void AppendFilterClause(const std::vector<ColumnFilter>& filters, std::string& sql) {
  for (size_t i = 0; i < filters.size(); ++i) {
    const ColumnFilter& f = filters[i];
    sql += (i == 0 ? " WHERE " : " AND ") + QuoteIdentifier(f.column) +
           (f.kind == ColumnFilter::Kind::kNull ? " IS NULL" : " = ?");
  }
}

void BindFilters(sqlite3_stmt* stmt, const std::vector<ColumnFilter>& filters) {
  int param = 1;
  for (const ColumnFilter& f : filters) {
    switch (f.kind) {
      case ColumnFilter::Kind::kNull:
        continue;
      case ColumnFilter::Kind::kInteger:
      case ColumnFilter::Kind::kBoolean:
        sqlite3_bind_int64(stmt, param++, f.int_value);
        break;
      case ColumnFilter::Kind::kFloat:
        sqlite3_bind_double(stmt, param++, f.float_value);
        break;
      case ColumnFilter::Kind::kString:
        sqlite3_bind_text(stmt, param++, f.text.c_str(), -1, SQLITE_TRANSIENT);
        break;
    }
  }
}

Result<std::unique_ptr<Source>> OpenSqliteSource(const std::string& path,
                                                 const SqliteQuery& query) {
  TDM_ASSIGN_OR_RETURN(SqliteDb db, SqliteDb::Open(path, false, true));
  TDM_ASSIGN_OR_RETURN(TableSchema schema, SchemaOf(db, query.table));
  std::string sql = "SELECT ";
  for (size_t i = 0; i < schema.columns.size(); ++i) {
    sql += (i ? ", " : "") + QuoteIdentifier(schema.columns[i].name);
  }
  sql += " FROM " + QuoteIdentifier(query.table);
  std::vector<ColumnFilter> filters = query.filters;
  TDM_RETURN_IF_ERROR(ResolveFilters(schema, filters));
  AppendFilterClause(filters, sql);
  sql += " ORDER BY rowid";
  if (query.limit) sql += " LIMIT " + std::to_string(*query.limit);
  TDM_ASSIGN_OR_RETURN(SqliteStatement select, db.Prepare(sql));
  BindFilters(select.get(), filters);
  return std::unique_ptr<Source>(
      new SqliteSource(std::move(db), std::move(schema), std::move(select)));
}

Result<std::vector<std::string>> ListSqliteTables(const std::string& path) {
  TDM_ASSIGN_OR_RETURN(SqliteDb db, SqliteDb::Open(path, false, true));
  return ListSqliteTables(db);
}

Result<std::vector<std::string>> ListSqliteTables(const SqliteDb& db) {
  TDM_ASSIGN_OR_RETURN(SqliteStatement list,
                       db.Prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name "
                                  "NOT LIKE 'sqlite_%' ORDER BY rowid"));
  std::vector<std::string> tables;
  while (sqlite3_step(list.get()) == SQLITE_ROW) {
    tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(list.get(), 0)));
  }
  return tables;
}

Result<int64_t> CountSqliteRows(const std::string& path, const std::string& table) {
  TDM_ASSIGN_OR_RETURN(SqliteDb db, SqliteDb::Open(path, false, true));
  TDM_ASSIGN_OR_RETURN(SqliteStatement count,
                       db.Prepare("SELECT count(*) FROM " + QuoteIdentifier(table)));
  if (sqlite3_step(count.get()) != SQLITE_ROW) return db.Error("counting '" + table + "'");
  return static_cast<int64_t>(sqlite3_column_int64(count.get(), 0));
}

}  // namespace tdm::store
