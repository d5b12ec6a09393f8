#include "spec/spec_writer.h"

#include <algorithm>
#include <optional>
#include <set>

#include "core/text.h"
#include "gen/provider_registry.h"
#include "spec/field_resolver.h"

namespace tdm::spec {
namespace {

struct EnvironmentDefault {
  const char* name;
  int64_t volume;
  const char* masking;
};

// The strategy document's three levels. Unique columns need room for the largest volume.
constexpr EnvironmentDefault kEnvironments[] = {
    {"local", 100, "aggressive"}, {"ci", 1000, "standard"}, {"staging", 100000, "standard"}};
constexpr uint64_t kLargestVolume = 100000;

// For unique strings no name rule covers: 26^3 * 10^6 values, short enough for most VARCHARs.
constexpr const char* kUniquePattern = "[A-Z]{3}-[0-9]{6}";

// Whether `provider` can give every row of the largest environment a distinct value.
bool HasRoomForUnique(const std::string& provider, ColumnType type) {
  const gen::Provider* p = gen::Registry().Find(provider);
  if (p == nullptr || !p->unique_domain) return false;
  gen::FieldSpec field;
  field.type = type;
  field.provider = provider;
  field.unique = true;
  std::optional<uint64_t> domain = p->unique_domain(field);
  return domain && *domain >= kLargestVolume;
}

// Comments hold names from the database; a newline in one must not end the comment.
std::string CommentSafe(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return out;
}

// The name the loader gives an index written without one.
std::string DefaultIndexName(const std::string& table, const std::vector<std::string>& columns) {
  std::string name = table;
  for (const std::string& c : columns) name += "_" + c;
  return name + "_idx";
}

struct FieldDraft {
  const ColumnSchema* column = nullptr;
  bool primary_key = false;
  bool unique = false;
  bool nullable = false;
  std::optional<ForeignKeySchema> foreign_key;
  std::string provider;
  std::string pattern;
  std::string min;
  std::string max;
  std::vector<std::string> comments;
};

struct TableDraft {
  const TableSchema* table = nullptr;
  std::vector<FieldDraft> fields;
  std::vector<std::string> comments;        // above the dataset
  std::vector<IndexSchema> indexes;         // as written
  std::vector<std::string> index_comments;  // above `indexes:`

  FieldDraft* Find(std::string_view column) {
    for (FieldDraft& f : fields) {
      if (f.column->name == column) return &f;
    }
    return nullptr;
  }
};

class Writer {
 public:
  Status Start(const std::vector<TableSchema>& tables);
  void PlanKeys();
  void Order();
  void PlanValues();
  void PlanIndexes();
  std::string Emit(std::string_view source) const;

  std::vector<std::string> DatasetNames() const {
    std::vector<std::string> names;
    for (const TableDraft& t : drafts_) names.push_back(t.table->name);
    return names;
  }
  std::vector<std::string> notes;

 private:
  TableDraft* Find(std::string_view table) {
    for (TableDraft& t : drafts_) {
      if (t.table->name == table) return &t;
    }
    return nullptr;
  }
  void Comment(TableDraft& t, FieldDraft* f, const std::string& message) {
    (f ? f->comments : t.comments).push_back(CommentSafe(message));
    notes.push_back(t.table->name + (f ? "." + f->column->name : "") + ": " + message);
  }
  void IndexComment(TableDraft& t, const std::string& message) {
    t.index_comments.push_back(CommentSafe(message));
    notes.push_back(t.table->name + ": " + message);
  }
  void DropForeignKey(TableDraft& t, FieldDraft& f, const std::string& why) {
    const ForeignKeySchema& fk = *f.foreign_key;
    Comment(t, &f,
            "references " + fk.ref_table + "." + fk.ref_column + " in the source, but " + why +
                "; generated as a plain column");
    f.foreign_key.reset();
  }

