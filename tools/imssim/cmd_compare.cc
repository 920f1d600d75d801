// `imssim compare FILE`: runs a scenario with one seed under each variant (the scenario's own
// list, or --variants), prints the figures side by side and writes compare.md, compare.csv and
// compare.json to --out; with --sweep also a run per value of one parameter and
// compare-sweep.svg. Exit 0 when every run completed, 1 when a variant's run failed (its error
// is in every output), 2 on invalid input or usage.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include "sim/compare/compare_run.h"
#include "sim/compare/csv_writer.h"
#include "sim/compare/json_writer.h"
#include "sim/compare/svg_chart.h"
#include "sim/compare/sweep_spec.h"
#include "sim/compare/tables.h"
#include "sim/scenario/loader.h"
#include "sim/scenario/scenario_spec.h"
#include "tools/imssim/commands.h"

namespace imssim::cli {

namespace {

namespace fs = std::filesystem;

constexpr const char* kSvgName = "compare-sweep.svg";

struct CompareArgs {
  std::string file;
  std::vector<std::string> variants;
  std::string sweep;
  std::string out_dir = "compare-out";
  std::optional<std::uint64_t> seed;
};

Result<Ok> write_file(const fs::path& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  if (!f.flush()) return fail(path.string() + ": cannot write");
  return Ok{};
}

int run(const CompareArgs& a) {
  for (std::size_t i = 0; i < a.variants.size(); ++i)
    if (std::find(a.variants.begin(), a.variants.begin() + i, a.variants[i]) !=
        a.variants.begin() + i) {
      std::cerr << "--variants: '" << a.variants[i] << "' is named twice\n";
      return kExitBadInput;
    }
  compare::CompareOptions options;
  options.variants = a.variants;
  options.seed = a.seed;
  if (!a.sweep.empty()) {
    auto sweep = compare::parse_sweep(a.sweep);
    if (!sweep) {
      std::cerr << sweep.error().message << "\n";
      return kExitBadInput;
    }
    options.sweep = *sweep;
  }
  auto loaded = scenario::load_scenario_file(a.file);
  if (!loaded) {
    std::cerr << scenario::format_diagnostics(loaded.error(), a.file);
    return kExitBadInput;
  }
  std::error_code ec;
  fs::create_directories(a.out_dir, ec);
  if (ec) {
    std::cerr << "--out " << a.out_dir << ": cannot create the folder (" << ec.message() << ")\n";
    return kExitBadInput;
  }
  auto report = compare::run_compare(*loaded, options);
  if (!report) {
    std::cerr << report.error().message << "\n";
    return kExitBadInput;
  }
  std::cout << compare::text_report(*report);
  fs::path out(a.out_dir);
  std::vector<std::pair<std::string, std::string>> files{
      {"compare.md", compare::markdown_report(*report, report->sweep ? kSvgName : "")},
      {"compare.csv", compare::csv_report(*report)},
      {"compare.json", compare::json_report(*report).dump(2) + "\n"}};
  if (report->sweep)
    files.emplace_back(kSvgName, compare::svg_line_chart(compare::sweep_chart(*report)));
  std::cout << "\n";
  for (const auto& [name, text] : files) {
    if (auto w = write_file(out / name, text); !w) {
      std::cerr << w.error().message << "\n";
      return kExitBadInput;
    }
    std::cout << "  wrote " << (out / name).string() << "\n";
  }
  bool all_ran = true;
  for (const auto& row : report->rows) all_ran = all_ran && !row.error;
  for (const auto& p : report->sweep_points)
    for (const auto& c : p.cells) all_ran = all_ran && !c.error;
  return all_ran ? kExitOk : kExitFailed;
}

}  // namespace

void add_compare_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "compare",
      "Run a scenario with one seed under each key-management variant and compare round trips, "
      "bytes, delays and KMS work (terminal table, compare.md/.csv/.json; with --sweep a chart)");
  static CompareArgs args;
  cmd->add_option("FILE", args.file, "Scenario file (JSON)")->required();
  cmd->add_option("--variants", args.variants,
                  "Comma-separated variants to compare (default: the scenario's `variants`)")
      ->delimiter(',')
      ->check(CLI::IsMember(scenario::variant_names()));
  cmd->add_option("--sweep", args.sweep,
                  "PARAM=FROM:TO:STEP: also run at each value of PARAM, a dotted path or JSON "
                  "pointer into the scenario (e.g. network.zones.access.delay_ms=10:300:10), "
                  "and chart the mean setup delay in compare-sweep.svg");
  cmd->add_option("--out", args.out_dir, "Output folder (default compare-out)");
  cmd->add_option("--seed", args.seed, "Override the scenario's seed");
  cmd->callback([&exit_code] { exit_code = run(args); });
}

}  // namespace imssim::cli
