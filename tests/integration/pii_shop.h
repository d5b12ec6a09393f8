// A small "production" shop database full of PII, for the masking integration tests.
//
// LoadPiiShop creates six tables with primary keys, unique constraints, foreign keys and indexes
// (customers, addresses, payments, staff, products, orders) and fills them over one libpq COPY per
// table from a fixed-seed splitmix64 stream, so every run loads the same bytes. Values are valid
// the way real ones are: E.164 US phones with real area codes, SSNs with valid area/group/serial,
// Luhn-valid cards, IBANs with mod-97 check digits. Person and street names are built from
// syllables ("Kaveldor Mirranth") and checked against every list under data/, so a fake that tdm
// picks can never equal some other row's real value: a scan for original values in a masked copy
// then means what it says. The first kSharedStaff staff members are customers too (same name,
// email and phone), and most payments bill the customer's own email.
#pragma once

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "store/postgres/postgres_conn.h"
#include "store/target.h"
#include "tdm/status.h"

namespace tdm::pii_shop {

inline constexpr int64_t kCustomers = 3000;
inline constexpr int64_t kStaff = 200;
inline constexpr int64_t kProducts = 100;
inline constexpr int64_t kOrders = 6000;
inline constexpr int64_t kSharedStaff = 50;  // staff 1..50 are also customers

// The customer that staff member `staff_id` (1..kSharedStaff) is; distinct for distinct staff.
inline int64_t CustomerOfStaff(int64_t staff_id) { return staff_id * 37 % kCustomers + 1; }

// The only randomness of the fixture: splitmix64, with our own integer draws (std::
// distributions differ between standard libraries).
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  int64_t Between(int64_t lo, int64_t hi) {  // inclusive; the modulo bias is irrelevant here
    return lo + static_cast<int64_t>(Next() % static_cast<uint64_t>(hi - lo + 1));
  }
  bool Percent(int p) { return Between(0, 99) < p; }
  template <size_t N>
  const char* Pick(const char* const (&items)[N]) {
    return items[Next() % N];
  }
  std::string Digits(int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += static_cast<char>('0' + Between(0, 9));
    return s;
  }

 private:
  uint64_t state_;
};

// ---- values -------------------------------------------------------------------------------

inline constexpr const char* kOnsets[] = {"Ka",  "Mi", "Zo", "Ve", "Thra", "Qui", "Bre",
                                          "Dru", "Xa", "Ny", "Lo", "Fe",   "Ga",  "Se",
                                          "To",  "Ul", "We", "Yr", "Os",   "Pha"};
inline constexpr const char* kMiddles[] = {"vel", "rran", "dor",  "ith", "mar", "quen", "zal",
                                           "bor", "lin",  "ther", "sab", "rul", "nev"};
inline constexpr const char* kEnds[] = {"dor", "th", "wyn", "ax", "iel", "ora",
                                        "us",  "ek", "ith", "an", "yl",  "orn"};

// "Kaveldor": a capitalised syllable name no locale list of tdm contains (CheckNamesAreOurOwn).
inline std::string SyllableName(SplitMix64& rng) {
  std::string name = rng.Pick(kOnsets);
  name += rng.Pick(kMiddles);
  return name + rng.Pick(kEnds);
}

inline std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return s;
}

// +1 NXX NXX XXXX in E.164, with a real area code and an exchange that is neither N11 nor 555.
inline std::string UsPhone(SplitMix64& rng) {
  static constexpr const char* kAreas[] = {"201", "206", "212", "213", "303", "305", "312",
                                           "404", "415", "503", "512", "602", "617", "702",
                                           "713", "718", "805", "816", "919", "971"};
  std::string area = rng.Pick(kAreas);
  std::string exchange;
  do {
    exchange = std::to_string(rng.Between(2, 9));
    exchange += rng.Digits(2);
  } while (exchange.substr(1) == "11" || exchange == "555");
  return "+1" + area + exchange + rng.Digits(4);
}

// ###-##-#### with area 001..899 except 666, group 01..99, serial 0001..9999.
inline std::string Ssn(SplitMix64& rng) {
  int64_t area = 0;
  do {
    area = rng.Between(1, 899);
  } while (area == 666);
  int64_t group = rng.Between(1, 99);
  int64_t serial = rng.Between(1, 9999);
  char buf[48];
  snprintf(buf, sizeof buf, "%03" PRId64 "-%02" PRId64 "-%04" PRId64, area, group, serial);
  return buf;
}