  std::vector<TableDraft> drafts_;
};

Status Writer::Start(const std::vector<TableSchema>& tables) {
  std::set<std::string> names;
  for (const TableSchema& table : tables) {
    if (!names.insert(table.name).second) {
      return {StatusCode::kInvalidArgument, "two tables are named '" + table.name + "'"};
    }
    TableDraft t;
    t.table = &table;
    if (table.columns.empty()) {
      notes.push_back(table.name + ": has no columns, so it has no dataset");
      continue;
    }
    for (const ColumnSchema& c : table.columns) {
      FieldDraft f;
      f.column = &c;
      f.primary_key = c.primary_key;
      f.unique = c.unique || c.primary_key;
      f.nullable = c.nullable && !c.primary_key;
      t.fields.push_back(std::move(f));
    }
    drafts_.push_back(std::move(t));
  }
  if (drafts_.empty()) return {StatusCode::kInvalidArgument, "there are no tables to describe"};
  return Status::Ok();
}

void Writer::PlanKeys() {
  for (TableDraft& t : drafts_) {
    std::string keys;
    int count = 0;
    for (const FieldDraft& f : t.fields) {
      if (f.primary_key) keys += (count++ == 0 ? "" : ", ") + f.column->name;
    }
    if (count < 2) continue;
    for (FieldDraft& f : t.fields) {
      if (!f.primary_key) continue;
      f.primary_key = false;
      f.unique = f.column->unique;
    }
    Comment(t, nullptr,
            "the primary key (" + keys +
                ") spans several columns, which a spec cannot declare; generated without it");
  }
  for (TableDraft& t : drafts_) {
    for (const ForeignKeySchema& fk : t.table->foreign_keys) {
      FieldDraft* f = t.Find(fk.column);
      if (f == nullptr) continue;
      if (f->foreign_key) {
        Comment(t, f,
                "also references " + fk.ref_table + "." + fk.ref_column +
                    " in the source; a field holds one foreign key");
        continue;
      }
      f->foreign_key = fk;
      TableDraft* parent = Find(fk.ref_table);
      if (parent == &t) {
        DropForeignKey(t, *f, "a spec cannot reference a dataset's own table");
      } else if (parent == nullptr) {
        DropForeignKey(t, *f, "that table was not read");
      } else if (fk.ref_table.find('.') != std::string::npos) {
        DropForeignKey(t, *f, "a spec reference cannot name a table with a '.' in its name");
      } else if (parent->Find(fk.ref_column) == nullptr) {
        DropForeignKey(t, *f, "that column was not read");
      }
    }
  }
  // A reference needs a unique key that is not itself a reference; dropping one can expose another.
  for (bool changed = true; changed;) {
    changed = false;
    for (TableDraft& t : drafts_) {
      for (FieldDraft& f : t.fields) {
        if (!f.foreign_key) continue;
        FieldDraft* target = Find(f.foreign_key->ref_table)->Find(f.foreign_key->ref_column);
        if (!target->unique) {
          DropForeignKey(t, f, "that column is not a unique key");
          changed = true;
        } else if (target->foreign_key) {
          DropForeignKey(t, f, "that column is itself a foreign key");
          changed = true;
        }
      }
    }
  }
}

// Parents before children, keeping the given order among peers. A cycle loses one reference.
void Writer::Order() {
  std::vector<TableDraft> sorted;
  std::set<std::string> done;
  while (!drafts_.empty()) {
    auto ready = std::find_if(drafts_.begin(), drafts_.end(), [&](const TableDraft& t) {
      return std::all_of(t.fields.begin(), t.fields.end(), [&](const FieldDraft& f) {
        return !f.foreign_key || done.contains(f.foreign_key->ref_table);
      });
    });
    if (ready != drafts_.end()) {
      done.insert(ready->table->name);
      sorted.push_back(std::move(*ready));
      drafts_.erase(ready);
      continue;
    }
    TableDraft& t = drafts_.front();
    for (FieldDraft& f : t.fields) {
      if (f.foreign_key && !done.contains(f.foreign_key->ref_table)) {
        DropForeignKey(t, f, "the foreign keys form a cycle and a spec generates parents first");
        break;
      }
    }
  }
  drafts_ = std::move(sorted);
}

void Writer::PlanValues() {
  for (TableDraft& t : drafts_) {
    for (FieldDraft& f : t.fields) {
      if (!f.foreign_key || !f.unique) continue;
      Comment(t, &f,
              std::string("a unique foreign key (one-to-one) in the source; the spec generates it "
                          "many-to-one, without its ") +
                  (f.primary_key ? "primary key" : "unique key"));
      f.unique = false;
      f.primary_key = false;
    }
  }
  for (TableDraft& t : drafts_) {
    bool has_key = std::any_of(t.fields.begin(), t.fields.end(),
                               [](const FieldDraft& f) { return f.primary_key; });
    for (FieldDraft& f : t.fields) {
      if (f.foreign_key) {
        FieldDraft* target = Find(f.foreign_key->ref_table)->Find(f.foreign_key->ref_column);
        if (target->nullable) {
          target->nullable = false;
          Comment(*Find(f.foreign_key->ref_table), target,
                  "nullable in the source, but " + t.table->name + "." + f.column->name +
                      " references it and a referenced key has no nulls; generated without nulls");
        }
        continue;
      }
      ColumnType type = f.column->type;
      f.provider = GuessProvider(t.table->name, *f.column);
      if (!has_key && OneOf(f.column->name, {"_id", "id"}) && !f.nullable) {
        Comment(t, &f, "the table has no primary key; a spec makes a column named id its key");
      }
      if (!f.unique) continue;
      if (f.primary_key && type == ColumnType::kInteger) {
        f.provider = "sequence";
        continue;
      }
      if (HasRoomForUnique(f.provider.empty() ? InferProvider("", type) : f.provider, type))
        continue;
      switch (type) {
        case ColumnType::kString:
          if (f.primary_key) {
            f.provider = "uuid";
          } else {
            f.provider = "regex";
            f.pattern = kUniquePattern;
          }
          break;
        case ColumnType::kInteger:
          f.provider = "integer";
          f.min = "1";
          f.max = "2147483647";
          break;
        case ColumnType::kFloat:
          f.provider = "float";
          f.min = "0";
          f.max = "1000000";
          break;
        case ColumnType::kDate:
          f.provider = "date";
          f.min = "1700-01-01";
          break;
        case ColumnType::kBoolean:
          Comment(t, &f,
                  "unique in the source, but a boolean holds two values; generated without "
                  "the key");
          f.unique = false;
          f.primary_key = false;
          break;
        default:
          break;
      }
    }
  }
}

void Writer::PlanIndexes() {
  // SQLite names indexes per database, so a name may not repeat across tables (MySQL allows it).
  std::set<std::string> used;
  for (const TableDraft& t : drafts_) {
    used.insert(t.table->name);
    for (const FieldDraft& f : t.fields) {
      if (f.unique && !f.primary_key) used.insert(t.table->name + "_" + f.column->name + "_key");
    }
  }
  for (TableDraft& t : drafts_) {
    for (const IndexSchema& source : t.table->indexes) {
      std::string columns;
      for (const std::string& c : source.columns) columns += (columns.empty() ? "" : ", ") + c;
      if (source.columns.empty() ||
          std::any_of(source.columns.begin(), source.columns.end(),
                      [&](const std::string& c) { return t.Find(c) == nullptr; })) {
        IndexComment(t, "index " + source.name + " is on an expression, which a spec cannot hold");
        continue;
      }
      bool internal = source.name.starts_with("sqlite_autoindex_");
      bool key_index = source.unique && source.columns.size() == 1 &&
                       (internal || source.name == t.table->name + "_" + columns + "_key");
      if (key_index && t.Find(columns)->unique) continue;  // `unique: true` on the field builds it
      IndexSchema index = source;
      if (internal) index.name = DefaultIndexName(t.table->name, index.columns);
      if (index.unique && std::none_of(source.columns.begin(), source.columns.end(),
                                       [&](const std::string& c) { return t.Find(c)->unique; })) {
        index.unique = false;
        IndexComment(
            t, "index " + source.name + " (" + columns +
                   ") is unique in the source, but tdm does not generate " +
                   (source.columns.size() > 1 ? "unique combinations" : "that column unique") +
                   "; written non-unique");
      }
      if (used.contains(index.name)) {
        std::string renamed = t.table->name + "_" + index.name;
        for (int n = 2; used.contains(renamed); ++n) {
          renamed = t.table->name + "_" + index.name + "_" + std::to_string(n);
        }
        IndexComment(t, "index " + index.name + " is renamed " + renamed +
                            ": index names must differ across tables");
        index.name = renamed;
      }
      used.insert(index.name);
      t.indexes.push_back(std::move(index));
    }
  }
}

// `# text` at `indent` spaces, wrapped at 100 columns.
void AppendComment(std::string& out, size_t indent, const std::string& text) {
  constexpr size_t kWidth = 100;
  std::string line = std::string(indent, ' ') + "#";
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    std::string word = text.substr(start, end - start);
    if (line.size() + 1 + word.size() > kWidth && line.size() > indent + 1) {
      out += line + "\n";
      line = std::string(indent, ' ') + "#";
    }
    line += " " + word;
    start = end + 1;
  }
  out += line + "\n";
}

std::string FieldLine(const FieldDraft& f) {
  std::string line = "{type: " + std::string(ColumnTypeName(f.column->type));
  if (f.primary_key) line += ", primary_key: true";
  if (f.unique && !f.primary_key) line += ", unique: true";
  if (f.nullable) line += ", nullable: true";
  if (!f.provider.empty()) line += ", provider: " + f.provider;
  if (!f.pattern.empty()) line += ", pattern: " + YamlScalar(f.pattern);
  // Bounds are numbers (plain) or dates (quoted, so no YAML reader takes them for timestamps).
  auto bound = [](const std::string& v) {
    return std::all_of(v.begin(), v.end(), [](char c) { return std::isdigit(c) != 0; })
               ? v
               : YamlScalar(v);
  };
  if (!f.min.empty()) line += ", min: " + bound(f.min);
  if (!f.max.empty()) line += ", max: " + bound(f.max);
  return line + "}";
}

std::string MaskingFor(const FieldDraft& f) {
  if (f.foreign_key) return "";
  if (f.provider == "email") return "anonymize";
  if (f.provider == "phone") return "redact";
  if (OneOf(f.provider, {"first_name", "last_name", "full_name"})) return "anonymize";
  if (OneOf(Lower(f.column->name), {"ssn", "social_security_number", "tax_id", "national_id"})) {
    return "hash";
  }
  return "";
}

std::string Writer::Emit(std::string_view source) const {
  std::string out = "# data-spec.yaml read from " + CommentSafe(source) +
                    " by `data-cli init --from`.\n"
                    "#\n"
                    "# One dataset per table, parents before children, with the database's types, "
                    "keys,\n"
                    "# nullable columns, foreign keys (relationships) and indexes. Providers are "
                    "guessed from\n"
                    "# column names; `data-cli providers` lists them all. Provision with:\n"
                    "#   data-cli provision --env local\n"
                    "version: \"1.0\"\n"
                    "seed: 12345\n\n"
                    "environments:\n";
  for (const EnvironmentDefault& e : kEnvironments) {
    out += "  " + std::string(e.name) + ":\n    volumes: " + std::to_string(e.volume) +
           "\n    masking: " + e.masking + "\n";
  }
  out += "\ndatasets:\n";
  std::vector<std::pair<std::string, std::string>> masking;
  for (size_t i = 0; i < drafts_.size(); ++i) {
    const TableDraft& t = drafts_[i];
    if (i > 0) out += "\n";
    for (const std::string& c : t.comments) AppendComment(out, 2, c);
    out += "  " + YamlScalar(t.table->name) + ":\n    fields:\n";
    for (const FieldDraft& f : t.fields) {
      for (const std::string& c : f.comments) AppendComment(out, 6, c);
      out += "      " + YamlScalar(f.column->name) + ": " + FieldLine(f) + "\n";
      std::string strategy = MaskingFor(f);
      bool seen = std::any_of(masking.begin(), masking.end(),
                              [&](const auto& m) { return m.first == f.column->name; });
      if (!strategy.empty() && !seen) masking.emplace_back(f.column->name, strategy);
    }
    bool any_reference = std::any_of(t.fields.begin(), t.fields.end(),
                                     [](const FieldDraft& f) { return f.foreign_key.has_value(); });
    if (any_reference) out += "    relationships:\n";
    for (const FieldDraft& f : t.fields) {
      if (!f.foreign_key) continue;
      out += "      - {foreign_key: " + YamlScalar(f.column->name) + ", references: " +
             YamlScalar(f.foreign_key->ref_table + "." + f.foreign_key->ref_column) + "}\n";
    }
    for (const std::string& c : t.index_comments) AppendComment(out, 4, c);
    if (!t.indexes.empty()) out += "    indexes:\n";
    for (const IndexSchema& index : t.indexes) {
      std::string fields;
      for (const std::string& c : index.columns)
        fields += (fields.empty() ? "" : ", ") + YamlScalar(c);
      out += "      - {fields: [" + fields + "]";
      if (index.unique) out += ", unique: true";
      if (index.name != DefaultIndexName(t.table->name, index.columns)) {
        out += ", name: " + YamlScalar(index.name);
      }
      out += "}\n";
    }
  }
  if (!masking.empty()) {
    out += "\n# Personal data found by column name, and how to mask it.\nmasking_policies:\n";
    for (const auto& [field, strategy] : masking) {
      out += "  " + YamlScalar(field) + ": " + strategy + "\n";
    }
  }
  return out;
}

}  // namespace

std::string YamlScalar(std::string_view text) {
  bool plain =
      !text.empty() && (std::isalpha(static_cast<unsigned char>(text[0])) != 0 || text[0] == '_');
  for (char c : text) {
    plain = plain && (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.');
  }
  plain =
      plain && !OneOf(Lower(text), {"true", "false", "yes", "no", "on", "off", "null", "y", "n"});
  if (plain) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7f) {
      static const char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += c;
    }
  }
  return out + "\"";
}

Result<WrittenSpec> WriteSpec(const std::vector<TableSchema>& tables, std::string_view source) {
  Writer writer;
  TDM_RETURN_IF_ERROR(writer.Start(tables));
  writer.PlanKeys();
  writer.Order();
  writer.PlanValues();
  writer.PlanIndexes();
  WrittenSpec spec;
  spec.yaml = writer.Emit(source);
  spec.datasets = writer.DatasetNames();
  spec.notes = std::move(writer.notes);
  return spec;
}

}  // namespace tdm::spec
