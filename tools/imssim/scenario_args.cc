#include "tools/imssim/scenario_args.h"

#include <iostream>

#include "sim/scenario/loader.h"
#include "sim/scenario/scenario_spec.h"

namespace imssim::cli {

void add_scenario_args(CLI::App& cmd, ScenarioArgs& args) {
  cmd.add_option("FILE", args.file, "Scenario file (JSON)")->required();
  cmd.add_option("--variant", args.variant, "Run under this key-management variant only")
      ->check(CLI::IsMember(scenario::variant_names()));
  cmd.add_option("--seed", args.seed, "Override the scenario's seed");
}

std::optional<scenario::Scenario> load_scenario(const ScenarioArgs& args) {
  auto loaded = scenario::load_scenario_file(args.file);
  if (!loaded) {
    std::cerr << scenario::format_diagnostics(loaded.error(), args.file);
    return std::nullopt;
  }
  scenario::Scenario s = std::move(*loaded);
  if (args.seed) s.seed = *args.seed;
  if (!args.variant.empty()) s.variants = {args.variant};
  return s;
}

}  // namespace imssim::cli
