// The simulated network of one scenario run: its zones and hosts, built from the validated
// model, and what each host is (an IMS function, a UE, a plain host), which the interface
// classifier and the action handlers need.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "common/result.h"
#include "sim/net/host.h"
#include "sim/scenario/model.h"
#include "sim/simulation.h"

namespace imssim::scenario {

enum class HostRole { kImsFunction, kUe, kPlain };

class World {
 public:
  // Adds every zone and host of `s` to `sim`'s network.
  World(const Scenario& s, sim::Simulation& sim);

  sim::Simulation& simulation() { return sim_; }
  const Scenario& scenario() const { return scenario_; }

  // Hosts by name; the loader guaranteed that every name the scenario uses exists.
  sim::Host& host(std::string_view name);
  sim::Zone& zone(std::string_view name);
  HostRole role(std::string_view host_name) const;

 private:
  const Scenario& scenario_;
  sim::Simulation& sim_;
  std::map<std::string, HostRole, std::less<>> roles_;
};

}  // namespace imssim::scenario
