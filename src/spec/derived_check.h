// Checks of derived fields (`derived: "sum(order_lines.amount)"`) against the resolved spec: the
// fields and child tables an expression reads, their types, cycles, and which derived fields can
// be NULL (those become nullable columns).
#pragma once

#include "spec/resolver.h"
#include "tdm/status.h"

namespace tdm::spec {

// Checks every derived field of `spec` and marks those that can be NULL as not required.
Status CheckDerived(ResolvedSpec& spec);

}  // namespace tdm::spec
