// openapi.json, written from the same route table and body schemas the server runs on, so the
// document lists exactly the routes that are served and the checks that are applied.
#include <cctype>

#include "server/api.h"

namespace tdm::server {
namespace {

using Json = nlohmann::ordered_json;

Json Ref(const std::string& name) { return {{"$ref", "#/components/schemas/" + name}}; }

Json Str() { return {{"type", "string"}}; }
Json Int() { return {{"type", "integer"}, {"format", "int64"}}; }
Json Bool() { return {{"type", "boolean"}}; }

Json Object(Json properties, std::vector<std::string> required) {
  Json out = {{"type", "object"}, {"properties", std::move(properties)}};
  if (!required.empty()) out["required"] = required;
  return out;
}

Json Checks() {
  return {{"type", "array"},
          {"items", Object({{"name", Str()},
                            {"status", {{"type", "string"}, {"enum", {"pass", "fail"}}}},
                            {"detail", Str()},
                            {"value", {{"type", "number"}}},
                            {"threshold", {{"type", "number"}}},
                            {"unit", Str()}},
                           {"name", "status"})}};
}

Json ExecutionStatus() {
  return {{"type", "string"}, {"enum", {"provisioning", "ready", "failed", "cleaned"}}};
}

Json ResponseSchemas() {
  Json error = Object(
      {{"error", Object({{"code", Str()}, {"message", Str()}}, {"code", "message"})}}, {"error"});
  Json failure = Object({{"code", Str()}, {"message", Str()}}, {"code", "message"});
  Json execution = Object({{"execution_id", Str()},
                           {"status", ExecutionStatus()},
                           {"environment", Str()},
                           {"dataset", Str()},
                           {"dataset_version", Str()},
                           {"target", Str()},
                           {"endpoint", Str()},
                           {"seed", Int()},
                           {"tables", {{"type", "object"}, {"additionalProperties", Int()}}},
                           {"created_at", Str()},
                           {"updated_at", Str()},
                           {"duration_ms", Int()},
                           {"requested_by", Str()},
                           {"expires_at", Str()},
                           {"error", Str()}},
                          {"execution_id", "status", "environment", "dataset"});
  Json counts = {{"type", "object"}, {"additionalProperties", Int()}};
  return {
      {"Error", error},
      {"TestDataProvisionResponse",
       Object({{"execution_id", Str()},
               {"status", {{"type", "string"}, {"enum", {"provisioning", "ready", "failed"}}}},
               {"endpoint", Str()},
               {"healthcheck_url", Str()},
               {"status_url", Str()},
               {"error", failure}},
              {"execution_id", "status", "endpoint", "healthcheck_url"})},
      {"ProvisionResponse",
       Object({{"execution_id", Str()},
               {"status", {{"type", "string"}, {"enum", {"provisioning", "ready", "failed"}}}},
               {"database_url", Str()},
               {"health_check_url", Str()},
               {"error", failure}},
              {"execution_id", "status", "database_url", "health_check_url"})},
      {"CleanupResponse",
       Object({{"execution_id", Str()}, {"status", Str()}, {"cleanup_time", Str()}},
              {"execution_id", "status", "cleanup_time"})},
      {"StatusResponse",
       Object({{"execution_id", Str()},
               {"status", ExecutionStatus()},
               {"ready", Bool()},
               {"environment", Str()},
               {"dataset", Str()},
               {"health_checks", Checks()},
               {"sample_data",
                {{"type", "object"},
                 {"additionalProperties", {{"type", "array"}, {"items", {{"type", "object"}}}}}}},
               {"error", failure}},
              {"execution_id", "status", "ready", "health_checks", "sample_data"})},
      {"HealthResponse", Object({{"execution_id", Str()},
                                 {"status", ExecutionStatus()},
                                 {"ready", Bool()},
                                 {"healthy", Bool()},
                                 {"health_checks", Checks()}},
                                {"execution_id", "ready", "healthy", "health_checks"})},
      {"Execution", execution},
      {"ExecutionList", Object({{"executions", {{"type", "array"}, {"items", Ref("Execution")}}},
                                {"count", Int()},
                                {"by_status", counts},
                                {"by_environment", counts}},
                               {"count"})},
      {"DatasetList",
       Object(
           {{"datasets",
             {{"type", "array"},
              {"items",
               Object({{"name", Str()},
                       {"tables",
                        {{"type", "array"},
                         {"items", Object({{"name", Str()}, {"rows", Int()}}, {"name", "rows"})}}},
                       {"fields", {{"type", "array"}, {"items", Str()}}},
                       {"rows_by_environment", counts}},
                      {"name", "tables"})}}},
            {"environments", {{"type", "array"}, {"items", Str()}}},
            {"environment_settings",
             {{"type", "object"},
              {"additionalProperties", Object({{"rows", Int()}, {"ttl_hours", Int()}}, {})}}},
            {"rows_for_environment", Str()},
            {"seed", Int()},
            {"spec_hash", Str()}},
           {"datasets", "environments"})},
      {"AuditEvents",
       Object({{"events", {{"type", "array"}, {"items", {{"type", "object"}}}}}, {"count", Int()}},
              {"events", "count"})},
      {"Healthz",
       Object(
           {{"status", Str()}, {"version", Str()}, {"queue_depth", Int()}, {"workers_busy", Int()}},
           {"status"})},
  };
}

std::string OperationId(const Route& route) {
  std::string id = route.method == "GET" ? "get" : "post";
  bool upper = true;
  for (char c : route.path) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0) {
      upper = true;
      continue;
    }
    id += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return route.path == "/" ? id + "Dashboard" : id;
}

Json ErrorResponse(const std::string& description) {
  return {{"description", description},
          {"content", {{"application/json", {{"schema", Ref("Error")}}}}}};
}

Json Operation(const Route& route) {
  Json op = {
      {"operationId", OperationId(route)}, {"summary", route.summary}, {"tags", {route.tag}}};
  Json parameters = Json::array();
  if (route.path.find("{execution_id}") != std::string::npos) {
    parameters.push_back({{"name", "execution_id"},
                          {"in", "path"},
                          {"required", true},
                          {"description", "The execution's id"},
                          {"schema", {{"type", "string"}, {"pattern", "^[A-Za-z0-9_-]{1,48}$"}}}});
  }
  for (const QueryParam& q : route.query) {
    parameters.push_back(
        {{"name", q.name},
         {"in", "query"},
         {"required", false},
         {"description", q.description},
         {"schema", q.name == "limit" ? Json{{"type", "integer"}, {"minimum", 1}} : Str()}});
  }
  if (!parameters.empty()) op["parameters"] = parameters;
  if (route.body != nullptr) {
    op["requestBody"] = {{"required", true},
                         {"content", {{"application/json", {{"schema", Ref(route.body->name)}}}}}};
  }
  Json responses = Json::object();
  for (const auto& [code, description] : route.responses) {
    // 422 and 503 carry the route's own body (a failed provision, an unhealthy execution).
    bool own_body = code < 300 || code == 422 || code == 503;
    Json response = own_body ? Json{{"description", description}} : ErrorResponse(description);
    if (own_body && !route.response_schema.empty()) {
      response["content"] = {{"application/json", {{"schema", Ref(route.response_schema)}}}};
    } else if (own_body) {
      Json schema = route.content_type == "application/json" ? Json{{"type", "object"}} : Str();
      response["content"] = {{route.content_type, {{"schema", schema}}}};
    }
    responses[std::to_string(code)] = response;
  }
  if (route.body != nullptr) {
    responses["400"] = ErrorResponse(
        "The body is not JSON, or a field is missing, unknown or "
        "of the wrong type; the message names it");
    responses["413"] = ErrorResponse("The body is larger than the server's limit");
  }
  if (route.path.find("{execution_id}") != std::string::npos || route.path.ends_with("cleanup")) {
    responses["404"] = ErrorResponse("No such execution");
  }
  if (route.authenticated) {
    responses["401"] = ErrorResponse("No token, or an unknown, expired or revoked one");
    responses["403"] = ErrorResponse("The token's role may not do this");
    op["security"] = Json::array({{{"bearerAuth", Json::array()}}});
  } else {
    op["security"] = Json::array();
  }
  responses["500"] = ErrorResponse("An internal error (its category only)");
  op["responses"] = responses;
  return op;
}

}  // namespace

Json OpenApiDocument(const std::vector<Route>& routes) {
  Json schemas = ResponseSchemas();
  Json paths = Json::object();
  for (const Route& route : routes) {
    if (route.body != nullptr) schemas[route.body->name] = ToOpenApiSchema(*route.body);
    std::string method = route.method == "GET" ? "get" : "post";
    paths[route.path][method] = Operation(route);
  }
  return {
      {"openapi", "3.0.3"},
      {"info",
       {{"title", "tdm test data API"},
        {"version", "0.1.0"},
        {"description",
         "Provision isolated, deterministic test data per test run, check it and clean it up. "
         "Authenticate with a bearer token from `data-cli token create --role ROLE`."}}},
      {"servers", Json::array({{{"url", "/"}}})},
      {"paths", paths},
      {"components",
       {{"schemas", schemas},
        {"securitySchemes",
         {{"bearerAuth",
           {{"type", "http"},
            {"scheme", "bearer"},
            {"description", "A token of data-cli token create"}}}}}}},
  };
}

}  // namespace tdm::server
