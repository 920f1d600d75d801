// Fuzz target for the BSF and HSS as servers: attacker bytes arrive on Ub (HTTP), Zn or Zh
// (Diameter) over a simulated stream. Besides "no crash, no leak, no hang": nobody gets
// bootstrapped (authentication needs XRES), and the BSF serves no key.
//
// Input: byte 0 picks the port (mod 3: Ub, Zn, Zh), byte 1 where the rest is cut in two sends.
#include <cstdint>
#include <cstdlib>

#include "common/hex.h"
#include "nodes/gba_nodes/bsf.h"
#include "nodes/gba_nodes/hss.h"
#include "sim/simulation.h"

namespace {

using namespace imssim;
using namespace imssim::gba_nodes;
using namespace imssim::time_literals;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  sim::Simulation sim(1);
  auto& zone = sim.network().add_zone("core", {.delay = 1_ms});
  auto& attacker = sim.network().add_host("attacker", *Ipv4::parse("10.0.0.1"), zone);
  auto& bsf_host = sim.network().add_host("bsf", *Ipv4::parse("10.0.0.2"), zone);
  auto& hss_host = sim.network().add_host("hss", *Ipv4::parse("10.0.0.3"), zone);
  {
    HssConfig hc;
    hc.subscribers.push_back({"alice@ims.example",
                              {"sip:alice@ims.example"},
                              *from_hex("465b5ce8b199b49faa5f0a2ee238a6bc"),
                              *from_hex("cd63cb71954a9f4e48a5994e37a02baf"),
                              0,
                              kDefaultAmf});
    auto hss = Hss::start(hss_host.env(), hc).value();
    BsfConfig bc;
    bc.hss = {hss_host.address(), kDiameterPort};
    auto bsf = Bsf::start(bsf_host.env(), bc).value();

    const int which = data[0] % 3;
    const Endpoint to = which == 0   ? Endpoint{bsf_host.address(), kHttpPort}
                        : which == 1 ? Endpoint{bsf_host.address(), kDiameterPort}
                                     : Endpoint{hss_host.address(), kDiameterPort};
    const ByteView payload(data + 2, size - 2);
    const std::size_t cut = payload.empty() ? 0 : data[1] % (payload.size() + 1);
    auto stream = attacker.env().connect_tcp(to);
    stream->on_data([](ByteView) {});
    stream->send(payload.first(cut));
    sim.scheduler().schedule_at(5_ms, [&] { stream->send(payload.subspan(cut)); });
    sim.run_until(30_s);
    if (bsf->counters().bootstraps != 0 || bsf->counters().zn_keys != 0) std::abort();
    stream.reset();
    bsf.reset();
    hss.reset();
  }
  return 0;
}
