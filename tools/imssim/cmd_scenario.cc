// `imssim validate FILE` and `imssim schema [--markdown]`.
#include <iostream>

#include "sim/scenario/loader.h"
#include "sim/scenario/scenario_spec.h"
#include "tools/imssim/commands.h"

namespace imssim::cli {

void add_validate_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("validate", "Check a scenario file (syntax, format, references) without running it");
  static std::string file;
  static bool print = false;
  cmd->add_option("FILE", file, "Scenario file (JSON)")->required();
  cmd->add_flag("--print", print, "Print the scenario with every default filled in");
  cmd->callback([&exit_code] {
    auto s = scenario::load_scenario_file(file);
    if (!s) {
      std::cerr << scenario::format_diagnostics(s.error(), file);
      std::cerr << file << ": invalid (" << s.error().size() << " problem"
                << (s.error().size() == 1 ? "" : "s") << ")\n";
      exit_code = kExitBadInput;
      return;
    }
    if (print) std::cout << s->normalized.dump(2) << "\n";
    std::cerr << file << ": valid: " << s->subscribers.size() << " subscriber(s), " << s->timeline.size()
              << " action(s), " << s->expectations.size() << " expectation(s), variants";
    for (const auto& v : s->variants) std::cerr << " " << v;
    std::cerr << "\n";
    exit_code = kExitOk;
  });
}

void add_schema_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("schema", "Print the scenario format as JSON Schema (or its Markdown reference)");
  static bool markdown = false;
  cmd->add_flag("--markdown", markdown, "Print the field reference of scenarios/README.md instead");
  cmd->callback([&exit_code] {
    const auto& spec = scenario::scenario_spec();
    if (markdown)
      std::cout << scenario::to_markdown_reference(spec);
    else
      std::cout << scenario::to_json_schema(spec, "imssim scenario", "https://imssim.invalid/scenario.schema.json").dump(2)
                << "\n";
    exit_code = kExitOk;
  });
}

}  // namespace imssim::cli
