// The loaders read every example of the strategy document as written, in both data-spec forms.
#include "spec/loader.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <string>
#include <vector>

#include "spec/resolver.h"
#include "spec_test_util.h"

namespace tdm::spec {
namespace {

using testing::At;
using testing::ExamplePath;
using testing::ReadFile;

const DatasetDecl* FindDataset(const std::vector<DatasetDecl>& datasets, const std::string& name) {
  for (const DatasetDecl& d : datasets) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

const FieldDecl* FindFieldDecl(const DatasetDecl& dataset, const std::string& name) {
  for (const FieldDecl& f : dataset.fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

// The data spec held by the k8s ConfigMap (`data: data-spec.yaml: |`).
std::string K8sEmbeddedSpec() {
  std::vector<YAML::Node> documents = YAML::LoadAllFromFile(ExamplePath("k8s/k8s-manifest.yaml"));
  for (const YAML::Node& doc : documents) {
    if (doc["kind"] && doc["kind"].as<std::string>() == "ConfigMap") {
      return doc["data"]["data-spec.yaml"].as<std::string>();
    }
  }
  return "";
}

TEST(LoaderTest, EnvironmentFormDataSpecLoads) {
  auto doc = LoadDataSpec(ExamplePath("data-spec.yaml"));
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  ASSERT_EQ(doc->environments.size(), 3u);
  EXPECT_EQ(doc->environments[0].name, "local");
  EXPECT_EQ(doc->environments[0].volume, 100);
  EXPECT_EQ(doc->environments[0].masking, "aggressive");
  EXPECT_EQ(doc->environments[1].name, "ci");
  EXPECT_EQ(doc->environments[1].volume, 1000);
  EXPECT_EQ(doc->environments[1].masking, "standard");
  EXPECT_EQ(doc->environments[2].name, "staging");
  EXPECT_EQ(doc->environments[2].volume, 100000);

  ASSERT_EQ(doc->datasets.size(), 1u);
  const DatasetDecl& movies = doc->datasets[0];
  EXPECT_EQ(movies.name, "movies");
  EXPECT_EQ(movies.factory, "MovieFactory");
  ASSERT_EQ(movies.relationships.size(), 1u);
  EXPECT_EQ(movies.relationships[0].field, "user_id");
  EXPECT_EQ(movies.relationships[0].table, "users");
  EXPECT_EQ(movies.relationships[0].column, "");

  EXPECT_EQ(doc->masking_policies.at("email"), "anonymize");
  EXPECT_EQ(doc->masking_policies.at("phone"), "redact");
  EXPECT_EQ(doc->masking_policies.at("ssn"), "hash");
}

TEST(LoaderTest, DeclarationsRememberWhereTheyWereWritten) {
  std::string path = ExamplePath("data-spec.yaml");
  auto doc = LoadDataSpec(path);
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  std::string text = ReadFile(path);
  const DatasetDecl& movies = doc->datasets[0];
  EXPECT_EQ(movies.where.file, path);
  EXPECT_EQ(std::pair(movies.where.line, movies.where.column), At(text, "movies:"));
  EXPECT_EQ(std::pair(movies.factory_where.line, movies.factory_where.column),
            At(text, "MovieFactory"));
  EXPECT_EQ(std::pair(movies.relationships[0].where.line, movies.relationships[0].where.column),
            At(text, "{ foreign_key"));
  EXPECT_EQ(std::pair(doc->environments[1].where.line, doc->environments[1].where.column),
            At(text, "ci:"));
}

TEST(LoaderTest, VersionFormDataSpecLoads) {
  auto doc = LoadDataSpec(ExamplePath("data-spec-v1.yaml"));
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->version, "1.0");
  ASSERT_EQ(doc->datasets.size(), 2u);
  const DatasetDecl* users = FindDataset(doc->datasets, "users");
  ASSERT_NE(users, nullptr);
  EXPECT_EQ(users->factory, "UserFactory");
  EXPECT_EQ(users->volume, 1000);
  ASSERT_EQ(users->fields.size(), 3u);
  EXPECT_EQ(users->fields[0].name, "email");
  EXPECT_EQ(users->fields[0].type, "string");
  EXPECT_EQ(users->fields[0].required, true);
  EXPECT_EQ(users->fields[0].masked, "hash");
  EXPECT_EQ(users->fields[1].name, "phone");
  EXPECT_EQ(users->fields[1].masked, "redact");
  EXPECT_EQ(users->fields[2].name, "age");
  EXPECT_EQ(users->fields[2].type, "number");
  EXPECT_EQ(users->fields[2].required, false);
  EXPECT_EQ(users->fields[2].constraint, "> 0 AND < 150");

  const DatasetDecl* movies = FindDataset(doc->datasets, "movies");
  ASSERT_NE(movies, nullptr);
  EXPECT_EQ(movies->volume, 5000);
  ASSERT_EQ(movies->relationships.size(), 1u);
  EXPECT_EQ(movies->relationships[0].field, "user_id");
  EXPECT_EQ(movies->relationships[0].table, "users");
  EXPECT_EQ(movies->relationships[0].column, "_id");
}

TEST(LoaderTest, SchemaValidationLoadsNestedAndTopLevelCollections) {
  auto doc = LoadSchema(ExamplePath("schema-validation.yaml"));
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  ASSERT_EQ(doc->collections.size(), 2u);
  const DatasetDecl& users = doc->collections[0];
  EXPECT_EQ(users.name, "users");
  EXPECT_EQ(users.strict, true);
  std::vector<std::string> names;
  for (const FieldDecl& f : users.fields) names.push_back(f.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"_id", "name", "email", "phone", "created_at", "age"}));
  EXPECT_EQ(FindFieldDecl(users, "email")->pattern,
            "^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\\.[a-zA-Z]{2,}$");
  EXPECT_EQ(FindFieldDecl(users, "phone")->pattern, "^\\+?[1-9]\\d{1,14}$");
  EXPECT_EQ(FindFieldDecl(users, "created_at")->constraint, "< now()");
  ASSERT_EQ(users.indexes.size(), 2u);
  EXPECT_EQ(users.indexes[0].name, "email_idx");
  EXPECT_TRUE(users.indexes[0].unique);
  EXPECT_EQ(users.indexes[0].columns, std::vector<std::string>{"email"});
  EXPECT_EQ(users.indexes[1].name, "created_at_idx");
  EXPECT_FALSE(users.indexes[1].unique);
  ASSERT_EQ(users.relationships.size(), 1u);
  EXPECT_EQ(users.relationships[0].field, "user_id");
  EXPECT_EQ(users.relationships[0].table, "movies");
  EXPECT_EQ(users.relationships[0].column, "user_id");

  const DatasetDecl& movies = doc->collections[1];
  EXPECT_EQ(movies.name, "movies");
  EXPECT_EQ(movies.strict, false);
  EXPECT_EQ(FindFieldDecl(movies, "year")->constraint, ">= 1900 AND <= 2100");
  EXPECT_EQ(FindFieldDecl(movies, "user_id")->foreign_key, "users._id");
}

TEST(LoaderTest, MaskingPoliciesLoad) {
  auto doc = LoadMaskingPolicies(ExamplePath("masking-policies.yaml"));
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->default_strategy, "hash");
  EXPECT_EQ(doc->default_salt, "default_salt_12345");
  EXPECT_EQ(doc->pii_fields,
            (std::vector<std::string>{"email", "phone", "ssn", "credit_card", "full_name"}));
  ASSERT_EQ(doc->rules.size(), 5u);
  auto rule = [&](const std::string& field) -> const MaskingRule& {
    return *std::find_if(doc->rules.begin(), doc->rules.end(),
                         [&](const MaskingRule& r) { return r.field == field; });
  };
  EXPECT_EQ(rule("email").strategy, "hash");
  EXPECT_EQ(rule("email").salt, "email_salt_9876");
  EXPECT_EQ(rule("phone").strategy, "redact");
  EXPECT_EQ(rule("phone").replacement, "+1-555-0000");
  EXPECT_EQ(rule("full_name").faker_provider, "name");
  EXPECT_TRUE(rule("credit_card").show_last_4);
  EXPECT_TRUE(doc->log_masking_operations);
  EXPECT_TRUE(doc->include_user_id);
  EXPECT_TRUE(doc->include_timestamp);
  EXPECT_EQ(doc->audit_encryption, "AES-256");
  EXPECT_EQ(doc->regulatory.at("GDPR").at("data_retention_days"), "30");
  EXPECT_EQ(doc->regulatory.at("CCPA").at("personal_info_disclosure"), "required");
  EXPECT_EQ(doc->regulatory.at("HIPAA").at("encryption"), "required");
  EXPECT_EQ(doc->phi_fields,
            (std::vector<std::string>{"medical_record_id", "diagnosis", "medication"}));
}

TEST(LoaderTest, K8sConfigMapSpecLoadsAndResolves) {
  std::string text = K8sEmbeddedSpec();
  ASSERT_FALSE(text.empty());
  auto doc = ParseDataSpec("k8s-manifest.yaml#data-spec.yaml", text);
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->version, "1.0");
  ASSERT_EQ(doc->datasets.size(), 1u);
  EXPECT_EQ(doc->datasets[0].name, "users");
  EXPECT_EQ(doc->datasets[0].factory, "UserFactory");
  EXPECT_EQ(doc->datasets[0].volume, 100000);

