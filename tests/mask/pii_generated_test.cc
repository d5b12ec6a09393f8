// ClassifyTable on 10,000 rows that tdm's own providers generate: every provider of personal data
// is recognised by its values alone, the realistic names agree, and 20 columns take well under a
// second.
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "gen/field_spec.h"
#include "gen/provider_registry.h"
#include "gen/table_generator.h"
#include "mask/pii_detect.h"

namespace tdm::mask {
namespace {

constexpr int64_t kRows = 10'000;

struct GeneratedColumn {
  std::string name;      // a realistic column name
  std::string provider;  // the tdm provider that fills it
  std::string locale;
  std::string kind;  // what the detector must say, by values alone (under a name like "c7")
};

// 20 columns: 14 of personal data, 6 of product data.
const std::vector<GeneratedColumn>& Columns() {
  static const std::vector<GeneratedColumn> columns = {
      {"email", "email", "en_US", "email"},
      {"phone", "phone", "en_US", "phone"},
      {"telefon", "phone", "de_DE", "phone"},
      {"ssn", "ssn", "en_US", "ssn"},
      {"iban", "iban", "de_DE", "iban"},
      {"card_number", "card_number", "en_US", "credit_card"},
      {"ip", "ipv4", "en_US", "ip_address"},
      {"ip6", "ipv6", "en_US", "ip_address"},
      {"mac_address", "mac_address", "en_US", "mac_address"},
      {"full_name", "full_name", "en_US", "full_name"},
      {"shimei", "full_name", "ja_JP", "full_name"},
      {"first_name", "first_name", "fr_FR", "first_name"},
      {"last_name", "last_name", "it_IT", "last_name"},
      {"birth_date", "birthdate", "en_US", "birth_date"},
      {"id", "uuid", "en_US", ""},
      {"product_name", "product_name", "en_US", ""},
      {"description", "sentence", "en_US", ""},
      {"price", "price", "en_US", ""},
      {"in_stock", "boolean", "en_US", ""},
      {"serial", "uuid", "en_US", ""},
  };
  return columns;
}

// The table of Columns(), named "customers", its columns named as given or c0, c1, ...
std::unique_ptr<gen::TableGenerator> MakeGenerator(bool realistic_names) {
  gen::DatasetPlan plan;
  plan.name = "customers";
  plan.rows = kRows;
  for (size_t i = 0; i < Columns().size(); ++i) {
    const GeneratedColumn& c = Columns()[i];
    gen::FieldSpec f;
    f.name = realistic_names ? c.name : "c" + std::to_string(i);
    f.provider = c.provider;
    f.locale = c.locale;
    f.type = gen::Registry().Find(c.provider)->types.front();
    plan.fields.push_back(std::move(f));
  }
  gen::GenerationContext context;
  context.seed = 7;
  context.reference_time = 1'767'225'600'000'000;  // 2026-01-01
  auto table = gen::TableGenerator::Create(plan, context, [](std::string_view) {
    return static_cast<const gen::TableGenerator*>(nullptr);
  });
  EXPECT_TRUE(table.ok()) << table.status().ToString();
  return table.ok() ? std::move(table).value() : nullptr;
}

TEST(PiiGenerated, TdmProvidersAreRecognisedByValueAlone) {
  auto table = MakeGenerator(false);
  ASSERT_NE(table, nullptr);
  Batch batch;
  table->Fill(0, kRows, batch);
  std::vector<ColumnFinding> findings = ClassifyTable(table->schema(), batch);
  ASSERT_EQ(findings.size(), Columns().size());
  for (size_t i = 0; i < findings.size(); ++i) {
    const ColumnFinding& f = findings[i];
    const GeneratedColumn& c = Columns()[i];
    EXPECT_EQ(f.kind, c.kind) << c.provider << " (" << c.locale << "): " << f.reason;
    if (c.kind.empty()) {
      EXPECT_EQ(f.level, Sensitivity::kGreen) << c.provider << ": " << f.reason;
      continue;
    }
    EXPECT_NE(f.level, Sensitivity::kGreen) << c.provider << ": " << f.reason;
    EXPECT_EQ(f.sampled, kMaxValuesPerColumn) << c.provider;
    EXPECT_GE(f.matched, f.sampled * 8 / 10) << c.provider << ": " << f.reason;
  }
}

TEST(PiiGenerated, NamesAndValuesAgreeAndTwentyColumnsTakeWellUnderASecond) {
  auto table = MakeGenerator(true);
  ASSERT_NE(table, nullptr);
  Batch batch;
  table->Fill(0, kRows, batch);
  ClassifyTable(table->schema(), batch);  // loads the name lists and phone metadata
  auto start = std::chrono::steady_clock::now();
  std::vector<ColumnFinding> findings = ClassifyTable(table->schema(), batch);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "ClassifyTable: " << kRows << " rows x " << findings.size() << " columns in "
            << seconds * 1000 << " ms\n";
  RecordProperty("classify_ms", std::to_string(seconds * 1000));
  EXPECT_LT(seconds, 1.0);
  ASSERT_EQ(findings.size(), Columns().size());
  for (size_t i = 0; i < findings.size(); ++i) {
    const GeneratedColumn& c = Columns()[i];
    EXPECT_EQ(findings[i].kind, c.kind) << c.name << ": " << findings[i].reason;
    if (!c.kind.empty()) {
      EXPECT_GE(findings[i].confidence, 0.9) << c.name;
    }
  }
}

}  // namespace
}  // namespace tdm::mask
