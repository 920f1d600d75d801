// The imssim scenario file format, as one Spec (see spec.h). scenarios/README.md and
// scenarios/scenario.schema.json are generated from it (`imssim schema`).
#pragma once

#include <string>
#include <vector>

#include "sim/scenario/spec.h"

namespace imssim::scenario {

const Spec& scenario_spec();

// Key-management variants a scenario can run under (DESIGN.md "Key-management variants").
inline const std::vector<std::string>& variant_names() {
  static const std::vector<std::string> names{"mikey", "tls-ticket", "mikey-ticket"};
  return names;
}

}  // namespace imssim::scenario
