#include "compliance/subject_rights.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <deque>
#include <functional>
#include <map>
#include <set>

#include "core/time_format.h"
#include "mask/pii_detect.h"
#include "mask/policy.h"
#include "store/row_json.h"

namespace tdm::compliance {
namespace {

constexpr size_t kBatchRows = 4096;

bool IsEmail(const std::string& subject) { return subject.find('@') != std::string::npos; }

bool IsWholeNumber(const std::string& text) {
  if (text.empty()) return false;
  char* end = nullptr;
  errno = 0;
  (void)std::strtoll(text.c_str(), &end, 10);
  return *end == '\0' && errno == 0;
}

bool IsObjectId(const std::string& text) {
  return text.size() == 24 && std::all_of(text.begin(), text.end(), [](char ch) {
           return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
         });
}

// An equality filter that matches the cell's value; nullopt for NULL, which references nothing.
std::optional<store::ColumnFilter> FilterFor(const std::string& name, const Column& column,
                                             size_t row) {
  if (column.IsNull(row)) return std::nullopt;
  store::ColumnFilter f;
  f.column = name;
  switch (column.type()) {
    case ColumnType::kInteger:
      f.kind = store::ColumnFilter::Kind::kInteger;
      f.int_value = column.GetInt(row);
      break;
    case ColumnType::kBoolean:
      f.kind = store::ColumnFilter::Kind::kBoolean;
      f.int_value = column.GetInt(row);
      break;
    case ColumnType::kFloat:
      f.kind = store::ColumnFilter::Kind::kFloat;
      f.float_value = column.GetDouble(row);
      break;
    case ColumnType::kDate:
      f.text = FormatDate(column.GetInt(row));
      break;
    case ColumnType::kDateTime:
      f.text = FormatDateTime(column.GetInt(row));
      break;
    default:
      f.text = std::string(column.GetString(row));
  }
  return f;
}

// A stable key for a selection, to visit each one once (foreign-key cycles end here).
std::string SelectionKey(const SubjectSelection& s) {
  std::string key = s.table;
  for (const store::ColumnFilter& f : s.filters) {
    key += '\x1f' + f.column + '\x1e' + std::to_string(static_cast<int>(f.kind)) + ':' +
           std::to_string(f.int_value) + ':' + std::to_string(f.float_value) + ':' + f.text;
  }
  return key;
}

std::string PrimaryKeyColumn(const TableSchema& table) {
  std::string found;
  int count = 0;
  for (const ColumnSchema& c : table.columns) {
    if (c.primary_key) {
      found = c.name;
      ++count;
    }
  }
  return count == 1 ? found : "";
}

// Reads every batch of one selection.
Status ReadSelection(store::Database& db, const std::string& ns, const SubjectSelection& s,
                     const std::function<Status(const Batch&)>& each) {
  store::ReadQuery query{s.table, s.filters, std::nullopt, {}};
  TDM_ASSIGN_OR_RETURN(std::unique_ptr<Source> source, db.Read(ns, query));
  Batch batch;
  while (true) {
    TDM_ASSIGN_OR_RETURN(bool more, source->Next(batch, kBatchRows));
    if (batch.num_rows > 0) TDM_RETURN_IF_ERROR(each(batch));
    if (!more) return Status::Ok();
  }
}

// Selections for the rows whose email columns equal the subject, ignoring ASCII case: one per
// distinct stored spelling, so deleting by them removes exactly the rows found.
Status EmailRoots(store::Database& db, const std::string& ns, const TableSchema& table,
                  const std::string& subject, std::vector<SubjectSelection>& out) {
  std::vector<std::string> columns = EmailColumns(table);
  if (columns.empty()) return Status::Ok();
  std::string wanted = mask::Lower(subject);
  std::set<std::pair<std::string, std::string>> spellings;
  TDM_RETURN_IF_ERROR(ReadSelection(db, ns, {table.name, {}}, [&](const Batch& batch) {
    for (const std::string& name : columns) {
      const Column& column = batch.columns[static_cast<size_t>(table.FindColumn(name))];
      for (size_t r = 0; r < batch.num_rows; ++r) {
        if (column.IsNull(r)) continue;
        std::string_view value = column.GetString(r);
        if (value.size() == wanted.size() && mask::Lower(value) == wanted) {
          spellings.emplace(name, std::string(value));
        }
      }
    }
    return Status::Ok();
  }));
  for (const auto& [column, value] : spellings) {
    store::ColumnFilter f;
    f.column = column;
    f.text = value;
    out.push_back({table.name, {f}});
  }
  return Status::Ok();
}

}  // namespace

std::string SubjectHash(const std::string& subject) {
  std::string normal = IsEmail(subject) ? mask::Lower(subject) : subject;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(normal.data(), normal.size(), digest, &size, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < 8 && i < size; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 15];
  }
  return hex;
}

