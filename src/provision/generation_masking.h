// Masking at generation: spec fields with `masked: <strategy>` are masked as they are generated,
// with the same strategies (and the policy file's options for that field) as a masked copy.
//
// Keys: the policy's rule or default salt, else $TDM_MASKING_KEY, else a key derived from the
// spec's seed. Generated data holds no real person, so a seed-derived key keeps the output a pure
// function of the spec and seed, and a masked field stays byte-identical across runs, threads
// and machines like every other.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "gen/table_generator.h"
#include "mask/table_masker.h"
#include "spec/resolver.h"

namespace tdm::provision {

// Table name -> the masker for its generated batches (tables without masked fields are absent).
// Prototypes: the pipeline clones one per thread.
using TableMaskers = std::map<std::string, std::shared_ptr<const mask::TableMasker>>;

Result<TableMaskers> BuildGenerationMaskers(
    const spec::ResolvedSpec& spec,
    const std::vector<std::unique_ptr<gen::TableGenerator>>& generators);

}  // namespace tdm::provision
