#include "sim/trace/tracer.h"

#include <cerrno>
#include <cstring>
#include <fstream>

#include "sim/net/host.h"
#include "sim/net/packet.h"

namespace imssim::trace {

struct Tracer::PcapSink {
  std::unique_ptr<PcapWriter> writer;
  PcapView view;
};

namespace {

std::string host_name(const sim::Host* h, const Endpoint& e) { return h ? h->name() : e.ip.str(); }

std::string tcp_flags_text(std::uint8_t f) {
  std::string s;
  auto add = [&s](const char* name) {
    if (!s.empty()) s += ", ";
    s += name;
  };
  if (f & tcp_flags::kSyn) add("SYN");
  if (f & tcp_flags::kFin) add("FIN");
  if (f & tcp_flags::kRst) add("RST");
  if (f & tcp_flags::kAck) add("ACK");
  return s;
}

FlowInfo flow_info(const sim::Packet& p, std::string& dst_name_storage) {
  FlowInfo f;
  f.tcp = p.protocol == sim::Protocol::kTcp;
  f.src = p.src;
  f.dst = p.dst;
  f.src_host = p.from->name();
  if (p.to) {
    f.dst_host = p.to->name();
  } else {
    dst_name_storage = p.dst.ip.str();
    f.dst_host = dst_name_storage;
  }
  return f;
}

// The packet's flow counters: looked up once, when it is sent, then carried by the packet.
MetricsFlow& flow_of(Metrics& metrics, const sim::Packet& p) {
  if (p.metrics_flow) return *p.metrics_flow;
  std::string storage;
  return metrics.flow(flow_info(p, storage));
}

}  // namespace

std::string default_message_summary(const MessageInfo& m) {
  return std::string(m.tcp ? "TCP " : "UDP ") + std::to_string(m.payload.size()) + " B";
}

std::string_view to_string(DropReason r) {
  switch (r) {
    case DropReason::kLoss:
      return "loss";
    case DropReason::kLinkDown:
      return "link down";
    case DropReason::kSenderDown:
      return "sender down";
    case DropReason::kReceiverDown:
      return "receiver down";
    case DropReason::kNoRoute:
      return "no route";
  }
  return "?";
}

Tracer::Tracer() : classifier_(default_message_summary) {}
Tracer::~Tracer() { flush(); }

Result<Ok> Tracer::enable_pcap(const std::string& path, PcapView view) {
  auto writer = PcapWriter::open(path);
  if (!writer) return Unexpected{writer.error()};
  pcaps_.push_back(std::make_unique<PcapSink>(PcapSink{std::move(*writer), std::move(view)}));
  update_on();
  return Ok{};
}

void Tracer::enable_pcap(std::ostream& out, PcapView view) {
  pcaps_.push_back(
      std::make_unique<PcapSink>(PcapSink{std::make_unique<PcapWriter>(out), std::move(view)}));
  update_on();
}

Ladder& Tracer::enable_ladder(LadderOptions options) {
  if (!ladder_) ladder_ = std::make_unique<Ladder>(std::move(options));
  update_on();
  return *ladder_;
}

Metrics& Tracer::enable_metrics() {
  if (!metrics_) {
    metrics_ = std::make_unique<Metrics>();
    if (pending_interface_classifier_)
      metrics_->set_interface_classifier(pending_interface_classifier_);
  }
  update_on();
  return *metrics_;
}

void Tracer::set_interface_classifier(InterfaceClassifier c) {
  pending_interface_classifier_ = c;
  if (metrics_) metrics_->set_interface_classifier(std::move(c));
}

Result<Ok> Tracer::enable_event_log(const std::string& path) {
  auto file = std::make_unique<std::ofstream>(path, std::ios::trunc);
  if (!*file) return fail("cannot write event log '" + path + "': " + std::strerror(errno));
  log_file_ = std::move(file);
  log_ = log_file_.get();
  update_on();
  return Ok{};
}

void Tracer::enable_event_log(std::ostream& out) {
  log_ = &out;
  update_on();
}

void Tracer::flush() {
  for (auto& s : pcaps_) s->writer->flush();
  if (log_) log_->flush();
}

void Tracer::write_pcap(PcapSink& sink, Time t, const sim::Packet& p) {
  if (p.protocol == sim::Protocol::kUdp)
    sink.writer->udp(t, p.src, p.dst, p.payload, p.path_mtu);
  else
    sink.writer->tcp(t, p.src, p.dst, p.seq, p.ack, p.flags, p.payload, p.window);
}

void Tracer::log_packet(Time t, std::string_view event, const sim::Packet& p,
                        std::string_view extra_key, std::string_view extra) {
  nlohmann::json j = {{"t_ns", t.ns()},
                      {"event", event},
                      {"protocol", p.protocol == sim::Protocol::kTcp ? "tcp" : "udp"},
                      {"src", p.src.str()},
                      {"dst", p.dst.str()},
                      {"src_host", host_name(p.from, p.src)},
                      {"dst_host", host_name(p.to, p.dst)},
                      {"ip_bytes", p.ip_bytes},
                      {"payload_bytes", p.payload.size()}};
  if (p.protocol == sim::Protocol::kTcp) {
    j["seq"] = p.seq;
    j["ack"] = p.ack;
    j["flags"] = tcp_flags_text(p.flags);
  }
  if (p.fragments > 1) j["fragments"] = p.fragments;
  if (!extra_key.empty()) j[std::string(extra_key)] = extra;
  *log_ << j.dump() << '\n';
}

void Tracer::packet_sent(Time t, sim::Packet& p, bool retransmission) {
  for (auto& sink : pcaps_) {
    if (sink->view.kind == PcapView::Kind::kSent ||
        (sink->view.kind == PcapView::Kind::kHost && p.from->name() == sink->view.host))
      write_pcap(*sink, t, p);
  }
  if (metrics_) {
    p.metrics_flow = &flow_of(*metrics_, p);
    metrics_->packet_sent(*p.metrics_flow, p.fragments, p.ip_bytes, p.payload.size(),
                          retransmission);
  }
  constexpr std::uint8_t kConnectionFlags = tcp_flags::kSyn | tcp_flags::kFin | tcp_flags::kRst;
  if (ladder_ && p.protocol == sim::Protocol::kTcp && (p.flags & kConnectionFlags) &&
      ladder_->options().transport_events) {
    std::string text = "TCP " + tcp_flags_text(p.flags);
    if (retransmission) text += " (retransmission)";
    p.ladder_id = ladder_->message(t, p.from->name(), host_name(p.to, p.dst), std::move(text),
                                   "TCP " + std::to_string(p.dst.port), p.payload.size(), 0, {},
                                   LadderEntry::Kind::kTransport);
  }
  if (log_) log_packet(t, "sent", p, retransmission ? "note" : "", "retransmission");
}

void Tracer::packet_dropped(Time t, const sim::Packet& p, DropReason why, std::string_view where) {
  if (metrics_) metrics_->packet_dropped(flow_of(*metrics_, p), p.fragments);
  if (ladder_ && p.ladder_id) ladder_->lost(p.ladder_id);
  if (log_) {
    std::string what(to_string(why));
    if (!where.empty()) what += " at " + std::string(where);
    log_packet(t, "dropped", p, "reason", what);
  }
}

void Tracer::packet_delivered(Time t, const sim::Packet& p) {
  for (auto& sink : pcaps_) {
    if (sink->view.kind == PcapView::Kind::kDelivered ||
        (sink->view.kind == PcapView::Kind::kHost && p.to && p.to->name() == sink->view.host))
      write_pcap(*sink, t, p);
  }
  if (metrics_) metrics_->packet_delivered(flow_of(*metrics_, p), p.fragments);
  if (ladder_ && p.ladder_id) ladder_->arrived(p.ladder_id, t);
  if (log_) log_packet(t, "delivered", p, "", "");
}

void Tracer::packet_unclaimed(Time t, const sim::Packet& p) {
  if (metrics_) metrics_->packet_unclaimed(flow_of(*metrics_, p), p.fragments);
  if (ladder_ && p.ladder_id) ladder_->lost(p.ladder_id, true);
  if (log_) log_packet(t, "unclaimed", p, "reason", "port unreachable");
}

std::uint64_t Tracer::message(Time t, std::string_view from_host, std::string_view to_host,
                              bool tcp, const Endpoint& src, const Endpoint& dst, ByteView payload,
                              std::string_view label, int step, std::string_view step_title) {
  if (!ladder_) return 0;
  std::string text = label.empty()
                         ? classifier_(MessageInfo{tcp, src, dst, from_host, to_host, payload})
                         : std::string(label);
  std::string transport = std::string(tcp ? "TCP " : "UDP ") + std::to_string(dst.port);
  return ladder_->message(t, from_host, to_host, std::move(text), std::move(transport),
                          payload.size(), step, std::string(step_title));
}

void Tracer::note(Time t, std::string_view host, std::string_view text) {
  if (ladder_) ladder_->note(t, host, std::string(text));
  if (log_) event(t, "note", {{"host", host}, {"text", text}});
}

void Tracer::stream_message(const StreamKey& k, std::uint64_t begin, std::uint64_t end,
                            std::uint64_t id) {
  if (!ladder_ || id == 0) return;
  stream_messages_[k].push_back({begin, end, id});
}

void Tracer::stream_segment(const StreamKey& k, std::uint64_t begin, std::uint64_t end,
                            bool retransmission) {
  if (!ladder_) return;
  auto it = stream_messages_.find(k);
  if (it == stream_messages_.end()) return;
  for (const auto& m : it->second) {
    if (m.begin >= end) break;
    if (m.end <= begin) continue;
    if (retransmission)
      ladder_->add_retransmission(m.id);
    else
      ladder_->add_segments(m.id, 1);
  }
}

void Tracer::stream_delivered(const StreamKey& k, std::uint64_t delivered_end, Time t) {
  if (!ladder_) return;
  auto it = stream_messages_.find(k);
  if (it == stream_messages_.end()) return;
  auto& q = it->second;
  while (!q.empty() && q.front().end <= delivered_end) {
    ladder_->arrived(q.front().id, t);
    q.pop_front();
  }
  if (q.empty()) stream_messages_.erase(it);
}

void Tracer::stream_abandoned(const StreamKey& k) {
  auto it = stream_messages_.find(k);
  if (it == stream_messages_.end()) return;
  for (const auto& m : it->second) ladder_->lost(m.id);
  stream_messages_.erase(it);
}

void Tracer::event(Time t, std::string_view kind, nlohmann::json fields) {
  if (!log_) return;
  nlohmann::json j = nlohmann::json::object();
  j["t_ns"] = t.ns();
  j["event"] = kind;
  if (fields.is_object()) j.update(fields);
  *log_ << j.dump() << '\n';
}

}  // namespace imssim::trace
