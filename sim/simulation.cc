#include "sim/simulation.h"

namespace imssim::sim {

Simulation::Simulation(std::uint64_t seed)
    : seed_(seed), network_(std::make_unique<Network>(*this)) {}

Simulation::~Simulation() {
  network_.reset();  // hosts and connections before the scheduler and the tracer
  tracer_.flush();
}

Rng& Simulation::rng(std::string_view name) {
  auto it = rngs_.find(name);
  if (it != rngs_.end()) return *it->second;
  auto rng = std::make_unique<Rng>(Rng::derive(seed_, name));
  return *rngs_.emplace(std::string(name), std::move(rng)).first->second;
}

nlohmann::json Simulation::metrics_json(bool per_host) const {
  const auto* metrics = tracer_.metrics();
  nlohmann::json j = metrics ? metrics->to_json() : nlohmann::json::object();  // moved, not merged
  j["network"] = network_->counters_json(per_host);
  return j;
}

}  // namespace imssim::sim
