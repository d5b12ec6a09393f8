#include "server/api_schema.h"

#include <gtest/gtest.h>

namespace tdm::server {
namespace {

std::string Error(const BodySchema& schema, const std::string& body) {
  auto parsed = ParseBody(schema, body);
  EXPECT_FALSE(parsed.ok()) << body;
  return parsed.ok() ? "" : parsed.status().message();
}

TEST(ApiSchema, AcceptsTheSeedsProvisionBody) {
  auto parsed = ParseBody(ProvisionBody(), R"({"environment": "ci", "dataset": "all"})");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ((*parsed)["environment"], "ci");
  EXPECT_FALSE(parsed->contains("count"));
}

TEST(ApiSchema, NamesTheFieldThatIsWrong) {
  EXPECT_NE(
      Error(ProvisionBody(), R"({"dataset": "all"})").find("missing required field 'environment'"),
      std::string::npos);
  EXPECT_NE(Error(ProvisionBody(), R"({"environment": 3})").find("'environment' must be a string"),
            std::string::npos);
  EXPECT_NE(Error(ProvisionBody(), R"({"environment": "ci", "count": "10"})")
                .find("'count' must be an integer"),
            std::string::npos);
  EXPECT_NE(Error(ProvisionBody(), R"({"environment": "ci", "count": 1.5})").find("whole number"),
            std::string::npos);
  EXPECT_NE(Error(ProvisionBody(), R"({"environment": "ci", "count": 0})").find("at least 1"),
            std::string::npos);
  EXPECT_NE(Error(ProvisionBody(), R"({"environment": "ci", "count": 100000000000})")
                .find("at most 100000000"),
            std::string::npos);
  EXPECT_NE(Error(ProvisionBody(), R"({"environment": ""})").find("characters long"),
            std::string::npos);
}

TEST(ApiSchema, UnknownFieldsAreErrorsWithASuggestion) {
  std::string message = Error(ProvisionBody(), R"({"enviroment": "ci"})");
  EXPECT_NE(message.find("unknown field 'enviroment'"), std::string::npos) << message;
  EXPECT_NE(message.find("environment"), std::string::npos) << message;
}

TEST(ApiSchema, RejectsWhatIsNotAnObjectWithoutQuotingIt) {
  std::string message = Error(ProvisionBody(), R"({"environment": "secret-value)");
  EXPECT_NE(message.find("not valid JSON"), std::string::npos);
  EXPECT_EQ(message.find("secret-value"), std::string::npos) << message;
  EXPECT_NE(Error(ProvisionBody(), "[1, 2]").find("JSON object"), std::string::npos);
  EXPECT_NE(Error(ProvisionBody(), "").find("missing required field"), std::string::npos);
}

TEST(ApiSchema, NullMeansAbsent) {
  auto parsed = ParseBody(TestDataProvisionBody(), R"({"environment": "ci", "count": null})");
  ASSERT_TRUE(parsed.ok());
  EXPECT_FALSE(parsed->contains("count"));
}

TEST(ApiSchema, OpenApiSchemaListsRequiredFieldsAndLimits) {
  auto schema = ToOpenApiSchema(TestDataCleanupBody());
  EXPECT_EQ(schema["type"], "object");
  EXPECT_EQ(schema["additionalProperties"], false);
  EXPECT_EQ(schema["required"], nlohmann::ordered_json({"environment", "execution_id"}));
  EXPECT_EQ(ToOpenApiSchema(ProvisionBody())["properties"]["count"]["minimum"], 1);
  EXPECT_EQ(ToOpenApiSchema(ProvisionBody())["properties"]["count"]["maximum"], 100000000);
}

}  // namespace
}  // namespace tdm::server
