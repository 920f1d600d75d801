// A small network for the tests: an access zone with a UE and a core zone with a server.
#pragma once

#include <memory>
#include <string>

#include "sim/simulation.h"

namespace imssim::sim::testing {

inline Ipv4 ip(const char* dotted) { return *Ipv4::parse(dotted); }

struct TwoZones {
  explicit TwoZones(std::uint64_t seed, LinkProfile access_profile = {},
                    LinkProfile core_profile = {})
      : sim(seed),
        access(sim.network().add_zone("access", access_profile)),
        core(sim.network().add_zone("core", core_profile)),
        ue(sim.network().add_host("ue", ip("10.1.0.1"), access)),
        ue2(sim.network().add_host("ue2", ip("10.1.0.2"), access)),
        server(sim.network().add_host("server", ip("10.2.0.1"), core)) {}

  Simulation sim;
  Zone& access;
  Zone& core;
  Host& ue;
  Host& ue2;
  Host& server;
};

// Byte i of a test payload: position-dependent, so a misplaced byte shows.
inline std::uint8_t pattern(std::uint64_t i, std::uint8_t salt = 0) {
  return std::uint8_t((i * 131u + (i >> 8) + salt) & 0xFF);
}
inline Bytes pattern_bytes(std::size_t n, std::uint8_t salt = 0) {
  Bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = pattern(i, salt);
  return b;
}

}  // namespace imssim::sim::testing
