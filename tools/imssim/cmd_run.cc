// `imssim run FILE`: runs a scenario under each of its variants (or the one --variant names),
// writes results, pcap and ladders per variant, prints a short summary, and exits 0 when
// every expectation held, 1 when one failed, 2 on invalid input.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "sim/scenario/runner.h"
#include "tools/imssim/commands.h"
#include "tools/imssim/scenario_args.h"

namespace imssim::cli {

namespace {

namespace fs = std::filesystem;

struct RunArgs : ScenarioArgs {
  std::string out_dir;
  std::string pcap, ladder, results;
};

// Where one variant's outputs go: --pcap/--ladder/--results when given (one variant only),
// otherwise OUT/<variant>/{results.json,trace.pcap,ladder.txt,ladder.mmd}; measured.json
// (wall-clock measurements, which differ between runs) beside the results.
struct Outputs {
  std::string results, pcap;
  std::vector<std::string> ladders;
  std::string measured;
};

Outputs outputs_for(const RunArgs& a, const fs::path& dir) {
  Outputs o{(dir / "results.json").string(),
            (dir / "trace.pcap").string(),
            {(dir / "ladder.txt").string(), (dir / "ladder.mmd").string()},
            {}};
  if (!a.results.empty()) o.results = a.results;
  o.measured = (fs::path(o.results).parent_path() / "measured.json").string();
  if (!a.pcap.empty()) o.pcap = a.pcap;
  if (!a.ladder.empty()) o.ladders = {a.ladder};
  return o;
}

Result<Ok> write_file(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  if (!f.flush()) return fail(path + ": cannot write");
  return Ok{};
}

Result<Ok> make_parent(const std::string& file) {
  std::error_code ec;
  auto parent = fs::path(file).parent_path();
  if (!parent.empty()) fs::create_directories(parent, ec);
  if (ec) return fail(parent.string() + ": cannot create the folder (" + ec.message() + ")");
  return Ok{};
}

void print_summary(const scenario::RunOutcome& r, const Outputs& o) {
  const auto& calls = r.results["calls"];
  int established = 0;
  for (const auto& c : calls) established += c.value("established", false) ? 1 : 0;
  int passed = 0;
  for (const auto& e : r.expectations) passed += e.passed ? 1 : 0;
  std::cout << "variant " << r.variant << ": ";
  if (!calls.empty()) std::cout << established << "/" << calls.size() << " calls established, ";
  for (const auto& [id, p] : r.results["probes"].items()) {
    if (p["kind"] == "datagrams")
      std::cout << "probe " << id << " " << p["received"] << "/" << p["sent"] << " datagrams, ";
    else
      std::cout << "probe " << id << " " << p["delivered_bytes"] << "/" << p["bytes"] << " bytes"
                << (p["verified"] == true ? " verified" : " NOT verified") << ", ";
  }
  std::cout << passed << "/" << r.expectations.size() << " expectations held\n";
  for (const auto& e : r.expectations)
    if (!e.passed && !e.skipped)
      std::cout << "  FAILED " << e.what << " (" << e.path << "): " << e.detail << "\n";
  std::cout << "  results " << o.results << "\n  pcap    " << o.pcap << "\n";
  for (const auto& l : o.ladders) std::cout << "  ladder  " << l << "\n";
}

int run(const RunArgs& a) {
  auto loaded = load_scenario(a);
  if (!loaded) return kExitBadInput;
  scenario::Scenario s = std::move(*loaded);
  bool single_files = !a.pcap.empty() || !a.ladder.empty() || !a.results.empty();
  if (single_files && s.variants.size() > 1) {
    std::cerr << "--pcap, --ladder and --results name one file each, but " << a.file
              << " runs under " << s.variants.size()
              << " variants: pick one with --variant, or use --out\n";
    return kExitBadInput;
  }
  fs::path out = a.out_dir.empty() ? fs::path("out") / s.name : fs::path(a.out_dir);
  bool all_passed = true;
  for (const auto& variant : s.variants) {
    Outputs o = outputs_for(a, out / variant);
    for (const auto* f : {&o.results, &o.pcap})
      if (auto r = make_parent(*f); !r) {
        std::cerr << r.error().message << "\n";
        return kExitBadInput;
      }
    for (const auto& l : o.ladders)
      if (auto r = make_parent(l); !r) {
        std::cerr << r.error().message << "\n";
        return kExitBadInput;
      }
    scenario::RunOptions run_options;
    run_options.variant = variant;
    run_options.pcap_path = o.pcap;
    run_options.ladder_paths = o.ladders;
    auto r = scenario::run_scenario(s, run_options);
    if (!r) {
      std::cerr << a.file << " (variant " << variant << "): " << r.error().message << "\n";
      return kExitBadInput;
    }
    for (const auto& [path, doc] : {std::pair{o.results, &r->results}, {o.measured, &r->measured}})
      if (auto w = write_file(path, doc->dump(2) + "\n"); !w) {
        std::cerr << w.error().message << "\n";
        return kExitBadInput;
      }
    print_summary(*r, o);
    all_passed = all_passed && r->passed();
  }
  return all_passed ? kExitOk : kExitFailed;
}

}  // namespace

void add_run_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "run", "Run a scenario under each of its variants and check its expectations");
  static RunArgs args;
  add_scenario_args(*cmd, args);
  cmd->add_option("--out", args.out_dir,
                  "Output folder (default out/<scenario name>); one sub-folder per variant");
  cmd->add_option("--pcap", args.pcap, "Write the pcap here instead (one variant only)");
  cmd->add_option("--ladder", args.ladder,
                  "Write the ladder here instead: .txt, .mmd or .puml (one variant only)");
  cmd->add_option("--results", args.results,
                  "Write the results JSON here instead (one variant only)");
  cmd->callback([&exit_code] { exit_code = run(args); });
}

}  // namespace imssim::cli
