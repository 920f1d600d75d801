// One simulation run: it owns the scheduler, the random streams, the trace sinks and the
// network, and nothing is global, so a process may hold many (one per thread, or several on
// one thread). Everything happens in simulated time; no wall clock is read.
//
//   sim::Simulation sim(seed);
//   auto& core = sim.network().add_zone("core", {.delay = 1_ms, .bandwidth_bps = 1e9});
//   auto& kms = sim.network().add_host("kms", *Ipv4::parse("10.2.0.5"), core);
//   Environment& env = kms.env();              // what a node on "kms" sees
//   sim.tracer().enable_pcap("run.pcap");      // opt-in traces
//   sim.run_until_idle();
//
// Destroy the nodes (their sockets and streams) before the Simulation.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/rng.h"
#include "common/time.h"
#include "sim/kernel/scheduler.h"
#include "sim/net/host.h"
#include "sim/net/network.h"
#include "sim/trace/tracer.h"

namespace imssim::sim {

class Simulation {
 public:
  explicit Simulation(std::uint64_t seed);
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  std::uint64_t seed() const { return seed_; }
  Time now() const { return scheduler_.now(); }
  Scheduler& scheduler() { return scheduler_; }
  trace::Tracer& tracer() { return tracer_; }
  Network& network() { return *network_; }

  // The random stream `name`, derived from the seed and the name only: the same name always
  // gives the same stream object, and adding a stream never shifts another.
  Rng& rng(std::string_view name);

  void run_until(Time t) { scheduler_.run_until(t); }
  void run_until_idle() { scheduler_.run_until_idle(); }
  template <typename Pred>
  bool run_until(Pred&& done, Time limit) {
    return scheduler_.run_until(std::forward<Pred>(done), limit);
  }
  void stop() { scheduler_.stop(); }

  // Link counters of the network plus, when enabled, the tracer's metrics.
  nlohmann::json metrics_json(bool per_host = false) const;

 private:
  std::uint64_t seed_;
  Scheduler scheduler_;  // declared first: destroyed last
  std::map<std::string, std::unique_ptr<Rng>, std::less<>> rngs_;
  trace::Tracer tracer_;
  std::unique_ptr<Network> network_;
};

}  // namespace imssim::sim
