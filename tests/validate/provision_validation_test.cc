// provision validates the building copy before it marks an execution ready: a schema or
// relationship failure fails the provision, rolls the data back and records why.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "provision/provisioner.h"
#include "provision/registry.h"
#include "spec/resolver.h"
#include "validate_fixture.h"

namespace tdm {
namespace {

namespace fs = std::filesystem;

class ProvisionValidationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("tdm-provision-validation-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(dir_ / "data-spec.yaml") << validate_test::kDataSpec;
    std::ofstream(dir_ / "schema-validation.yaml") << validate_test::kSchema;
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Provisions the fixture's spec after `tamper` has changed the compiled rules.
  Result<provision::ProvisionOutcome> ProvisionWith(
      const std::function<void(std::vector<validate::TableRules>&)>& tamper) {
    auto spec = spec::LoadAndResolve((dir_ / "data-spec.yaml").string());
    EXPECT_TRUE(spec.ok()) << spec.status().ToString();
    auto prepared = provision::Prepare(*spec, spec::ProvisionRequest{"local", "all", {}, {}});
    EXPECT_TRUE(prepared.ok()) << prepared.status().ToString();
    tamper(prepared->rules);
    auto registry = provision::Registry::Open((dir_ / ".tdm").string());
    EXPECT_TRUE(registry.ok());
    provision::ProvisionOptions options;
    options.execution_id = "checked";
    options.use_template = false;
    return provision::Provision(std::move(*prepared), (dir_ / "data-spec.yaml").string(), *registry,
                                options);
  }

  provision::ExecutionRecord Recorded() {
    auto registry = provision::Registry::Open((dir_ / ".tdm").string());
    auto found = registry->Find("checked");
    EXPECT_TRUE(found.ok() && found->has_value());
    return **found;
  }

  fs::path dir_;
};

validate::ColumnRules& Column(std::vector<validate::TableRules>& rules, const std::string& table,
                              const std::string& field) {
  for (auto& t : rules) {
    for (auto& c : t.columns) {
      if (t.table == table && c.field == field) return c;
    }
  }
  throw std::runtime_error("no rule for " + table + "." + field);
}

TEST_F(ProvisionValidationTest, AllStagesPassAndAreReported) {
  auto outcome = ProvisionWith([](auto&) {});
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(outcome->validation.schema_validation, "passed");
  EXPECT_EQ(outcome->validation.referential_integrity, "passed");
  EXPECT_EQ(outcome->validation.data_consistency, "passed");
  EXPECT_EQ(Recorded().status, "ready");
}

TEST_F(ProvisionValidationTest, ASchemaFailureRollsTheProvisionBack) {
  auto outcome = ProvisionWith(
      [](auto& rules) { Column(rules, "users", "name").pattern = std::string("^[0-9]+$"); });
  ASSERT_FALSE(outcome.ok());
  EXPECT_NE(outcome.status().message().find("validation failed"), std::string::npos)
      << outcome.status().ToString();
  EXPECT_NE(outcome.status().message().find("users"), std::string::npos);
  provision::ExecutionRecord record = Recorded();
  EXPECT_EQ(record.status, "failed");
  EXPECT_NE(record.error.find("validation failed"), std::string::npos) << record.error;
  // Neither the building copy nor a final database is left behind.
  for (const auto& entry : fs::directory_iterator(dir_ / ".tdm" / "executions")) {
    ADD_FAILURE() << "left behind: " << entry.path();
  }
}

TEST_F(ProvisionValidationTest, AConsistencyFailureIsAnAlertNotAFailure) {
  // created_at can never be before updated_at here: the order rule is reversed on purpose.
  auto outcome = ProvisionWith([](auto& rules) {
    auto& created = Column(rules, "users", "created_at");
    auto& updated = Column(rules, "users", "updated_at");
    std::swap(created.order, updated.order);
    for (auto& o : created.order) o.other = "updated_at";
  });
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(outcome->validation.data_consistency, "failed");
  EXPECT_EQ(Recorded().status, "ready");
}

}  // namespace
}  // namespace tdm
