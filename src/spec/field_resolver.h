// From a field's declarations (factory preset, data spec, schema) to the FieldSpec the generator
// runs: its type, provider, and value bounds.
#pragma once

#include <string>

#include "gen/field_spec.h"
#include "spec/model.h"

namespace tdm::spec {

// `overlay`'s attributes replace `base`'s one by one.
FieldDecl MergeField(const FieldDecl& base, const FieldDecl& overlay);

// Type names accepted in specs, for messages.
const std::vector<std::string>& TypeNames();

bool LocaleAvailable(const std::string& locale);
std::string UnknownLocaleMessage(const std::string& locale);

Result<gen::FieldSpec> ResolveField(const FieldDecl& decl, const std::string& dataset,
                                    const gen::GenerationContext& ctx, const std::string& locale);

}  // namespace tdm::spec
