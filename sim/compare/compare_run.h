// Runs one scenario under several key-management variants, with the same seed, and collects
// the Report; with a sweep, also once per variant at each value of the swept parameter.
//
// A variant whose run fails (run_scenario returns an error, e.g. a variant not implemented
// yet) gives a row with that error and the other variants still run. Only bad input fails the
// whole comparison: a swept value the scenario's validation refuses.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "sim/compare/report.h"
#include "sim/scenario/model.h"

namespace imssim::compare {

struct CompareOptions {
  std::vector<std::string> variants;  // empty: the scenario's own list
  std::optional<std::uint64_t> seed;  // empty: the scenario's seed
  std::optional<SweepSpec> sweep;
};

// The sweep rewrites base.normalized (the document with defaults filled in, so a value the
// file left to its default can be swept too) and reloads it through the loader.
Result<Report> run_compare(const scenario::Scenario& base, const CompareOptions& options);

}  // namespace imssim::compare
