// `data-cli mask` and `data-cli detect-pii` against a real PostgreSQL: a shop database full of PII
// (pii_shop.h) is masked into new databases, and each test proves one promise of the masked copy
// by reading both databases with libpq: no original value survives, keys and constraints hold,
// masking is deterministic and consistent across tables, values keep their shape, detection finds
// the PII, and every failure (uncovered PII, bad policy, a source lost mid-copy) leaves no target
// behind. TDM_TEST_POSTGRES_URL must name the server (scripts/test-servers); without it every test
// fails. All databases of this process start with tdmtest_<pid>_ and are dropped at the end.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "cli/cli_runner.h"
#include "integration/pii_shop.h"
#include "integration/test_targets.h"

namespace tdm::cli_test {
namespace {

using json = nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::seconds;
using store::pg::PgConn;
using store::pg::PgResult;
using Cell = std::optional<std::string>;
using Rows = std::vector<std::vector<Cell>>;

constexpr const char* kPolicy = R"yaml(policies:
  default:
    strategy: hash
    salt: default_salt_12345
  pii:
    fields: [email, phone, ssn, full_name, first_name, last_name, card_number, iban, street, birth_date]
    email: {strategy: hash, salt: email_salt_9876}
    payments.billing_email: {strategy: hash, salt: email_salt_9876}
    phone: {strategy: redact, replacement: "+1-555-0000"}
    ssn: {strategy: fpe, salt: ssn_salt_5555}
    full_name: {strategy: anonymize, faker_provider: full_name, salt: names_1}
    first_name: {strategy: anonymize, faker_provider: first_name, salt: names_1}
    last_name: {strategy: anonymize, faker_provider: last_name, salt: names_1}
    card_number: {strategy: partial, show_last_4: true}
    iban: {strategy: fpe, salt: iban_salt}
    street: {strategy: anonymize, faker_provider: street_address, salt: addr}
    birth_date: {strategy: noise, salt: dob, max_days: 90}
  audit:
    log_masking_operations: true
)yaml";

constexpr const char* kDefaultRule =
    "  default:\n    strategy: hash\n    salt: default_salt_12345\n";

// Every column the policy masks, with the action it takes there.
struct MaskedColumn {
  const char* table;
  const char* column;
  const char* action;
};
constexpr MaskedColumn kMasked[] = {{"customers", "first_name", "anonymize"},
                                    {"customers", "last_name", "anonymize"},
                                    {"customers", "full_name", "anonymize"},
                                    {"customers", "email", "hash"},
                                    {"customers", "phone", "redact"},
                                    {"customers", "ssn", "fpe"},
                                    {"customers", "birth_date", "noise"},
                                    {"addresses", "street", "anonymize"},
                                    {"payments", "card_number", "partial"},
                                    {"payments", "iban", "fpe"},
                                    {"payments", "billing_email", "hash"},
                                    {"staff", "full_name", "anonymize"},
                                    {"staff", "email", "hash"},
                                    {"staff", "phone", "redact"}};

constexpr const char* kTables[] = {"addresses", "customers", "orders",
                                   "payments",  "products",  "staff"};

// ---- reading the databases ------------------------------------------------------------------

// The rows of one statement as text (nullopt for NULL); a failed statement fails the test.
Rows Query(const PgConn& conn, const std::string& sql,
           const std::vector<std::string>& params = {}) {
  auto result = conn.Query(sql, params, "test query");
  EXPECT_TRUE(result.ok()) << sql << "\n" << result.status().ToString();
  Rows rows;
  if (!result.ok()) return rows;
  int columns = PQnfields(result->get());
  for (int r = 0; r < result->rows(); ++r) {
    std::vector<Cell>& row = rows.emplace_back();
    for (int c = 0; c < columns; ++c) {
      row.push_back(result->IsNull(r, c) ? Cell() : Cell(std::string(result->Text(r, c))));
    }
  }
  return rows;
}

std::string Scalar(const PgConn& conn, const std::string& sql,
                   const std::vector<std::string>& params = {}) {
  Rows rows = Query(conn, sql, params);
  return rows.empty() || rows[0].empty() || !rows[0][0] ? "" : *rows[0][0];
}

int64_t Count(const PgConn& conn, const std::string& sql,
              const std::vector<std::string>& params = {}) {
  std::string text = Scalar(conn, sql, params);
  return text.empty() ? -1 : std::stoll(text);
}

int64_t RowCount(const PgConn& conn, const std::string& table) {
  return Count(conn, "SELECT count(*) FROM " + table);
}

// The first column (an id) of every row → the rest of the row.
std::map<int64_t, std::vector<Cell>> ById(const PgConn& conn, const std::string& sql) {
  std::map<int64_t, std::vector<Cell>> rows;
  for (auto& row : Query(conn, sql)) {
    rows[std::stoll(*row[0])] = std::vector<Cell>(row.begin() + 1, row.end());
  }
  return rows;
}

std::vector<std::string> Column(const Rows& rows, size_t column = 0) {
  std::vector<std::string> values;
  for (const auto& row : rows) values.push_back(row[column].value_or("NULL"));
  return values;
}

std::vector<std::string> Tables(const PgConn& conn) {
  return Column(Query(conn,
                      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                      "ORDER BY 1"));
}

// "orders.customer_id -> customers.id", one a foreign key, with " (not validated)" when the server
// has not checked the existing rows.
std::vector<std::string> ForeignKeys(const PgConn& conn) {
  return Column(Query(conn, R"sql(
    SELECT c.conrelid::regclass::text || '.' || a.attname || ' -> ' ||
           c.confrelid::regclass::text || '.' || p.attname ||
           CASE WHEN c.convalidated THEN '' ELSE ' (not validated)' END
    FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
    JOIN pg_attribute p ON p.attrelid = c.confrelid AND p.attnum = c.confkey[1]
    WHERE c.contype = 'f' AND cardinality(c.conkey) = 1 ORDER BY 1)sql"));
}

// Children whose non-null key finds no parent, for a key of ForeignKeys().
int64_t Orphans(const PgConn& conn, const std::string& foreign_key) {
  static const std::regex kKey(R"((\w+)\.(\w+) -> (\w+)\.(\w+).*)");
  std::smatch m;
  if (!std::regex_match(foreign_key, m, kKey)) return -1;
  return Count(conn, "SELECT count(*) FROM " + m[1].str() + " c LEFT JOIN " + m[3].str() +
                         " p ON p." + m[4].str() + " = c." + m[2].str() + " WHERE c." + m[2].str() +
                         " IS NOT NULL AND p." + m[4].str() + " IS NULL");
}

// "customers(email) unique", "orders(product_id,handled_by)", "staff(id) primary": one an index.
std::vector<std::string> Indexes(const PgConn& conn) {
  return Column(Query(conn, R"sql(
    SELECT t.relname || '(' || string_agg(a.attname, ',' ORDER BY k.ord) || ')' ||
           CASE WHEN ix.indisprimary THEN ' primary' WHEN ix.indisunique THEN ' unique' ELSE '' END
    FROM pg_index ix
    JOIN pg_class t ON t.oid = ix.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
    CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY k(attnum, ord)
    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
    GROUP BY ix.indexrelid, t.relname, ix.indisprimary, ix.indisunique ORDER BY 1)sql"));
}

// "customers.email text not null": every column in table and position order.
std::vector<std::string> ColumnDefinitions(const PgConn& conn) {
  return Column(Query(conn, R"sql(
    SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) ||
           CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid AND c.relkind = 'r'
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
    WHERE a.attnum > 0 AND NOT a.attisdropped ORDER BY c.relname, a.attnum)sql"));
}

// md5 of `columns` of every row of `table`, in id order.
std::string Digest(const PgConn& conn, const std::string& table, const std::string& columns) {
  return Scalar(conn, "SELECT md5(coalesce(string_agg((" + columns +
                          ")::text, E'\\n' ORDER BY id), '')) FROM " + table + " t");
}

// Makes `policy` the sandbox's only masking policy (./policies.yaml): the example data-spec.yaml
// and masking-policies.yaml a sandbox starts with would add rules of their own.
void UsePolicy(CliSandbox& box, const std::string& policy) {
  fs::remove(box.path("data-spec.yaml"));
  fs::remove(box.path("masking-policies.yaml"));
  WriteFile(box.path("policies.yaml"), policy);
}

bool IsHex64(const Cell& value) {
  static const std::regex kHex("[0-9a-f]{64}");
  return value && std::regex_match(*value, kHex);
}

// ---- the fixture ----------------------------------------------------------------------------

class MaskPostgres : public ::testing::Test {
 protected:
  // Loads the shop and masks it once with kPolicy: most tests read that one masked copy.
  static void SetUpTestSuite() {
    auto target = store::TestTarget(store::TargetKind::kPostgres);
    if (!target.ok()) {
      setup_error_ = target.status().ToString();
      return;
    }
    server_ = target->url;
    prefix_ = target->Prefix();
    source_ = Name("shop");
    DropOurDatabases();
    Status loaded = pii_shop::LoadPiiShop(server_, source_);
    if (!loaded.ok()) {
      setup_error_ = "loading the shop: " + loaded.ToString();
      return;
    }
    shared_box_ = std::make_unique<CliSandbox>();
    UsePolicy(*shared_box_, kPolicy);
    masked_ = Name("masked");
    masked_run_ = shared_box_->Run(Mask(masked_) + " --json", seconds(180));
  }

  static void TearDownTestSuite() {
    if (!server_.empty()) DropOurDatabases();
    shared_box_.reset();
  }

  void SetUp() override { ASSERT_TRUE(setup_error_.empty()) << setup_error_; }

  static std::string Name(const std::string& base) { return prefix_ + base; }
  static std::string Url(const std::string& dbname) {
    return pii_shop::DatabaseUrl(server_, dbname);
  }

  // The mask command from the shop into new database `target` with ./policies.yaml.
  static std::string Mask(const std::string& target, const std::string& source = source_) {
    return "data-cli mask --source '" + Url(source) + "' --target '" + Url(target) +
           "' --policies policies.yaml";
  }

  static PgConn Open(const std::string& dbname) {
    auto conn = pii_shop::Connect(server_, dbname);
    EXPECT_TRUE(conn.ok()) << dbname << ": " << conn.status().ToString();
    return conn.ok() ? std::move(*conn) : PgConn();
  }

  // Databases whose name contains `name` (the target itself, or a build copy named after it).
  static std::vector<std::string> DatabasesNamed(const std::string& name) {
    return Column(Query(Open("postgres"),
                        "SELECT datname FROM pg_database WHERE strpos(datname, $1) > 0", {name}));
  }

  static void DropOurDatabases() {
    auto admin = pii_shop::Connect(server_, "postgres");
    if (!admin.ok()) return;
    for (const std::string& db : DatabasesNamed(prefix_)) {
      Status dropped = admin->Exec("DROP DATABASE IF EXISTS \"" + db + "\" WITH (FORCE)", db);
      EXPECT_TRUE(dropped.ok()) << dropped.ToString();
    }
  }

  // The masked copy every test shares; fails the test when the mask run did not succeed.
  static ::testing::AssertionResult MaskedCopyExists() {
    if (masked_run_.exit_code != 0) return Succeeded(masked_run_);
    return ::testing::AssertionSuccess();
  }

  static inline std::string setup_error_;
  static inline std::string server_;
  static inline std::string prefix_;
  static inline std::string source_;
  static inline std::string masked_;
  static inline std::unique_ptr<CliSandbox> shared_box_;
  static inline CliResult masked_run_;
};

// The distinct values of the red columns in the source (birth dates are compared row by row: a
// shifted date may well be another customer's real one).
struct Originals {
  std::set<std::string> values;
  std::set<std::string> emails;
  std::set<std::string> ssns;
};

Originals ReadOriginals(const PgConn& source) {
  Originals originals;
  for (const MaskedColumn& m : kMasked) {
    if (std::string(m.column) == "birth_date") continue;
    for (const std::string& v :
         Column(Query(source, std::string("SELECT DISTINCT ") + m.column + " FROM " + m.table +
                                  " WHERE " + m.column + " IS NOT NULL"))) {
      originals.values.insert(v);
      if (std::string(m.column).find("email") != std::string::npos) originals.emails.insert(v);
      if (std::string(m.column) == "ssn") originals.ssns.insert(v);
    }
  }
  return originals;
}

// The original email or SSN that `cell` contains, or "".
std::string ContainedOriginal(std::string_view cell, const Originals& originals) {
  if (cell.find('@') != std::string_view::npos) {
    for (const std::string& email : originals.emails) {
      if (cell.find(email) != std::string_view::npos) return email;
    }
  }
  for (size_t i = 0; i + 11 <= cell.size(); ++i) {
    std::string_view w = cell.substr(i, 11);  // ###-##-####?
    bool shaped = true;
    for (size_t k = 0; k < 11 && shaped; ++k) {
      shaped = k == 3 || k == 6 ? w[k] == '-' : std::isdigit(static_cast<unsigned char>(w[k]));
    }
    if (shaped && originals.ssns.count(std::string(w))) return std::string(w);
  }
  return "";
}

// ---- the tests ------------------------------------------------------------------------------

TEST_F(MaskPostgres, NoOriginalRedValueAppearsInTheTarget) {
  pii_shop::CheckNamesAreOurOwn(pii_shop::BuildShopRows().syllable_names);
  ASSERT_TRUE(MaskedCopyExists());
  PgConn source = Open(source_), target = Open(masked_);
  Originals originals = ReadOriginals(source);
  ASSERT_GT(originals.values.size(), 25000u);
  ASSERT_GT(originals.ssns.size(), 2800u);
  std::vector<std::string> tables = Tables(target);
  EXPECT_EQ(tables, Tables(source));

  int64_t cells = 0;
  std::vector<std::string> leaks;
  for (const std::string& table : tables) {
    PgResult rows = target.Run("SELECT * FROM " + table);
    ASSERT_TRUE(rows.ok()) << table;
    for (int r = 0; r < rows.rows(); ++r) {
      for (int c = 0; c < PQnfields(rows.get()); ++c) {
        if (rows.IsNull(r, c)) continue;
        ++cells;
        std::string_view cell = rows.Text(r, c);
        std::string where = table + "." + PQfname(rows.get(), c) + " = '" + std::string(cell);
        if (originals.values.count(std::string(cell))) {
          leaks.push_back(where + "' is an original value");
        } else if (std::string inside = ContainedOriginal(cell, originals); !inside.empty()) {
          leaks.push_back(where + "' contains the original '" + inside + "'");
        }
      }
    }
  }
  EXPECT_GT(cells, 120000);
  EXPECT_EQ(leaks.size(), 0u) << "the first: " << (leaks.empty() ? "" : leaks[0]);

  auto before = ById(source, "SELECT id, birth_date::text FROM customers");
  auto after = ById(target, "SELECT id, birth_date::text FROM customers");
  int64_t kept = 0;
  for (const auto& [id, row] : before) {
    if (row[0] && after[id] == row) ++kept;
  }
  EXPECT_EQ(kept, 0) << "customers whose masked birth_date is their real one";
}

TEST_F(MaskPostgres, ForeignKeysStillResolve) {
  ASSERT_TRUE(MaskedCopyExists());
  PgConn source = Open(source_), target = Open(masked_);
  std::vector<std::string> keys = ForeignKeys(target);
  EXPECT_EQ(keys, (std::vector<std::string>{
                      "addresses.customer_id -> customers.id", "orders.customer_id -> customers.id",
                      "orders.handled_by -> staff.id", "orders.product_id -> products.id",
                      "payments.customer_id -> customers.id", "staff.manager_id -> staff.id"}));
  EXPECT_EQ(keys, ForeignKeys(source));
  for (const std::string& key : ForeignKeys(source)) EXPECT_EQ(Orphans(target, key), 0) << key;

  json report = json::parse(masked_run_.out, nullptr, false);
  ASSERT_TRUE(report.is_object()) << masked_run_.out;
  std::map<std::string, int64_t> reported;
  for (const json& t : report.value("tables", json::array())) {
    reported[t.value("name", "")] = t.value("rows", int64_t{-1});
  }
  for (const char* table : kTables) {
    int64_t rows = RowCount(source, table);
    EXPECT_GT(rows, 0);
    EXPECT_EQ(RowCount(target, table), rows) << table;
    EXPECT_EQ(reported[table], rows) << table << " in the --json report";
  }
}

TEST_F(MaskPostgres, UniqueColumnsStayUnique) {
  ASSERT_TRUE(MaskedCopyExists());
  PgConn source = Open(source_), target = Open(masked_);
  std::vector<std::string> indexes = Indexes(target);
  for (const char* unique : {"customers(email) unique", "customers(ssn) unique",
                             "staff(email) unique", "customers(id) primary"}) {
    EXPECT_NE(std::find(indexes.begin(), indexes.end(), unique), indexes.end())
        << unique << " is missing; the target has:\n"
        << testing::PrintToString(indexes);
  }
  EXPECT_EQ(indexes, Indexes(source)) << "every index of the source, and only those";
  for (const auto& [table, column] : {std::pair{"customers", "email"},
                                      std::pair{"customers", "ssn"}, std::pair{"staff", "email"}}) {
    std::string counts =
        std::string("SELECT count(") + column + "), count(DISTINCT " + column + ") FROM " + table;
    Rows masked = Query(target, counts);
    ASSERT_EQ(masked.size(), 1u);
    EXPECT_EQ(masked[0][0], masked[0][1]) << table << "." << column;
    EXPECT_EQ(masked[0][0], Query(source, counts)[0][0]) << "non-null " << table << "." << column;
  }
}

TEST_F(MaskPostgres, MaskingTwiceGivesIdenticalBytes) {
  ASSERT_TRUE(MaskedCopyExists());
  CliSandbox box;
  UsePolicy(box, kPolicy);
  std::string again = Name("masked_again");
  ASSERT_TRUE(Succeeded(box.Run(Mask(again), seconds(180))));
  PgConn first = Open(masked_), second = Open(again);
  ASSERT_EQ(Tables(first), Tables(second));
  for (const char* table : kTables) {
    EXPECT_EQ(Digest(first, table, "t"), Digest(second, table, "t")) << table;
  }
}

TEST_F(MaskPostgres, SameEmailMasksAlikeInEveryTable) {
  ASSERT_TRUE(MaskedCopyExists());
  PgConn source = Open(source_), target = Open(masked_);
  auto customers = ById(target, "SELECT id, email, full_name FROM customers");
  auto staff = ById(target, "SELECT id, email, full_name FROM staff");
  auto source_customers = ById(source, "SELECT id, email FROM customers");
  auto source_staff = ById(source, "SELECT id, email FROM staff");
  for (int64_t s = 1; s <= pii_shop::kSharedStaff; ++s) {
    int64_t c = pii_shop::CustomerOfStaff(s);
    ASSERT_EQ(source_staff[s][0], source_customers[c][0]) << "the fixture shares staff " << s;
    EXPECT_EQ(staff[s][0], customers[c][0]) << "email of staff " << s << " / customer " << c;
    EXPECT_EQ(staff[s][1], customers[c][1]) << "full_name of staff " << s << " / customer " << c;
  }
  EXPECT_NE(staff[pii_shop::kSharedStaff + 1][0], staff[pii_shop::kSharedStaff + 2][0]);

  auto payments = ById(source, "SELECT id, customer_id, billing_email FROM payments");
  auto masked_payments = ById(target, "SELECT id, customer_id, billing_email FROM payments");
  int64_t same = 0, different = 0;
  for (const auto& [id, row] : payments) {
    int64_t customer = std::stoll(*row[0]);
    bool was_same = row[1] == source_customers[customer][0];
    (was_same ? same : different)++;
    EXPECT_EQ(masked_payments[id][1] == customers[customer][0], was_same) << "payment " << id;
  }
  EXPECT_GT(same, 4000);
  EXPECT_GT(different, 400);
}

TEST_F(MaskPostgres, MaskedValuesKeepTheirShape) {
  ASSERT_TRUE(MaskedCopyExists());
  PgConn source = Open(source_), target = Open(masked_);
  static const std::regex kSsn(R"(\d{3}-\d{2}-\d{4})"), kCard(R"(xxxx-xxxx-xxxx-\d{4})");
  const std::string columns =
      "SELECT id, ssn, birth_date - DATE '1970-01-01', phone, email, full_name, first_name, "
      "last_name FROM customers";
  auto before = ById(source, columns), after = ById(target, columns);
  ASSERT_EQ(after.size(), before.size());
  for (const auto& [id, row] : before) {
    const std::vector<Cell>& masked = after[id];
    SCOPED_TRACE("customer " + std::to_string(id));
    if (row[0]) {
      EXPECT_TRUE(masked[0] && std::regex_match(*masked[0], kSsn)) << masked[0].value_or("NULL");
    }
    if (row[1]) {
      ASSERT_TRUE(masked[1]);
      EXPECT_LE(std::abs(std::stoll(*masked[1]) - std::stoll(*row[1])), 90);
    }
    if (row[2]) {
      EXPECT_EQ(masked[2], "+1-555-0000");
    }
    EXPECT_TRUE(IsHex64(masked[3])) << masked[3].value_or("NULL");
    for (size_t name = 4; name <= 6; ++name) EXPECT_FALSE(masked[name].value_or("").empty());
  }

  const std::string payment = "SELECT id, card_number, iban, billing_email FROM payments";
  before = ById(source, payment);
  after = ById(target, payment);
  for (const auto& [id, row] : before) {
    const std::vector<Cell>& masked = after[id];
    SCOPED_TRACE("payment " + std::to_string(id));
    ASSERT_TRUE(masked[0] && masked[1]);
    EXPECT_TRUE(std::regex_match(*masked[0], kCard)) << *masked[0];
    EXPECT_EQ(masked[0]->substr(masked[0]->size() - 4), row[0]->substr(row[0]->size() - 4));
    ASSERT_EQ(masked[1]->size(), row[1]->size()) << *masked[1];
    for (size_t i = 0; i < row[1]->size(); ++i) {
      EXPECT_EQ(isdigit((*masked[1])[i]) != 0, isdigit((*row[1])[i]) != 0) << *masked[1];
      EXPECT_EQ(isupper((*masked[1])[i]) != 0, isupper((*row[1])[i]) != 0) << *masked[1];
    }
    EXPECT_TRUE(IsHex64(masked[2]));
  }

  auto staff_before = ById(source, "SELECT id, phone FROM staff");
  for (const auto& [id, row] : ById(target, "SELECT id, email, phone FROM staff")) {
    EXPECT_TRUE(IsHex64(row[0])) << "staff " << id;
    if (staff_before[id][0]) {
      EXPECT_EQ(row[1], "+1-555-0000") << "staff " << id;
    }
  }
  EXPECT_EQ(Count(target, "SELECT count(*) FROM addresses WHERE coalesce(street, '') = ''"), 0);
}

// The type a column has after a copy: tdm's logical types are integer (bigint) and float (double
// precision), so narrower integers widen and numeric becomes double precision (README, "Masked
// copies"); everything else, and every NOT NULL, is kept.
std::vector<std::string> AsCopied(const std::vector<std::string>& definitions) {
  static const std::regex kWidened(R"( (integer|smallint)( |$))"),
      kFloat(R"( (numeric\([0-9,]+\)|numeric|real)( |$))");
  std::vector<std::string> out;
  for (const std::string& d : definitions) {
    out.push_back(std::regex_replace(std::regex_replace(d, kWidened, " bigint$2"), kFloat,
                                     " double precision$2"));
  }
  return out;
}

// Not in the policy, not PII: copied value for value, and the schema with them.
TEST_F(MaskPostgres, UnmaskedColumnsAndTheSchemaAreCopiedUnchanged) {
  ASSERT_TRUE(MaskedCopyExists());
  PgConn source = Open(source_), target = Open(masked_);
  EXPECT_EQ(ColumnDefinitions(target), AsCopied(ColumnDefinitions(source)));
  for (const auto& [table, columns] : std::vector<std::pair<std::string, std::string>>{
           {"customers", "id, signup_year, created_at"},
           {"addresses", "id, customer_id, city, postcode, country"},
           {"payments", "id, customer_id, amount::float8, paid_at"},
           {"staff", "id, manager_id, hired_year, salary"},
           {"products", "t"},
           {"orders", "t"}}) {
    EXPECT_EQ(Digest(target, table, columns), Digest(source, table, columns)) << table;
  }
}

TEST_F(MaskPostgres, DetectPiiFindsEveryPiiColumn) {
  CliSandbox box;
  CliResult r =
      box.Run("data-cli detect-pii --source '" + Url(source_) + "' --json --output suggested.yaml",
              seconds(120));
  ASSERT_TRUE(Succeeded(r));
  json report = json::parse(r.out, nullptr, false);
  ASSERT_TRUE(report.is_object()) << r.out;
  std::map<std::string, std::string> classes;
  std::map<std::string, int> counted;
  for (const json& c : report.value("columns", json::array())) {
    classes[c.value("table", "") + "." + c.value("column", "")] = c.value("classification", "");
    counted[c.value("classification", "")]++;
  }
  EXPECT_EQ(classes.size(), ColumnDefinitions(Open(source_)).size()) << "every column is listed";
  for (const char* level : {"red", "yellow", "green"}) {
    EXPECT_EQ(report.value("summary", json::object()).value(level, -1), counted[level]) << level;
  }
  for (const MaskedColumn& m : kMasked) {
    EXPECT_EQ(classes[std::string(m.table) + "." + m.column], "red") << m.table << "." << m.column;
  }
  for (const char* column :
       {"customers.id",          "addresses.id",         "addresses.customer_id",
        "payments.id",           "payments.customer_id", "staff.id",
        "staff.manager_id",      "products.id",          "orders.id",
        "orders.customer_id",    "orders.product_id",    "orders.handled_by",
        "customers.signup_year", "staff.hired_year",     "products.year",
        "products.price",        "payments.amount",      "orders.total",
        "orders.quantity",       "staff.salary",         "products.name",
        "products.description"}) {
    ASSERT_TRUE(classes.count(column)) << column << " is not listed";
    EXPECT_NE(classes[column], "red") << column;
  }
  Originals originals = ReadOriginals(Open(source_));
  for (const std::string& v : originals.values) {
    ASSERT_EQ(r.out.find(v), std::string::npos) << "the report quotes the value " << v;
  }
  std::string suggested = ReadFile(box.path("suggested.yaml"));
  for (const MaskedColumn& m : kMasked) EXPECT_TRUE(HasSubstr(suggested, m.column));
}

TEST_F(MaskPostgres, FailsClosedOnAnUncoveredRedColumn) {
  std::string policy = kPolicy;
  for (const std::string& cut :
       {std::string(kDefaultRule), std::string("    ssn: {strategy: fpe, salt: ssn_salt_5555}\n"),
        std::string(" ssn,")}) {
    ASSERT_NE(policy.find(cut), std::string::npos) << cut;
    policy.erase(policy.find(cut), cut.size());
  }
  CliSandbox box;
  UsePolicy(box, policy);
  std::string target = Name("uncovered");
  CliResult refused = box.Run(Mask(target), seconds(120));
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_TRUE(HasSubstr(refused.err, "customers.ssn"));
  EXPECT_FALSE(std::regex_search(refused.err, std::regex("salt|TDM_MASKING_KEY")))
      << "refused for its key, not as uncovered PII:\n"
      << refused.err;
  EXPECT_EQ(DatabasesNamed(target), std::vector<std::string>{});

  ASSERT_TRUE(Succeeded(box.Run(Mask(target) + " --allow-unmasked customers.ssn", seconds(120))));
  PgConn source = Open(source_), masked = Open(target);
  EXPECT_EQ(Digest(masked, "customers", "ssn"), Digest(source, "customers", "ssn"));
  EXPECT_TRUE(IsHex64(Scalar(masked, "SELECT email FROM customers WHERE id = 1")));
}

TEST_F(MaskPostgres, BadInputLeavesNothingBehind) {
  CliSandbox box;
  auto edited = [](std::string text, const std::string& from, const std::string& to) {
    size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return at == std::string::npos ? text : text.replace(at, from.size(), to);
  };
  std::string scramble = edited(kPolicy, "phone: {strategy: redact, replacement: \"+1-555-0000\"}",
                                "phone: {strategy: scramble}");
  size_t at = scramble.find("scramble");
  std::string line = std::to_string(std::count(scramble.begin(), scramble.begin() + at, '\n') + 1);
  UsePolicy(box, scramble);
  std::string target = Name("bad_strategy");
  CliResult r = box.Run(Mask(target));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(std::regex_search(r.err, std::regex("policies\\.yaml:" + line + ":[0-9]+")))
      << "wants policies.yaml:" << line << ":<col> in:\n"
      << r.err;
  EXPECT_TRUE(HasSubstr(r.err, "scramble"));
  EXPECT_EQ(DatabasesNamed(target), std::vector<std::string>{});

  UsePolicy(box,
            edited(kPolicy, "  audit:",
                   "    customers.no_such_column: {strategy: redact, replacement: x}\n  audit:"));
  target = Name("bad_column");
  r = box.Run(Mask(target));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(HasSubstr(r.err, "customers.no_such_column"));
  EXPECT_EQ(DatabasesNamed(target), std::vector<std::string>{});

  UsePolicy(box,
            edited(edited(kPolicy, kDefaultRule, ""),
                   "email: {strategy: hash, salt: email_salt_9876}", "email: {strategy: hash}"));
  target = Name("no_salt");
  r = box.Run("env -u TDM_MASKING_KEY " + Mask(target));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(std::regex_search(r.err, std::regex(R"((^|[^_.])email\b)"))) << r.err;
  EXPECT_TRUE(std::regex_search(r.err, std::regex("salt|TDM_MASKING_KEY"))) << r.err;
  EXPECT_EQ(DatabasesNamed(target), std::vector<std::string>{});
}

TEST_F(MaskPostgres, SourceGoingAwayMidCopyRollsBack) {
  std::string big = Name("big"), target = Name("big_masked");
  {
    PgConn admin = Open("postgres");
    ASSERT_TRUE(admin.Exec("CREATE DATABASE " + big, "creating " + big).ok());
    PgConn conn = Open(big);
    Status loaded = conn.Exec(
        "CREATE TABLE accounts (id bigint NOT NULL, email text NOT NULL);"
        "INSERT INTO accounts SELECT g, 'member' || g || '@example.org' "
        "FROM generate_series(1, 2000000) g;"
        "ALTER TABLE accounts ADD PRIMARY KEY (id); ANALYZE accounts;",
        "loading " + big);
    ASSERT_TRUE(loaded.ok()) << loaded.ToString();
    ASSERT_TRUE(conn.Exec("VACUUM ANALYZE accounts", "vacuuming " + big).ok());
  }  // closed: from here on every client backend on `big` is the mask run's
  PgConn admin = Open("postgres");
  const std::string readers =
      "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client "
      "backend'";
  for (int i = 0; i < 500 && Count(admin, readers, {big}) > 0; ++i) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  CliSandbox box;
  UsePolicy(box, "policies:\n  pii:\n    fields: [email]\n    email: {strategy: hash, salt: s1}\n");
  pid_t pid = box.Start(Mask(target, big) + " >mask.out 2>mask.err");

  // Mid-copy: rows are being written into the target (or a build copy named after it), which only
  // a COPY or an INSERT does, while the run still holds the source.
  const std::string writing =
      "SELECT count(*) FROM pg_stat_activity WHERE strpos(datname, $1) > 0 AND state = 'active' "
      "AND backend_type = 'client backend' AND query ~* '^\\s*(COPY|INSERT)'";
  auto deadline = std::chrono::steady_clock::now() + seconds(60);
  bool copying = false;
  while (!copying && box.Running(pid) && std::chrono::steady_clock::now() < deadline) {
    copying = Count(admin, writing, {target}) > 0 && Count(admin, readers, {big}) > 0;
    if (!copying) std::this_thread::sleep_for(milliseconds(5));
  }
  ASSERT_TRUE(copying) << "mask never wrote rows into the target while reading the source:\n"
                       << ReadFile(box.path("mask.err"));
  ASSERT_TRUE(box.Running(pid)) << "mask finished before the source went away";
  int64_t ended = Count(admin,
                        "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM "
                        "pg_stat_activity WHERE datname = $1 AND backend_type = 'client "
                        "backend') ended",
                        {big});
  EXPECT_GT(ended, 0);

  int code = box.Join(pid, seconds(120));
  std::string err = ReadFile(box.path("mask.err"));
  SCOPED_TRACE("stderr:\n" + err);
  EXPECT_NE(code, 0);
  EXPECT_LT(code, 128) << "ended by a signal, not by handling the error";
  EXPECT_TRUE(HasSubstr(err, "accounts")) << "the error names the table it was copying";
  EXPECT_EQ(err.find("tdm:tdm@"), std::string::npos) << "the error shows the password";
  EXPECT_EQ(DatabasesNamed(target), std::vector<std::string>{});
}

TEST_F(MaskPostgres, AuditEventHasTheSeedShape) {
  ASSERT_TRUE(MaskedCopyExists());
  CliResult shown = shared_box_->Run("data-cli audit show --json --event data_masking");
  ASSERT_TRUE(Succeeded(shown));
  json events = json::parse(shown.out, nullptr, false);
  ASSERT_TRUE(events.is_array() && events.size() == 1u)
      << "one data_masking event for the one mask run of this sandbox: " << shown.out;
  json event = events.back();
  ASSERT_TRUE(event.is_object()) << shown.out;
  // The raw log lines too: encrypted or not, no original value may be in them.
  std::vector<std::string> lines = Lines(ReadFile(shared_box_->path(".tdm/audit.jsonl")));
  ASSERT_FALSE(lines.empty());
  EXPECT_TRUE(
      std::regex_match(event.value("timestamp", ""),
                       std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d))")))
      << event;
  EXPECT_EQ(event.value("event", ""), "data_masking");
  for (const char* key : {"operation", "environment", "dataset_id", "user_id"}) {
    EXPECT_TRUE(event.contains(key) && event[key].is_string()) << key << " in " << event;
  }
  for (const char* key : {"referential_integrity", "schema_validation", "data_consistency"}) {
    EXPECT_TRUE(event["validation"].contains(key)) << key << " in " << event;
  }
  for (const char* key : {"gdpr_compliant", "ccpa_compliant", "audit_trail_complete"}) {
    EXPECT_TRUE(event["compliance_check"].contains(key)) << key << " in " << event;
  }

  PgConn source = Open(source_);
  std::map<std::string, std::string> expected;  // field → "action rows success"
  for (const MaskedColumn& m : kMasked) {
    expected[std::string(m.table) + "." + m.column] =
        std::string(m.action) + " " + std::to_string(RowCount(source, m.table)) + " success";
  }
  auto actions_of = [](const json& record) {
    std::map<std::string, std::string> actions;
    for (const json& a : record.value("actions", json::array())) {
      std::string field = a.value("field", "");
      EXPECT_FALSE(actions.count(field)) << field << " has two actions";
      actions[field] = a.value("action", "") + " " +
                       std::to_string(a.value("record_count", int64_t{-1})) + " " +
                       a.value("status", "");
    }
    return actions;
  };
  EXPECT_EQ(actions_of(event), expected);
  EXPECT_EQ(actions_of(json::parse(masked_run_.out, nullptr, false)), expected)
      << "the --json report";

  for (const std::string& v : ReadOriginals(source).values) {
    ASSERT_EQ(event.dump().find(v), std::string::npos) << "the audit event holds " << v;
    for (const std::string& line : lines) {
      ASSERT_EQ(line.find(v), std::string::npos) << "the audit log holds " << v;
    }
    ASSERT_EQ(masked_run_.out.find(v), std::string::npos) << "the report holds " << v;
  }
}

TEST_F(MaskPostgres, SubsetKeepsForeignKeysComplete) {
  CliSandbox box;
  UsePolicy(box, kPolicy);
  std::string target = Name("subset");
  ASSERT_TRUE(Succeeded(box.Run(Mask(target) + " --subset 'customers:100'", seconds(120))));
  PgConn source = Open(source_), subset = Open(target);
  EXPECT_EQ(RowCount(subset, "customers"), 100);
  std::vector<std::string> keys = ForeignKeys(subset);
  EXPECT_EQ(keys, ForeignKeys(source));
  for (const std::string& key : ForeignKeys(source)) EXPECT_EQ(Orphans(subset, key), 0) << key;
  for (const char* child : {"addresses", "payments", "orders"}) {
    EXPECT_GT(RowCount(subset, child), 0) << child;
    EXPECT_EQ(Count(subset, std::string("SELECT count(*) FROM ") + child +
                                " WHERE customer_id NOT IN (SELECT id FROM customers)"),
              0)
        << child;
  }
  EXPECT_EQ(Count(subset,
                  "SELECT count(*) FROM orders WHERE handled_by IS NOT NULL AND handled_by NOT IN "
                  "(SELECT id FROM staff)"),
            0);
  EXPECT_GT(Count(subset, "SELECT count(*) FROM orders WHERE handled_by IS NOT NULL"), 0);
  auto ids = ById(source, "SELECT id FROM customers");
  for (const auto& [id, row] : ById(subset, "SELECT id, email FROM customers")) {
    EXPECT_TRUE(ids.count(id)) << "customer " << id << " is not a source customer";
    EXPECT_TRUE(IsHex64(row[0])) << "customer " << id << " is not masked";
  }
}

}  // namespace
}  // namespace tdm::cli_test
