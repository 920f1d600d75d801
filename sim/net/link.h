// The characteristics of a zone's links and the state of one link direction (a queue with a
// serialiser, a propagation delay with jitter, random loss).
//
// Model: every host hangs off its zone by its own link; the link has an "up" direction (host
// towards the network) and a "down" direction (network towards host). A packet from host A to
// host B crosses A's up direction and then B's down direction, each with the profile of the
// host's zone. So a packet between zones crosses both zones' links, and one inside a zone
// crosses that zone's profile twice (once leaving A, once reaching B).
//
// Per crossing: the packet waits for earlier packets on the same direction (FIFO queue, no
// limit), is serialised at the bandwidth (IP bytes * 8 / bandwidth), then propagates for
// delay + jitter, the jitter drawn independently per packet and crossing. Jitter may reorder
// datagrams (as it does on real paths when it exceeds their spacing), but never stream
// segments: a TCP packet never arrives before an earlier TCP packet of the same direction
// (arrival = max(own draw, previous TCP arrival)), so each crossing, and thus each stream, is
// FIFO. Real jitter comes from queues, which do not reorder a flow. Loss is decided per
// crossing (per IPv4 fragment: losing one loses the datagram, and its other fragments are
// discarded with it at that link); a lost packet still used the serialiser, as a packet
// corrupted on the wire does.
#pragma once

#include <cstdint>
#include <optional>

#include "common/rng.h"
#include "common/time.h"

namespace imssim::sim {

// The extra delay a packet gets on top of `delay`, per crossing; its standard deviation is
// `jitter` in both models.
enum class JitterModel {
  kNormal,     // half-normal |N(0, s)| with s = jitter / sqrt(1 - 2/pi): mean 1.32 * jitter
  kLognormal,  // lognormal with mean = jitter: skewed, like queueing delay
};

struct LinkProfile {
  Time delay{};   // one-way propagation delay
  Time jitter{};  // standard deviation of the extra delay (0 = none)
  JitterModel jitter_model = JitterModel::kNormal;
  double loss = 0;           // probability a packet is lost per crossing
  double bandwidth_bps = 0;  // 0 = unlimited (no serialisation delay, no queueing)
  int mtu = 1500;            // largest IP packet, bytes
};

struct LinkCounters {
  std::uint64_t packets = 0;  // IP packets (fragments count one each) that entered the link
  std::uint64_t bytes = 0;    // their IP bytes
  std::uint64_t dropped = 0;  // lost on the link (random loss, loss burst, link down)
  void add(const LinkCounters& o) {
    packets += o.packets;
    bytes += o.bytes;
    dropped += o.dropped;
  }
};

// Serialisation time of `bytes` at `bandwidth_bps`, rounded to the nearest nanosecond.
Time serialisation_time(std::uint64_t bytes, double bandwidth_bps);

// One extra-delay draw for `profile` (zero when the profile has no jitter; no draw then).
Time draw_jitter(const LinkProfile& profile, Rng& rng);

// The mutable state of one direction of one host's link.
class LinkDirection {
 public:
  explicit LinkDirection(Rng rng) : rng_(rng) {}

  // Carries a train of `fragments` IP packets totalling `ip_bytes` that enters at `now`.
  // Returns the time the last bit arrives at the far end, or nothing if the train was lost.
  // `loss` is the loss probability in force (the profile's, or a loss burst's); `down` drops;
  // `in_order` keeps the packet behind earlier in-order packets (stream segments).
  std::optional<Time> carry(Time now, std::uint64_t ip_bytes, std::uint32_t fragments,
                            const LinkProfile& profile, double loss, bool down, bool in_order);

  const LinkCounters& counters() const { return counters_; }

 private:
  Rng rng_;
  Time busy_until_;             // the serialiser is busy until then
  Time last_in_order_arrival_;  // no in-order packet arrives before this
  LinkCounters counters_;
};

}  // namespace imssim::sim
