#include "server/api_schema.h"

#include <limits>

#include "core/suggest.h"

namespace tdm::server {
namespace {

// The most rows one request may ask for: beyond it a typo (an extra 0 or three) would hold a
// worker, and a graceful shutdown waiting for it, for hours.
constexpr int64_t kMaxCount = 100'000'000;

FieldRule Field(std::string name, FieldKind kind, std::string description,
                nlohmann::ordered_json example) {
  FieldRule rule;
  rule.name = std::move(name);
  rule.kind = kind;
  rule.description = std::move(description);
  rule.example = std::move(example);
  return rule;
}

FieldRule Environment(bool required) {
  FieldRule rule = Field("environment", FieldKind::kString,
                         "An environment of the spec (local, ci, staging, ...)", "ci");
  rule.required = required;
  rule.max_length = 64;
  return rule;
}

FieldRule Dataset() {
  FieldRule rule = Field("dataset", FieldKind::kString,
                         "A dataset of the spec, or \"all\" (the default)", "all");
  rule.max_length = 128;
  return rule;
}

FieldRule Count() {
  FieldRule rule = Field("count", FieldKind::kInteger,
                         "Rows for the dataset (overrides the spec's volume)", 1000);
  rule.minimum = 1;
  rule.maximum = kMaxCount;
  return rule;
}

FieldRule Seed() {
  FieldRule rule = Field("seed", FieldKind::kInteger, "Seed (overrides the spec's)", 42);
  rule.minimum = 0;
  return rule;
}

FieldRule Ttl() {
  FieldRule rule = Field("ttl", FieldKind::kString,
                         "Time to live, e.g. 2h or 7d (default: the environment's)", "8h");
  rule.max_length = 16;
  return rule;
}

FieldRule ExecutionId(bool required, std::string description) {
  FieldRule rule = Field("execution_id", FieldKind::kString, std::move(description), "ci-1234");
  rule.required = required;
  rule.max_length = 48;
  return rule;
}

std::string KindName(FieldKind kind) {
  return kind == FieldKind::kString ? "a string" : "an integer";
}

}  // namespace

const BodySchema& TestDataProvisionBody() {
  static const BodySchema schema{
      "TestDataProvisionRequest",
      {Environment(true), Dataset(), Count(), Seed(), Ttl(),
       ExecutionId(false, "Id for the new execution (default: generated), e.g. the CI job id")}};
  return schema;
}

const BodySchema& ProvisionBody() {
  static const BodySchema schema{"ProvisionRequest", {Environment(true), Dataset(), Count()}};
  return schema;
}

const BodySchema& TestDataCleanupBody() {
  static const BodySchema schema{
      "TestDataCleanupRequest",
      {Environment(true), ExecutionId(true, "The execution to clean up")}};
  return schema;
}

Result<nlohmann::json> ParseBody(const BodySchema& schema, std::string_view body) {
  nlohmann::json parsed = nlohmann::json::object();
  if (body.find_first_not_of(" \t\r\n") != std::string_view::npos) {
    try {
      parsed = nlohmann::json::parse(body);
    } catch (const nlohmann::json::parse_error& e) {
      // The byte offset only: the parser's own text quotes the input.
      return Status(StatusCode::kInvalidArgument,
                    "the body is not valid JSON (at byte " + std::to_string(e.byte) +
                        "); send an object such as {\"environment\": \"ci\"}");
    }
  }
  if (!parsed.is_object()) {
    return Status(StatusCode::kInvalidArgument,
                  "the body must be a JSON object, such as {\"environment\": \"ci\"}");
  }
  std::vector<std::string> known;
  for (const FieldRule& f : schema.fields) known.push_back(f.name);
  for (const auto& [key, value] : parsed.items()) {
    bool found = false;
    for (const FieldRule& f : schema.fields) found = found || f.name == key;
    if (!found) {
      std::string hint = DidYouMean(key, known);
      std::string names;
      for (const std::string& n : known) names += (names.empty() ? "" : ", ") + n;
      return Status(StatusCode::kInvalidArgument, "unknown field '" + key.substr(0, 64) + "'" +
                                                      (hint.empty() ? "" : " " + hint) +
                                                      "; this route takes " + names);
    }
  }
  for (const FieldRule& f : schema.fields) {
    auto it = parsed.find(f.name);
    if (it == parsed.end() || it->is_null()) {
      if (f.required) {
        return Status(StatusCode::kInvalidArgument,
                      "missing required field '" + f.name + "' (" + f.description + ")");
      }
      parsed.erase(f.name);
      continue;
    }
    std::string wrong = "field '" + f.name + "' must be " + KindName(f.kind);
    if (f.kind == FieldKind::kString) {
      if (!it->is_string()) return Status(StatusCode::kInvalidArgument, wrong);
      const auto& text = it->get_ref<const std::string&>();
      if (text.empty() || text.size() > f.max_length) {
        return Status(StatusCode::kInvalidArgument, "field '" + f.name + "' must be 1-" +
                                                        std::to_string(f.max_length) +
                                                        " characters long");
      }
      continue;
    }
    if (!it->is_number_integer()) {
      return Status(StatusCode::kInvalidArgument,
                    wrong + (it->is_number() ? " (a whole number)" : ""));
    }
    if (it->is_number_unsigned() &&
        it->get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return Status(StatusCode::kInvalidArgument, "field '" + f.name + "' is too large");
    }
    if (f.minimum && it->get<int64_t>() < *f.minimum) {
      return Status(StatusCode::kInvalidArgument,
                    "field '" + f.name + "' must be at least " + std::to_string(*f.minimum));
    }
    if (f.maximum && it->get<int64_t>() > *f.maximum) {
      return Status(StatusCode::kInvalidArgument,
                    "field '" + f.name + "' must be at most " + std::to_string(*f.maximum));
    }
  }
  return parsed;
}

nlohmann::ordered_json ToOpenApiSchema(const BodySchema& schema) {
  nlohmann::ordered_json properties = nlohmann::ordered_json::object();
  nlohmann::ordered_json required = nlohmann::ordered_json::array();
  for (const FieldRule& f : schema.fields) {
    nlohmann::ordered_json p;
    p["type"] = f.kind == FieldKind::kString ? "string" : "integer";
    if (f.kind == FieldKind::kInteger) p["format"] = "int64";
    if (f.minimum) p["minimum"] = *f.minimum;
    if (f.maximum) p["maximum"] = *f.maximum;
    if (f.kind == FieldKind::kString) {
      p["minLength"] = 1;
      p["maxLength"] = f.max_length;
    }
    p["description"] = f.description;
    p["example"] = f.example;
    properties[f.name] = p;
    if (f.required) required.push_back(f.name);
  }
  nlohmann::ordered_json out = {
      {"type", "object"}, {"additionalProperties", false}, {"properties", properties}};
  if (!required.empty()) out["required"] = required;
  return out;
}

}  // namespace tdm::server
