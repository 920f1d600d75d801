// `imssim bench FILE`: how fast the simulator runs a scenario. Runs it --repeat times under
// each variant with every trace off (no pcap, ladder or event log; the results JSON is still
// built, as `run` builds it) and prints, per variant, the calls established per run, calls per
// second of CPU time (median and best run) and of wall time (median), and the heap in use at
// the end of the timeline. A measurement, not a check: it exits 0 unless the input is bad (2) or a
// run fails to start (2).
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <vector>

#include "sim/scenario/runner.h"
#include "tools/imssim/commands.h"
#include "tools/imssim/scenario_args.h"

namespace imssim::cli {
namespace {

struct BenchArgs : ScenarioArgs {
  int repeat = 5;
};

double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return double(t.tv_sec) + double(t.tv_nsec) * 1e-9;
}

struct Sample {
  double cpu_s = 0, wall_s = 0, heap_bytes = 0;
  int established = 0, calls = 0;
};

Result<Sample> measure(const scenario::Scenario& s, const std::string& variant) {
  scenario::RunOptions o;
  o.variant = variant;
  Sample sample;
  double heap_before = double(mallinfo2().uordblks);
  o.at_end = [&] { sample.heap_bytes = double(mallinfo2().uordblks) - heap_before; };
  auto wall = std::chrono::steady_clock::now();
  double cpu = cpu_seconds();
  auto r = scenario::run_scenario(s, o);
  sample.cpu_s = cpu_seconds() - cpu;
  sample.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count();
  if (!r) return Unexpected{r.error()};
  for (const auto& c : r->results["calls"]) {
    ++sample.calls;
    sample.established += c.value("established", false) ? 1 : 0;
  }
  return sample;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

int bench(const BenchArgs& a) {
  auto loaded = load_scenario(a);
  if (!loaded) return kExitBadInput;
  const scenario::Scenario& s = *loaded;
  std::printf("%-13s %5s %10s %15s %13s %16s %8s\n", "variant", "runs", "calls/run",
              "calls/s CPU med", "CPU best run", "calls/s wall med", "heap MB");
  for (const auto& variant : s.variants) {
    std::vector<double> rates, wall_rates;
    Sample last;
    for (int i = 0; i < a.repeat; ++i) {
      auto sample = measure(s, variant);
      if (!sample) {
        std::cerr << a.file << " (variant " << variant << "): " << sample.error().message << "\n";
        return kExitBadInput;
      }
      last = *sample;
      rates.push_back(sample->cpu_s > 0 ? sample->established / sample->cpu_s : 0);
      wall_rates.push_back(sample->wall_s > 0 ? sample->established / sample->wall_s : 0);
    }
    std::printf("%-13s %5d %4d of %-4d %15.0f %13.0f %16.0f %8.1f\n", variant.c_str(), a.repeat,
                last.established, last.calls, median(rates),
                *std::max_element(rates.begin(), rates.end()), median(wall_rates),
                last.heap_bytes / 1e6);
  }
  std::printf("calls/s: established calls per second of this process's CPU time, and of wall "
              "time, tracing off\n");
  return kExitOk;
}

}  // namespace

void add_bench_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "bench", "Measure how fast a scenario runs: calls per CPU second with tracing off, heap");
  static BenchArgs args;
  add_scenario_args(*cmd, args);
  cmd->add_option("--repeat", args.repeat, "Runs per variant (default 5)")
      ->check(CLI::Range(1, 1000));
  cmd->callback([&exit_code] { exit_code = bench(args); });
}

}  // namespace imssim::cli
