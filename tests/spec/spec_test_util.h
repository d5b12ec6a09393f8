// Helpers shared by the spec tests: example paths, parsing inline YAML the way the CLI loads files,
// and checking that an error points at the right file:line:column.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "spec/loader.h"
#include "spec/resolver.h"
#include "tdm/status.h"

namespace tdm::spec::testing {

inline std::string ExamplePath(const std::string& name) {
  return std::string(TDM_SOURCE_DIR) + "/examples/" + name;
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The 1-based line and column where `needle` first starts in `text` (0:0 when absent), so a test
// names the offending token instead of hard-coding numbers that drift when the YAML is edited.
inline std::pair<int, int> At(const std::string& text, const std::string& needle) {
  size_t pos = text.find(needle);
  if (pos == std::string::npos) return {0, 0};
  int line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < pos; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return {line, static_cast<int>(pos - line_start) + 1};
}

inline ProvisionRequest Request(std::string environment, std::string dataset = "all",
                                std::optional<int64_t> count = std::nullopt,
                                std::optional<uint64_t> seed = std::nullopt) {
  ProvisionRequest request;
  request.environment = std::move(environment);
  request.dataset = std::move(dataset);
  request.count = count;
  request.seed = seed;
  return request;
}

// Parses and resolves inline YAML; the paths are only used in messages.
inline Result<ResolvedSpec> ResolveText(const std::string& spec,
                                        const std::optional<std::string>& schema = std::nullopt,
                                        const std::optional<std::string>& masking = std::nullopt) {
  SpecFiles files;
  TDM_ASSIGN_OR_RETURN(files.data_spec, ParseDataSpec("data-spec.yaml", spec));
  if (schema) {
    TDM_ASSIGN_OR_RETURN(files.schema, ParseSchema("schema-validation.yaml", *schema));
  }
  if (masking) {
    TDM_ASSIGN_OR_RETURN(files.masking, ParseMaskingPolicies("masking-policies.yaml", *masking));
  }
  return Resolve(files);
}

// Resolves and plans in one step, for errors that only the plan can see.
inline Result<ProvisionPlan> PlanText(const std::string& spec, const ProvisionRequest& request = {},
                                      const std::optional<std::string>& schema = std::nullopt) {
  TDM_ASSIGN_OR_RETURN(ResolvedSpec resolved, ResolveText(spec, schema));
  return PlanProvision(resolved, request);
}

// Asserts `status` is a spec error located at `file` and at `needle`'s position in `text`, whose
// message contains every one of `parts`.
inline ::testing::AssertionResult IsSpecErrorAt(const Status& status, const std::string& file,
                                                const std::string& text, const std::string& needle,
                                                const std::vector<std::string>& parts) {
  if (status.ok()) return ::testing::AssertionFailure() << "expected an error, got OK";
  if (status.code() != StatusCode::kSpecError) {
    return ::testing::AssertionFailure() << "code " << static_cast<int>(status.code())
                                         << ", not kSpecError: " << status.ToString();
  }
  auto [line, column] = At(text, needle);
  if (line == 0) return ::testing::AssertionFailure() << "needle '" << needle << "' not in text";
  if (!status.where()) {
    return ::testing::AssertionFailure() << "no location: " << status.ToString();
  }
  const SourceLocation& where = *status.where();
  if (where.file != file || where.line != line || where.column != column) {
    return ::testing::AssertionFailure()
           << "at " << where.file << ":" << where.line << ":" << where.column << ", expected "
           << file << ":" << line << ":" << column << " ('" << needle
           << "'): " << status.ToString();
  }
  for (const std::string& part : parts) {
    if (status.message().find(part) == std::string::npos) {
      return ::testing::AssertionFailure()
             << "message lacks \"" << part << "\": " << status.message();
    }
  }
  return ::testing::AssertionSuccess();
}

inline ::testing::AssertionResult MessageHas(const Status& status,
                                             const std::vector<std::string>& parts) {
  if (status.ok()) return ::testing::AssertionFailure() << "expected an error, got OK";
  for (const std::string& part : parts) {
    if (status.message().find(part) == std::string::npos) {
      return ::testing::AssertionFailure()
             << "message lacks \"" << part << "\": " << status.ToString();
    }
  }
  return ::testing::AssertionSuccess();
}

}  // namespace tdm::spec::testing
