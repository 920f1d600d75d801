#include "sim/net/host.h"

#include <algorithm>
#include <tuple>

#include "sim/kernel/scheduler.h"
#include "sim/net/network.h"
#include "sim/net/sockets.h"
#include "sim/net/tcp_connection.h"
#include "sim/simulation.h"
#include "sim/trace/pcap_writer.h"

namespace imssim::sim {

namespace flags = trace::tcp_flags;

namespace {

// Largest UDP payload in one IPv4 datagram: 65535 - 20 (IPv4) - 8 (UDP).
constexpr std::size_t kMaxUdpPayload = 65535 - kIpv4HeaderBytes - kUdpHeaderBytes;

}  // namespace

Host::Host(Network& network, std::string name, Ipv4 address, Zone& zone)
    : network_(network),
      name_(std::move(name)),
      address_(address),
      zone_(zone),
      uplink_(Rng::derive(network.simulation().seed(), "link/" + name_ + "/up")),
      downlink_(Rng::derive(network.simulation().seed(), "link/" + name_ + "/down")),
      next_udp_port_(constants::kEphemeralFirst),
      next_tcp_port_(constants::kEphemeralFirst) {}

Host::~Host() = default;

bool Host::link_down() const { return link_down_ || zone_.link_down(); }

// ---------------------------------------------------------------- Environment

Time Host::now() const { return network_.simulation().now(); }

TimerId Host::start_timer(Time delay, UniqueFunction<void()> on_expiry) {
  if (!up_) return 0;
  return network_.scheduler().schedule_guarded(delay, std::move(on_expiry), &epoch_, epoch_);
}

void Host::cancel_timer(TimerId id) { network_.scheduler().cancel(id); }

Result<Ipv4> Host::resolve(std::string_view host_name) const {
  if (Host* h = network_.host(host_name)) return h->address();
  return fail("host '" + name_ + "': no host named '" + std::string(host_name) + "'");
}

Rng& Host::rng(std::string_view purpose) {
  auto it = rngs_.find(purpose);
  if (it != rngs_.end()) return *it->second;
  Rng& r = network_.simulation().rng(name_ + "/" + std::string(purpose));
  rngs_.emplace(std::string(purpose), &r);
  return r;
}

bool Host::tracing() const { return network_.tracer().annotations_on(); }

void Host::trace_note(std::string_view text) {
  if (network_.tracer().annotations_on()) network_.tracer().note(now(), name_, text);
}

void Host::trace_step(int number, std::string_view title) {
  if (!network_.tracer().ladder_on()) return;
  pending_step_ = number;
  pending_step_title_ = title;
}

int Host::take_step(std::string& title) {
  int step = pending_step_;
  title = std::move(pending_step_title_);
  pending_step_ = 0;
  pending_step_title_.clear();
  return step;
}

std::string Host::peer_name(Ipv4 ip) const {
  if (Host* h = network_.host_at(ip)) return h->name();
  return ip.str();
}

std::uint16_t Host::ephemeral_port(bool tcp) {
  std::uint16_t& next = tcp ? next_tcp_port_ : next_udp_port_;
  constexpr int kRange = constants::kEphemeralLast - constants::kEphemeralFirst + 1;
  for (int i = 0; i < kRange; ++i) {
    std::uint16_t port = next;
    next = port == constants::kEphemeralLast ? constants::kEphemeralFirst : std::uint16_t(port + 1);
    bool used = tcp ? tcp_ports_in_use_.count(port) > 0 : udp_ports_.count(port) > 0;
    if (!used) return port;
  }
  return 0;
}

// ---------------------------------------------------------------- UDP

Result<std::unique_ptr<DatagramSocket>> Host::open_udp(std::uint16_t port) {
  if (port == 0) {
    port = ephemeral_port(false);
    if (port == 0) return fail("host '" + name_ + "': no free ephemeral UDP port");
  } else if (udp_ports_.count(port)) {
    return fail("host '" + name_ + "': UDP port " + std::to_string(port) + " is in use");
  }
  auto socket = std::make_unique<UdpSocket>(*this, port, next_socket_id_++);
  udp_ports_[port] = socket.get();
  return std::unique_ptr<DatagramSocket>(std::move(socket));
}

void Host::send_udp(UdpSocket& from, const Endpoint& to, ByteView payload, Label label) {
  auto& tracer = network_.tracer();
  Packet* p = network_.new_packet();
  p->protocol = Protocol::kUdp;
  p->src = {address_, from.port_};
  p->dst = to;
  p->from = this;
  p->payload.assign(payload.begin(), payload.end());
  if (tracer.ladder_on()) {
    std::string title;
    int step = take_step(title);
    p->ladder_id = tracer.message(now(), name_, peer_name(to.ip), false, p->src, to, payload, label,
                                  step, title);
  }
  if (payload.size() > kMaxUdpPayload) {
    // No IPv4 datagram can carry it; a real stack fails the send with EMSGSIZE.
    ++counters_.udp_oversize;
    if (tracer.on())
      tracer.event(now(), "udp_oversize", {{"host", name_}, {"bytes", payload.size()}});
    if (p->ladder_id) tracer.ladder()->lost(p->ladder_id);
    network_.release(p);
    return;
  }
  network_.transmit(p);
}

void Host::receive_udp(Packet* p) {
  auto& tracer = network_.tracer();
  if (tracer.on()) tracer.packet_delivered(now(), *p);
  auto it = udp_ports_.find(p->dst.port);
  if (it == udp_ports_.end() || !it->second->handler_) {
    // A real host would answer ICMP port unreachable; not modelled.
    ++counters_.udp_no_socket;
    if (tracer.on()) tracer.packet_unclaimed(now(), *p);
    network_.release(p);
    return;
  }
  UdpSocket* socket = it->second;
  std::uint16_t port = socket->port_;
  std::uint64_t id = socket->id_;
  // The handler may close the socket or replace itself: run it from a local.
  auto handler = std::move(socket->handler_);
  handler(p->src, p->payload);
  auto again = udp_ports_.find(port);
  if (again != udp_ports_.end() && again->second->id_ == id && !again->second->handler_)
    again->second->handler_ = std::move(handler);
  network_.release(p);
}

// ---------------------------------------------------------------- TCP

void Host::use_tcp_port(std::uint16_t port, int delta) {
  int& n = tcp_ports_in_use_[port];
  n += delta;
  if (n <= 0) tcp_ports_in_use_.erase(port);
}

Result<std::unique_ptr<StreamListener>> Host::listen_tcp(
    std::uint16_t port, UniqueFunction<void(std::unique_ptr<Stream>)> on_accept) {
  if (port == 0) {
    port = ephemeral_port(true);
    if (port == 0) return fail("host '" + name_ + "': no free ephemeral TCP port");
  } else if (listeners_.count(port)) {
    return fail("host '" + name_ + "': TCP port " + std::to_string(port) + " is in use");
  }
  auto listener =
      std::make_unique<TcpListener>(*this, port, next_socket_id_++, std::move(on_accept));
  listeners_[port] = listener.get();
  use_tcp_port(port, +1);
  return std::unique_ptr<StreamListener>(std::move(listener));
}

void Host::unlisten(std::uint16_t port) {
  listeners_.erase(port);
  use_tcp_port(port, -1);
}

std::unique_ptr<Stream> Host::connect_tcp(const Endpoint& remote) {
  std::uint16_t port = ephemeral_port(true);
  Endpoint local{address_, port};
  std::uint32_t mss =
      network_.path_mtu(*this, remote.ip) - std::uint32_t(kIpv4HeaderBytes + kTcpHeaderBytes);
  auto connection = std::make_unique<TcpConnection>(*this, local, remote, true, mss);
  auto stream = std::make_unique<TcpStream>(*connection);
  TcpConnection& c = *connection;
  if (port == 0) {
    // No port left: fail like an unreachable destination, from the event loop.
    if (connections_.try_emplace(ConnKey{0, remote}, std::move(connection)).second)
      start_timer(Time(), [this, remote] { tcp_unreachable({address_, 0}, remote); });
    return stream;
  }
  use_tcp_port(port, +1);
  connections_.emplace(ConnKey{port, remote}, std::move(connection));
  c.connect();
  return stream;
}

void Host::send_tcp(Packet* p, bool retransmission) { network_.transmit(p, retransmission); }

void Host::receive_tcp(Packet* p) {
  auto& tracer = network_.tracer();
  if (tracer.on()) tracer.packet_delivered(now(), *p);
  bool syn_only = (p->flags & (flags::kSyn | flags::kAck | flags::kRst)) == flags::kSyn;
  auto it = connections_.find(ConnKey{p->dst.port, p->src});
  if (it != connections_.end() && syn_only &&
      it->second->state() == TcpConnection::State::kTimeWait) {
    // A new connection on a 4-tuple in TIME-WAIT: the old one makes way.
    it->second->end_time_wait();
    it = connections_.end();
  }
  if (it != connections_.end()) {
    it->second->input(*p);
  } else if (syn_only && listeners_.count(p->dst.port)) {
    std::uint32_t mss =
        network_.path_mtu(*this, p->src.ip) - std::uint32_t(kIpv4HeaderBytes + kTcpHeaderBytes);
    auto connection = std::make_unique<TcpConnection>(*this, p->dst, p->src, false, mss);
    TcpConnection& c = *connection;
    use_tcp_port(p->dst.port, +1);
    connections_.emplace(ConnKey{p->dst.port, p->src}, std::move(connection));
    c.accept_syn(*p);
  } else if (!(p->flags & flags::kRst)) {
    send_reset_for(*p);  // nobody listens, or no such connection: refuse
  }
  network_.release(p);
}

void Host::send_reset_for(const Packet& in) {
  // RFC 9293 §3.10.7.1: answer from the CLOSED state.
  Packet* p = network_.new_packet();
  p->protocol = Protocol::kTcp;
  p->src = in.dst;
  p->dst = in.src;
  p->from = this;
  if (in.flags & flags::kAck) {
    p->seq = in.ack;
    p->ack = 0;
    p->flags = flags::kRst;
  } else {
    std::uint32_t len = std::uint32_t(in.payload.size()) + ((in.flags & flags::kSyn) ? 1 : 0) +
                        ((in.flags & flags::kFin) ? 1 : 0);
    p->seq = 0;
    p->ack = in.seq + len;
    p->flags = flags::kRst | flags::kAck;
  }
  p->window = 0;
  ++counters_.tcp_resets_sent;
  network_.transmit(p);
}

void Host::accept(TcpConnection& c) {
  auto it = listeners_.find(c.local().port);
  if (it == listeners_.end() || !it->second->on_accept_) {
    c.release_handle();  // resets it: nobody takes it
    return;
  }
  TcpListener* listener = it->second;
  std::uint16_t port = listener->port_;
  std::uint64_t id = listener->id_;
  auto on_accept = std::move(listener->on_accept_);
  on_accept(std::make_unique<TcpStream>(c));
  auto again = listeners_.find(port);
  if (again != listeners_.end() && again->second->id_ == id && !again->second->on_accept_)
    again->second->on_accept_ = std::move(on_accept);
}

void Host::retire(TcpConnection& c) {
  auto it = connections_.find(ConnKey{c.local().port, c.remote()});
  if (it == connections_.end() || it->second.get() != &c) return;
  retired_.push_back(std::move(it->second));
  connections_.erase(it);
  if (c.local().port != 0) use_tcp_port(c.local().port, -1);
  if (!reaper_) {
    // Not guarded by the epoch: retired connections must go even while the host is down.
    reaper_ = network_.scheduler().schedule(Time(), [this] {
      reaper_ = 0;
      retired_.clear();
    });
  }
}

void Host::tcp_unreachable(const Endpoint& local, const Endpoint& remote) {
  auto it = connections_.find(ConnKey{local.port, remote});
  if (it != connections_.end()) it->second->unreachable();
}

// ---------------------------------------------------------------- network side

void Host::receive(Packet* p) {
  if (p->protocol == Protocol::kUdp)
    receive_udp(p);
  else
    receive_tcp(p);
}

void Host::set_down() {
  if (!up_) return;
  up_ = false;
  ++epoch_;
  std::vector<TcpConnection*> all;
  all.reserve(connections_.size());
  for (auto& [key, c] : connections_) all.push_back(c.get());
  // In a stable order: the crash is traced, and hash-map order must not reach the output.
  std::sort(all.begin(), all.end(), [](const TcpConnection* a, const TcpConnection* b) {
    return std::tie(a->local(), a->remote()) < std::tie(b->local(), b->remote());
  });
  for (TcpConnection* c : all) c->crash();
}

void Host::set_up() {
  if (up_) return;
  up_ = true;
  ++epoch_;
}

}  // namespace imssim::sim
