// data-cli serve refuses bad input before anything is queued: malformed JSON, a wrong type, an
// unknown field, a missing required field, count < 1, an unknown environment or dataset → 400
// naming the field; a body over --max-body → 413. Every refusal has the contract's error shape and
// leaves the registry as it was.
#include <gtest/gtest.h>

#include "integration/api_server.h"

namespace tdm::api_test {
namespace {

struct BadRequest {
  std::string path;
  std::string body;
  int status;
  std::string named;  // what the error message must name ("" for malformed JSON)
};

::testing::AssertionResult Refused(const ApiResponse& r, const BadRequest& bad) {
  auto failure = [&]() { return ::testing::AssertionFailure() << r; };
  if (r.status != bad.status) return failure() << "\n  expected HTTP " << bad.status;
  std::string code = bad.status == 413 ? "payload_too_large" : "invalid_argument";
  if (r.ErrorCode() != code) return failure() << "\n  expected error code " << code;
  if (r.ErrorMessage().empty()) return failure() << "\n  no error message";
  if (r.ErrorMessage().find(bad.named) == std::string::npos) {
    return failure() << "\n  the message does not name '" << bad.named << "'";
  }
  if (r.body.find("Traceback") != std::string::npos || r.body.find(" at 0x") != std::string::npos) {
    return failure() << "\n  a stack trace in the body";
  }
  return ::testing::AssertionSuccess();
}

TEST(ApiInput, BadRequestsAreRefusedNamingTheFieldAndProvisionNothing) {
  CliSandbox box;
  ApiServer server(box, {"--max-body", "2048"});
  ASSERT_TRUE(server.Start());
  std::string ops = CreateToken(box, "devops", "olivia").token;

  const std::string kLong = "/api/v1/test-data/provision";
  const std::string kShort = "/api/v1/provision";
  const std::string kCleanup = "/api/v1/test-data/cleanup";
  std::string huge = R"({"environment": "ci", "execution_id": ")" + std::string(4000, 'x') + "\"}";
  std::vector<BadRequest> cases = {
      {kLong, R"({"environment": "ci",)", 400, ""},
      {kLong, "", 400, ""},
      {kLong, "[1, 2]", 400, ""},
      {kLong, R"({"environment": 5})", 400, "environment"},
      {kLong, R"({"environment": "ci", "count": "ten"})", 400, "count"},
      {kLong, R"({"environment": "ci", "count": 2.5})", 400, "count"},
      {kLong, R"({"environment": "ci", "seed": "x"})", 400, "seed"},
      {kLong, R"({"environment": "ci", "dataset": ["all"]})", 400, "dataset"},
      {kLong, R"({"environment": "ci", "ttl": 8})", 400, "ttl"},
      {kLong, R"({"environment": "ci", "execution_id": 12})", 400, "execution_id"},
      {kLong, R"({"environment": "ci", "colour": "red"})", 400, "colour"},
      {kLong, R"({"dataset": "all"})", 400, "environment"},
      {kLong, R"({"environment": "ci", "count": 0})", 400, "count"},
      {kLong, R"({"environment": "ci", "count": -5})", 400, "count"},
      {kLong, R"({"environment": "nowhere"})", 400, "environment"},
      {kLong, R"({"environment": "ci", "dataset": "no_such_set"})", 400, "dataset"},
      {kLong, huge, 413, ""},
      {kShort, R"({"environment": "ci", "count": "ten"})", 400, "count"},
      {kShort, R"({"environment": "ci", "colour": "red"})", 400, "colour"},
      {kShort, R"({"dataset": "all"})", 400, "environment"},
      {kShort, R"({"environment": "ci", "count": 0})", 400, "count"},
      {kShort, R"({"environment": "ci", "dataset": "no_such_set"})", 400, "dataset"},
      {kShort, huge, 413, ""},
      {kCleanup, R"({"execution_id": "x"})", 400, "environment"},
      {kCleanup, R"({"environment": "ci"})", 400, "execution_id"},
      {kCleanup, R"({"environment": "ci", "execution_id": 7})", 400, "execution_id"},
      {kCleanup, R"({"environment": "ci", "execution_id": "x", "force": true})", 400, "force"},
      {kCleanup, R"({"environment": "ci", )", 400, ""},
  };
  for (const BadRequest& bad : cases) {
    EXPECT_TRUE(Refused(server.Post(bad.path, bad.body, ops), bad));
  }
  // The same with ?wait=true: still refused up front.
  EXPECT_TRUE(Refused(server.Post(kLong + "?wait=true", cases[4].body, ops), cases[4]));

  ApiResponse listed = server.Get("/api/v1/executions", ops);
  EXPECT_EQ(At(listed.body_json, "count"), 0) << listed;
  EXPECT_TRUE(cli_test::Executions(box).empty());
  ApiResponse healthz = server.Get("/healthz");
  EXPECT_EQ(At(healthz.body_json, "queue_depth"), 0) << healthz;
  // The server is still well after all that.
  ApiResponse ok = server.Post(kLong + "?wait=true", json{{"environment", "ci"}}, ops);
  EXPECT_EQ(ok.status, 200) << ok;
}

TEST(ApiInput, UnknownRoutesAndMethodsAreErrorsInTheContractShape) {
  CliSandbox box;
  ApiServer server(box);
  ASSERT_TRUE(server.Start());
  std::string ops = CreateToken(box, "devops", "olivia").token;
  ApiResponse r = server.Get("/api/v1/no-such-route", ops);
  EXPECT_EQ(r.status, 404) << r;
  EXPECT_EQ(r.ErrorCode(), "not_found") << r;
  r = server.Get("/api/v1/test-data/provision", ops);  // a POST route
  EXPECT_GE(r.status, 400) << r;
  EXPECT_LT(r.status, 500) << r;
}

}  // namespace
}  // namespace tdm::api_test
