// Provider data compiled into the binary from data/ (see cmake/embed.cmake).
//
// Each file is a UTF-8 text list, one entry per line; lines starting with '#' are comments. Files
// are addressed by their path under data/, e.g. "en_US/first_names.txt".
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tdm::gen {

struct EmbeddedFile {
  std::string_view path;
  std::string_view contents;
};

// All embedded files, sorted by path.
const std::vector<EmbeddedFile>& EmbeddedFiles();

// Contents of the file at `path`, or an empty view.
std::string_view FindEmbeddedFile(std::string_view path);

// The entries of a list file: non-empty lines that do not start with '#'. Views point into the
// embedded data and live for the whole program.
std::vector<std::string_view> EmbeddedList(std::string_view path);

// The locales with data in the binary (a directory with a last_names.txt), sorted.
std::vector<std::string> AvailableLocales();

}  // namespace tdm::gen
