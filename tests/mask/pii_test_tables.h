// Small hand-built tables for the PII detector tests: a customers table with one column of each
// common kind, a products table, and a table of multilingual column names, with realistic values.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "core/batch.h"
#include "core/time_format.h"
#include "mask/pii_detect.h"

namespace tdm::mask::testing {

struct TestColumn {
  std::string name;
  ColumnType type = ColumnType::kString;
  // As text: integers and floats are parsed, dates read as YYYY-MM-DD; "" is a null.
  std::vector<std::string> values;
  bool primary_key = false;
};

struct TestTable {
  TableSchema schema;
  Batch batch;
  std::vector<ColumnFinding> findings;

  const ColumnFinding& Of(std::string_view column) const {
    for (const ColumnFinding& f : findings) {
      if (f.column == column) return f;
    }
    ADD_FAILURE() << "no finding for " << column;
    static const ColumnFinding kNone;
    return kNone;
  }
};

inline std::unique_ptr<TestTable> Classify(std::string name, std::vector<TestColumn> columns,
                                           std::vector<ForeignKeySchema> foreign_keys = {}) {
  auto t = std::make_unique<TestTable>();
  t->schema.name = std::move(name);
  t->schema.foreign_keys = std::move(foreign_keys);
  size_t rows = 0;
  for (const TestColumn& c : columns) {
    t->schema.columns.push_back({c.name, c.type, true, false, c.primary_key});
    rows = std::max(rows, c.values.size());
  }
  t->batch.Reset(t->schema, 0, rows);
  for (size_t i = 0; i < columns.size(); ++i) {
    Column& out = t->batch.columns[i];
    for (size_t r = 0; r < rows; ++r) {
      const std::string& v = r < columns[i].values.size() ? columns[i].values[r] : "";
      if (v.empty()) {
        out.AppendNull();
        continue;
      }
      switch (columns[i].type) {
        case ColumnType::kInteger:
        case ColumnType::kBoolean:
          out.AppendInt(std::stoll(v));
          break;
        case ColumnType::kFloat:
          out.AppendDouble(std::stod(v));
          break;
        case ColumnType::kDate:
          out.AppendInt(*ParseDate(v));
          break;
        case ColumnType::kDateTime:
          out.AppendInt(*ParseDateTime(v));
          break;
        default:
          out.AppendString(v);
      }
    }
  }
  t->findings = ClassifyTable(t->schema, t->batch);
  return t;
}

// Every text value of the table (the cells a reason must never repeat).
inline std::vector<std::string> TextValues(const std::vector<TestColumn>& columns) {
  std::vector<std::string> out;
  for (const TestColumn& c : columns) {
    for (const std::string& v : c.values) {
      if (v.size() >= 3) out.push_back(v);
    }
  }
  return out;
}

inline std::vector<TestColumn> CustomerColumns() {
  return {
      {"id",
       ColumnType::kInteger,
       {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"},
       true},
      {"first_name",
       ColumnType::kString,
       {"Anna", "James", "Sophie", "Lukas", "Maria", "Pierre", "Carmen", "Giulia", "Marco", "Lucas",
        "Mary", "Jean"}},
      {"last_name",
       ColumnType::kString,
       {"M\xc3\xbcller", "Smith", "Dubois", "Schmidt", "Rossi", "Lefebvre",
        "Garc\xc3\xad"
        "a",
        "Bianchi", "Ferrari", "Silva", "Johnson", "Moreau"}},
      {"email",
       ColumnType::kString,
       {"anna.mueller@example.org", "james.smith@mail.example.com", "sophie.dubois@example.fr",
        "lukas.schmidt@example.de", "maria.rossi@example.it", "p.lefebvre@example.fr",
        "carmen.garcia@example.es", "giulia.b@example.it", "marco.ferrari@example.it",
        "lucas.silva@example.com.br", "mary.johnson@example.com", "jean.moreau@example.fr"}},
      {"phone",
       ColumnType::kString,
       {"+49 30 12345678", "+1 415-555-2671", "+33 6 12 34 56 78", "030 12345678",
        "+39 06 1234 5678", "06 12 34 56 78", "+34 612 345 678", "+39 347 123 4567",
        "+44 20 7946 0958", "+55 11 91234-5678", "(415) 555-2671", "+81 90-1234-5678"}},
      {"ssn",
       ColumnType::kString,
       {"123-45-6789", "078-05-1120", "219-09-9999", "457-55-5462", "001-01-0001", "532-84-1190",
        "401-22-3344", "212-67-8901", "345-12-9876", "589-33-2211", "765-43-2109", "111-22-3333"}},
      {"birth_date",
       ColumnType::kDate,
       {"1985-03-12", "1972-11-02", "1990-07-23", "2001-01-30", "1964-05-17", "1979-09-09",
        "1995-12-24", "1988-02-29", "1958-06-01", "2003-10-10", "1969-04-04", "1983-08-15"}},
      {"created_year",
       ColumnType::kInteger,
       {"2015", "2016", "2017", "2018", "2019", "2020", "2021", "2022", "2023", "2024", "2024",
        "2019"}},
      {"street",
       ColumnType::kString,
       {"Hauptstra\xc3\x9f"
        "e 12",
        "221B Baker Street", "12 Rue de Rivoli", "Calle Mayor 5", "Via Roma 3", "8 Avenue Foch",
        "Gran V\xc3\xad"
        "a 28",
        "Corso Italia 44", "Rua Augusta 90", "1600 Pennsylvania Avenue NW", "10 Downing Street",
        "5 Place Bellecour"}},
      {"postcode",
       ColumnType::kString,
       {"10115", "NW1 6XE", "75001", "80331", "00184", "75116", "28013", "20122", "01310-100",
        "20500", "SW1A 2AA", "69002"}},
      {"city",
       ColumnType::kString,
       {"Berlin", "London", "Paris", "M\xc3\xbcnchen", "Rome", "Paris", "Madrid", "Milan",
        "S\xc3\xa3o Paulo", "Washington", "London", "Lyon"}},
      {"card_number",
       ColumnType::kString,
       {"4111 1111 1111 1111", "5500-0000-0000-0004", "378282246310005", "6011111111111117",
        "3530111333300000", "4012888888881881", "5555555555554444", "30569309025904",
        "2221000000000009", "5105105105105100", "4000056655665556", "4111-1111-1111-1111"}},
      {"iban",
       ColumnType::kString,
       {"DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432", "FR1420041010050500013M02606",
        "DE75512108001245126199", "IT60X0542811101000000123456", "FR7630006000011234567890189",
        "ES9121000418450200051332", "NL91ABNA0417164300", "BR1800360305000010009795493C1",
        "GB33BUKB20201555555555", "ES7921000813610123456789", "CH9300762011623852957"}},
      {"ip",
       ColumnType::kString,
       {"192.168.1.10", "10.0.0.5", "2001:db8::1", "172.16.4.20", "8.8.8.8",
        "fe80::1ff:fe23:4567:890a", "203.0.113.7", "198.51.100.23", "192.0.2.44", "10.1.2.3",
        "2001:db8:85a3::8a2e:370:7334", "100.64.0.1"}},
      {"notes",
       ColumnType::kString,
       {"Prefers morning delivery", "VIP customer since 2019", "Called about a late order", "",
        "Asked for a paper invoice", "", "Returned one item", "Gift wrapping every time", "",
        "Pays by bank transfer", "Moved last year", ""}},
  };
}

inline std::vector<TestColumn> ProductColumns() {
  return {{"id", ColumnType::kInteger, {"1", "2", "3", "4", "5", "6"}, true},
          {"name",
           ColumnType::kString,
           {"Ergonomic Steel Chair", "Wireless Mouse", "Green Tea 500g", "Rose Gold Watch",
            "Jordan Running Shoes", "Standing Desk"}},
          {"description",
           ColumnType::kString,
           {"A chair for long working days.", "Two buttons and a wheel, 2.4 GHz.",
            "Loose-leaf green tea from Shizuoka.", "Stainless steel, water resistant to 50 m.",
            "Light shoes for road running.", "Electric height adjustment, 120 x 60 cm."}},
          {"price", ColumnType::kFloat, {"199.99", "24.5", "8.9", "349", "89.95", "499"}},
          {"year", ColumnType::kInteger, {"2019", "2021", "2020", "2023", "2022", "2024"}},
          {"in_stock", ColumnType::kBoolean, {"1", "0", "1", "1", "0", "1"}}};
}

inline std::vector<TestColumn> MultilingualColumns() {
  return {{"correo",
           ColumnType::kString,
           {"lucia.garcia@example.es", "pablo.m@example.es", "ana.lopez@example.com",
            "javier@example.org"}},
          {"telefono",
           ColumnType::kString,
           {"+34 612 345 678", "+34 913 12 34 56", "612345678", "+39 06 1234 5678"}},
          {"vorname", ColumnType::kString, {"Anna", "Lukas", "Maria", "Sophie"}},
          {"nachname", ColumnType::kString, {"M\xc3\xbcller", "Schmidt", "Wagner", "Fischer"}},
          {"codice_fiscale",
           ColumnType::kString,
           {"RSSMRA85T10A562S", "BNCGLI90A41H501E", "VRDLCU78C15F205H", "FRRFNC82E22L219K"}},
          {"cpf",
           ColumnType::kString,
           {"526.018.159-06", "083.016.613-05", "186.091.390-34", "996.030.824-30"}}};
}

}  // namespace tdm::mask::testing
