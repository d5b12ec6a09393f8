// A content hash of the resolved model: two specs that generate the same data hash the same,
// whatever their layout, comments or file split.
#pragma once

#include <string>
#include <string_view>

namespace tdm::spec {

struct ResolvedSpec;

std::string HashModel(const ResolvedSpec& spec);

// Lowercase hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

}  // namespace tdm::spec
