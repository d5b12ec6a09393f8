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

// The provider a field gets when the spec names none: from its name (email, phone, age, *_at,
// ...) and type; with an empty name, the type's plain provider (word, integer, date, ...).
std::string InferProvider(const std::string& raw_name, std::optional<ColumnType> type);

// True when the pattern has no alternation and only fixed repeat counts, so that the regex
// generator's index enumeration gives distinct strings (what `unique` needs).
bool PatternEnumeratesUniquely(const std::string& pattern);
std::string UnknownLocaleMessage(const std::string& locale);

Result<gen::FieldSpec> ResolveField(const FieldDecl& decl, const std::string& dataset,
                                    const gen::GenerationContext& ctx, const std::string& locale);

}  // namespace tdm::spec
