// Bad YAML and bad structure that the loaders reject before anything is resolved: each gives
// kSpecError at the file:line:column of the offending token, with a "did you mean" for typos.
#include <gtest/gtest.h>

#include <string>

#include "spec/loader.h"
#include "spec/resolver.h"
#include "spec_test_util.h"

namespace tdm::spec {
namespace {

using testing::At;
using testing::IsSpecErrorAt;
using testing::MessageHas;

constexpr const char* kSpec = "data-spec.yaml";
constexpr const char* kSchema = "schema-validation.yaml";

TEST(SpecErrorTest, MalformedYamlPointsAtTheUnclosedBracket) {
  const std::string text =
      "datasets:\n"
      "  users:\n"
      "    factory: UserFactory\n"
      "    indexes: [{fields: [email]}\n"
      "    volume: 10\n";
  auto doc = ParseDataSpec(kSpec, text);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), StatusCode::kSpecError);
  EXPECT_TRUE(MessageHas(doc.status(), {"invalid YAML"}));
  ASSERT_TRUE(doc.status().where().has_value());
  EXPECT_EQ(doc.status().where()->file, kSpec);
  // yaml-cpp notices the missing ']' on the line after the bracket; the error must point at the
  // bracket's line or the one where parsing stopped, never at line 0.
  int line = doc.status().where()->line;
  EXPECT_GE(line, At(text, "[{fields").first);
  EXPECT_LE(line, At(text, "volume").first + 1);
}

TEST(SpecErrorTest, MalformedYamlInlineBracket) {
  const std::string text = "datasets: {users: {factory: UserFactory}\n";
  auto doc = ParseDataSpec(kSpec, text);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), StatusCode::kSpecError);
  ASSERT_TRUE(doc.status().where().has_value());
  EXPECT_GE(doc.status().where()->line, 1);
  EXPECT_GE(doc.status().where()->column, 1);
}

TEST(SpecErrorTest, UnknownDatasetKeySuggestsTheKnownOne) {
  const std::string text =
      "datasets:\n"
      "  users:\n"
      "    factory: UserFactory\n"
      "    volum: 10\n";
  EXPECT_TRUE(IsSpecErrorAt(ParseDataSpec(kSpec, text).status(), kSpec, text, "volum:",
                            {"unknown key 'volum'", "dataset 'users'", "did you mean 'volume'"}));
}

TEST(SpecErrorTest, UnknownTopLevelKeySuggestsTheKnownOne) {
  const std::string text =
      "datasets:\n"
      "  users: {}\n"
      "enviroments:\n"
      "  ci: {volume: 10}\n";
  EXPECT_TRUE(IsSpecErrorAt(ParseDataSpec(kSpec, text).status(), kSpec, text, "enviroments",
                            {"unknown key 'enviroments'", "did you mean 'environments'"}));
}

TEST(SpecErrorTest, UnknownFieldKeySuggestsTheKnownOne) {
  const std::string text =
      "datasets:\n"
      "  users:\n"
      "    fields:\n"
      "      age: {type: integer, constrant: \"> 0\"}\n";
  EXPECT_TRUE(
      IsSpecErrorAt(ParseDataSpec(kSpec, text).status(), kSpec, text, "constrant",
                    {"unknown key 'constrant'", "field 'users.age'", "did you mean 'constraint'"}));
}

TEST(SpecErrorTest, UnknownKeyWithoutCloseMatchListsTheKeys) {
  const std::string text =
      "datasets:\n"
      "  users:\n"
      "    colour: blue\n";
  EXPECT_TRUE(IsSpecErrorAt(ParseDataSpec(kSpec, text).status(), kSpec, text, "colour",
                            {"unknown key 'colour'", "expected one of", "factory", "volume"}));
}

TEST(SpecErrorTest, UnknownSchemaTopLevelKeySuggestsCollections) {
  const std::string text =
      "colections:\n"
      "  users:\n"
      "    strict: true\n";
  EXPECT_TRUE(IsSpecErrorAt(ParseSchema(kSchema, text).status(), kSchema, text, "colections",
                            {"unknown key 'colections'", "did you mean 'collections'"}));
}

