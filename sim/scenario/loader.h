// Reads a scenario file: JSON syntax, then the format (scenario_spec), then the meaning
// (references, names, addresses, times). Nothing runs unless all three pass.
#pragma once

#include <string>

#include "common/result.h"
#include "sim/scenario/model.h"
#include "sim/scenario/spec.h"

namespace imssim::scenario {

// Every problem found, each naming the place; load fails if there is any.
Result<Scenario, Diagnostics> load_scenario_file(const std::string& path);
Result<Scenario, Diagnostics> load_scenario_text(const std::string& text, const std::string& file);

// All diagnostics as "file:line:col: pointer: message" lines.
std::string format_diagnostics(const Diagnostics& d, const std::string& file);

}  // namespace imssim::scenario
