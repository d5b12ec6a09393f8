// Reading the parts that data-spec.yaml and schema-validation.yaml share: fields,
// relationships and indexes.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

#include "spec/model.h"
#include "spec/yaml_reader.h"

namespace tdm::spec {

// A field's attributes; `name` comes from the map key or the list entry's `name:`.
Result<FieldDecl> ReadField(const YamlReader& yaml, const YAML::Node& node, std::string name,
                            const std::string& dataset);

// `fields:` as a list of `{name: ..., ...}` entries or as a mapping of name to attributes.
Status ReadFields(const YamlReader& yaml, const YAML::Node& node, DatasetDecl& dataset);

// `relationships:` entries: `{foreign_key: f, collection: t}`, `{foreign_key: f, references:
// t.c}` or the string form `f -> t.c (foreign key)`; optional `min`/`max` children per parent.
Status ReadRelationships(const YamlReader& yaml, const YAML::Node& node, DatasetDecl& dataset);

// `indexes:` entries: `{fields: [a, b], unique: true, name: idx}`.
Status ReadIndexes(const YamlReader& yaml, const YAML::Node& node, DatasetDecl& dataset);

}  // namespace tdm::spec
