#include "nodes/probe/probes.h"

#include <algorithm>
#include <numeric>

namespace imssim::probe {

namespace {

constexpr std::size_t kHeader = 12;  // sequence number (4) + send time in ns (8)

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  std::size_t i = std::size_t(p * double(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

}  // namespace

Result<std::unique_ptr<DatagramReceiver>> DatagramReceiver::listen(Environment& env, std::uint16_t port) {
  std::unique_ptr<DatagramReceiver> r(new DatagramReceiver(env));
  auto socket = env.open_udp(port);
  if (!socket) return Unexpected{socket.error()};
  r->socket_ = std::move(*socket);
  r->socket_->on_receive([raw = r.get()](const Endpoint&, ByteView payload) { raw->on_datagram(payload); });
  return r;
}

void DatagramReceiver::on_datagram(ByteView payload) {
  ByteReader in(payload);
  auto seq = in.u32("sequence");
  auto sent_ns = in.u64("send time");
  if (!seq || !sent_ns) {
    ++corrupted_;
    return;
  }
  for (std::size_t i = kHeader; i < payload.size(); ++i) {
    if (payload[i] != pattern_byte(i)) {
      ++corrupted_;
      return;
    }
  }
  if (*seq >= seen_.size()) seen_.resize(*seq + 1);
  if (seen_[*seq]) {
    ++duplicates_;
    return;
  }
  seen_[*seq] = true;
  ++received_;
  delays_ms_.push_back((env_.now() - Time::ns(std::int64_t(*sent_ns))).to_ms());
}

nlohmann::json DatagramReceiver::results(int sent) const {
  double mean = delays_ms_.empty() ? 0 : std::accumulate(delays_ms_.begin(), delays_ms_.end(), 0.0) / double(delays_ms_.size());
  return {{"kind", "datagrams"},
          {"sent", sent},
          {"received", received_},
          {"lost", sent - received_},
          {"duplicates", duplicates_},
          {"corrupted", corrupted_},
          {"delay_ms",
           {{"mean", mean},
            {"p50", percentile(delays_ms_, 0.5)},
            {"p95", percentile(delays_ms_, 0.95)},
            {"max", delays_ms_.empty() ? 0 : *std::max_element(delays_ms_.begin(), delays_ms_.end())}}}};
}

Result<std::unique_ptr<DatagramSender>> DatagramSender::start(Environment& env, DatagramProbeConfig config) {
  if (config.size < kHeader) return fail("datagram probe '" + config.id + "': size must be at least 12 bytes");
  std::unique_ptr<DatagramSender> s(new DatagramSender(env, std::move(config)));
  auto socket = env.open_udp(0);
  if (!socket) return Unexpected{socket.error()};
  s->socket_ = std::move(*socket);
  s->send_next();
  return s;
}

void DatagramSender::send_next() {
  Bytes payload;
  payload.reserve(config_.size);
  ByteWriter w(payload);
  w.u32(std::uint32_t(sent_));
  w.u64(std::uint64_t(env_.now().ns()));
  for (std::size_t i = kHeader; i < config_.size; ++i) w.u8(pattern_byte(i));
  socket_->send_to(config_.to, payload);
  if (++sent_ < config_.count) env_.start_timer(config_.interval, [this] { send_next(); });
}

Result<std::unique_ptr<TransferReceiver>> TransferReceiver::listen(Environment& env, std::uint16_t port) {
  std::unique_ptr<TransferReceiver> r(new TransferReceiver(env));
  auto listener = env.listen_tcp(port, [raw = r.get()](std::unique_ptr<Stream> stream) {
    raw->stream_ = std::move(stream);
    raw->connected_at_ = raw->env_.now();
    raw->stream_->on_data([raw](ByteView data) {
      for (std::size_t i = 0; i < data.size(); ++i)
        if (data[i] != pattern_byte(raw->delivered_ + i)) raw->verified_ = false;
      raw->delivered_ += data.size();
    });
    raw->stream_->on_closed([raw](StreamClose how) {
      raw->closed_gracefully_ = how == StreamClose::kGraceful;
      raw->finished_at_ = raw->env_.now();
      if (raw->closed_gracefully_) raw->stream_->close();
    });
  });
  if (!listener) return Unexpected{listener.error()};
  r->listener_ = std::move(*listener);
  return r;
}

nlohmann::json TransferReceiver::results(Time started, std::uint64_t expected_bytes) const {
  bool complete = closed_gracefully_ && delivered_ == expected_bytes;
  nlohmann::json j = {{"kind", "transfer"},
                      {"bytes", expected_bytes},
                      {"delivered_bytes", delivered_},
                      {"verified", verified_ && delivered_ == expected_bytes},
                      {"completed", complete}};
  if (connected_at_ != Time::max()) j["connect_ms"] = (connected_at_ - started).to_ms();
  if (complete) {
    Time took = finished_at_ - started;
    j["duration_ms"] = took.to_ms();
    j["goodput_mbps"] = took.ns() > 0 ? double(delivered_) * 8 / took.to_sec() / 1e6 : 0;
  }
  return j;
}

std::unique_ptr<TransferSender> TransferSender::start(Environment& env, const Endpoint& to, std::uint64_t bytes) {
  std::unique_ptr<TransferSender> s(new TransferSender(env));
  s->started_ = env.now();
  s->stream_ = env.connect_tcp(to);
  Bytes data(bytes);
  for (std::uint64_t i = 0; i < bytes; ++i) data[i] = pattern_byte(i);
  s->stream_->send(data);
  s->stream_->close();
  s->stream_->on_closed([raw = s.get()](StreamClose how) { raw->close_reason_ = std::string(to_string(how)); });
  return s;
}

}  // namespace imssim::probe
