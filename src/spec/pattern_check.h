// Fields with a `pattern` and a provider of their own (an email with a schema regex) keep the
// provider when a sample of its values matches the pattern; otherwise the pattern drives the
// generator, so every value matches by construction.
#pragma once

#include <string>
#include <vector>

#include "gen/field_spec.h"

namespace tdm::spec {

Status CheckPatterns(const std::string& table, const gen::GenerationContext& context,
                     std::vector<gen::FieldSpec>& fields, std::vector<std::string>& notes);

}  // namespace tdm::spec
