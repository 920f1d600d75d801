#include "sim/scenario/world.h"

#include <stdexcept>

namespace imssim::scenario {

namespace {

sim::LinkProfile link_profile(const Zone& z) {
  sim::LinkProfile p;
  p.delay = z.delay;
  p.jitter = z.jitter;
  p.jitter_model = z.lognormal_jitter ? sim::JitterModel::kLognormal : sim::JitterModel::kNormal;
  p.loss = z.loss;
  p.bandwidth_bps = z.bandwidth_bps;
  p.mtu = z.mtu;
  return p;
}

}  // namespace

World::World(const Scenario& s, sim::Simulation& sim) : scenario_(s), sim_(sim) {
  auto& net = sim.network();
  for (const auto& z : s.zones) net.add_zone(z.name, link_profile(z));
  auto add = [&](const Host& h, HostRole role) {
    net.add_host(h.name, h.address, *net.zone(h.zone));
    roles_.emplace(h.name, role);
  };
  for (const auto& h : s.ims_hosts) add(h, HostRole::kImsFunction);
  for (const auto& h : s.hosts) add(h, HostRole::kPlain);
  for (const auto& sub : s.subscribers) add(sub.host, HostRole::kUe);
}

// The loader checked every reference, so a miss here is a bug in imssim, not bad input.
sim::Host& World::host(std::string_view name) {
  if (auto* h = sim_.network().host(name)) return *h;
  throw std::logic_error("scenario world: no host '" + std::string(name) + "'");
}

sim::Zone& World::zone(std::string_view name) {
  if (auto* z = sim_.network().zone(name)) return *z;
  throw std::logic_error("scenario world: no zone '" + std::string(name) + "'");
}

HostRole World::role(std::string_view host_name) const {
  auto it = roles_.find(host_name);
  return it == roles_.end() ? HostRole::kPlain : it->second;
}

}  // namespace imssim::scenario
