#include "nodes/li/li_function.h"

#include "common/hex.h"
#include "nodes/ims/sdp_offer.h"
#include "nodes/ims/sip_headers.h"
#include "nodes/keymgmt/key_transfer.h"
#include "nodes/proto/sip/build.h"
#include "nodes/proto/sip/constants.h"

namespace imssim::li {
namespace {

constexpr int kBadRequest = 400;             // RFC 3261 §21.4.1
constexpr int kForbidden = 403;              // §21.4.4
constexpr int kUnsupportedMediaType = 415;   // §21.4.13
constexpr std::size_t kMaxEarlyCopies = 500;  // 10 s of one stream before the key arrives

}  // namespace

Result<std::unique_ptr<LiFunction>> LiFunction::start(Environment& env, LiConfig config,
                                                      std::unique_ptr<keymgmt::KeyAgent> agent,
                                                      CopyControl copy) {
  auto sip = ims::SipTransport::open(env, config.sip_port, "LI");
  if (!sip) return Unexpected{sip.error()};
  auto x3 = env.open_udp(config.x3_port);
  if (!x3) return fail("LI X3 port: " + x3.error().message);
  return std::unique_ptr<LiFunction>(new LiFunction(env, std::move(config), std::move(agent),
                                                    std::move(copy), std::move(*sip),
                                                    std::move(*x3)));
}

LiFunction::LiFunction(Environment& env, LiConfig config, std::unique_ptr<keymgmt::KeyAgent> agent,
                       CopyControl copy, std::unique_ptr<ims::SipTransport> sip,
                       std::unique_ptr<DatagramSocket> x3)
    : env_(env),
      config_(std::move(config)),
      agent_(std::move(agent)),
      copy_(std::move(copy)),
      sip_(std::move(sip)),
      x3_(std::move(x3)) {
  sip_->on_message([this](sip::Message m, const Endpoint& from) { on_sip(std::move(m), from); });
  x3_->on_receive([this](const Endpoint& from, ByteView d) { on_copy(from, d); });
}

void LiFunction::on_sip(sip::Message m, const Endpoint& from) {
  if (m.is_response() || m.method() == "ACK") return;
  int status = sip::kOk;
  if (from != config_.x2_source) {
    status = kForbidden;  // X2 comes from the S-CSCF only
  } else if (m.method() != "MESSAGE" ||
      ims::header_value(m, "Content-Type").value_or("").rfind(sip::kMessageSipfrag, 0) != 0) {
    status = kUnsupportedMediaType;
  } else if (auto reported = sip::Message::parse(m.body()); !reported) {
    status = kBadRequest;
  } else if (reported->method() == "BYE") {
    end(*reported);
  } else if (auto ok = intercept(*reported); !ok) {
    if (env_.tracing()) env_.trace_note("LI: report not usable: " + ok.error().message);
    status = kBadRequest;
  }
  if (status != sip::kOk) ++bad_reports_;
  sip::ResponseSpec spec;
  spec.status = status;
  spec.to_tag = sip::new_tag(env_.rng("sip-id"));
  if (auto r = sip::build_response(m, spec)) {
    auto to = ims::endpoint_of(m.top_via_sent_by());
    sip_->send(*r, to ? *to : from);
  }
}

Result<Ok> LiFunction::intercept(const sip::Message& invite) {
  std::string call_id(invite.call_id());
  for (const auto& s : sessions_)
    if (s->call_id == call_id) return Ok{};  // a retransmitted report
  auto media = ims::read_call_media(invite.body());
  if (!media) return Unexpected{media.error()};
  ++reports_;
  auto s = std::make_unique<Session>();
  s->call_id = call_id;
  s->caller = invite.from_uri();
  s->callee = invite.to_uri();
  Session& session = *s;
  sessions_.push_back(std::move(s));
  if (media->key_mgmt.empty()) {  // a playback from the mailbox, say: nothing to decrypt
    session.refusal = "no key management in the INVITE: call data only";
    return Ok{};
  }
  auto transfer = keymgmt::read_key_transfer(media->key_mgmt);
  if (!transfer) {
    session.refusal = "key-mgmt: " + transfer.error().message;
    return Ok{};
  }
  session.reference = transfer->reference;
  auto correlation = std::uint32_t(sessions_.size());
  if (env_.tracing()) env_.trace_note("LI intercepts " + call_id + ", asks the KMS for its key");
  copy_.start(media->media, correlation);
  resolve(transfer->reference, [this, correlation](Result<keymgmt::MediaKey> key) {
    on_key(correlation, std::move(key));
  });
  return Ok{};
}

void LiFunction::end(const sip::Message& bye) {
  for (std::size_t i = 0; i < sessions_.size(); ++i)
    if (sessions_[i]->call_id == bye.call_id() && !sessions_[i]->ended) {
      sessions_[i]->ended = true;
      copy_.stop(std::uint32_t(i + 1));
    }
}

void LiFunction::resolve(ByteView reference, UniqueFunction<void(Result<keymgmt::MediaKey>)> done) {
  agent_->fetch_key(config_.credentials, reference, std::move(done));
}

void LiFunction::on_key(std::uint32_t correlation, Result<keymgmt::MediaKey> key) {
  Session& s = *sessions_.at(correlation - 1);
  if (!key) {
    s.refusal = key.error().message;
    s.early.clear();
    return;
  }
  // The watched endpoint is the caller's media: what leaves it is the caller's direction.
  auto from = media::MediaReceiver::create(key->from_caller);
  auto to = media::MediaReceiver::create(key->from_callee);
  if (!from || !to) {
    s.refusal = "SRTP: " + (from ? to.error().message : from.error().message);
    return;
  }
  s.from_watched = std::move(*from);
  s.to_watched = std::move(*to);
  for (const auto& [direction, packet] : s.early) decrypt(s, direction, packet);
  s.early.clear();
}

void LiFunction::on_copy(const Endpoint& from, ByteView datagram) {
  auto copy = decode_x3(datagram);
  if (from != config_.x3_source || !copy || copy->correlation == 0 ||
      copy->correlation > sessions_.size()) {
    ++bad_copies_;
    return;
  }
  Session& s = *sessions_[copy->correlation - 1];
  ++s.copies;
  if (s.from_watched) return decrypt(s, copy->direction, copy->payload);
  if (!s.refusal && s.early.size() < kMaxEarlyCopies)
    s.early.emplace_back(copy->direction, Bytes(copy->payload.begin(), copy->payload.end()));
}

void LiFunction::decrypt(Session& s, CopyDirection d, ByteView srtp) {
  (d == CopyDirection::kFromWatched ? s.from_watched : s.to_watched)->on_packet(srtp);
}

nlohmann::json LiFunction::results() const {
  auto sessions = nlohmann::json::array();
  std::uint64_t decrypted = 0;
  for (const auto& s : sessions_) {
    srtp::StreamCounters a, b;
    if (s->from_watched) a = s->from_watched->counters();
    if (s->to_watched) b = s->to_watched->counters();
    decrypted += a.verified + b.verified;
    sessions.push_back({{"call_id", s->call_id},
                        {"caller", s->caller},
                        {"callee", s->callee},
                        {"key_obtained", bool(s->from_watched)},
                        {"refusal", s->refusal ? nlohmann::json(*s->refusal) : nlohmann::json()},
                        {"copies", s->copies},
                        {"ended", s->ended},
                        {"decrypted", {{"from_caller", a.verified}, {"to_caller", b.verified}}},
                        {"auth_failed", a.auth_failed + b.auth_failed}});
  }
  return {{"reports", reports_},
          {"bad_reports", bad_reports_},
          {"bad_copies", bad_copies_},
          {"sessions", sessions},
          {"decrypted_packets", decrypted}};
}

}  // namespace imssim::li