  auto resolved = Resolve(SpecFiles{*doc, std::nullopt, std::nullopt});
  ASSERT_TRUE(resolved.ok()) << resolved.status().ToString();
  auto plan = PlanProvision(*resolved, testing::Request("staging"));
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_EQ(plan->tables.size(), 1u);
  EXPECT_EQ(plan->tables[0].name, "users");
  EXPECT_EQ(plan->tables[0].rows, 100000);
}

TEST(LoaderTest, EveryExampleResolvesOnItsOwn) {
  for (const char* name : {"data-spec.yaml", "data-spec-v1.yaml"}) {
    SCOPED_TRACE(name);
    auto doc = LoadDataSpec(ExamplePath(name));
    ASSERT_TRUE(doc.ok()) << doc.status().ToString();
    auto resolved = Resolve(SpecFiles{*doc, std::nullopt, std::nullopt});
    ASSERT_TRUE(resolved.ok()) << resolved.status().ToString();
    EXPECT_FALSE(resolved->content_hash.empty());
  }
}

TEST(LoaderTest, FieldsAcceptListMappingAndShorthandForms) {
  auto doc = ParseDataSpec("data-spec.yaml", R"(
datasets:
  a:
    fields:
      - name: x
        type: integer
  b:
    fields:
      y: integer
      z:
      w: {type: string}
)");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  ASSERT_EQ(doc->datasets.size(), 2u);
  EXPECT_EQ(doc->datasets[0].fields[0].name, "x");
  EXPECT_EQ(doc->datasets[0].fields[0].type, "integer");
  ASSERT_EQ(doc->datasets[1].fields.size(), 3u);
  EXPECT_EQ(doc->datasets[1].fields[0].type, "integer");
  EXPECT_FALSE(doc->datasets[1].fields[1].type.has_value());
  EXPECT_EQ(doc->datasets[1].fields[2].type, "string");
}