// A Luhn-valid Visa or Mastercard number written "4xxx-xxxx-xxxx-xxxx".
inline std::string CardNumber(SplitMix64& rng) {
  std::string digits = rng.Percent(70) ? std::string("4") : "5" + std::to_string(rng.Between(1, 5));
  digits += rng.Digits(15 - static_cast<int>(digits.size()));
  int sum = 0;
  for (size_t i = 0; i < digits.size(); ++i) {  // doubles every other digit from the right
    int d = digits[digits.size() - 1 - i] - '0';
    if (i % 2 == 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  digits += static_cast<char>('0' + (10 - sum % 10) % 10);
  return digits.substr(0, 4) + "-" + digits.substr(4, 4) + "-" + digits.substr(8, 4) + "-" +
         digits.substr(12, 4);
}

// A German (DE + 8-digit bank code + 10-digit account) or British (GB + bank + sort code +
// account) IBAN in electronic form, with its ISO 7064 mod-97 check digits.
inline std::string Iban(SplitMix64& rng) {
  static constexpr const char* kGbBanks[] = {"NWBK", "BARC", "LOYD", "HBUK", "MIDL"};
  bool german = rng.Percent(60);
  std::string country = german ? "DE" : "GB";
  std::string bban = german ? rng.Digits(8) : rng.Pick(kGbBanks);  // bank code
  bban += rng.Digits(german ? 10 : 14);                            // (sort code and) account
  int mod = 0;
  for (char c : bban + country + "00") {
    std::string n = c >= 'A' && c <= 'Z' ? std::to_string(c - 'A' + 10) : std::string(1, c);
    for (char d : n) mod = (mod * 10 + (d - '0')) % 97;
  }
  char check[16];
  snprintf(check, sizeof check, "%02d", 98 - mod);
  return country + check + bban;
}

// "YYYY-MM-DD" of a day counted from 1970-01-01 (Howard Hinnant's civil_from_days).
inline std::string CivilDate(int64_t days) {
  days += 719468;
  int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  int64_t doe = days - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t day = doy - (153 * mp + 2) / 5 + 1;
  int64_t month = mp < 10 ? mp + 3 : mp - 9;
  int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  char buf[48];
  snprintf(buf, sizeof buf, "%04" PRId64 "-%02" PRId64 "-%02" PRId64, year, month, day);
  return buf;
}

// "YYYY-MM-DD HH:MM:SS+00" of a second counted from the epoch.
inline std::string Timestamp(int64_t seconds) {
  int64_t s = seconds % 86400;
  char buf[48];
  snprintf(buf, sizeof buf, " %02" PRId64 ":%02" PRId64 ":%02" PRId64 "+00", s / 3600, s / 60 % 60,
           s % 60);
  return CivilDate(seconds / 86400) + buf;
}

inline constexpr int64_t kDay = 86400;
inline constexpr int64_t k1940 = -10957;  // days from 1970-01-01
inline constexpr int64_t k2005End = 13148;
inline constexpr int64_t k2015 = 16436;
inline constexpr int64_t k2024Mid = 19904;

// ---- the tables ---------------------------------------------------------------------------

inline constexpr const char* kSchema = R"sql(
CREATE TABLE customers (id bigint PRIMARY KEY, first_name text NOT NULL, last_name text NOT NULL,
  full_name text NOT NULL, email text UNIQUE NOT NULL, phone text, ssn text UNIQUE,
  birth_date date, signup_year integer, created_at timestamptz);
CREATE TABLE addresses (id bigint PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers(id), street text, city text, postcode text,
  country text);
CREATE TABLE payments (id bigint PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers(id), card_number text, iban text,
  amount numeric(10,2), billing_email text, paid_at timestamptz);
CREATE TABLE staff (id bigint PRIMARY KEY, full_name text, email text UNIQUE, phone text,
  manager_id bigint REFERENCES staff(id), hired_year integer, salary double precision);
CREATE TABLE products (id bigint PRIMARY KEY, name text, description text,
  price double precision, year integer);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers(id),
  product_id bigint NOT NULL REFERENCES products(id), handled_by bigint REFERENCES staff(id),
  quantity integer, total double precision);
)sql";

inline constexpr const char* kIndexes = R"sql(
CREATE INDEX addresses_customer_idx ON addresses (customer_id);
CREATE INDEX payments_customer_idx ON payments (customer_id);
CREATE INDEX orders_customer_idx ON orders (customer_id);
CREATE INDEX orders_product_handler_idx ON orders (product_id, handled_by);
CREATE INDEX customers_last_name_idx ON customers (last_name);
ANALYZE;
)sql";

// The COPY text (tab-separated, \N for null) of every table, in load order.
struct ShopRows {
  std::vector<std::pair<std::string, std::string>> tables;
  std::set<std::string> syllable_names;  // first, last and street names, for CheckNamesAreOurOwn
};

inline std::string Field(const std::optional<std::string>& value) { return value ? *value : "\\N"; }

