#include "spec/yaml_reader.h"

#include <charconv>
#include <fstream>
#include <sstream>

#include "core/suggest.h"

namespace tdm::spec {
namespace {

std::string KindName(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Scalar:
      return "'" + node.Scalar() + "'";
    case YAML::NodeType::Null:
      return "nothing";
    default:
      return "an undefined value";
  }
}

}  // namespace

Result<std::string> ReadTextFile(const std::string& path, const std::string& what,
                                 const std::string& hint) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status(StatusCode::kNotFound, "cannot open " + what + " '" + path + "'" +
                                             (hint.empty() ? "" : " (" + hint + ")"));
  }
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

Result<YAML::Node> YamlReader::Load() const {
  TDM_ASSIGN_OR_RETURN(std::string text,
                       ReadTextFile(path_, "spec file", "pass --spec FILE or set TDM_SPEC"));
  return LoadText(text);
}

Result<YAML::Node> YamlReader::LoadText(const std::string& text) const {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return Status(StatusCode::kSpecError, "invalid YAML: " + e.msg,
                  SourceLocation{path_, e.mark.line + 1, e.mark.column + 1});
  }
}

SourceLocation YamlReader::Where(const YAML::Node& node) const {
  YAML::Mark mark = node.Mark();
  if (mark.is_null()) return SourceLocation{path_, 0, 0};
  return SourceLocation{path_, mark.line + 1, mark.column + 1};
}

Status YamlReader::Error(const YAML::Node& node, const std::string& message) const {
  return {StatusCode::kSpecError, message, Where(node)};
}

Status YamlReader::CheckKeys(const YAML::Node& map, const std::vector<std::string>& allowed,
                             const std::string& context) const {
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (!it->first.IsScalar()) return Error(it->first, "keys in " + context + " must be names");
    const std::string& key = it->first.Scalar();
    bool known = false;
    for (const std::string& a : allowed) known = known || a == key;
    if (!known) {
      std::string hint = DidYouMean(key, allowed);
      if (hint.empty()) {
        std::string list;
        for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
        hint = " (expected one of: " + list + ")";
      }
      return Error(it->first, "unknown key '" + key + "' in " + context + hint);
    }
  }
  return Status::Ok();
}

Status YamlReader::ExpectMap(const YAML::Node& node, const std::string& what) const {
  if (node.IsMap()) return Status::Ok();
  return Error(node, what + " must be a mapping of keys to values, found " + KindName(node));
}

Status YamlReader::ExpectSequence(const YAML::Node& node, const std::string& what) const {
  if (node.IsSequence()) return Status::Ok();
  return Error(node, what + " must be a list, found " + KindName(node));
}

Result<std::string> YamlReader::String(const YAML::Node& node, const std::string& what) const {
  if (!node.IsScalar()) return Error(node, what + " must be a text value, found " + KindName(node));
  return node.Scalar();
}

Result<int64_t> YamlReader::Int(const YAML::Node& node, const std::string& what) const {
  if (node.IsScalar()) {
    const std::string& s = node.Scalar();
    int64_t value = 0;
    std::string digits;
    for (char c : s) {
      if (c != '_' && c != ',') digits.push_back(c);
    }
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec == std::errc() && end == digits.data() + digits.size() && !digits.empty()) return value;
  }
  return Error(node, what + " must be a whole number, found " + KindName(node));
}

Result<double> YamlReader::Double(const YAML::Node& node, const std::string& what) const {
  if (node.IsScalar()) {
    const std::string& s = node.Scalar();
    double value = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec == std::errc() && end == s.data() + s.size() && !s.empty()) return value;
  }
  return Error(node, what + " must be a number, found " + KindName(node));
}

Result<bool> YamlReader::Bool(const YAML::Node& node, const std::string& what) const {
  if (node.IsScalar()) {
    const std::string& s = node.Scalar();
    if (s == "true" || s == "True" || s == "yes" || s == "on") return true;
    if (s == "false" || s == "False" || s == "no" || s == "off") return false;
  }
  return Error(node, what + " must be true or false, found " + KindName(node));
}

Result<std::vector<std::string>> YamlReader::StringList(const YAML::Node& node,
                                                        const std::string& what) const {
  TDM_RETURN_IF_ERROR(ExpectSequence(node, what));
  std::vector<std::string> out;
  for (const YAML::Node& item : node) {
    TDM_ASSIGN_OR_RETURN(std::string s, String(item, what + " entries"));
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace tdm::spec
