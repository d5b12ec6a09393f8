// What every command shares: where the spec and the state live, how to print, and how to find
// the execution a command acts on.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

#include "provision/registry.h"
#include "spec/resolver.h"
#include "tdm/status.h"

namespace tdm::cli {

struct Context {
  std::string spec_path;    // --spec, TDM_SPEC, or ./data-spec.yaml
  std::string schema_path;  // --schema; empty = auto-discover beside the spec
  std::string state_dir;    // --state-dir, TDM_STATE_DIR, or ./.tdm
  bool json = false;
  bool quiet = false;
  std::string user;  // --user: who the audit log names (default: $TDM_USER, else the OS user)
  std::ostream* out = nullptr;
  std::ostream* err = nullptr;

  Result<spec::ResolvedSpec> LoadSpec() const;
  Result<provision::Registry> OpenRegistry() const;
  // The execution named by `id`, or the newest ready one (holding `collection`, when given).
  Result<provision::ExecutionRecord> PickExecution(provision::Registry& registry,
                                                   const std::string& id,
                                                   const std::string& collection = "") const;
  void Note(const std::string& message) const;  // stderr, unless --quiet or --json
  std::string AuditUser() const;                // --user, else audit::CurrentUser()
};

}  // namespace tdm::cli
