#include "store/file/namespace_manifest.h"

#include <fcntl.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "store/schema_json.h"

namespace tdm::store {
namespace {

namespace fs = std::filesystem;

std::string ManifestPath(const std::string& dir) {
  return (fs::path(dir) / kManifestFile).string();
}

}  // namespace

std::string TableFileName(const std::string& table, FileFormat format) {
  return table + "." + std::string(FileFormatName(format));
}

Status CheckTableName(const std::string& table, FileFormat format) {
  auto invalid = [&](const std::string& why) {
    return Status(StatusCode::kInvalidArgument,
                  "table '" + table + "' cannot be stored as a file: " + why);
  };
  if (table.empty()) return invalid("the name is empty");
  if (table.find('/') != std::string::npos || table.find('\0') != std::string::npos) {
    return invalid("the name holds '/' or a NUL byte");
  }
  if (table.front() == '.') return invalid("the name starts with '.'");
  if (TableFileName(table, format) == kManifestFile) {
    return invalid(std::string("its file would replace the namespace's ") + kManifestFile);
  }
  return Status::Ok();
}

Status WriteManifest(const std::string& dir, const NamespaceManifest& manifest) {
  nlohmann::json tables = nlohmann::json::array();
  for (size_t i = 0; i < manifest.tables.size(); ++i) {
    nlohmann::json table = SchemaToJson(manifest.tables[i]);
    table["rows"] = i < manifest.rows.size() ? manifest.rows[i] : 0;
    tables.push_back(std::move(table));
  }
  nlohmann::json json = {{"format", FileFormatName(manifest.format)},
                         {"tables", std::move(tables)}};
  std::string path = ManifestPath(dir);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << json.dump(2) << '\n';
  out.close();
  if (!out) {
    return Status(StatusCode::kIoError, "cannot write '" + path + "': " + std::strerror(errno));
  }
  return Status::Ok();
}

Result<NamespaceManifest> ReadManifest(const std::string& dir) {
  std::string path = ManifestPath(dir);
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open()) {
    std::error_code ec;
    if (fs::is_directory(dir, ec)) {
      return Status(StatusCode::kNotFound,
                    "'" + dir + "' is not a tdm namespace (it has no " + kManifestFile + ")");
    }
    return Status(StatusCode::kNotFound, "namespace '" + dir + "' does not exist");
  }
  auto malformed = [&](const std::string& what) {
    return Status(StatusCode::kDatabaseError, "'" + path + "' is malformed: " + what);
  };
  nlohmann::json json = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) return malformed("not a JSON object");
  NamespaceManifest manifest;
  auto format = json.find("format");
  if (format == json.end() || !format->is_string()) return malformed("no \"format\"");
  TDM_ASSIGN_OR_RETURN(manifest.format, ParseFileFormat(format->get<std::string>()));
  auto tables = json.find("tables");
  if (tables == json.end() || !tables->is_array()) return malformed("no \"tables\" array");
  for (const nlohmann::json& table : *tables) {
    Result<TableSchema> schema = SchemaFromJson(table);
    if (!schema.ok()) return malformed(schema.status().message());
    auto rows = table.find("rows");
    if (rows == table.end() || !rows->is_number_integer()) {
      return malformed("table '" + schema->name + "' has no row count");
    }
    manifest.rows.push_back(rows->get<int64_t>());
    manifest.tables.push_back(std::move(schema).value());
  }
  return manifest;
}

Status RenameNoReplace(const std::string& from, const std::string& to) {
  int rc = -1;
#ifdef RENAME_NOREPLACE
  rc = ::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE);
  if (rc != 0 && errno != EINVAL && errno != ENOSYS) {
    if (errno == EEXIST || errno == ENOTEMPTY) {
      return Status(StatusCode::kFailedPrecondition, "'" + to + "' already exists");
    }
    return Status(StatusCode::kIoError,
                  "cannot rename '" + from + "' to '" + to + "': " + std::strerror(errno));
  }
#endif
  if (rc != 0) {  // the file system cannot refuse to replace: check, then rename
    std::error_code ec;
    if (fs::exists(fs::symlink_status(to, ec))) {
      return Status(StatusCode::kFailedPrecondition, "'" + to + "' already exists");
    }
    if (std::rename(from.c_str(), to.c_str()) != 0) {
      return Status(StatusCode::kIoError,
                    "cannot rename '" + from + "' to '" + to + "': " + std::strerror(errno));
    }
  }
  return Status::Ok();
}

}  // namespace tdm::store
