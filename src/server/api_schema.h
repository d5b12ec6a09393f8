// The JSON bodies the REST API accepts, declared once: each request body is checked against its
// schema (a 400 names the field and what to send instead), and openapi.json describes the same
// declarations, so the document cannot drift from what the server enforces.
//
// Checks are strict: the body must be one JSON object, every required field present, every field
// of its type (integers must be whole numbers within range), and a field the schema does not know
// is an error with a "did you mean" rather than silently ignored, since a typo such as "enviroment"
// would otherwise provision into the wrong place.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tdm/status.h"

namespace tdm::server {

enum class FieldKind { kString, kInteger };

struct FieldRule {
  std::string name;
  FieldKind kind = FieldKind::kString;
  bool required = false;
  std::optional<int64_t> minimum;  // integers
  std::optional<int64_t> maximum;
  size_t max_length = 256;  // strings
  std::string description;
  nlohmann::ordered_json example;
};

struct BodySchema {
  std::string name;  // the component's name in openapi.json
  std::vector<FieldRule> fields;
};

// The bodies of the seed's routes.
const BodySchema&
TestDataProvisionBody();                  // {environment, dataset, count, seed, ttl, execution_id}
const BodySchema& ProvisionBody();        // {environment, dataset, count}
const BodySchema& TestDataCleanupBody();  // {environment, execution_id}

// `body` parsed and checked against `schema`; kInvalidArgument naming the field otherwise. An
// empty body is an empty object (so a schema without required fields accepts it).
Result<nlohmann::json> ParseBody(const BodySchema& schema, std::string_view body);

// The JSON Schema (OpenAPI 3.0 dialect) of `schema`.
nlohmann::ordered_json ToOpenApiSchema(const BodySchema& schema);

}  // namespace tdm::server
