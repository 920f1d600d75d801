// A host of the simulated network: a name, an IPv4 address, a link into its zone, and the
// Environment a node running on it sees (clock and timers, UDP sockets, TCP-like streams,
// random streams, trace annotations).
//
// Node down (Network::node_down): the host drops every packet it receives and sends nothing;
// timers started before never fire (not even after node up); its streams are aborted without
// callbacks and without RST (the peer finds out by timeout, or by the RST this host answers
// once it is up again and gets a segment for a connection it no longer has). Its UDP sockets
// and listeners stay bound, so the node's objects stay valid across a restart. Starting a
// timer while down returns 0 and schedules nothing.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/env.h"
#include "sim/net/link.h"
#include "sim/net/packet.h"

namespace imssim::sim {

class Network;
class Zone;
class UdpSocket;
class TcpConnection;
class TcpListener;

class Host final : public Environment {
 public:
  Host(Network& network, std::string name, Ipv4 address, Zone& zone);
  ~Host() override;
  Host(const Host&) = delete;
  Host& operator=(const Host&) = delete;

  const std::string& name() const { return name_; }
  Zone& zone() const { return zone_; }
  Network& network() const { return network_; }
  Environment& env() { return *this; }
  bool is_up() const { return up_; }

  // Faults on this host's own link (the zone's link_down applies on top).
  void set_link_down(bool down) { link_down_ = down; }
  bool link_down() const;

  struct Counters {
    std::uint64_t udp_no_socket = 0;  // datagrams to a port nothing listens on
    std::uint64_t dropped_while_down = 0;
    std::uint64_t tcp_resets_sent = 0;  // RSTs for segments without a connection
    std::uint64_t udp_oversize = 0;     // datagrams too big for IPv4 (not sent)
  };
  const Counters& counters() const { return counters_; }
  const LinkDirection& uplink_state() const { return uplink_; }
  const LinkDirection& downlink_state() const { return downlink_; }

  // ---- Environment ----
  Time now() const override;
  TimerId start_timer(Time delay, UniqueFunction<void()> on_expiry) override;
  void cancel_timer(TimerId id) override;
  Ipv4 address() const override { return address_; }
  Result<Ipv4> resolve(std::string_view host_name) const override;
  Result<std::unique_ptr<DatagramSocket>> open_udp(std::uint16_t port) override;
  Result<std::unique_ptr<StreamListener>> listen_tcp(
      std::uint16_t port, UniqueFunction<void(std::unique_ptr<Stream>)> on_accept) override;
  std::unique_ptr<Stream> connect_tcp(const Endpoint& remote) override;
  Rng& rng(std::string_view purpose) override;
  bool tracing() const override;
  void trace_note(std::string_view text) override;
  void trace_step(int number, std::string_view title = {}) override;

 private:
  friend class Network;
  friend class UdpSocket;
  friend class TcpConnection;
  friend class TcpListener;

  struct ConnKey {
    std::uint16_t local_port;
    Endpoint remote;
    bool operator==(const ConnKey&) const = default;
  };
  struct ConnKeyHash {
    std::size_t operator()(const ConnKey& k) const noexcept {
      return std::hash<Endpoint>{}(k.remote) * 65537 + k.local_port;
    }
  };

  // From the network.
  void receive(Packet* p);
  void set_down();
  void set_up();
  void tcp_unreachable(const Endpoint& local, const Endpoint& remote);
  LinkDirection& uplink() { return uplink_; }
  LinkDirection& downlink() { return downlink_; }

  // UDP.
  void send_udp(UdpSocket& from, const Endpoint& to, ByteView payload, Label label);
  void receive_udp(Packet* p);
  void unbind_udp(std::uint16_t port) { udp_ports_.erase(port); }

  // TCP.
  void receive_tcp(Packet* p);
  void send_tcp(Packet* p, bool retransmission);
  void send_reset_for(const Packet& p);
  // Hands an established passive connection to its listener (or resets it if none is left).
  void accept(TcpConnection& c);
  void unlisten(std::uint16_t port);
  // Moves a finished connection out of the table; it is destroyed after the current event.
  void retire(TcpConnection& c);
  std::uint16_t ephemeral_port(bool tcp);
  void use_tcp_port(std::uint16_t port, int delta);

  // The step annotation for the next message this host sends (then cleared).
  int take_step(std::string& title);
  // The name of the host at `ip`, or the dotted address.
  std::string peer_name(Ipv4 ip) const;

  Network& network_;
  std::string name_;
  Ipv4 address_;
  Zone& zone_;
  LinkDirection uplink_, downlink_;
  bool up_ = true;
  bool link_down_ = false;
  std::uint32_t epoch_ = 0;  // bumped at node down and up: older timers die
  Counters counters_;
  std::uint64_t next_socket_id_ = 1;

  std::unordered_map<std::uint16_t, UdpSocket*> udp_ports_;
  std::uint16_t next_udp_port_;
  std::unordered_map<std::uint16_t, TcpListener*> listeners_;
  std::unordered_map<ConnKey, std::unique_ptr<TcpConnection>, ConnKeyHash> connections_;
  std::unordered_map<std::uint16_t, int> tcp_ports_in_use_;
  std::uint16_t next_tcp_port_;
  std::vector<std::unique_ptr<TcpConnection>> retired_;
  TimerId reaper_ = 0;

  std::map<std::string, Rng*, std::less<>> rngs_;
  int pending_step_ = 0;
  std::string pending_step_title_;
};

}  // namespace imssim::sim
