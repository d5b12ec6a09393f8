#include "store/mysql/mysql_catalog.h"

#include <algorithm>
#include <charconv>
#include <map>

#include "core/suggest.h"
#include "store/mysql/mysql_types.h"

namespace tdm::store {
namespace {

const std::string& Text(const MysqlRow& row, size_t i) {
  static const std::string kEmpty;
  return row[i] ? *row[i] : kEmpty;
}

// " AND TABLE_NAME = '<table>'" when one table is asked for.
std::string TableCondition(const MysqlConn& conn, const std::optional<std::string>& table) {
  return table ? " AND TABLE_NAME = " + conn.Literal(*table) : "";
}

struct TableEntry {
  std::string name;
  std::optional<int64_t> ordinal;  // from the "tdm:<n>" comment
  std::string created;
};

Result<std::vector<TableEntry>> TablesInCreationOrder(MysqlConn& conn, std::string_view ns,
                                                      const std::optional<std::string>& table) {
  TDM_ASSIGN_OR_RETURN(
      std::vector<MysqlRow> rows,
      conn.Query("SELECT TABLE_NAME, TABLE_COMMENT, CREATE_TIME FROM information_schema.TABLES "
                 "WHERE TABLE_SCHEMA = " +
                     conn.Literal(ns) + " AND TABLE_TYPE = 'BASE TABLE'" +
                     TableCondition(conn, table),
                 "listing the tables of '" + std::string(ns) + "'"));
  std::vector<TableEntry> tables;
  for (const MysqlRow& row : rows) {
    if (table && Text(row, 0) != *table) continue;  // information_schema compares without case
    TableEntry entry{Text(row, 0), std::nullopt, Text(row, 2)};
    std::string_view comment = Text(row, 1);
    if (comment.starts_with(kTableOrdinalComment)) {
      comment.remove_prefix(kTableOrdinalComment.size());
      int64_t ordinal = 0;
      auto [end, ec] = std::from_chars(comment.data(), comment.data() + comment.size(), ordinal);
      if (ec == std::errc() && end == comment.data() + comment.size()) entry.ordinal = ordinal;
    }
    tables.push_back(std::move(entry));
  }
  // Tables the sink numbered first, in its order; then any others by creation time and name.
  std::sort(tables.begin(), tables.end(), [](const TableEntry& a, const TableEntry& b) {
    if (a.ordinal.has_value() != b.ordinal.has_value()) return a.ordinal.has_value();
    if (a.ordinal != b.ordinal) return *a.ordinal < *b.ordinal;
    if (a.created != b.created) return a.created < b.created;
    return a.name < b.name;
  });
  return tables;
}

Status ReadColumns(MysqlConn& conn, std::string_view ns, const std::optional<std::string>& table,
                   const std::map<std::string, size_t>& index, std::vector<MysqlTable>& out) {
  TDM_ASSIGN_OR_RETURN(
      std::vector<MysqlRow> rows,
      conn.Query("SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE "
                 "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = " +
                     conn.Literal(ns) + TableCondition(conn, table) +
                     " ORDER BY TABLE_NAME, ORDINAL_POSITION",
                 "reading the columns of '" + std::string(ns) + "'"));
  for (const MysqlRow& row : rows) {
    auto at = index.find(Text(row, 0));
    if (at == index.end()) continue;  // a view
    MysqlTable& t = out[at->second];
    if (Text(row, 1) == kRowOrderColumn) {
      t.has_row_order = true;
      continue;
    }
    ColumnSchema column;
    column.name = Text(row, 1);
    column.type = ColumnTypeFromMysql(Text(row, 2), Text(row, 3));
    column.nullable = Text(row, 4) == "YES";
    t.schema.columns.push_back(std::move(column));
  }
  return Status::Ok();
}

Status ReadForeignKeys(MysqlConn& conn, std::string_view ns,
                       const std::optional<std::string>& table,
                       const std::map<std::string, size_t>& index, std::vector<MysqlTable>& out,
                       std::map<std::string, std::vector<std::string>>& constraint_names) {
  TDM_ASSIGN_OR_RETURN(
      std::vector<MysqlRow> rows,
      conn.Query("SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_TABLE_NAME, "
                 "REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE "
                 "WHERE TABLE_SCHEMA = " +
                     conn.Literal(ns) + " AND REFERENCED_TABLE_SCHEMA = " + conn.Literal(ns) +
                     TableCondition(conn, table) +
                     " ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION",
                 "reading the foreign keys of '" + std::string(ns) + "'"));
  for (const MysqlRow& row : rows) {
    auto at = index.find(Text(row, 0));
    if (at == index.end()) continue;
    out[at->second].schema.foreign_keys.push_back({Text(row, 2), Text(row, 3), Text(row, 4)});
    constraint_names[Text(row, 0)].push_back(Text(row, 1));
  }
  return Status::Ok();
}

// Primary keys, unique flags and secondary indexes. Hidden: the index on `_tdm_row`, and the
// index InnoDB adds by itself for a foreign key column that has none (it bears the constraint's
// name), so a schema reads back with the indexes that were declared.
Status ReadIndexes(MysqlConn& conn, std::string_view ns, const std::optional<std::string>& table,
                   const std::map<std::string, size_t>& index, std::vector<MysqlTable>& out,
                   const std::map<std::string, std::vector<std::string>>& constraint_names) {
  TDM_ASSIGN_OR_RETURN(
      std::vector<MysqlRow> rows,
      conn.Query("SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SEQ_IN_INDEX "
                 "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = " +
                     conn.Literal(ns) + TableCondition(conn, table),
                 "reading the indexes of '" + std::string(ns) + "'"));
  // Rows come per table, index by index in the server's key order.
  std::map<std::pair<size_t, std::string>, std::vector<std::pair<int, std::string>>> parts;
  for (const MysqlRow& row : rows) {
    auto at = index.find(Text(row, 0));
    if (at == index.end()) continue;
    TableSchema& schema = out[at->second].schema;
    const std::string& name = Text(row, 1);
    auto key = std::make_pair(at->second, name);
    if (!parts.contains(key) && name != "PRIMARY") {
      schema.indexes.push_back({name, {}, Text(row, 2) == "0"});
    }
    parts[key].emplace_back(std::atoi(Text(row, 4).c_str()), Text(row, 3));
  }
  for (auto& [key, columns] : parts) {
    std::sort(columns.begin(), columns.end());
    TableSchema& schema = out[key.first].schema;
    std::vector<std::string> names;
    for (auto& [seq, column] : columns) names.push_back(column);
    if (key.second == "PRIMARY") {
      for (const std::string& column : names) {
        int c = schema.FindColumn(column);
        if (c >= 0) schema.columns[static_cast<size_t>(c)].primary_key = true;
      }
      continue;  // A key is unique by being the key: `unique` is for other columns, as elsewhere.
    }
    for (IndexSchema& i : schema.indexes) {
      if (i.name == key.second) i.columns = names;
    }
  }
  for (MysqlTable& t : out) {
    TableSchema& schema = t.schema;
    auto constraints = constraint_names.find(schema.name);
    std::erase_if(schema.indexes, [&](const IndexSchema& i) {
      if (std::find(i.columns.begin(), i.columns.end(), kRowOrderColumn) != i.columns.end()) {
        return true;
      }
      if (constraints == constraint_names.end() || i.unique || i.columns.size() != 1) return false;
      for (size_t k = 0; k < constraints->second.size(); ++k) {
        if (constraints->second[k] == i.name && schema.foreign_keys[k].column == i.columns[0]) {
          return true;
        }
      }
      return false;
    });
    for (const IndexSchema& i : schema.indexes) {
      if (!i.unique || i.columns.size() != 1) continue;
      int c = schema.FindColumn(i.columns[0]);
      if (c >= 0) schema.columns[static_cast<size_t>(c)].unique = true;
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<MysqlTable>> DescribeMysqlTables(MysqlConn& conn, std::string_view ns,
                                                    const std::optional<std::string>& table) {
  TDM_ASSIGN_OR_RETURN(std::vector<TableEntry> entries, TablesInCreationOrder(conn, ns, table));
  std::vector<MysqlTable> out;
  std::map<std::string, size_t> index;
  for (TableEntry& entry : entries) {
    index.emplace(entry.name, out.size());
    out.emplace_back().schema.name = std::move(entry.name);
  }
  if (out.empty()) return out;
  std::map<std::string, std::vector<std::string>> constraint_names;  // per table, as foreign_keys
  TDM_RETURN_IF_ERROR(ReadColumns(conn, ns, table, index, out));
  TDM_RETURN_IF_ERROR(ReadForeignKeys(conn, ns, table, index, out, constraint_names));
  TDM_RETURN_IF_ERROR(ReadIndexes(conn, ns, table, index, out, constraint_names));
  return out;
}

Result<std::vector<std::string>> ListMysqlTables(MysqlConn& conn, std::string_view ns) {
  TDM_ASSIGN_OR_RETURN(std::vector<TableEntry> entries,
                       TablesInCreationOrder(conn, ns, std::nullopt));
  std::vector<std::string> names;
  names.reserve(entries.size());
  for (TableEntry& entry : entries) names.push_back(std::move(entry.name));
  return names;
}

Result<bool> MysqlDatabaseExists(MysqlConn& conn, std::string_view ns) {
  TDM_ASSIGN_OR_RETURN(std::vector<MysqlRow> rows,
                       conn.Query("SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = " +
                                      conn.Literal(ns),
                                  "looking up database '" + std::string(ns) + "'"));
  return !rows.empty();
}

Status MissingTable(MysqlConn& conn, std::string_view ns, std::string_view table) {
  TDM_ASSIGN_OR_RETURN(bool exists, MysqlDatabaseExists(conn, ns));
  if (!exists) {
    return {StatusCode::kNotFound, "database '" + std::string(ns) + "' does not exist"};
  }
  TDM_ASSIGN_OR_RETURN(std::vector<std::string> tables, ListMysqlTables(conn, ns));
  std::string names;
  for (const std::string& t : tables) names += (names.empty() ? "" : ", ") + t;
  return {StatusCode::kNotFound, "no table '" + std::string(table) + "' in '" + std::string(ns) +
                                     "'" + DidYouMean(table, tables) +
                                     (names.empty() ? "" : " (present: " + names + ")")};
}

}  // namespace tdm::store
