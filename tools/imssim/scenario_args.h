// What `imssim run` and `imssim bench` both take: a scenario file, an optional variant to run
// alone and an optional seed that overrides the file's.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>

#include "sim/scenario/model.h"

namespace imssim::cli {

struct ScenarioArgs {
  std::string file;
  std::string variant;
  std::optional<std::uint64_t> seed;
};

// Adds FILE, --variant and --seed to `cmd`, stored into `args`.
void add_scenario_args(CLI::App& cmd, ScenarioArgs& args);

// The scenario with --seed and --variant applied; nullopt after printing the diagnostics
// (which name the place and the reason) to stderr.
std::optional<scenario::Scenario> load_scenario(const ScenarioArgs& args);

}  // namespace imssim::cli
