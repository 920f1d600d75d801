// The simulated network of one Simulation: zones (link profiles), hosts attached to them, the
// routing of packets between hosts across their links, and the faults a scenario injects.
// See link.h for the link model and host.h for what a node sees.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/address.h"
#include "sim/net/link.h"
#include "sim/net/packet.h"
#include "sim/net/tcp_config.h"
#include "sim/trace/tracer.h"

namespace imssim::sim {

class Host;
class Simulation;
class Scheduler;

// A set of hosts whose links share one profile (an access network, the IMS core, ...).
class Zone {
 public:
  const std::string& name() const { return name_; }
  const LinkProfile& profile() const { return profile_; }
  // Replaces the profile (std::invalid_argument if it is not valid, see validate()).
  void set_profile(const LinkProfile& p);
  const std::vector<Host*>& hosts() const { return hosts_; }

  bool link_down() const { return down_; }
  // Loss probability in force at `now` (a loss burst's while one lasts).
  double loss_at(Time now) const { return now < burst_until_ ? burst_loss_ : profile_.loss; }

  // Sums over the zone's host links: "up" = towards the network, "down" = towards the hosts.
  LinkCounters up_counters() const;
  LinkCounters down_counters() const;

 private:
  friend class Network;
  Zone(std::string name, LinkProfile p) : name_(std::move(name)), profile_(p) {}

  std::string name_;
  LinkProfile profile_;
  std::vector<Host*> hosts_;
  bool down_ = false;
  Time burst_until_;
  double burst_loss_ = 0;
};

// Why `p` is not a usable link profile ("" if it is): negative delay or jitter, loss outside
// [0, 1], negative bandwidth, MTU outside 68..65535.
std::string validate(const LinkProfile& p);

class Network {
 public:
  explicit Network(Simulation& sim);
  ~Network();
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  // Topology. Names and addresses must be unused and profiles valid (std::invalid_argument
  // otherwise, naming the problem: the scenario loader validates them first, so this is a
  // programming error).
  Zone& add_zone(std::string name, const LinkProfile& profile);
  Host& add_host(std::string name, Ipv4 address, Zone& zone);

  Zone* zone(std::string_view name);
  Host* host(std::string_view name);
  Host* host_at(Ipv4 address);
  const std::vector<std::unique_ptr<Zone>>& zones() const { return zones_; }
  const std::vector<std::unique_ptr<Host>>& hosts() const { return hosts_; }
  TcpConfig& tcp_config() { return tcp_config_; }

  // Faults, effective from now() on (packets already on a link keep their fate).
  void link_down(Zone& z);
  void link_up(Zone& z);
  // The zone's links lose packets with probability `loss` for `duration` (replacing the
  // profile's loss, and any burst in force).
  void loss_burst(Zone& z, double loss, Time duration);
  // The host stops (see Host::set_down for the semantics) and restarts.
  void node_down(Host& h);
  void node_up(Host& h);

  // Sees every packet as it enters the core, after the sender's access link (the place a
  // lawful-interception copy of the media is taken). One tap; an empty function removes it.
  void set_core_tap(std::function<void(const Packet&)> tap) { core_tap_ = std::move(tap); }

  // Counters: per zone and direction, drops by reason; per host too when asked.
  nlohmann::json counters_json(bool per_host = false) const;
  std::uint64_t dropped_no_route() const { return dropped_no_route_; }

  // ---- Internal: used by hosts and streams. ----
  Simulation& simulation() { return sim_; }
  Scheduler& scheduler();
  trace::Tracer& tracer() { return tracer_; }
  Packet* new_packet() { return pool_.get(); }
  void release(Packet* p) { pool_.put(p); }
  // The largest IP packet on the path from `from` to `to` (the smaller of both zones' MTUs).
  std::uint32_t path_mtu(const Host& from, Ipv4 to);
  // Sends `p` from p->from; takes ownership. `retransmission` is for traces only.
  void transmit(Packet* p, bool retransmission = false);
  // Drops `p` (traced with the reason and where it happened) and releases it.
  void drop(Packet* p, trace::DropReason why, std::string_view where);

 private:
  void enter_core(Packet* p);
  void deliver(Packet* p);

  Simulation& sim_;
  trace::Tracer& tracer_;
  TcpConfig tcp_config_;
  PacketPool pool_;
  std::vector<std::unique_ptr<Zone>> zones_;
  std::vector<std::unique_ptr<Host>> hosts_;
  std::map<std::string, Zone*, std::less<>> zones_by_name_;
  std::map<std::string, Host*, std::less<>> hosts_by_name_;
  std::unordered_map<std::uint32_t, Host*> hosts_by_ip_;
  std::uint64_t dropped_no_route_ = 0;
  std::function<void(const Packet&)> core_tap_;
};

}  // namespace imssim::sim
