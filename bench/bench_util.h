// Shared set-up for the benchmarks: the users shape of the strategy document, planned for a
// given row count.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "gen/table_generator.h"
#include "spec/resolver.h"

namespace tdm::bench {

// UserFactory with the schema file's users fields: _id, name, email (unique), phone,
// created_at, age.
// The seed's users shape (name, email, phone, created_at, age, ...) in `locale`.
spec::ProvisionPlan UsersPlan(int64_t rows, const std::string& locale = "en_US");

std::vector<std::unique_ptr<gen::TableGenerator>> Generators(const spec::ProvisionPlan& plan);

}  // namespace tdm::bench
