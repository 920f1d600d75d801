#include "sim/trace/metrics.h"

#include <algorithm>
#include <vector>

namespace imssim::trace {

// Objects are filled in place: nlohmann's {{"key", value}, ...} lists first build every pair
// as a two-element array, and a large run writes these for thousands of flows and streams.
nlohmann::json TrafficCounters::to_json() const {
  nlohmann::json j(nlohmann::json::value_t::object);
  auto& o = j.get_ref<nlohmann::json::object_t&>();
  o.emplace("packets", packets);
  o.emplace("bytes", bytes);
  o.emplace("payload_bytes", payload_bytes);
  o.emplace("retransmitted", retransmitted);
  o.emplace("dropped", dropped);
  o.emplace("delivered", delivered);
  o.emplace("unclaimed", unclaimed);
  return j;
}

nlohmann::json StreamStats::to_json() const {
  nlohmann::json j(nlohmann::json::value_t::object);
  auto& o = j.get_ref<nlohmann::json::object_t&>();
  o.emplace("host", host);
  o.emplace("local", local.str());
  o.emplace("remote", remote.str());
  o.emplace("role", client ? "client" : "server");
  o.emplace("opened_ms", opened.to_ms());
  o.emplace("bytes_sent", bytes_sent);
  o.emplace("bytes_received", bytes_received);
  o.emplace("segments_sent", segments_sent);
  o.emplace("retransmissions", retransmissions);
  o.emplace("timeouts", timeouts);
  o.emplace("fast_retransmits", fast_retransmits);
  o.emplace("outcome", outcome);
  if (established != Time::max()) o.emplace("established_ms", established.to_ms());
  return j;
}

Metrics::Metrics() : classifier_([](const FlowInfo&) { return std::string("other"); }) {}

MetricsFlow& Metrics::flow(const FlowInfo& info) {
  FlowKey key{info.tcp, info.src, info.dst};
  auto it = flows_.find(key);
  if (it != flows_.end()) return it->second;
  // The classifier runs once per flow, not per packet.
  std::string name = classifier_(info);
  auto iface = interfaces_.try_emplace(name).first;
  MetricsFlow f{std::string(info.src_host), std::string(info.dst_host), {}, &iface->second, name};
  return flows_.emplace(key, std::move(f)).first->second;
}

void Metrics::packet_sent(MetricsFlow& f, std::uint32_t packets, std::uint64_t ip_bytes,
                          std::uint64_t payload_bytes, bool retransmission) {
  for (TrafficCounters* c : {&f.counters, f.interface}) {
    c->packets += packets;
    c->bytes += ip_bytes;
    c->payload_bytes += payload_bytes;
    c->retransmitted += retransmission ? packets : 0;
  }
}

void Metrics::packet_dropped(MetricsFlow& f, std::uint32_t packets) {
  f.counters.dropped += packets;
  f.interface->dropped += packets;
}

void Metrics::packet_delivered(MetricsFlow& f, std::uint32_t packets) {
  f.counters.delivered += packets;
  f.interface->delivered += packets;
}

void Metrics::packet_unclaimed(MetricsFlow& f, std::uint32_t packets) {
  f.counters.unclaimed += packets;
  f.interface->unclaimed += packets;
}

StreamStats& Metrics::new_stream(std::string host, Endpoint local, Endpoint remote, bool client,
                                 Time t) {
  StreamStats& s = streams_.emplace_back();
  s.host = std::move(host);
  s.local = local;
  s.remote = remote;
  s.client = client;
  s.opened = t;
  return s;
}

const TrafficCounters* Metrics::interface(std::string_view name) const {
  auto it = interfaces_.find(name);
  return it == interfaces_.end() ? nullptr : &it->second;
}

nlohmann::json Metrics::to_json() const {
  nlohmann::json interfaces = nlohmann::json::object();
  for (const auto& [name, c] : interfaces_) interfaces[name] = c.to_json();

  // Flows in a stable order (the hash map's order must not reach the output).
  std::vector<std::pair<const FlowKey*, const MetricsFlow*>> sorted;
  for (const auto& [k, f] : flows_) sorted.emplace_back(&k, &f);
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    return std::tie(a.first->src, a.first->dst, a.first->tcp) <
           std::tie(b.first->src, b.first->dst, b.first->tcp);
  });
  nlohmann::json flows = nlohmann::json::array();
  flows.get_ref<nlohmann::json::array_t&>().reserve(sorted.size());
  for (const auto& [k, f] : sorted) {
    nlohmann::json j = f->counters.to_json();
    auto& o = j.get_ref<nlohmann::json::object_t&>();
    o.emplace("protocol", k->tcp ? "tcp" : "udp");
    o.emplace("src", k->src.str());
    o.emplace("dst", k->dst.str());
    o.emplace("src_host", f->src_host);
    o.emplace("dst_host", f->dst_host);
    o.emplace("interface", f->interface_name);
    flows.push_back(std::move(j));
  }
  nlohmann::json streams = nlohmann::json::array();
  for (const auto& s : streams_) streams.push_back(s.to_json());
  return {{"interfaces", std::move(interfaces)},
          {"flows", std::move(flows)},
          {"streams", std::move(streams)}};
}

}  // namespace imssim::trace
