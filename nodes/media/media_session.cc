#include "nodes/media/media_session.h"

#include "nodes/proto/srtp/constants.h"

namespace imssim::media {

Result<std::unique_ptr<MediaSession>> MediaSession::open(Environment& env, std::uint16_t port) {
  auto socket = env.open_udp(port);
  if (!socket) return fail("RTP port: " + socket.error().message);
  return std::unique_ptr<MediaSession>(new MediaSession(env, std::move(*socket)));
}

MediaSession::MediaSession(Environment& env, std::unique_ptr<DatagramSocket> socket)
    : env_(env), socket_(std::move(socket)) {
  socket_->on_receive([this](const Endpoint&, ByteView packet) {
    ++received_;
    if (receiver_) receiver_->on_packet(packet);
  });
}

MediaSession::~MediaSession() { stop(); }

Result<Ok> MediaSession::start(Endpoint remote, const keymgmt::SrtpKeys& send,
                               const keymgmt::SrtpKeys& receive, Time duration) {
  auto out = srtp_session(srtp::Direction::kOutbound, send);
  if (!out) return Unexpected{out.error()};
  auto in = MediaReceiver::create(receive);
  if (!in) return Unexpected{in.error()};
  outbound_ = std::move(*out);
  receiver_ = std::move(*in);
  auto& rng = env_.rng("rtp");
  voice_ = std::make_unique<srtp::VoiceSource>(rng.next_u32(), rng);
  remote_ = remote;
  stop_at_ = env_.now() + duration;
  send_frame();
  return Ok{};
}

Result<Ok> MediaSession::receive_only(const keymgmt::SrtpKeys& receive) {
  auto in = MediaReceiver::create(receive);
  if (!in) return Unexpected{in.error()};
  receiver_ = std::move(*in);
  return Ok{};
}

void MediaSession::send_frame() {
  timer_ = 0;
  if (env_.now() >= stop_at_) return;
  Bytes packet = voice_->next_packet();
  if (outbound_->protect_rtp(packet)) {
    socket_->send_to(remote_, packet, "SRTP");
    ++sent_;
    bytes_sent_ += packet.size();
  }
  timer_ = env_.start_timer(Time::ms(srtp::kVoiceFrameMs), [this] { send_frame(); });
}

void MediaSession::stop() {
  if (timer_) env_.cancel_timer(timer_);
  timer_ = 0;
}

MediaCounters MediaSession::counters() const {
  MediaCounters c{sent_, bytes_sent_, received_, 0, 0};
  if (receiver_) {
    auto s = receiver_->counters();
    c.authenticated = s.authenticated;
    c.verified = s.verified;
  }
  return c;
}

}  // namespace imssim::media
