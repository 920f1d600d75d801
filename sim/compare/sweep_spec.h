// `--sweep PARAM=FROM:TO:STEP`: which scenario value to vary and over which values.
//
// PARAM is a path into the scenario document, dotted (network.zones.access.delay_ms) or a
// JSON pointer (RFC 6901: /network/zones/access/delay_ms); array elements are indices
// (timeline.2.at_s). FROM <= TO, STEP > 0, at most kMaxSweepPoints values. Value i is
// FROM + i * STEP, computed from i (never by adding STEP repeatedly) and rounded to the
// decimals written in FROM, TO and STEP, so 0:1:0.1 gives exactly 0.3 and ends on 1.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/result.h"
#include "sim/compare/report.h"

namespace imssim::compare {

constexpr std::size_t kMaxSweepPoints = 1000;

// Errors name --sweep and the part at fault: "--sweep 'x=1:2': expected PARAM=FROM:TO:STEP".
Result<SweepSpec> parse_sweep(std::string_view spec);

// Dotted path or JSON pointer -> JSON pointer; "" when the path is empty or malformed.
std::string to_json_pointer(std::string_view path);

// Sets the value at `pointer` in `doc` (a missing last member is added, so a value the file
// left to its default can be swept). Errors: the parent does not exist or is not an object or
// array, or the index is not a valid one. What the value means is for the loader to check.
Result<Ok> set_parameter(nlohmann::json& doc, const std::string& pointer, double value);

}  // namespace imssim::compare
