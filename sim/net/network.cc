#include "sim/net/network.h"

#include <stdexcept>

#include "sim/kernel/scheduler.h"
#include "sim/net/host.h"
#include "sim/simulation.h"
#include "sim/trace/pcap_writer.h"

namespace imssim::sim {

LinkCounters Zone::up_counters() const {
  LinkCounters c;
  for (const Host* h : hosts_) c.add(h->uplink_state().counters());
  return c;
}

LinkCounters Zone::down_counters() const {
  LinkCounters c;
  for (const Host* h : hosts_) c.add(h->downlink_state().counters());
  return c;
}

std::string validate(const LinkProfile& p) {
  if (p.delay < Time()) return "negative delay " + p.delay.str();
  if (p.jitter < Time()) return "negative jitter " + p.jitter.str();
  if (!(p.loss >= 0 && p.loss <= 1)) return "loss " + std::to_string(p.loss) + " is outside [0, 1]";
  if (!(p.bandwidth_bps >= 0)) return "negative bandwidth";
  if (p.mtu < constants::kMinMtu || p.mtu > constants::kMaxMtu)
    return "MTU " + std::to_string(p.mtu) + " is outside 68..65535";
  return "";
}

void Zone::set_profile(const LinkProfile& p) {
  if (std::string why = validate(p); !why.empty())
    throw std::invalid_argument("zone '" + name_ + "': " + why);
  profile_ = p;
}

Network::Network(Simulation& sim) : sim_(sim), tracer_(sim.tracer()) {}
Network::~Network() = default;

Scheduler& Network::scheduler() { return sim_.scheduler(); }

Zone& Network::add_zone(std::string name, const LinkProfile& profile) {
  if (zones_by_name_.count(name)) throw std::invalid_argument("zone '" + name + "' exists already");
  if (std::string why = validate(profile); !why.empty())
    throw std::invalid_argument("zone '" + name + "': " + why);
  zones_.push_back(std::unique_ptr<Zone>(new Zone(name, profile)));
  zones_by_name_.emplace(std::move(name), zones_.back().get());
  return *zones_.back();
}

Host& Network::add_host(std::string name, Ipv4 address, Zone& zone) {
  if (hosts_by_name_.count(name)) throw std::invalid_argument("host '" + name + "' exists already");
  if (hosts_by_ip_.count(address.value))
    throw std::invalid_argument("host '" + name + "': address " + address.str() + " is taken by '" +
                                hosts_by_ip_[address.value]->name() + "'");
  hosts_.push_back(std::make_unique<Host>(*this, name, address, zone));
  Host* h = hosts_.back().get();
  hosts_by_name_.emplace(std::move(name), h);
  hosts_by_ip_.emplace(address.value, h);
  zone.hosts_.push_back(h);
  return *h;
}

Zone* Network::zone(std::string_view name) {
  auto it = zones_by_name_.find(name);
  return it == zones_by_name_.end() ? nullptr : it->second;
}

Host* Network::host(std::string_view name) {
  auto it = hosts_by_name_.find(name);
  return it == hosts_by_name_.end() ? nullptr : it->second;
}

Host* Network::host_at(Ipv4 address) {
  auto it = hosts_by_ip_.find(address.value);
  return it == hosts_by_ip_.end() ? nullptr : it->second;
}

std::uint32_t Network::path_mtu(const Host& from, Ipv4 to) {
  auto mtu = std::uint32_t(from.zone().profile().mtu);
  if (Host* h = host_at(to)) mtu = std::min(mtu, std::uint32_t(h->zone().profile().mtu));
  return mtu;
}

// ---------------------------------------------------------------- faults

void Network::link_down(Zone& z) {
  z.down_ = true;
  if (tracer_.on()) tracer_.event(sim_.now(), "link_down", {{"zone", z.name()}});
}

void Network::link_up(Zone& z) {
  z.down_ = false;
  if (tracer_.on()) tracer_.event(sim_.now(), "link_up", {{"zone", z.name()}});
}

void Network::loss_burst(Zone& z, double loss, Time duration) {
  z.burst_loss_ = loss;
  z.burst_until_ = sim_.now() + duration;
  if (tracer_.on())
    tracer_.event(sim_.now(), "loss_burst",
                  {{"zone", z.name()}, {"loss", loss}, {"duration_ms", duration.to_ms()}});
}

void Network::node_down(Host& h) {
  if (tracer_.on()) tracer_.note(sim_.now(), h.name(), "node down");
  h.set_down();
}

void Network::node_up(Host& h) {
  if (tracer_.on()) tracer_.note(sim_.now(), h.name(), "node up");
  h.set_up();
}

// ---------------------------------------------------------------- packets

void Network::transmit(Packet* p, bool retransmission) {
  Host& src = *p->from;
  if (!src.up_) {  // a stopped host emits nothing
    ++src.counters_.dropped_while_down;
    if (p->ladder_id && tracer_.ladder_on()) tracer_.ladder()->lost(p->ladder_id);
    release(p);
    return;
  }
  Host* dst = host_at(p->dst.ip);
  p->to = dst;
  p->path_mtu = dst ? std::min(src.zone().profile().mtu, dst->zone().profile().mtu)
                    : src.zone().profile().mtu;
  // The IP layer: UDP datagrams above the path MTU leave as fragments whose payloads are
  // multiples of 8 bytes (RFC 791 §3.2), as the pcap writer writes them.
  if (p->protocol == Protocol::kUdp) {
    std::size_t l4 = kUdpHeaderBytes + p->payload.size();
    std::size_t per_fragment = (p->path_mtu - kIpv4HeaderBytes) / 8 * 8;
    p->fragments = l4 + kIpv4HeaderBytes <= p->path_mtu
                       ? 1
                       : std::uint32_t((l4 + per_fragment - 1) / per_fragment);
    p->ip_bytes = std::uint32_t(l4 + kIpv4HeaderBytes * p->fragments);
  } else {
    p->fragments = 1;
    p->ip_bytes = std::uint32_t(kIpv4HeaderBytes + kTcpHeaderBytes + p->payload.size());
  }
  Time now = sim_.now();
  if (tracer_.on()) tracer_.packet_sent(now, *p, retransmission);

  if (!dst) {
    ++dropped_no_route_;
    bool syn =
        p->protocol == Protocol::kTcp &&
        (p->flags & (trace::tcp_flags::kSyn | trace::tcp_flags::kAck)) == trace::tcp_flags::kSyn;
    if (syn) {
      // The first router answers "host unreachable" (ICMP, not in the pcap): the connect fails
      // after a round trip on the sender's link.
      Endpoint local = p->src, remote = p->dst;
      Time rtt = src.zone().profile().delay * 2;
      scheduler().schedule_guarded(
          rtt, [h = &src, local, remote] { h->tcp_unreachable(local, remote); }, &src.epoch_,
          src.epoch_);
    }
    drop(p, trace::DropReason::kNoRoute, src.name());
    return;
  }
  if (dst == &src) {  // loopback: no link, delivered from the event loop
    scheduler().schedule(Time(), [this, p] { deliver(p); });
    return;
  }
  Zone& zone = src.zone();
  bool down = src.link_down();
  auto arrival = src.uplink_.carry(now, p->ip_bytes, p->fragments, zone.profile(),
                                   zone.loss_at(now), down, p->protocol == Protocol::kTcp);
  if (!arrival) {
    drop(p, down ? trace::DropReason::kLinkDown : trace::DropReason::kLoss, zone.name());
    return;
  }
  scheduler().schedule_at(*arrival, [this, p] { enter_core(p); });
}

void Network::enter_core(Packet* p) {
  if (core_tap_) core_tap_(*p);
  Host& dst = *p->to;
  Zone& zone = dst.zone();
  Time now = sim_.now();
  bool down = dst.link_down();
  auto arrival = dst.downlink_.carry(now, p->ip_bytes, p->fragments, zone.profile(),
                                     zone.loss_at(now), down, p->protocol == Protocol::kTcp);
  if (!arrival) {
    drop(p, down ? trace::DropReason::kLinkDown : trace::DropReason::kLoss, zone.name());
    return;
  }
  scheduler().schedule_at(*arrival, [this, p] { deliver(p); });
}

void Network::deliver(Packet* p) {
  Host& dst = *p->to;
  if (!dst.up_) {
    ++dst.counters_.dropped_while_down;
    drop(p, trace::DropReason::kReceiverDown, dst.name());
    return;
  }
  dst.receive(p);
}

void Network::drop(Packet* p, trace::DropReason why, std::string_view where) {
  if (tracer_.on()) tracer_.packet_dropped(sim_.now(), *p, why, where);
  release(p);
}

// ---------------------------------------------------------------- counters

namespace {
nlohmann::json counters_json(const LinkCounters& c) {
  return {{"packets", c.packets}, {"bytes", c.bytes}, {"dropped", c.dropped}};
}
}  // namespace

nlohmann::json Network::counters_json(bool per_host) const {
  nlohmann::json zones = nlohmann::json::object();
  for (const auto& z : zones_)
    zones[z->name()] = {{"up", sim::counters_json(z->up_counters())},
                        {"down", sim::counters_json(z->down_counters())}};
  std::uint64_t no_socket = 0, while_down = 0, resets = 0, oversize = 0;
  nlohmann::json hosts = nlohmann::json::object();
  for (const auto& h : hosts_) {
    const auto& c = h->counters();
    no_socket += c.udp_no_socket;
    while_down += c.dropped_while_down;
    resets += c.tcp_resets_sent;
    oversize += c.udp_oversize;
    if (per_host)
      hosts[h->name()] = {{"up", sim::counters_json(h->uplink_state().counters())},
                          {"down", sim::counters_json(h->downlink_state().counters())},
                          {"udp_no_socket", c.udp_no_socket},
                          {"dropped_while_down", c.dropped_while_down},
                          {"tcp_resets_sent", c.tcp_resets_sent}};
  }
  nlohmann::json j = {{"zones", std::move(zones)},
                      {"dropped",
                       {{"no_route", dropped_no_route_},
                        {"udp_no_socket", no_socket},
                        {"host_down", while_down},
                        {"udp_oversize", oversize}}},
                      {"tcp_resets_sent", resets}};
  if (per_host) j["hosts"] = std::move(hosts);
  return j;
}

}  // namespace imssim::sim
