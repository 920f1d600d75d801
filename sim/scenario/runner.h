// Runs one scenario under one key-management variant: builds the simulated network, plays
// the timeline, and returns the results document with the expectations checked against it.
//
//   auto s = load_scenario_file("scenarios/basic-call.json");
//   auto outcome = run_scenario(*s, {.variant = "mikey", .pcap_path = "out/run.pcap"});
//   outcome->results["calls"][0]["established"];
//
// The same scenario, variant and seed always give byte-identical results and traces.
#pragma once

#include <nlohmann/json.hpp>
#include <functional>
#include <string>
#include <vector>

#include "common/result.h"
#include "sim/scenario/expectations.h"
#include "sim/scenario/model.h"

namespace imssim::scenario {

class ImsNetwork;

struct RunOptions {
  std::string variant;                    // empty: the scenario's first variant
  std::string pcap_path;                  // each empty: that trace is not written
  std::vector<std::string> ladder_paths;  // each .txt, .mmd (Mermaid) or .puml, by extension
  std::string event_log_path;             // JSON lines, one per packet event
  // Called once the timeline has run, while every node still exists (benchmarks measure the
  // memory of a populated network here).
  std::function<void()> at_end;
  // Called then too with the IMS network, so tests can inspect the nodes' state.
  std::function<void(const ImsNetwork&)> inspect;
};

struct RunOutcome {
  std::string variant;
  nlohmann::json results;
  // Wall-clock measurements (the KMS's real CPU time per operation). They differ between runs
  // of one seed, so they are kept out of `results`, which is byte-identical per seed.
  nlohmann::json measured;
  std::vector<ExpectationOutcome> expectations;
  bool passed() const;
};

// Errors: an unknown variant, an output file that cannot be written, or an
// action that cannot start (each naming the place and the reason). A run whose expectations
// fail is not an error: see RunOutcome::passed().
Result<RunOutcome> run_scenario(const Scenario& s, const RunOptions& options);

}  // namespace imssim::scenario