inline std::string Row(std::initializer_list<std::optional<std::string>> fields) {
  std::string line;
  for (const auto& f : fields) line += (line.empty() ? "" : "\t") + Field(f);
  return line + "\n";
}

inline std::string Money(int64_t cents) {
  char buf[48];
  snprintf(buf, sizeof buf, "%" PRId64 ".%02" PRId64, cents / 100, cents % 100);
  return buf;
}

inline ShopRows BuildShopRows() {
  static constexpr const char* kDomains[] = {"gmail.com",  "yahoo.com",   "outlook.com",
                                             "icloud.com", "proton.me",   "hotmail.com",
                                             "aol.com",    "fastmail.com"};
  static constexpr const char* kCities[] = {
      "Springfield", "Riverton",   "Fairview", "Madison", "Georgetown", "Salem",  "Franklin",
      "Clinton",     "Greenville", "Bristol",  "Oakland", "Dover",      "Auburn", "Marion"};
  static constexpr const char* kSuffixes[] = {"Street", "Avenue", "Lane", "Road",
                                              "Drive",  "Court",  "Way",  "Place"};
  static constexpr const char* kAdjectives[] = {"Sturdy", "Compact", "Deluxe", "Classic", "Modern"};
  static constexpr const char* kMaterials[] = {"Oak", "Steel", "Cotton", "Bamboo", "Ceramic"};
  static constexpr const char* kNouns[] = {"Bookshelf", "Kettle", "Blanket", "Desk", "Lamp"};
  ShopRows rows;
  SplitMix64 rng(20240601);
  std::vector<std::string> first(kCustomers + 1), last(kCustomers + 1), email(kCustomers + 1);
  std::vector<std::optional<std::string>> phone(kCustomers + 1);
  std::vector<int64_t> created(kCustomers + 1);
  std::set<std::string> ssns;
  std::string customers, addresses, payments, staff, products, orders;
  for (int64_t id = 1; id <= kCustomers; ++id) {
    first[id] = SyllableName(rng);
    last[id] = SyllableName(rng);
    email[id] =
        Lower(first[id]) + "." + Lower(last[id]) + std::to_string(id) + "@" + rng.Pick(kDomains);
    if (!rng.Percent(5)) phone[id] = UsPhone(rng);
    std::optional<std::string> ssn;
    if (!rng.Percent(3)) {
      do {
        ssn = Ssn(rng);
      } while (!ssns.insert(*ssn).second);
    }
    std::optional<std::string> birth;
    if (!rng.Percent(2)) birth = CivilDate(rng.Between(k1940, k2005End));
    created[id] = rng.Between(k2015 * kDay, k2024Mid * kDay);
    std::string stamp = Timestamp(created[id]);
    customers += Row({std::to_string(id), first[id], last[id], first[id] + " " + last[id],
                      email[id], phone[id], ssn, birth, stamp.substr(0, 4), stamp});
    rows.syllable_names.insert(first[id]);
    rows.syllable_names.insert(last[id]);
  }
  int64_t address_id = 0, payment_id = 0;
  for (int64_t customer = 1; customer <= kCustomers; ++customer) {
    for (int64_t n = rng.Between(1, 2); n > 0; --n) {
      std::string street_name = SyllableName(rng);
      rows.syllable_names.insert(street_name);
      std::string street = std::to_string(rng.Between(1, 9999)) + " " + street_name + " ";
      street += rng.Pick(kSuffixes);
      addresses += Row({std::to_string(++address_id), std::to_string(customer), street,
                        std::string(rng.Pick(kCities)), rng.Digits(5), std::string("US")});
    }
    for (int64_t n = rng.Between(1, 3); n > 0; --n) {
      std::string billing = rng.Percent(85) ? email[customer]
                                            : Lower(first[customer]) + "." + Lower(last[customer]) +
                                                  ".billing" + std::to_string(payment_id + 1) +
                                                  "@" + rng.Pick(kDomains);
      payments += Row({std::to_string(++payment_id), std::to_string(customer), CardNumber(rng),
                       Iban(rng), Money(rng.Between(500, 99999)), billing,
                       Timestamp(created[customer] + rng.Between(0, 365 * kDay))});
    }
  }
  for (int64_t id = 1; id <= kStaff; ++id) {
    std::string name, mail;
    std::optional<std::string> tel;
    if (id <= kSharedStaff) {
      int64_t c = CustomerOfStaff(id);
      name = first[c] + " " + last[c];
      mail = email[c];
      tel = phone[c];
    } else {
      std::string f = SyllableName(rng), l = SyllableName(rng);
      rows.syllable_names.insert(f);
      rows.syllable_names.insert(l);
      name = f + " " + l;
      mail = Lower(f) + "." + Lower(l) + std::to_string(id) + "@northwind-goods.com";
      tel = UsPhone(rng);
    }
    std::optional<std::string> manager;
    if (id > 5) manager = std::to_string(rng.Between(1, std::min<int64_t>(id - 1, 40)));
    staff +=
        Row({std::to_string(id), name, mail, tel, manager, std::to_string(rng.Between(2000, 2024)),
             std::to_string(rng.Between(84, 320) * 500)});
  }
  std::vector<int64_t> price_cents(kProducts + 1);
  for (int64_t id = 1; id <= kProducts; ++id) {
    std::string adjective = rng.Pick(kAdjectives), material = rng.Pick(kMaterials),
                noun = rng.Pick(kNouns);
    price_cents[id] = rng.Between(500, 50000);
    products += Row({std::to_string(id), adjective + " " + material + " " + noun,
                     "A " + Lower(adjective) + " " + Lower(material) + " " + Lower(noun) +
                         ", shipped flat and ready in minutes.",
                     Money(price_cents[id]), std::to_string(rng.Between(2015, 2024))});
  }
  for (int64_t id = 1; id <= kOrders; ++id) {
    int64_t product = rng.Between(1, kProducts), quantity = rng.Between(1, 5);
    std::optional<std::string> handler;
    if (!rng.Percent(20)) handler = std::to_string(rng.Between(1, kStaff));
    orders += Row({std::to_string(id), std::to_string(rng.Between(1, kCustomers)),
                   std::to_string(product), handler, std::to_string(quantity),
                   Money(price_cents[product] * quantity)});
  }
  rows.tables = {{"customers", customers}, {"products", products}, {"staff", staff},
                 {"addresses", addresses}, {"payments", payments}, {"orders", orders}};
  return rows;
}

