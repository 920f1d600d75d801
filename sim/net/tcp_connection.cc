#include "sim/net/tcp_connection.h"

#include <algorithm>

#include "sim/kernel/scheduler.h"
#include "sim/net/host.h"
#include "sim/net/network.h"
#include "sim/net/sockets.h"
#include "sim/trace/pcap_writer.h"

namespace imssim::sim {

namespace flags = trace::tcp_flags;

namespace {

// The position of wire sequence number `seq` (counted from `isn`) nearest to position `ref`:
// 32-bit numbers wrap, positions do not.
std::int64_t unwrap(std::uint32_t seq, std::uint32_t isn, std::uint64_t ref) {
  std::uint32_t rel = seq - isn;
  auto diff = std::int32_t(rel - std::uint32_t(ref));
  return std::int64_t(ref) + diff;
}

// Calls a stored handler without letting the handler's own actions (replacing or clearing
// it, destroying the stream) destroy it while it runs.
template <typename Sig, typename... Args>
void call_handler(UniqueFunction<Sig>& slot, const bool& released, Args&&... args) {
  auto f = std::move(slot);
  f(std::forward<Args>(args)...);
  if (!slot && !released) slot = std::move(f);
}

}  // namespace

TcpConnection::TcpConnection(Host& host, const Endpoint& local, const Endpoint& remote, bool client,
                             std::uint32_t mss)
    : host_(host),
      local_(local),
      remote_(remote),
      client_(client),
      state_(client ? State::kSynSent : State::kSynReceived),
      mss_(mss),
      iss_(host.rng("tcp-isn").next_u32()),
      // RFC 6928 §2: IW = min(10*MSS, max(2*MSS, 14600)).
      cwnd_(std::min<std::uint64_t>(
          constants::kInitialWindowSegments * std::uint64_t(mss),
          std::max<std::uint64_t>(2 * std::uint64_t(mss), constants::kInitialWindowCapBytes))),
      // RFC 5681 §3.1: the initial ssthresh may be arbitrarily high.
      ssthresh_(std::uint64_t(1) << 40),
      rto_(config().initial_rto) {
  auto& tracer = host_.network().tracer();
  if (tracer.metrics_on())
    stats_ = &tracer.metrics()->new_stream(host_.name(), local_, remote_, client_, now());
  else
    own_stats_ = trace::StreamStats{{}, local_, remote_, client_, now()};
}

TcpConnection::~TcpConnection() {
  if (handle_) handle_->connection_ = nullptr;
}

const TcpConfig& TcpConnection::config() const { return host_.network().tcp_config(); }
Time TcpConnection::now() const { return host_.now(); }

TimerId TcpConnection::timer(Time delay, void (TcpConnection::*what)()) {
  return host_.start_timer(delay, [this, what] { (this->*what)(); });
}

// ---------------------------------------------------------------- opening

void TcpConnection::connect() {
  send_segment(0, 0, flags::kSyn);
  snd_nxt_ = snd_max_ = 1;
  timing_ = true;
  timed_seq_ = 0;
  timed_at_ = now();
  arm_rto();
}

void TcpConnection::accept_syn(const Packet& syn) {
  irs_ = syn.seq;
  rcv_nxt_ = 1;
  peer_window_ = syn.window;
  send_segment(0, 0, flags::kSyn);  // + ACK: we are synchronized now
  snd_nxt_ = snd_max_ = 1;
  timing_ = true;
  timed_seq_ = 0;
  timed_at_ = now();
  arm_rto();
}

void TcpConnection::established() {
  state_ = State::kEstablished;
  stats_->established = now();
  retries_ = 0;
  // RFC 6298 §5.7: a SYN timed out and no RTT was measured: start data transmission at 3 s.
  if (syn_timed_out_ && !has_rtt_) rto_ = constants::kRtoAfterSynTimeout;
  if (host_.network().tracer().on())
    host_.network().tracer().event(
        now(), "stream_established",
        {{"host", host_.name()}, {"local", local_.str()}, {"remote", remote_.str()}});
}

void TcpConnection::input_syn_sent(const Packet& p) {
  bool has_ack = p.flags & flags::kAck;
  if (has_ack && std::uint32_t(p.ack - iss_) != 1) {
    if (!(p.flags & flags::kRst)) send_rst(p.ack, 0, false);  // RFC 9293 §3.10.7.3
    return;
  }
  if (p.flags & flags::kRst) {
    if (has_ack) finish(StreamClose::kRefused, "refused");
    return;
  }
  if (!(p.flags & flags::kSyn) || !has_ack) return;  // simultaneous open is not modelled
  irs_ = p.seq;
  rcv_nxt_ = 1;
  snd_una_ = 1;
  peer_window_ = p.window;
  if (timing_) rtt_sample(now() - timed_at_);
  timing_ = false;
  stop_rto();
  established();
  notify_connected();
  if (state_ == State::kClosed) return;
  ack_pending_ = true;
  output();  // queued data goes out now, carrying the handshake's ACK
  if (ack_pending_ && state_ != State::kClosed) send_ack();
}

void TcpConnection::unreachable() {
  if (state_ == State::kSynSent) finish(StreamClose::kRefused, "unreachable");
}

void TcpConnection::crash() {
  if (state_ != State::kClosed) finish(std::nullopt, "crashed");
}

void TcpConnection::end_time_wait() {
  if (state_ == State::kTimeWait) finish(std::nullopt, "graceful");
}

// ---------------------------------------------------------------- input

void TcpConnection::input(const Packet& p) {
  if (state_ == State::kClosed) return;
  if (state_ == State::kSynSent) return input_syn_sent(p);

  bool syn = p.flags & flags::kSyn, fin = p.flags & flags::kFin, rst = p.flags & flags::kRst;
  // Our SYN-ACK was lost and the peer repeats its SYN: repeat the SYN-ACK.
  if (state_ == State::kSynReceived && syn && !(p.flags & flags::kAck) && p.seq == irs_) {
    send_segment(0, 0, flags::kSyn);
    return;
  }

  std::int64_t seg = unwrap(p.seq, irs_, rcv_nxt_);
  std::uint64_t len = p.payload.size();
  std::uint64_t seg_len = len + (syn ? 1 : 0) + (fin ? 1 : 0);
  auto rcv = std::int64_t(rcv_nxt_), wnd = std::int64_t(config().receive_window);
  // RFC 9293 §3.10.7.4: acceptable if it overlaps the receive window.
  bool acceptable = seg_len == 0 ? (seg >= rcv && seg <= rcv + wnd)
                                 : (seg < rcv + wnd && seg + std::int64_t(seg_len) > rcv);
  if (!acceptable) {
    if (!rst) {
      if (fin && state_ == State::kTimeWait) enter_time_wait();  // restart 2 MSL
      send_ack();  // a duplicate: tell the peer where we are
    }
    return;
  }
  if (rst) {
    finish(accepted_ || client_ ? std::optional(StreamClose::kReset) : std::nullopt, "reset");
    return;
  }
  if (syn) {  // RFC 5961 §4: a SYN on a synchronized connection gets a challenge ACK
    send_ack();
    return;
  }
  if (!(p.flags & flags::kAck)) return;

  std::int64_t ack = unwrap(p.ack, iss_, snd_una_);
  if (state_ == State::kSynReceived) {
    if (ack != 1) {
      send_rst(p.ack, 0, false);
      return;
    }
    snd_una_ = 1;
    peer_window_ = p.window;
    if (timing_) rtt_sample(now() - timed_at_);
    timing_ = false;
    stop_rto();
    established();
    host_.accept(*this);
    accepted_ = true;
    if (state_ == State::kClosed) return;
  } else if (ack >= std::int64_t(snd_una_)) {
    process_ack(std::uint64_t(ack), p);
    if (state_ == State::kClosed) return;
  }

  if (len > 0) {
    if (state_ == State::kEstablished || state_ == State::kFinWait1 || state_ == State::kFinWait2)
      process_data(std::uint64_t(seg), p.payload);
    else
      ack_pending_ = true;  // data after the peer's FIN: not possible from our peers; ACK it
    if (state_ == State::kClosed) return;
  }
  if (fin) {
    if (!peer_fin_) peer_fin_ = std::uint64_t(seg) + len;
    ack_pending_ = true;
  }
  if (peer_fin_ && !fin_received_ && rcv_nxt_ == *peer_fin_) {
    process_fin();
    if (state_ == State::kClosed) return;
  }
  output();
  if (ack_pending_ && state_ != State::kClosed) send_ack();
}

void TcpConnection::process_ack(std::uint64_t ack, const Packet& p) {
  if (ack > snd_max_) {  // acknowledges something never sent
    send_ack();
    return;
  }
  bool window_changed = p.window != peer_window_;
  peer_window_ = p.window;
  if (ack > snd_una_) {
    std::uint64_t acked = ack - snd_una_;
    std::uint64_t data_acked_to = std::min(ack, data_end()) - 1;  // data offsets below are done
    if (data_acked_to > buffer_base_) {
      send_buffer_head_ += data_acked_to - buffer_base_;
      buffer_base_ = data_acked_to;
      if (send_buffer_head_ > send_buffer_.size() / 2) {
        send_buffer_.erase(send_buffer_.begin(),
                           send_buffer_.begin() + std::ptrdiff_t(send_buffer_head_));
        send_buffer_head_ = 0;
      }
    }
    snd_una_ = ack;
    snd_nxt_ = std::max(snd_nxt_, snd_una_);
    if (timing_ && ack > timed_seq_) {
      rtt_sample(now() - timed_at_);
      timing_ = false;
    }
    retries_ = 0;
    if (in_recovery_) {
      if (ack >= recover_) {  // RFC 6582 §3.2 step 3: full acknowledgement
        in_recovery_ = false;
        cwnd_ = ssthresh_;
      } else {  // partial acknowledgement: the next hole is lost too
        retransmit_first();
        cwnd_ = (cwnd_ > acked ? cwnd_ - acked : 0) + (acked >= mss_ ? mss_ : 0);
        cwnd_ = std::max<std::uint64_t>(cwnd_, mss_);
      }
    } else if (cwnd_ < ssthresh_) {
      cwnd_ += std::min<std::uint64_t>(acked, mss_);  // slow start (RFC 5681 §3.1)
    } else {
      cwnd_ +=
          std::max<std::uint64_t>(1, std::uint64_t(mss_) * mss_ / cwnd_);  // congestion avoidance
    }
    dupacks_ = 0;
    if (snd_una_ == snd_max_)
      stop_rto();  // RFC 6298 §5.2
    else
      arm_rto();                                    // RFC 6298 §5.3
    if (fin_sent_ && snd_una_ == data_end() + 1) {  // our FIN is acknowledged
      switch (state_) {
        case State::kFinWait1:
          state_ = State::kFinWait2;
          if (handle_released_)
            aux_timer_ = timer(config().fin_wait2_timeout, &TcpConnection::orphan_timeout);
          break;
        case State::kClosing:
          enter_time_wait();
          break;
        case State::kLastAck:
          finish(std::nullopt, "graceful");
          break;
        default:
          break;
      }
    }
    return;
  }
  // RFC 5681 §2: a duplicate ACK carries no data, no SYN/FIN, the same ACK and window, while
  // data is outstanding.
  bool duplicate = ack == snd_una_ && p.payload.empty() &&
                   !(p.flags & (flags::kSyn | flags::kFin)) && snd_max_ > snd_una_ &&
                   !window_changed;
  if (!duplicate || !config().fast_retransmit) return;
  ++dupacks_;
  if (dupacks_ == constants::kDupAckThreshold && !in_recovery_ && snd_una_ > recover_) {
    // RFC 6582 §3.2 step 2 (RFC 5681 §3.2 steps 2-4).
    std::uint64_t flight = snd_max_ - snd_una_;
    ssthresh_ = std::max<std::uint64_t>(flight / 2, 2 * std::uint64_t(mss_));
    recover_ = snd_max_;
    in_recovery_ = true;
    ++stats_->fast_retransmits;
    retransmit_first();
    cwnd_ = ssthresh_ + 3 * std::uint64_t(mss_);
  } else if (in_recovery_ && dupacks_ > constants::kDupAckThreshold) {
    cwnd_ += mss_;  // each further duplicate: a segment has left the network
    output();
  }
}

void TcpConnection::process_data(std::uint64_t seg, ByteView payload) {
  std::uint64_t end = seg + payload.size();
  ack_pending_ = true;
  if (end <= rcv_nxt_) return;  // all old: the ACK tells the peer
  if (seg > rcv_nxt_) {         // a hole before it: keep it for later
    auto& slot = out_of_order_[seg];
    if (slot.size() < payload.size()) slot.assign(payload.begin(), payload.end());
    return;
  }
  ByteView fresh = payload.subspan(rcv_nxt_ - seg);
  rcv_nxt_ = end;
  deliver(fresh);
  while (state_ != State::kClosed && !out_of_order_.empty()) {
    auto it = out_of_order_.begin();
    if (it->first > rcv_nxt_) break;
    std::uint64_t s = it->first;
    Bytes data = std::move(it->second);
    out_of_order_.erase(it);
    if (s + data.size() <= rcv_nxt_) continue;
    ByteView more = ByteView(data).subspan(rcv_nxt_ - s);
    rcv_nxt_ = s + data.size();
    deliver(more);
  }
}

void TcpConnection::process_fin() {
  fin_received_ = true;
  rcv_nxt_ += 1;
  ack_pending_ = true;
  switch (state_) {
    case State::kEstablished:
      state_ = State::kCloseWait;
      break;
    case State::kFinWait1:
      state_ = State::kClosing;
      break;
    case State::kFinWait2:
      enter_time_wait();
      break;
    default:
      break;
  }
  notify_closed(StreamClose::kGraceful);
  // Nobody holds the stream any more: the close completes on its own.
  if (handle_released_ && !app_closed_) app_closed_ = true;
}

// ---------------------------------------------------------------- output

void TcpConnection::send(ByteView data, Label label) {
  if (app_closed_ || state_ == State::kClosed || data.empty()) return;
  std::uint64_t begin = queued_total_;
  send_buffer_.insert(send_buffer_.end(), data.begin(), data.end());
  queued_total_ += data.size();
  stats_->bytes_sent += data.size();
  auto& tracer = host_.network().tracer();
  if (tracer.ladder_on()) {
    std::string title;
    int step = host_.take_step(title);
    std::uint64_t id = tracer.message(now(), host_.name(), host_.peer_name(remote_.ip), true,
                                      local_, remote_, data, label, step, title);
    tracer.stream_message(sending_key(), begin, queued_total_, id);
  }
  if (state_ == State::kEstablished || state_ == State::kCloseWait) output();
}

void TcpConnection::close() {
  if (app_closed_ || state_ == State::kClosed) return;
  app_closed_ = true;
  if (state_ == State::kEstablished || state_ == State::kCloseWait) output();
}

void TcpConnection::output() {
  switch (state_) {
    case State::kSynSent:
    case State::kSynReceived:
    case State::kTimeWait:
    case State::kClosed:
      return;
    default:
      break;
  }
  std::uint64_t window = std::min<std::uint64_t>(cwnd_, peer_window_);
  for (;;) {
    std::uint64_t flight = snd_nxt_ - snd_una_;
    if (snd_nxt_ < data_end()) {
      if (flight >= window) break;
      std::uint64_t available = data_end() - snd_nxt_;
      std::uint64_t len = std::min<std::uint64_t>({mss_, available, window - flight});
      // Sender silly-window avoidance (RFC 9293 §3.8.6.2.1): no runt while data is in flight,
      // unless it is the last of the data.
      if (len < mss_ && len < available && flight > 0) break;
      bool fresh = snd_nxt_ >= snd_max_;
      if (fresh && !timing_) {
        timing_ = true;
        timed_seq_ = snd_nxt_;
        timed_at_ = now();
      }
      send_segment(snd_nxt_, std::uint32_t(len), 0);
      snd_nxt_ += len;
      snd_max_ = std::max(snd_max_, snd_nxt_);
      continue;
    }
    if (app_closed_ && snd_nxt_ == data_end()) {
      send_segment(snd_nxt_, 0, flags::kFin);
      snd_nxt_ = data_end() + 1;
      snd_max_ = std::max(snd_max_, snd_nxt_);
      if (!fin_sent_) {
        fin_sent_ = true;
        if (state_ == State::kEstablished)
          state_ = State::kFinWait1;
        else if (state_ == State::kCloseWait)
          state_ = State::kLastAck;
      }
    }
    break;
  }
  if (snd_max_ > snd_una_ && !rto_timer_) arm_rto();  // RFC 6298 §5.1
}

void TcpConnection::send_segment(std::uint64_t seq, std::uint32_t len, std::uint8_t f) {
  bool sync = state_ != State::kSynSent;
  if (sync) f |= flags::kAck;
  Network& net = host_.network();
  Packet* p = net.new_packet();
  p->protocol = Protocol::kTcp;
  p->src = local_;
  p->dst = remote_;
  p->from = &host_;
  p->seq = iss_ + std::uint32_t(seq);
  p->ack = sync ? irs_ + std::uint32_t(rcv_nxt_) : 0;
  p->window = config().receive_window;
  if (len > 0) {
    std::size_t at = send_buffer_head_ + std::size_t(seq - 1 - buffer_base_);
    p->payload.assign(send_buffer_.begin() + std::ptrdiff_t(at),
                      send_buffer_.begin() + std::ptrdiff_t(at + len));
    if (seq + len == data_end()) f |= flags::kPsh;  // the last of what the application gave
  }
  p->flags = f;
  bool occupies = len > 0 || (f & (flags::kSyn | flags::kFin));
  bool retransmission = occupies && seq < snd_max_;
  ++stats_->segments_sent;
  if (retransmission) {
    ++stats_->retransmissions;
    timing_ = false;  // Karn's algorithm (RFC 6298 §3)
  }
  if (len > 0 && net.tracer().ladder_on())
    net.tracer().stream_segment(sending_key(), seq - 1, seq - 1 + len, retransmission);
  ack_pending_ = false;
  host_.send_tcp(p, retransmission);
}

void TcpConnection::send_rst(std::uint32_t seq, std::uint32_t ack, bool with_ack) {
  Packet* p = host_.network().new_packet();
  p->protocol = Protocol::kTcp;
  p->src = local_;
  p->dst = remote_;
  p->from = &host_;
  p->seq = seq;
  p->ack = ack;
  p->flags = flags::kRst | (with_ack ? flags::kAck : 0);
  p->window = 0;
  ++stats_->segments_sent;
  host_.send_tcp(p, false);
}

void TcpConnection::retransmit_first() {
  if (snd_una_ < data_end()) {
    std::uint64_t len = std::min<std::uint64_t>({mss_, data_end() - snd_una_, snd_max_ - snd_una_});
    if (len > 0) send_segment(snd_una_, std::uint32_t(len), 0);
  } else if (fin_sent_ && snd_una_ == data_end()) {
    send_segment(snd_una_, 0, flags::kFin);
  }
}

// ---------------------------------------------------------------- timers

void TcpConnection::rtt_sample(Time r) {
  // RFC 6298 §2.2 and §2.3, in integer nanoseconds.
  std::int64_t rn = std::max<std::int64_t>(r.ns(), 0);
  if (!has_rtt_) {
    srtt_ = Time::ns(rn);
    rttvar_ = Time::ns(rn / 2);
    has_rtt_ = true;
  } else {
    std::int64_t delta = srtt_.ns() > rn ? srtt_.ns() - rn : rn - srtt_.ns();
    rttvar_ = Time::ns(rttvar_.ns() - (rttvar_.ns() >> constants::kRttBetaShift) +
                       (delta >> constants::kRttBetaShift));
    srtt_ = Time::ns(srtt_.ns() - (srtt_.ns() >> constants::kRttAlphaShift) +
                     (rn >> constants::kRttAlphaShift));
  }
  Time rto = srtt_ + std::max(config().clock_granularity, rttvar_ * constants::kRttVarFactor);
  rto_ = std::clamp(rto, config().min_rto, config().max_rto);  // RFC 6298 §2.4, §2.5
}

void TcpConnection::arm_rto() {
  stop_rto();
  rto_timer_ = timer(rto_, &TcpConnection::on_rto);
}

void TcpConnection::stop_rto() {
  if (rto_timer_) host_.cancel_timer(rto_timer_);
  rto_timer_ = 0;
}

void TcpConnection::on_rto() {
  rto_timer_ = 0;
  ++stats_->timeouts;
  auto& tracer = host_.network().tracer();
  if (tracer.on())
    tracer.event(now(), "stream_timeout",
                 {{"host", host_.name()},
                  {"local", local_.str()},
                  {"remote", remote_.str()},
                  {"rto_ms", rto_.to_ms()}});
  timing_ = false;
  rto_ = std::min(rto_ * 2, config().max_rto);  // RFC 6298 §5.5: back off
  if (state_ == State::kSynSent || state_ == State::kSynReceived) {
    if (++retries_ > config().syn_retries) {
      // A client gives up (reset); a half-open server connection just goes away.
      finish(client_ ? std::optional(StreamClose::kReset) : std::nullopt, "timeout");
      return;
    }
    syn_timed_out_ = true;
    send_segment(0, 0, flags::kSyn);
    arm_rto();
    return;
  }
  if (++retries_ > config().data_retries) {
    send_rst(iss_ + std::uint32_t(snd_max_), irs_ + std::uint32_t(rcv_nxt_), true);
    finish(StreamClose::kReset, "timeout");
    return;
  }
  // RFC 5681 §3.1 eq. (4) and the loss window; RFC 6582 §3.2 step 4 (recover = highest sent).
  std::uint64_t flight = snd_max_ - snd_una_;
  ssthresh_ = std::max<std::uint64_t>(flight / 2, 2 * std::uint64_t(mss_));
  cwnd_ = mss_;
  in_recovery_ = false;
  dupacks_ = 0;
  recover_ = snd_max_;
  snd_nxt_ = snd_una_;  // go back: send again from the first unacknowledged byte
  output();
  if (!rto_timer_ && snd_max_ > snd_una_) arm_rto();
}

void TcpConnection::enter_time_wait() {
  state_ = State::kTimeWait;
  stats_->outcome = "graceful";  // both directions are closed; only the 2 MSL wait is left
  stop_rto();
  if (aux_timer_) host_.cancel_timer(aux_timer_);
  aux_timer_ = timer(config().time_wait, &TcpConnection::time_wait_done);
}

void TcpConnection::time_wait_done() {
  aux_timer_ = 0;
  finish(std::nullopt, "graceful");
}

void TcpConnection::orphan_timeout() {
  aux_timer_ = 0;
  if (state_ == State::kFinWait2) finish(std::nullopt, "orphaned");
}

// ---------------------------------------------------------------- application side

void TcpConnection::deliver(ByteView data) {
  stats_->bytes_received += data.size();
  auto& tracer = host_.network().tracer();
  if (tracer.ladder_on()) tracer.stream_delivered(receiving_key(), rcv_nxt_ - 1, now());
  if (handle_released_) return;  // nobody reads any more
  if (!on_data_ || !undelivered_.empty()) {
    undelivered_.insert(undelivered_.end(), data.begin(), data.end());
    return;
  }
  call_handler(on_data_, handle_released_, data);
}

void TcpConnection::set_on_connected(UniqueFunction<void()> f) { on_connected_ = std::move(f); }

void TcpConnection::set_on_data(UniqueFunction<void(ByteView)> f) {
  on_data_ = std::move(f);
  // Data that arrived before there was a handler: deliver it from the event loop, not from
  // inside this call.
  if (on_data_ && !undelivered_.empty() && !deliver_timer_)
    deliver_timer_ = timer(Time(), &TcpConnection::flush_undelivered);
}

void TcpConnection::set_on_closed(UniqueFunction<void(StreamClose)> f) {
  on_closed_ = std::move(f);
}

void TcpConnection::flush_undelivered() {
  deliver_timer_ = 0;
  if (handle_released_ || !on_data_) return;
  Bytes data = std::move(undelivered_);
  undelivered_.clear();
  if (!data.empty()) call_handler(on_data_, handle_released_, ByteView(data));
  if (close_deferred_ && undelivered_.empty()) {
    close_deferred_ = false;
    closed_notified_ = false;
    notify_closed(deferred_close_);
  }
}

void TcpConnection::notify_connected() {
  if (on_connected_ && !handle_released_) call_handler(on_connected_, handle_released_);
}

void TcpConnection::notify_closed(StreamClose how) {
  if (closed_notified_) return;
  closed_notified_ = true;
  if (handle_released_) return;
  if (!undelivered_.empty()) {
    // The close must not overtake data the application has not read yet: it follows the
    // deferred delivery (scheduled now if there is a handler, else when one is set).
    close_deferred_ = true;
    deferred_close_ = how;
    if (on_data_ && !deliver_timer_)
      deliver_timer_ = timer(Time(), &TcpConnection::flush_undelivered);
    return;
  }
  if (on_closed_) {
    auto f = std::move(on_closed_);
    f(how);  // fires once: not put back
  }
}

void TcpConnection::release_handle() {
  handle_released_ = true;
  handle_ = nullptr;
  on_connected_.reset();
  on_data_.reset();
  on_closed_.reset();
  undelivered_.clear();
  if (state_ == State::kClosed) return;
  if (app_closed_ || fin_received_) {
    // An orderly close completes without the handle (a BSD close() with nothing unread).
    if (!app_closed_) {
      app_closed_ = true;
      output();
    }
    if (state_ == State::kFinWait2 && !aux_timer_)
      aux_timer_ = timer(config().fin_wait2_timeout, &TcpConnection::orphan_timeout);
    return;
  }
  // Destroying an open stream resets it (RFC 9293 §3.10.5 ABORT).
  if (state_ != State::kSynSent)
    send_rst(iss_ + std::uint32_t(snd_max_), irs_ + std::uint32_t(rcv_nxt_), true);
  finish(std::nullopt, "aborted");
}

void TcpConnection::finish(std::optional<StreamClose> how, const char* outcome) {
  if (state_ == State::kClosed) return;
  state_ = State::kClosed;
  stop_rto();
  if (aux_timer_) host_.cancel_timer(aux_timer_);
  if (deliver_timer_) host_.cancel_timer(deliver_timer_);
  aux_timer_ = deliver_timer_ = 0;
  stats_->outcome = outcome;
  auto& tracer = host_.network().tracer();
  if (tracer.on()) {
    tracer.stream_abandoned(sending_key());
    tracer.event(now(), "stream_closed",
                 {{"host", host_.name()},
                  {"local", local_.str()},
                  {"remote", remote_.str()},
                  {"outcome", outcome}});
  }
  host_.retire(*this);  // still alive until the current event ends
  if (how) {
    undelivered_.clear();
    notify_closed(*how);
  }
  if (handle_) {
    handle_->connection_ = nullptr;
    handle_ = nullptr;
  }
  on_connected_.reset();
  on_data_.reset();
  on_closed_.reset();
}

}  // namespace imssim::sim
