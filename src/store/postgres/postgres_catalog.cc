#include "store/postgres/postgres_catalog.h"

#include <cstdlib>
#include <map>

#include "core/suggest.h"
#include "store/postgres/postgres_types.h"

namespace tdm::store::pg {
namespace {

// Ordinary and partitioned tables (not partitions) on the search path, excluding the catalogs.
// Oids grow as objects are created, so they give creation order.
constexpr const char* kTablesSql = R"sql(
SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relpersistence <> 't'
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND pg_table_is_visible(c.oid)
  AND ($1 = '' OR c.relname = $1)
ORDER BY c.oid)sql";

// Domains report their base type, so a domain over bigint reads as an integer.
constexpr const char* kColumnsSql = R"sql(
SELECT a.attrelid, a.attname, b.typname,
       CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END, a.attnotnull
FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
  JOIN pg_type b ON b.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum)sql";

// Primary keys and foreign keys, one row per (constraint, column) pair in key order.
constexpr const char* kKeysSql = R"sql(
SELECT con.conrelid, con.contype, a.attname, rc.relname, ra.attname
FROM pg_constraint con
  CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, refnum, ord)
  JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
  LEFT JOIN pg_class rc ON rc.oid = con.confrelid
  LEFT JOIN pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.refnum
WHERE con.contype IN ('p', 'f') AND con.conrelid = ANY($1::oid[])
ORDER BY con.conrelid, con.oid, k.ord)sql";

// Every index but the primary key's, key columns in order. Expression indexes have no column
// list to report and are left out.
constexpr const char* kIndexesSql = R"sql(
SELECT i.indrelid, ic.relname, i.indisunique, a.attname
FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
  CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
WHERE i.indrelid = ANY($1::oid[]) AND NOT i.indisprimary AND i.indexprs IS NULL
  AND k.ord <= i.indnkeyatts
ORDER BY i.indrelid, i.indexrelid, k.ord)sql";

}  // namespace

Result<std::vector<TableSchema>> DescribeTables(const PgConn& conn, const std::string& table) {
  std::string purpose = "describing the tables of '" + conn.dbname() + "'";
  TDM_ASSIGN_OR_RETURN(PgResult tables, conn.Query(kTablesSql, {table}, purpose));
  std::vector<TableSchema> out;
  std::map<std::string, size_t, std::less<>> by_oid;
  std::string oids = "{";
  for (int r = 0; r < tables.rows(); ++r) {
    std::string oid(tables.Text(r, 0));
    by_oid[oid] = out.size();
    oids += (r ? "," : "") + oid;
    out.emplace_back().name = std::string(tables.Text(r, 1));
  }
  oids += "}";
  if (out.empty()) return out;
  auto owner = [&](const PgResult& result, int row) -> TableSchema& {
    return out[by_oid.find(result.Text(row, 0))->second];
  };

  TDM_ASSIGN_OR_RETURN(PgResult columns, conn.Query(kColumnsSql, {oids}, purpose));
  for (int r = 0; r < columns.rows(); ++r) {
    ColumnSchema& column = owner(columns, r).columns.emplace_back();
    column.name = std::string(columns.Text(r, 1));
    column.type = ColumnTypeFromPg(columns.Text(r, 2), std::atoi(columns.Text(r, 3).data()));
    column.nullable = columns.Text(r, 4) != "t";
  }

  TDM_ASSIGN_OR_RETURN(PgResult keys, conn.Query(kKeysSql, {oids}, purpose));
  for (int r = 0; r < keys.rows(); ++r) {
    TableSchema& t = owner(keys, r);
    int c = t.FindColumn(keys.Text(r, 2));
    if (keys.Text(r, 1) == "p") {
      if (c >= 0) t.columns[static_cast<size_t>(c)].primary_key = true;
    } else if (!keys.IsNull(r, 3) && !keys.IsNull(r, 4)) {
      t.foreign_keys.push_back({std::string(keys.Text(r, 2)), std::string(keys.Text(r, 3)),
                                std::string(keys.Text(r, 4))});
    }
  }

  TDM_ASSIGN_OR_RETURN(PgResult indexes, conn.Query(kIndexesSql, {oids}, purpose));
  for (int r = 0; r < indexes.rows(); ++r) {
    TableSchema& t = owner(indexes, r);
    std::string_view name = indexes.Text(r, 1);
    if (t.indexes.empty() || t.indexes.back().name != name) {
      t.indexes.push_back({std::string(name), {}, indexes.Text(r, 2) == "t"});
    }
    t.indexes.back().columns.emplace_back(indexes.Text(r, 3));
  }
  for (TableSchema& t : out) {
    for (const IndexSchema& index : t.indexes) {
      if (!index.unique || index.columns.size() != 1) continue;
      int c = t.FindColumn(index.columns[0]);
      if (c >= 0) t.columns[static_cast<size_t>(c)].unique = true;
    }
  }
  return out;
}

Status MissingTable(const PgConn& conn, const std::string& table) {
  TDM_ASSIGN_OR_RETURN(
      PgResult tables,
      conn.Query(kTablesSql, {""}, "listing the tables of '" + conn.dbname() + "'"));
  std::vector<std::string> names;
  std::string present;
  for (int r = 0; r < tables.rows(); ++r) {
    names.emplace_back(tables.Text(r, 1));
    present += (r ? ", " : "") + names.back();
  }
  return {StatusCode::kNotFound, "no table '" + table + "' in '" + conn.dbname() + "'" +
                                     DidYouMean(table, names) +
                                     (present.empty() ? "" : " (present: " + present + ")")};
}

}  // namespace tdm::store::pg
