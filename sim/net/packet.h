// A packet in flight: the transport header fields the simulation needs (and the pcap shows),
// the payload bytes, and bookkeeping. Packets are pooled by the Network, so steady-state
// traffic allocates nothing.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "common/address.h"
#include "common/bytes.h"

namespace imssim::trace {
struct MetricsFlow;
}

namespace imssim::sim {

class Host;

enum class Protocol : std::uint8_t { kUdp, kTcp };

// Header sizes that count on the wire (IPv4 without options, UDP, TCP without options).
constexpr std::size_t kIpv4HeaderBytes = 20;
constexpr std::size_t kUdpHeaderBytes = 8;
constexpr std::size_t kTcpHeaderBytes = 20;

struct Packet {
  Protocol protocol = Protocol::kUdp;
  Endpoint src, dst;
  Host* from = nullptr;  // sending host
  Host* to = nullptr;    // receiving host (resolved when sent)
  Bytes payload;         // the UDP payload, or the TCP segment's data
  // TCP only (RFC 9293 §3.1 header fields, as on the wire).
  std::uint32_t seq = 0, ack = 0;
  std::uint8_t flags = 0;
  std::uint16_t window = 0;
  // Set when sent: the IP layer's view.
  std::uint32_t fragments = 1;
  std::uint32_t ip_bytes = 0;
  std::uint32_t path_mtu = 1500;
  // Trace bookkeeping (0 = not traced).
  std::uint64_t ladder_id = 0;
  trace::MetricsFlow* metrics_flow = nullptr;  // found when sent, for the later events
};

// A free list of packets; a released packet keeps its payload buffer's capacity.
class PacketPool {
 public:
  Packet* get() {
    if (free_.empty()) {
      all_.push_back(std::make_unique<Packet>());
      return all_.back().get();
    }
    Packet* p = free_.back();
    free_.pop_back();
    return p;
  }
  void put(Packet* p) {
    p->payload.clear();
    p->ladder_id = 0;
    p->metrics_flow = nullptr;
    p->flags = 0;
    free_.push_back(p);
  }

 private:
  std::vector<std::unique_ptr<Packet>> all_;
  std::vector<Packet*> free_;
};

}  // namespace imssim::sim
