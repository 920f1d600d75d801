// The trace hub of one simulation: the network reports packets and messages here, and the
// attached sinks (pcap files, the ladder, metrics, a JSON-lines event log) record them.
// Tracing is opt-in: with nothing attached every hook is a single branch on a bool, and the
// network builds no string and allocates nothing for it.
//
// Capture points (PcapView): kSent writes each IP packet once, when the sending host's IP
// layer emits it (the "as sent on the wire" view: lost packets are in it, retransmissions too;
// timestamp = emission time, before queueing on the link). kDelivered writes what reached the
// destination host, at its arrival time (lost packets are absent). kHost is tcpdump on one
// host: what it sent (at emission) and what reached it (at arrival).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "common/address.h"
#include "common/bytes.h"
#include "common/result.h"
#include "common/time.h"
#include "sim/trace/ladder.h"
#include "sim/trace/metrics.h"
#include "sim/trace/pcap_writer.h"

namespace imssim::sim {
struct Packet;
}

namespace imssim::trace {

struct PcapView {
  enum class Kind { kSent, kDelivered, kHost };
  Kind kind = Kind::kSent;
  std::string host;  // kHost only
  static PcapView sent() { return {}; }
  static PcapView delivered() { return {Kind::kDelivered, {}}; }
  static PcapView on_host(std::string name) { return {Kind::kHost, std::move(name)}; }
};

// What a message classifier sees: one UDP payload, or the bytes of one send() on a stream.
struct MessageInfo {
  bool tcp = false;
  Endpoint src, dst;
  std::string_view src_host, dst_host;
  ByteView payload;
};
// Derives a ladder summary from a message's bytes when the sender gave no label.
using MessageClassifier = std::function<std::string(const MessageInfo&)>;
// The default: "UDP 128 B" / "TCP 1200 B".
std::string default_message_summary(const MessageInfo& m);

enum class DropReason {
  kLoss,          // random loss or a loss burst on a link
  kLinkDown,      // the link was down
  kSenderDown,    // the sending host was down
  kReceiverDown,  // the receiving host was down
  kNoRoute,       // no host has the destination address
};
std::string_view to_string(DropReason r);

// Identifies one direction of one stream for the ladder: sender, receiver and the sender's
// initial sequence number (a reused 4-tuple gets a new one).
struct StreamKey {
  Endpoint sender, receiver;
  std::uint32_t isn = 0;
  auto operator<=>(const StreamKey&) const = default;
};

class Tracer {
 public:
  Tracer();
  ~Tracer();
  Tracer(const Tracer&) = delete;
  Tracer& operator=(const Tracer&) = delete;

  // Sinks. A path that cannot be written is an error naming it.
  Result<Ok> enable_pcap(const std::string& path, PcapView view = PcapView::sent());
  void enable_pcap(std::ostream& out, PcapView view = PcapView::sent());  // `out` outlives us
  Ladder& enable_ladder(LadderOptions options = {});
  Metrics& enable_metrics();
  Result<Ok> enable_event_log(const std::string& path);
  void enable_event_log(std::ostream& out);
  void set_message_classifier(MessageClassifier c) { classifier_ = std::move(c); }
  void set_interface_classifier(InterfaceClassifier c);

  Ladder* ladder() { return ladder_.get(); }
  const Ladder* ladder() const { return ladder_.get(); }
  Metrics* metrics() { return metrics_.get(); }
  const Metrics* metrics() const { return metrics_.get(); }
  void flush();

  // ---- Hooks for the network (cheap when off: test on()/ladder_on() first). ----
  bool on() const { return on_; }
  bool ladder_on() const { return ladder_ != nullptr; }
  bool metrics_on() const { return metrics_ != nullptr; }
  // Whether node annotations (notes, steps) are recorded: by the ladder or the event log.
  bool annotations_on() const { return ladder_ != nullptr || log_ != nullptr; }

  void packet_sent(Time t, sim::Packet& p, bool retransmission);
  void packet_dropped(Time t, const sim::Packet& p, DropReason why, std::string_view where);
  void packet_delivered(Time t, const sim::Packet& p);
  // A datagram that reached its host but no socket (after packet_delivered).
  void packet_unclaimed(Time t, const sim::Packet& p);

  // A logical message (ladder on): a datagram, or one send() on a stream. Returns its id.
  std::uint64_t message(Time t, std::string_view from_host, std::string_view to_host, bool tcp,
                        const Endpoint& src, const Endpoint& dst, ByteView payload,
                        std::string_view label, int step, std::string_view step_title);
  void note(Time t, std::string_view host, std::string_view text);
  // Stream messages (ladder on). Offsets count the stream's data bytes from 0.
  void stream_message(const StreamKey& k, std::uint64_t begin, std::uint64_t end, std::uint64_t id);
  void stream_segment(const StreamKey& k, std::uint64_t begin, std::uint64_t end,
                      bool retransmission);
  void stream_delivered(const StreamKey& k, std::uint64_t delivered_end, Time t);
  // The stream end will send no more: its undelivered messages are lost.
  void stream_abandoned(const StreamKey& k);
  // A free-form event for the event log (faults, stream state changes).
  void event(Time t, std::string_view kind, nlohmann::json fields);

 private:
  struct PcapSink;
  struct PendingMessage {
    std::uint64_t begin, end, id;
  };
  void update_on() { on_ = !pcaps_.empty() || ladder_ || metrics_ || log_; }
  void write_pcap(PcapSink& sink, Time t, const sim::Packet& p);
  void log_packet(Time t, std::string_view event, const sim::Packet& p, std::string_view extra_key,
                  std::string_view extra);

  bool on_ = false;
  std::vector<std::unique_ptr<PcapSink>> pcaps_;
  std::unique_ptr<Ladder> ladder_;
  std::unique_ptr<Metrics> metrics_;
  std::unique_ptr<std::ofstream> log_file_;
  std::ostream* log_ = nullptr;
  MessageClassifier classifier_;
  InterfaceClassifier pending_interface_classifier_;
  std::map<StreamKey, std::deque<PendingMessage>> stream_messages_;
};

}  // namespace imssim::trace