std::vector<std::string> EmailColumns(const TableSchema& table) {
  Batch empty;
  std::vector<std::string> columns;
  for (const mask::ColumnFinding& finding : mask::ClassifyTable(table, empty)) {
    int c = table.FindColumn(finding.column);
    if (finding.kind == "email" && c >= 0 &&
        table.columns[static_cast<size_t>(c)].type == ColumnType::kString) {
      columns.push_back(finding.column);
    }
  }
  return columns;
}

int64_t SubjectFindings::total_rows() const {
  int64_t total = 0;
  for (const SubjectTable& t : tables) total += t.rows;
  return total;
}

Result<SubjectFindings> FindSubject(store::Database& db, const std::string& ns,
                                    const std::vector<TableSchema>& schema,
                                    const std::string& subject, bool keep_rows) {
  // An id names a person, so it is looked up in the tables that describe people (those with an
  // email column): orders.id = 4 is not person 4. Without such tables every key is a candidate.
  bool any_people = std::any_of(schema.begin(), schema.end(),
                                [](const TableSchema& t) { return !EmailColumns(t).empty(); });
  std::deque<SubjectSelection> pending;
  for (const TableSchema& table : schema) {
    std::vector<SubjectSelection> roots;
    if (IsEmail(subject)) TDM_RETURN_IF_ERROR(EmailRoots(db, ns, table, subject, roots));
    bool people = !any_people || !EmailColumns(table).empty();
    for (const ColumnSchema& c : table.columns) {
      if (!people) break;
      if (!c.primary_key) continue;
      // Only keys the subject can be a value of: a server refuses to compare a uuid column
      // with text that is not one.
      bool possible = c.type == ColumnType::kString ||
                      (c.type == ColumnType::kObjectId && IsObjectId(subject)) ||
                      (c.type == ColumnType::kUuid && subject.size() == 36) ||
                      (c.type == ColumnType::kInteger && IsWholeNumber(subject));
      if (!possible) continue;
      store::ColumnFilter f;
      f.column = c.name;
      f.text = subject;
      roots.push_back({table.name, {f}});
    }
    pending.insert(pending.end(), roots.begin(), roots.end());
  }

  std::map<std::string, size_t> order;  // table -> position in `schema`
  for (size_t i = 0; i < schema.size(); ++i) order[schema[i].name] = i;
  std::map<std::string, SubjectTable> tables;
  std::map<std::string, std::set<std::string>> seen_rows;
  std::set<std::string> visited;
  SubjectFindings found;
  while (!pending.empty()) {
    SubjectSelection selection = std::move(pending.front());
    pending.pop_front();
    if (!visited.insert(SelectionKey(selection)).second) continue;
    auto it = order.find(selection.table);
    if (it == order.end()) continue;
    const TableSchema& table = schema[it->second];
    bool any = false;
    TDM_RETURN_IF_ERROR(ReadSelection(db, ns, selection, [&](const Batch& batch) {
      for (size_t r = 0; r < batch.num_rows; ++r) {
        any = true;
        nlohmann::ordered_json row = nlohmann::ordered_json::object();
        for (size_t c = 0; c < batch.columns.size(); ++c) {
          row[batch.schema->columns[c].name] = store::CellToJson(batch.columns[c], r);
        }
        if (!seen_rows[table.name].insert(row.dump()).second) continue;
        SubjectTable& entry = tables[table.name];
        entry.table = table.name;
        ++entry.rows;
        // Every table whose foreign key points here holds rows that reference this one.
        for (const TableSchema& child : schema) {
          for (const ForeignKeySchema& fk : child.foreign_keys) {
            if (fk.ref_table != table.name) continue;
            std::string ref = fk.ref_column.empty() ? PrimaryKeyColumn(table) : fk.ref_column;
            int c = batch.schema->FindColumn(ref);
            if (c < 0) continue;
            auto filter = FilterFor(fk.column, batch.columns[static_cast<size_t>(c)], r);
            if (filter) pending.push_back({child.name, {*filter}});
          }
        }
        if (keep_rows) entry.data.push_back(std::move(row));
      }
      return Status::Ok();
    }));
    if (any) found.selections.push_back(std::move(selection));
  }
  for (const TableSchema& table : schema) {
    auto t = tables.find(table.name);
    if (t != tables.end()) found.tables.push_back(std::move(t->second));
  }
  return found;
}

Result<std::vector<std::pair<std::string, int64_t>>> EraseSubject(
    store::Database& db, const std::string& ns, const std::vector<TableSchema>& schema,
    const SubjectFindings& found) {
  std::vector<std::pair<std::string, int64_t>> deleted;
  // Children first: tables in reverse load order and, within a table, later discoveries (rows
  // reached through a self-reference) before the rows that led to them.
  for (auto table = schema.rbegin(); table != schema.rend(); ++table) {
    int64_t count = 0;
    for (auto s = found.selections.rbegin(); s != found.selections.rend(); ++s) {
      if (s->table != table->name) continue;
      TDM_ASSIGN_OR_RETURN(int64_t n, db.DeleteRows(ns, s->table, s->filters));
      count += n;
    }
    if (count > 0) deleted.emplace_back(table->name, count);
  }
  std::reverse(deleted.begin(), deleted.end());
  return deleted;
}

}  // namespace tdm::compliance
