#include "sim/scenario/attack_probe.h"

#include "nodes/proto/mikey/constants.h"

namespace imssim::scenario {
namespace {

constexpr std::uint8_t kTlsAlert = 21;  // RFC 5246 §6.2.1 / RFC 8446 §5.1: ContentType alert
constexpr std::size_t kTlsRecordHeader = 5;

// Whether a TLS record stream from the server holds an alert record (TLS 1.2 sends a failed
// handshake's alert in the clear).
bool has_alert(ByteView stream) {
  std::size_t at = 0;
  while (at + kTlsRecordHeader <= stream.size()) {
    if (stream[at] == kTlsAlert) return true;
    at += kTlsRecordHeader + (std::size_t(stream[at + 3]) << 8 | stream[at + 4]);
  }
  return false;
}

}  // namespace

void AttackProbe::send_mikey(Environment& env, const Endpoint& kms, Bytes wire) {
  auto socket = env.open_udp(0);
  if (!socket) {
    outcome = "not-sent";
    detail = socket.error().message;
    return;
  }
  socket_ = std::move(*socket);
  outcome = "dropped";
  detail = "no answer from the KMS";
  socket_->on_receive([this](const Endpoint&, ByteView reply) {
    bool error = reply.size() >= 2 && reply[1] == std::uint8_t(mikey::DataType::kError);
    outcome = error ? "refused" : "answered";
    detail = error ? "MIKEY Error message" : "a response (only its sender's Ks_NAF opens it)";
  });
  socket_->send_to(kms, wire, "MIKEY (attack probe)");
}

void AttackProbe::send_tls(Environment& env, const Endpoint& kms, Bytes bytes) {
  if (bytes.empty()) {
    outcome = "not-sent";
    detail = "no captured TLS stream to replay";
    return;
  }
  outcome = "dropped";
  detail = "no answer from the KMS";
  stream_ = env.connect_tcp(kms);
  stream_->on_data([this](ByteView data) {
    received_.insert(received_.end(), data.begin(), data.end());
    if (has_alert(received_)) {
      outcome = "refused";
      detail = "TLS alert: the KMS aborted the handshake";
    } else {
      outcome = "answered";
      detail = "TLS records from the KMS, no alert";
    }
  });
  // We never close (the captured stream holds no close_notify): the KMS closing is the KMS
  // giving up on the connection. Under TLS 1.3 that is all we can see: its alert is encrypted.
  stream_->on_closed([this](StreamClose how) {
    if (outcome == "refused") return;
    outcome = "refused";
    detail = "the KMS closed the connection (" + std::string(to_string(how)) + ")";
  });
  stream_->send(bytes, "TLS (attack probe)");
}

nlohmann::json AttackProbe::to_json() const {
  return {{"kind", kind},
          {"by", by},
          {"call", call},
          {"outcome", outcome},
          {"detail", detail},
          {"key_obtained", key_obtained}};
}

}  // namespace imssim::scenario
