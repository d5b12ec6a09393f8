// A small spec with one of every rule the validation engine checks, provisioned into a fresh
// namespace of any target, so each test can break one thing with plain SQL and look for it.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>

#include "provision/lifecycle.h"
#include "provision/provisioner.h"
#include "spec/resolver.h"
#include "validate/engine.h"

namespace tdm::validate_test {

inline constexpr const char* kDataSpec = R"yaml(seed: 7
datasets:
  users:
    volume: 50
    fields:
      _id: {type: ObjectId, primary_key: true}
      name: {type: string, provider: full_name}
      email: {type: string, provider: email, unique: true}
      phone: {type: string, provider: phone}
      age: {type: integer, provider: age}
      created_at: {type: datetime, provider: datetime, min: "2020-01-01", max: "2024-12-31"}
      updated_at: {type: datetime, provider: datetime, min: "2025-01-01", max: "2025-06-01"}
  movies:
    volume: 80
    fields:
      _id: {type: ObjectId, primary_key: true}
      title: {type: string, provider: movie_title}
      year: {type: integer, provider: year}
      user_id: {type: ObjectId, foreign_key: users._id}
)yaml";

inline constexpr const char* kSchema = R"yaml(collections:
  users:
    strict: true
    fields:
      _id: {type: ObjectId, required: true}
      name: {type: string, required: true, pattern: "^[A-Za-z ]+$"}
      email: {type: string, required: true, pattern: "^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\\.[a-zA-Z]{2,}$"}
      phone: {type: string, required: true, pattern: "^\\+?[1-9]\\d{1,14}$"}
      age: {type: number, required: false, constraint: "> 0 AND < 150"}
      created_at: {type: datetime, required: true, constraint: "< now()"}
      updated_at: {type: datetime, required: true, constraint: ">= created_at"}
    relationships:
      - foreign_key: user_id
        references: movies.user_id
movies:
  strict: false
  fields:
    year: {type: number, required: true, constraint: ">= 1900 AND <= 2100"}
)yaml";

// Provisions the spec above into `target` (a fresh namespace) and validates it on demand.
class ValidateFixture {
 public:
  explicit ValidateFixture(const std::string& target) {
    dir_ = std::filesystem::temp_directory_path() /
           ("tdm-validate-" + std::to_string(getpid()) + "-" + std::to_string(counter()++));
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "data-spec.yaml") << kDataSpec;
    std::ofstream(dir_ / "schema-validation.yaml") << kSchema;
    auto spec = spec::LoadAndResolve((dir_ / "data-spec.yaml").string());
    if (!spec.ok()) throw std::runtime_error(spec.status().ToString());
    spec_ = std::move(*spec);
    auto registry = provision::Registry::Open((dir_ / ".tdm").string());
    if (!registry.ok()) throw std::runtime_error(registry.status().ToString());
    provision::ProvisionOptions options;
    options.target = target.empty() ? "sqlite://" + (dir_ / "db").string() + "/" : target;
    options.use_template = false;
    auto outcome =
        provision::Provision(spec_, (dir_ / "data-spec.yaml").string(), {}, *registry, options);
    if (!outcome.ok()) throw std::runtime_error(outcome.status().ToString());
    record_ = outcome->record;
    summary_ = outcome->validation;
    auto db = provision::OpenExecutionTarget(record_);
    if (!db.ok()) throw std::runtime_error(db.status().ToString());
    db_ = std::move(*db);
  }
  ~ValidateFixture() {
    if (db_) (void)db_->Drop(record_.ns);
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  store::Database& db() { return *db_; }
  const std::string& ns() const { return record_.ns; }
  const provision::ExecutionRecord& record() const { return record_; }
  const validate::ValidationSummary& provision_summary() const { return summary_; }

  validate::ValidationReport Validate() {
    validate::ValidateOptions options;
    std::vector<std::string> tables;
    for (const auto& [name, rows] : record_.tables) {
      tables.push_back(name);
      options.expected_rows[name] = rows;
    }
    auto report = validate::Validate(*db_, record_.ns, spec_, tables, options);
    if (!report.ok()) throw std::runtime_error(report.status().ToString());
    return *report;
  }

 private:
  static int& counter() {
    static int n = 0;
    return n;
  }
  std::filesystem::path dir_;
  spec::ResolvedSpec spec_;
  provision::ExecutionRecord record_;
  validate::ValidationSummary summary_;
  std::unique_ptr<store::Database> db_;
};

// The one finding of `stage` on table.field with `rule`, or nullptr.
inline const validate::Finding* FindFinding(const validate::ValidationReport& report,
                                            const std::string& stage, const std::string& table,
                                            const std::string& field, const std::string& rule) {
  const validate::StageResult* s = report.Stage(stage);
  if (s == nullptr) return nullptr;
  for (const validate::Finding& f : s->findings) {
    if (f.table == table && f.field == field && f.rule == rule) return &f;
  }
  return nullptr;
}

}  // namespace tdm::validate_test
