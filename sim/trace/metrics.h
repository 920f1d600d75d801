// Traffic metrics of a run: packets and bytes per interface name (Gm, Ub, UE-KMS, ...) and per
// flow, and per stream end its retransmissions and timeouts. Link counters are kept by the
// network itself (always on); Simulation::metrics_json() puts both together.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/address.h"
#include "common/time.h"

namespace imssim::trace {

// What an interface classifier sees of a flow.
struct FlowInfo {
  bool tcp = false;
  Endpoint src, dst;
  std::string_view src_host, dst_host;
};
// Maps a flow to an interface name ("Gm", "Ub", "UE-KMS"); the default returns "other".
using InterfaceClassifier = std::function<std::string(const FlowInfo&)>;

struct TrafficCounters {
  std::uint64_t packets = 0;        // IP packets sent (fragments count one each)
  std::uint64_t bytes = 0;          // their IP bytes
  std::uint64_t payload_bytes = 0;  // UDP payload / TCP segment data bytes
  std::uint64_t retransmitted = 0;  // TCP segments that were retransmissions
  std::uint64_t dropped = 0;        // packets lost on the way (any reason)
  std::uint64_t delivered = 0;      // packets that reached the destination host
  std::uint64_t unclaimed = 0;      // of those, datagrams for a port nothing listened on
  nlohmann::json to_json() const;
};

// One end of one stream, as its host saw it.
struct StreamStats {
  std::string host;
  Endpoint local, remote;
  bool client = false;
  Time opened;
  Time established = Time::max();
  std::uint64_t bytes_sent = 0;      // application bytes handed to send()
  std::uint64_t bytes_received = 0;  // application bytes delivered in order
  std::uint64_t segments_sent = 0;   // all segments, including pure ACKs and retransmissions
  std::uint64_t retransmissions = 0;
  std::uint64_t timeouts = 0;  // retransmission timer expiries
  std::uint64_t fast_retransmits = 0;
  std::string outcome = "open";  // open, graceful, reset, refused, aborted, crashed
  nlohmann::json to_json() const;
};

// One flow's counters and the interface they also count towards; owned by Metrics.
struct MetricsFlow {
  std::string src_host, dst_host;
  TrafficCounters counters;
  TrafficCounters* interface;
  std::string interface_name;
};

class Metrics {
 public:
  Metrics();
  void set_interface_classifier(InterfaceClassifier c) { classifier_ = std::move(c); }

  // The flow's counters (created on its first packet); the reference stays valid for the
  // Metrics' lifetime, so a packet keeps it for its later events instead of a lookup.
  MetricsFlow& flow(const FlowInfo& info);
  void packet_sent(MetricsFlow& flow, std::uint32_t packets, std::uint64_t ip_bytes,
                   std::uint64_t payload_bytes, bool retransmission);
  void packet_dropped(MetricsFlow& flow, std::uint32_t packets);
  void packet_delivered(MetricsFlow& flow, std::uint32_t packets);
  void packet_unclaimed(MetricsFlow& flow, std::uint32_t packets);
  // A new stream end; the reference stays valid for the Metrics' lifetime.
  StreamStats& new_stream(std::string host, Endpoint local, Endpoint remote, bool client, Time t);

  const TrafficCounters* interface(std::string_view name) const;
  nlohmann::json to_json() const;

 private:
  struct FlowKey {
    bool tcp;
    Endpoint src, dst;
    bool operator==(const FlowKey&) const = default;
  };
  struct FlowKeyHash {
    std::size_t operator()(const FlowKey& k) const noexcept {
      return std::hash<Endpoint>{}(k.src) * 31 + std::hash<Endpoint>{}(k.dst) + k.tcp;
    }
  };
  InterfaceClassifier classifier_;
  std::unordered_map<FlowKey, MetricsFlow, FlowKeyHash> flows_;
  std::map<std::string, TrafficCounters, std::less<>> interfaces_;
  std::deque<StreamStats> streams_;
};

}  // namespace imssim::trace
