// One end of a TCP-like connection (RFC 9293 state machine, simplified where the simulation
// allows): three-way handshake, segmentation by MSS, cumulative ACKs, out-of-order buffering
// at the receiver, retransmission timer per RFC 6298 (Karn's rule, exponential backoff, a
// retry limit that resets the connection), Reno congestion window with RFC 6582 NewReno fast
// retransmit/recovery, orderly close with FIN in both directions, RST. Sequence numbers on the
// wire are real 32-bit numbers from a random initial sequence number, so pcaps reassemble.
//
// Not modelled: TCP options (MSS comes from the path MTU, no window scaling, no SACK, no
// timestamps), delayed ACKs (every data segment is ACKed at once, or by the reply it
// triggers), Nagle, zero windows (the application always reads at once), simultaneous open,
// urgent data.
//
// Lifetime: the host owns connections; a Stream handle points to one. A connection outlives
// its handle when the handle is released after close() (the FIN exchange completes), and a
// handle outlives its connection when the connection finishes first (the handle goes inert).
#pragma once

#include <cstdint>
#include <map>
#include <optional>

#include "common/env.h"
#include "sim/net/packet.h"
#include "sim/trace/metrics.h"
#include "sim/trace/tracer.h"

namespace imssim::sim {

class Host;
class TcpStream;
struct TcpConfig;

class TcpConnection {
 public:
  enum class State : std::uint8_t {
    kSynSent,
    kSynReceived,
    kEstablished,
    kFinWait1,
    kFinWait2,
    kClosing,
    kTimeWait,
    kCloseWait,
    kLastAck,
    kClosed,
  };

  TcpConnection(Host& host, const Endpoint& local, const Endpoint& remote, bool client,
                std::uint32_t mss);
  ~TcpConnection();
  TcpConnection(const TcpConnection&) = delete;
  TcpConnection& operator=(const TcpConnection&) = delete;

  State state() const { return state_; }
  const Endpoint& local() const { return local_; }
  const Endpoint& remote() const { return remote_; }
  bool client() const { return client_; }
  std::uint32_t mss() const { return mss_; }
  Time rto() const { return rto_; }
  std::uint64_t cwnd() const { return cwnd_; }
  const trace::StreamStats& stats() const { return *stats_; }

  // Opening.
  void connect();                      // active open: send SYN
  void accept_syn(const Packet& syn);  // passive open: answer a SYN with SYN-ACK
  void input(const Packet& p);
  void unreachable();    // the SYN found no route (an ICMP unreachable)
  void crash();          // the host went down: vanish silently
  void end_time_wait();  // a new connection wants this 4-tuple

  // From the Stream handle.
  void attach(TcpStream* handle) { handle_ = handle; }
  void send(ByteView data, Label label);
  void close();
  void release_handle();
  void set_on_connected(UniqueFunction<void()> f);
  void set_on_data(UniqueFunction<void(ByteView)> f);
  void set_on_closed(UniqueFunction<void(StreamClose)> f);

 private:
  // Positions count from the initial sequence number: 0 is the SYN, data starts at 1.
  std::uint64_t data_end() const { return 1 + queued_total_; }
  bool synchronized() const { return state_ != State::kSynSent && state_ != State::kClosed; }
  const TcpConfig& config() const;
  Time now() const;

  void input_syn_sent(const Packet& p);
  void process_ack(std::uint64_t ack, const Packet& p);
  void process_data(std::uint64_t seg, ByteView payload);
  void process_fin();
  void established();
  void output();
  void send_segment(std::uint64_t seq, std::uint32_t len, std::uint8_t flags);
  void send_ack() { send_segment(snd_max_, 0, 0); }
  void send_rst(std::uint32_t seq, std::uint32_t ack, bool with_ack);
  void retransmit_first();
  void rtt_sample(Time r);
  void arm_rto();
  void stop_rto();
  void on_rto();
  void enter_time_wait();
  void time_wait_done();
  void orphan_timeout();
  void deliver(ByteView data);
  void flush_undelivered();
  // Ends the connection: notifies the application (unless `how` is empty) and retires.
  void finish(std::optional<StreamClose> how, const char* outcome);
  void notify_connected();
  void notify_closed(StreamClose how);
  TimerId timer(Time delay, void (TcpConnection::*what)());
  trace::StreamKey sending_key() const { return {local_, remote_, iss_}; }
  trace::StreamKey receiving_key() const { return {remote_, local_, irs_}; }

  Host& host_;
  Endpoint local_, remote_;
  bool client_;
  State state_;
  std::uint32_t mss_;
  TcpStream* handle_ = nullptr;
  bool handle_released_ = false;
  bool app_closed_ = false;  // close() called
  bool accepted_ = false;    // handed to the listener's on_accept (server side)

  // Send side (RFC 9293 §3.3.1 names, as 64-bit positions).
  std::uint32_t iss_;
  std::uint64_t snd_una_ = 0, snd_nxt_ = 0, snd_max_ = 0;
  std::uint64_t queued_total_ = 0;  // data bytes handed to send()
  Bytes send_buffer_;               // unacknowledged and unsent data
  std::size_t send_buffer_head_ = 0;
  std::uint64_t buffer_base_ = 0;  // data offset of send_buffer_[send_buffer_head_]
  bool fin_sent_ = false;
  std::uint32_t peer_window_ = 0;
  // Congestion control (RFC 5681, RFC 6582).
  std::uint64_t cwnd_, ssthresh_;
  int dupacks_ = 0;
  bool in_recovery_ = false;
  std::uint64_t recover_ = 0;
  // Retransmission timer (RFC 6298).
  Time rto_, srtt_, rttvar_;
  bool has_rtt_ = false;
  bool timing_ = false;  // a segment is being timed (Karn: never a retransmitted one)
  std::uint64_t timed_seq_ = 0;
  Time timed_at_;
  int retries_ = 0;
  bool syn_timed_out_ = false;
  TimerId rto_timer_ = 0;
  TimerId aux_timer_ = 0;      // TIME-WAIT, or FIN-WAIT-2 of an orphan
  TimerId deliver_timer_ = 0;  // deferred delivery of data that waited for on_data

  // Receive side.
  std::uint32_t irs_ = 0;
  std::uint64_t rcv_nxt_ = 0;
  std::map<std::uint64_t, Bytes> out_of_order_;
  std::optional<std::uint64_t> peer_fin_;  // position of the peer's FIN, once seen
  bool fin_received_ = false;
  bool ack_pending_ = false;
  Bytes undelivered_;  // data that arrived before the application set on_data

  UniqueFunction<void()> on_connected_;
  UniqueFunction<void(ByteView)> on_data_;
  UniqueFunction<void(StreamClose)> on_closed_;
  bool closed_notified_ = false;
  bool close_deferred_ = false;  // on_closed waits for undelivered data
  StreamClose deferred_close_ = StreamClose::kGraceful;

  trace::StreamStats own_stats_;
  trace::StreamStats* stats_ = &own_stats_;
};

}  // namespace imssim::sim
