// The environment a node runs in: the clock, timers, sockets and random streams. This is the
// only way node and protocol code reaches the world. The discrete-event kernel (sim/)
// implements it on simulated time and links; a live mode implements it on Boost.Asio with
// real sockets. Node code cannot tell which one it runs on.
//
// Callbacks are always invoked from the environment's event loop, never re-entrantly from
// inside a call into the environment (send, start_timer, ...), so handlers may freely send,
// start timers or close sockets.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/address.h"
#include "common/bytes.h"
#include "common/function.h"
#include "common/rng.h"
#include "common/time.h"

namespace imssim {

// Identifies a pending timer. 0 is "no timer". Cancelling a fired or cancelled timer is a no-op.
using TimerId = std::uint64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Time now() const = 0;
  virtual TimerId start_timer(Time delay, UniqueFunction<void()> on_expiry) = 0;
  virtual void cancel_timer(TimerId id) = 0;
};

// A label is an optional human summary of a message ("INVITE sip:bob@ims", "MIKEY
// REQUEST_INIT") for the ladder diagram. Empty means: let the tracer classify the bytes.
using Label = std::string_view;

class DatagramSocket {
 public:
  virtual ~DatagramSocket() = default;
  virtual Endpoint local() const = 0;
  virtual void send_to(const Endpoint& to, ByteView payload, Label label = {}) = 0;
  virtual void on_receive(UniqueFunction<void(const Endpoint& from, ByteView payload)> handler) = 0;
};

enum class StreamClose {
  kGraceful,  // the peer closed after delivering everything
  kReset,     // the peer aborted, or the stream gave up after too many retransmissions
  kRefused,   // nobody listens at the remote endpoint (or it is unreachable)
};
std::string_view to_string(StreamClose c);

// One reliable, ordered byte stream (TCP semantics: no message boundaries).
class Stream {
 public:
  virtual ~Stream() = default;
  virtual Endpoint local() const = 0;
  virtual Endpoint remote() const = 0;
  // Data written before the connection is established is queued and sent once it is.
  virtual void send(ByteView data, Label label = {}) = 0;
  // Orderly close: queued data is delivered, then FIN. Destroying an open stream resets it.
  virtual void close() = 0;

  virtual void on_connected(UniqueFunction<void()> handler) = 0;
  virtual void on_data(UniqueFunction<void(ByteView data)> handler) = 0;
  virtual void on_closed(UniqueFunction<void(StreamClose how)> handler) = 0;
};

class StreamListener {
 public:
  virtual ~StreamListener() = default;
  virtual Endpoint local() const = 0;
};

class Environment : public Clock {
 public:
  // The address of the host this node runs on, and name lookup of other hosts.
  virtual Ipv4 address() const = 0;
  virtual Result<Ipv4> resolve(std::string_view host_name) const = 0;

  // port 0 picks an ephemeral port. Errors: the port is in use.
  virtual Result<std::unique_ptr<DatagramSocket>> open_udp(std::uint16_t port) = 0;
  virtual Result<std::unique_ptr<StreamListener>> listen_tcp(
      std::uint16_t port, UniqueFunction<void(std::unique_ptr<Stream>)> on_accept) = 0;
  virtual std::unique_ptr<Stream> connect_tcp(const Endpoint& remote) = 0;

  // A random stream private to this node and purpose ("mikey-rand", "sip-branch", ...).
  virtual Rng& rng(std::string_view purpose) = 0;

  // Annotations for the ladder diagram; they never change behaviour, and the defaults (live
  // mode, tracing off) ignore them. tracing() says whether anyone records them, so a node can
  // skip building the text. trace_note adds a note over this host; trace_step numbers (and
  // optionally titles) the next message this host sends.
  virtual bool tracing() const { return false; }
  virtual void trace_note(std::string_view text) { (void)text; }
  virtual void trace_step(int number, std::string_view title = {}) {
    (void)number;
    (void)title;
  }
};

}  // namespace imssim
