// YamlReader: yaml-cpp with file:line:column errors, key checking and "did you mean".
//
// yaml-cpp throws; this wrapper is the boundary where exceptions become Status values. All spec
// loaders read through it so that every message has the same shape:
//   data-spec.yaml:12:5: unknown key 'volum' in dataset 'users' (did you mean 'volume'?)
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>
#include <vector>

#include "tdm/status.h"

namespace tdm::spec {

// The whole file; kNotFound names it and, when given, how to point tdm at another (`hint`).
Result<std::string> ReadTextFile(const std::string& path, const std::string& what,
                                 const std::string& hint = "");

class YamlReader {
 public:
  explicit YamlReader(std::string path) : path_(std::move(path)) {}

  const std::string& path() const { return path_; }

  // Parses the file, or text when given (path is then only used in messages).
  Result<YAML::Node> Load() const;
  Result<YAML::Node> LoadText(const std::string& text) const;

  SourceLocation Where(const YAML::Node& node) const;
  Status Error(const YAML::Node& node, const std::string& message) const;

  // Every key of `map` must be one of `allowed`; `context` names the mapping ("dataset 'users'").
  Status CheckKeys(const YAML::Node& map, const std::vector<std::string>& allowed,
                   const std::string& context) const;
  Status ExpectMap(const YAML::Node& node, const std::string& what) const;
  Status ExpectSequence(const YAML::Node& node, const std::string& what) const;

  Result<std::string> String(const YAML::Node& node, const std::string& what) const;
  Result<int64_t> Int(const YAML::Node& node, const std::string& what) const;
  Result<double> Double(const YAML::Node& node, const std::string& what) const;
  Result<bool> Bool(const YAML::Node& node, const std::string& what) const;
  Result<std::vector<std::string>> StringList(const YAML::Node& node,
                                              const std::string& what) const;

 private:
  std::string path_;
};

}  // namespace tdm::spec