TEST(SpecErrorTest, NegativeVolume) {
  const std::string text =
      "datasets:\n"
      "  users:\n"
      "    volume: -5\n";
  EXPECT_TRUE(IsSpecErrorAt(ParseDataSpec(kSpec, text).status(), kSpec, text, "-5",
                            {"'volume' of dataset 'users'", "must not be negative", "-5"}));
}

TEST(SpecErrorTest, NegativeEnvironmentVolume) {
  const std::string text =
      "environments:\n"
      "  ci:\n"
      "    volumes: -1000\n"
      "datasets:\n"
      "  users:\n";
  EXPECT_TRUE(IsSpecErrorAt(ParseDataSpec(kSpec, text).status(), kSpec, text, "-1000",
                            {"environment 'ci'", "must not be negative"}));
}

TEST(SpecErrorTest, VolumeThatIsNotANumber) {
  const std::string text =
      "datasets:\n"
      "  users:\n"
      "    volume: lots\n";
  EXPECT_TRUE(IsSpecErrorAt(ParseDataSpec(kSpec, text).status(), kSpec, text, "lots",
                            {"'volume' of dataset 'users'", "whole number", "'lots'"}));
}

TEST(SpecErrorTest, VolumeGivenTwice) {
  const std::string text =
      "datasets:\n"
      "  users:\n"
      "    volume: 5\n"
      "    count: 6\n";
  EXPECT_TRUE(IsSpecErrorAt(ParseDataSpec(kSpec, text).status(), kSpec, text, "count",
                            {"sets its volume twice"}));
}

TEST(SpecErrorTest, SchemaCollectionDescribedTwice) {
  const std::string schema =
      "collections:\n"
      "  users:\n"
      "    fields: {_id: {type: ObjectId}}\n"
      "users:\n"
      "  fields: {_id: {type: ObjectId}}\n";
  EXPECT_TRUE(IsSpecErrorAt(ParseSchema(kSchema, schema).status(), kSchema, schema, "users:\n  f",
                            {"collection 'users' is described twice", "line 2"}));
}

TEST(SpecErrorTest, UnknownMaskingStrategy) {
  const std::string text =
      "policies:\n"
      "  pii:\n"
      "    email:\n"
      "      strategy: hsh\n";
  EXPECT_TRUE(IsSpecErrorAt(ParseMaskingPolicies("masking-policies.yaml", text).status(),
                            "masking-policies.yaml", text, "hsh",
                            {"unknown masking strategy 'hsh'", "did you mean 'hash'?"}));
  const std::string far =
      "policies:\n"
      "  pii:\n"
      "    email: {strategy: scramble}\n";
  EXPECT_TRUE(IsSpecErrorAt(ParseMaskingPolicies("masking-policies.yaml", far).status(),
                            "masking-policies.yaml", far, "scramble",
                            {"unknown masking strategy 'scramble'",
                             "expected one of: hash, redact, anonymize, partial, null, noise, "
                             "fpe, aggregate"}));
}

TEST(SpecErrorTest, WrongShapeSaysWhatWasFound) {
  const std::string text =
      "datasets:\n"
      "  - users\n";
  EXPECT_TRUE(IsSpecErrorAt(ParseDataSpec(kSpec, text).status(), kSpec, text, "- users",
                            {"'datasets' must be a mapping", "found a list"}));
}

TEST(SpecErrorTest, MissingDatasetsSection) {
  const std::string text = "environments:\n  ci: {volume: 1}\n";
  auto status = ParseDataSpec(kSpec, text).status();
  EXPECT_EQ(status.code(), StatusCode::kSpecError);
  EXPECT_TRUE(MessageHas(status, {"no 'datasets:' section"}));
  ASSERT_TRUE(status.where().has_value());
  EXPECT_EQ(status.where()->line, 1);
}

TEST(SpecErrorTest, UnreadableRelationshipString) {
  const std::string text =
      "datasets:\n"
      "  movies:\n"
      "    relationships:\n"
      "      - user_id => users._id\n";
  EXPECT_TRUE(IsSpecErrorAt(ParseDataSpec(kSpec, text).status(), kSpec, text, "user_id =>",
                            {"cannot read relationship", "user_id -> users._id (foreign key)"}));
}

}  // namespace
}  // namespace tdm::spec