// Fails the test when a syllable name occurs in any list under data/ (case-insensitively).
inline void CheckNamesAreOurOwn(const std::set<std::string>& names) {
  std::set<std::string> theirs;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(std::string(TDM_SOURCE_DIR) + "/data")) {
    if (entry.path().extension() != ".txt") continue;
    std::ifstream in(entry.path());
    for (std::string line; std::getline(in, line);) {
      for (size_t start = 0, end = 0; start < line.size(); start = end + 1) {
        end = line.find_first_of(" \t,|", start);
        if (end == std::string::npos) end = line.size();
        theirs.insert(Lower(line.substr(start, end - start)));
      }
    }
  }
  for (const std::string& name : names) {
    EXPECT_FALSE(theirs.count(Lower(name))) << name << " is a word of tdm's own data lists";
  }
}

// ---- PostgreSQL ---------------------------------------------------------------------------

// postgres://user:pw@host:port/<dbname> on the server of `server_url`.
inline std::string DatabaseUrl(const std::string& server_url, const std::string& dbname) {
  size_t scheme = server_url.find("://");
  size_t slash = server_url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  return server_url.substr(0, slash) + "/" + dbname;
}

inline Result<store::pg::PgConn> Connect(const std::string& server_url, const std::string& dbname) {
  auto url = store::ParseTarget(server_url);
  if (!url.ok()) return url.status();
  return store::pg::PgConn::Connect(*url, dbname);
}

// Loads `text` into `table` with COPY FROM STDIN (text format).
inline Status CopyIn(const store::pg::PgConn& conn, const std::string& table,
                     const std::string& text) {
  store::pg::PgResult start = conn.Run("COPY " + table + " FROM STDIN");
  if (PQresultStatus(start.get()) != PGRES_COPY_IN) return conn.ErrorOf(start.get(), table);
  if (PQputCopyData(conn.get(), text.data(), static_cast<int>(text.size())) != 1 ||
      PQputCopyEnd(conn.get(), nullptr) != 1) {
    return conn.ErrorOf(nullptr, "copying into " + table);
  }
  Status status;
  while (PGresult* raw = PQgetResult(conn.get())) {
    store::pg::PgResult result(raw);
    if (!result.ok() && status.ok()) status = conn.ErrorOf(raw, "copying into " + table);
  }
  return status;
}

// Creates database `dbname` on the server and loads the shop into it.
inline Status LoadPiiShop(const std::string& server_url, const std::string& dbname) {
  auto admin = Connect(server_url, "postgres");
  if (!admin.ok()) return admin.status();
  Status created = admin->Exec("CREATE DATABASE " + dbname, "creating " + dbname);
  if (!created.ok()) return created;
  auto conn = Connect(server_url, dbname);
  if (!conn.ok()) return conn.status();
  Status status = conn->Exec(kSchema, "creating the shop's tables");
  ShopRows rows = BuildShopRows();
  for (const auto& [table, text] : rows.tables) {
    if (status.ok()) status = CopyIn(*conn, table, text);
  }
  if (status.ok()) status = conn->Exec(kIndexes, "indexing the shop");
  return status;
}

}  // namespace tdm::pii_shop