TEST(LoaderTest, MissingFilesAreNotFound) {
  EXPECT_EQ(LoadDataSpec("/nonexistent/data-spec.yaml").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(LoadSchema("/nonexistent/schema.yaml").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(LoadMaskingPolicies("/nonexistent/m.yaml").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(LoadAndResolve("/nonexistent/data-spec.yaml").status().code(), StatusCode::kNotFound);
}

TEST(LoaderTest, EmptySchemaAndMaskingFilesAreEmptyDocuments) {
  auto schema = ParseSchema("s.yaml", "");
  ASSERT_TRUE(schema.ok());
  EXPECT_TRUE(schema->collections.empty());
  auto masking = ParseMaskingPolicies("m.yaml", "# nothing\n");
  ASSERT_TRUE(masking.ok());
  EXPECT_TRUE(masking->rules.empty());
}

Result<DataSpecDocument> WithTtl(const std::string& ttl) {
  return ParseDataSpec("data-spec.yaml",
                       "environments: {ci: {ttl: " + ttl + "}}\ndatasets: {users: }\n");
}

TEST(LoaderTest, EnvironmentTtlInHoursOrDays) {
  EXPECT_EQ(WithTtl("24h")->environments[0].ttl_hours, 24);
  EXPECT_EQ(WithTtl("7d")->environments[0].ttl_hours, 168);
  EXPECT_EQ(WithTtl("12")->environments[0].ttl_hours, 12);
  for (const char* bad : {"0h", "-1d", "soon", "h"}) {
    auto doc = WithTtl(bad);
    ASSERT_FALSE(doc.ok()) << bad;
    EXPECT_EQ(doc.status().code(), StatusCode::kSpecError);
    EXPECT_TRUE(testing::MessageHas(doc.status(), {"'ttl' must be a duration"}));
  }
}

// ReadTtlHours' comment promises "24h", "7d", "90m" or a bare number of hours; minutes are
// rejected ("'ttl' must be a duration such as 24h or 7d, found '90m'").
TEST(LoaderTest, EnvironmentTtlInMinutes) {
  auto doc = WithTtl("90m");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_TRUE(doc->environments[0].ttl_hours.has_value());
}

TEST(LoaderTest, EmptyDataSpecIsAnError) {
  auto doc = ParseDataSpec("data-spec.yaml", "");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), StatusCode::kSpecError);
  EXPECT_TRUE(testing::MessageHas(doc.status(), {"empty", "datasets"}));
}

}  // namespace
}  // namespace tdm::spec
