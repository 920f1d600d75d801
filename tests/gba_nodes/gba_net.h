// The GBA network of the tests: a UE in an access zone; HSS, BSF and a NAF (the KMS) in the
// core zone; the nodes of nodes/gba_nodes running on the simulated hosts.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "common/hex.h"
#include "nodes/gba_nodes/bsf.h"
#include "nodes/gba_nodes/gba_client.h"
#include "nodes/gba_nodes/hss.h"
#include "nodes/gba_nodes/zn_client.h"
#include "sim/simulation.h"

namespace imssim::gba_nodes::testing {

using namespace imssim::time_literals;

inline Ipv4 ip(const char* dotted) { return *Ipv4::parse(dotted); }

// Milenage test set 1 (TS 35.208 §4.3.1) as the subscriber's K and OPc.
inline const char* kK = "465b5ce8b199b49faa5f0a2ee238a6bc";
inline const char* kOpc = "cd63cb71954a9f4e48a5994e37a02baf";
inline const char* kImpi = "alice@ims.example";

struct NetOptions {
  sim::LinkProfile access{.delay = 20_ms};
  sim::LinkProfile core{.delay = 1_ms};
  std::uint64_t hss_sqn = 0;
  std::int64_t key_lifetime_seconds = kDefaultKeyLifetimeSeconds;
  bool start_hss = true;
  int extra_subscribers = 0;  // "user<i>@ims.example", i = 0.., same K and OPc as alice
};

inline std::string extra_impi(int i) { return "user" + std::to_string(i) + "@ims.example"; }

struct GbaNet {
  explicit GbaNet(std::uint64_t seed, NetOptions o = {})
      : sim(seed),
        access(sim.network().add_zone("access", o.access)),
        core(sim.network().add_zone("core", o.core)),
        ue_host(sim.network().add_host("ue", ip("10.1.0.1"), access)),
        bsf_host(sim.network().add_host("bsf", ip("10.2.0.2"), core)),
        hss_host(sim.network().add_host("hss", ip("10.2.0.3"), core)),
        kms_host(sim.network().add_host("kms", ip("10.2.0.4"), core)) {
    if (o.start_hss) {
      HssConfig hc;
      SubscriberConfig s;
      s.impi = kImpi;
      s.impus = {"sip:alice@ims.example"};
      s.k = *from_hex(kK);
      s.opc = *from_hex(kOpc);
      s.sqn = o.hss_sqn;
      hc.subscribers.push_back(s);
      for (int i = 0; i < o.extra_subscribers; ++i) {
        s.impi = extra_impi(i);
        s.impus = {"sip:" + s.impi};
        hc.subscribers.push_back(s);
      }
      hss = Hss::start(hss_host.env(), hc).value();
    }
    BsfConfig bc;
    bc.hss = {hss_host.address(), kDiameterPort};
    bc.key_lifetime_seconds = o.key_lifetime_seconds;
    bc.hss_timeout = 2_s;
    bsf = Bsf::start(bsf_host.env(), bc).value();
    ZnClientConfig zc;
    zc.bsf = {bsf_host.address(), kDiameterPort};
    zn = ZnClient::create(kms_host.env(), zc);
  }

  GbaClientConfig ue_config(const char* k = kK) const {
    GbaClientConfig c;
    c.impi = kImpi;
    c.k = *from_hex(k);
    c.opc = *from_hex(kOpc);
    c.bsf = {bsf_host.address(), kHttpPort};
    return c;
  }

  // Runs one bootstrapping to its end.
  Result<GbaSession> bootstrap(GbaClient& ue) {
    std::optional<Result<GbaSession>> out;
    ue.bootstrap([&](Result<GbaSession> r) { out = std::move(r); });
    sim.run_until([&] { return out.has_value(); }, sim.now() + 120_s);
    if (!out) return fail("test: the bootstrap never finished");
    return std::move(*out);
  }
  Result<NafKey, ZnError> fetch(const std::string& btid) {
    std::optional<Result<NafKey, ZnError>> out;
    zn->fetch(btid, [&](Result<NafKey, ZnError> r) { out = std::move(r); });
    sim.run_until([&] { return out.has_value(); }, sim.now() + 120_s);
    if (!out) return Unexpected<ZnError>{ZnError{ZnError::Kind::kTransport, "test: no answer"}};
    return std::move(*out);
  }

  sim::Simulation sim;
  sim::Zone& access;
  sim::Zone& core;
  sim::Host& ue_host;
  sim::Host& bsf_host;
  sim::Host& hss_host;
  sim::Host& kms_host;
  // Nodes after the simulation: destroyed first.
  std::unique_ptr<Hss> hss;
  std::unique_ptr<Bsf> bsf;
  std::unique_ptr<ZnClient> zn;
};

}  // namespace imssim::gba_nodes::testing
